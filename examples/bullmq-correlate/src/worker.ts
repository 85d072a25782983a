/**
 * A fleet worker: takes correlation jobs from the BullMQ queue and answers them through the
 * hub, with both connectors sharing one rate budget and one GET cache through Redis.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 CIRCLECI_TOKEN=… CIRCONUS_API_TOKEN=… CIRCONUS_API_APP=… node dist/worker.js --concurrency 8
 *
 * Run as many as you like, on as many machines: they share the vendors' rate limits through
 * Redis. SIGTERM (or SIGINT) finishes the jobs in hand, then closes the worker and the stores.
 */
import { circleciConnector } from "@toolweave/connector-circleci";
import { circonusConnector } from "@toolweave/connector-circonus";
import { ToolweaveError, createHub, type HttpHooks, type Hub } from "@toolweave/core";
import { connectFromEnv } from "@toolweave/secrets-env";
import { Worker, type Job } from "bullmq";
import { hostname } from "node:os";
import { correlateService } from "./correlate-service.js";
import { QUEUE_NAME, connectRedis, option, redisUrl, resultsKey, type CorrelateJob, type ServiceResult } from "./queue.js";
import { openStores } from "./stores.js";

const argv = process.argv.slice(2);
const workerName = `${hostname()}:${process.pid}`;
const log = (line: string) => console.log(`[worker ${process.pid}] ${line}`);
const warn = (line: string) => console.warn(`[worker ${process.pid}] ${line}`);

/** A setting the worker cannot run with: says which and how to fix it, exit 1, no stack. */
function fail(message: string): never {
  console.error(`configuration: ${message}`);
  process.exit(1);
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`${name} must be a positive integer (got "${value}").`);
  return n;
}

const concurrency = positiveInt("--concurrency / WORKER_CONCURRENCY", option(argv, "concurrency", process.env.WORKER_CONCURRENCY), 4);
const storesMode = option(argv, "stores", process.env.TOOLWEAVE_STORES, "redis");
if (storesMode !== "redis" && storesMode !== "local") fail(`--stores / TOOLWEAVE_STORES must be "redis" or "local" (got "${storesMode}").`);
const rate = option(argv, "requests-per-second", process.env.TOOLWEAVE_REQUESTS_PER_SECOND);
const requestsPerSecond = rate === undefined || rate === "" ? undefined : positiveInt("--requests-per-second / TOOLWEAVE_REQUESTS_PER_SECOND", rate, 1);

let url: string;
try {
  url = redisUrl();
} catch (error) {
  // A toolweave error keeps what to do in `fix`, apart from the message.
  const { message, fix } = error as { message: string; fix?: string };
  fail(fix ? `${message}\n${fix}` : message);
}
const timeout = option(argv, "redis-timeout-ms", process.env.TOOLWEAVE_REDIS_TIMEOUT_MS);
const commandTimeoutMs = timeout === undefined || timeout === "" ? undefined : positiveInt("--redis-timeout-ms / TOOLWEAVE_REDIS_TIMEOUT_MS", timeout, 250);
const stores = openStores(storesMode, url, warn, commandTimeoutMs);

// 429s the client saw and retried (the server counts them too); printed at shutdown.
let retried429 = 0;
const hooks: HttpHooks = { onRetry: (e) => void (e.status === 429 && retried429++) };
// Without a rate the throttle learns the vendor's from its 429s and rate-limit headers (the
// default); with one, that rate is the budget (shared by every worker with the Redis stores).
const runtime = { userAgent: "toolweave-fleet/1.0", hooks, ...stores.settings, ...(requestsPerSecond ? { throttle: { requestsPerSecond } } : {}) };
async function buildHub(): Promise<Hub> {
  try {
    return createHub({
      connectors: [connectFromEnv(circleciConnector, { settings: runtime }), connectFromEnv(circonusConnector, { settings: runtime })],
      concurrency: 2,
    });
  } catch (error) {
    // A missing or invalid variable: one ConfigurationError listing each with its fix, no stack.
    await stores.close();
    if (!ToolweaveError.isInstance(error)) throw error;
    console.error(`${error.kind}: ${error.message}${error.fix ? `\n${error.fix}` : ""}`);
    process.exit(1);
  }
}
const hub = await buildHub();

// Results go to a hash keyed by service, so `collect` reads one run's answers in one place;
// writing twice (a retried or stalled job) only replaces the same field.
const results = connectRedis();
const store = (result: ServiceResult) => results.hset(resultsKey(result.run), result.service, JSON.stringify(result));

const queueConnection = connectRedis();
const worker = new Worker<CorrelateJob, ServiceResult>(
  QUEUE_NAME,
  async (job: Job<CorrelateJob, ServiceResult>) => {
    const attempts = job.attemptsMade + 1;
    try {
      const result = await correlateService(hub, job.data.run, job.data.service, { attempts, worker: workerName });
      await store(result);
      return result;
    } catch (error) {
      // The last attempt leaves a `failed` result behind, so no service goes missing from the report.
      if (attempts >= (job.opts.attempts ?? 1)) {
        await store({ service: job.data.service.name, run: job.data.run, status: "failed", outcomes: [], error: (error as Error).message, attempts, worker: workerName, finishedAt: new Date().toISOString() });
      }
      throw error;
    }
  },
  { connection: queueConnection, concurrency, name: workerName },
);
worker.on("error", (error) => warn(`queue connection: ${error.message}`));
await worker.waitUntilReady();
log(`ready: queue ${QUEUE_NAME}, concurrency ${concurrency}, ${stores.description}${requestsPerSecond ? `, ${requestsPerSecond} req/s per provider` : ", adaptive rate"}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: finishing the jobs in hand`);
  // close() stops taking jobs and waits for the running ones to finish and be saved.
  await worker.close();
  await stores.close();
  await Promise.all([results.quit(), queueConnection.quit()]);
  log(`stopped (429s retried by this worker: ${retried429})`);
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
