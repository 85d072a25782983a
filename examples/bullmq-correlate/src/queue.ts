import { Redis } from "ioredis";
import type { Service } from "./catalog.js";

/** The BullMQ queue every producer and worker of the fleet uses. */
export const QUEUE_NAME = "toolweave-correlate";

/** Where the results of run `run` are stored: one hash, field = service name, value = {@link ServiceResult} JSON. */
export const resultsKey = (run: string) => `toolweave:fleet:${run}:results`;
/** How many services run `run` enqueued (written by the producer, read by `collect`). */
export const runKey = (run: string) => `toolweave:fleet:${run}:run`;

/** What a job carries: the run it belongs to and the catalog entry. */
export interface CorrelateJob {
  run: string;
  service: Service;
}

/** One connector's answer for one environment of a service. */
export interface ConnectorOutcome {
  env: string;
  connector: string;
  ok: boolean;
  /** Resources found (ok answers). */
  resources: { kind: string; name: string; url?: string }[];
  /** Lookups that could not be made: the answer may be missing items (never wrong ones). */
  incomplete: { lookup: string; kind: string; message: string; retryable: boolean }[];
  /** Why the connector failed (not ok). */
  error?: { kind: string; message: string; fix?: string; retryable: boolean };
}

/**
 * The stored result of one service: `complete` when every connector answered every
 * environment fully, `incomplete` when a part is missing (listed in `outcomes`), `failed`
 * when the job gave up after its attempts.
 */
export interface ServiceResult {
  service: string;
  run: string;
  status: "complete" | "incomplete" | "failed";
  outcomes: ConnectorOutcome[];
  /** The job's error when `failed`. */
  error?: string;
  attempts: number;
  worker: string;
  finishedAt: string;
}

/** The run id checked: it is part of BullMQ job ids and Redis keys. */
export function checkRun(run: string): string {
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(run)) throw new Error(`Run id "${run}" must be letters, digits, ".", "_" or "-" (at most 64), e.g. 2026-11-26.`);
  return run;
}

/** Idempotent job id: the same service in the same run is enqueued once however often the producer runs. */
export const jobId = (run: string, service: string) => `${run}.${service}`;

/** `REDIS_URL`, default `redis://127.0.0.1:6379`. */
export function redisUrl(): string {
  const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  if (!/^rediss?:\/\//.test(url)) throw new Error(`REDIS_URL must be redis://host:port or rediss://host:port (got "${url.replace(/\/\/[^@/]*@/, "//…@")}").`);
  return url;
}

/**
 * A new ioredis connection to `REDIS_URL`. `maxRetriesPerRequest: null`, as BullMQ requires
 * for its workers (https://docs.bullmq.io/guide/going-to-production#maxretriesperrequest): a
 * command made while Redis restarts waits for it instead of failing the job.
 */
export function connectRedis(): Redis {
  const client = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  // While Redis is away ioredis reconnects and emits an error per try; the commands wait, and the
  // worker reports the outage once through BullMQ's "error" event and the stores' warning.
  client.on("error", () => undefined);
  return client;
}

/** Reads `--name value` from argv, else the environment variable, else the fallback. */
export function option(argv: readonly string[], name: string, env: string | undefined, fallback?: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0 && argv[i + 1] !== undefined) return argv[i + 1];
  return env ?? fallback;
}
