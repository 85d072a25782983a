import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startRedisServer, type RedisServerHandle } from "@toolweave/redis/testing";
// The examples' own environment (none of the developer's tokens or REDIS_URL), as the fleet test runs the example.
import { exampleEnv } from "../../../examples/support/example-env.mjs";
import { createTestServer, testServerEnv, type ServerCounters } from "../test-server/index.js";
import { BENCH_DIR, REPO_ROOT, fmt, printTable, runIfMain, writeResult } from "./report.js";

/**
 * Benchmark: scale-out with Redis (issue #17). WORKERS processes of the BullMQ example
 * (`examples/bullmq-correlate/dist/worker.js`, concurrency 8 each) correlate SERVICES catalog
 * services (`hub.correlate`: CircleCI and Circonus) against the loopback test server in its
 * own process, limited to LIMIT req/s per provider (sliding second, 429 + Retry-After 1 s),
 * 20 ms latency. Variants:
 * - shared Redis budget (`createRedisStores`), default adaptive rate;
 * - shared Redis budget, each worker tuned to 90 req/s (one 90 req/s budget for all four);
 * - per-process throttles (no stores), each worker tuned to 90 req/s: 4 × 90 = 360 req/s
 *   offered to a 100 req/s server, the expected 429 storm;
 * - the shared tuned run again, with Redis (append-only file on) restarted when half the
 *   results are in: no job and no result may be lost.
 * Targets (issue #17), shared budget: ≥ 0.85 of the limit on the busiest provider, 429s on
 * ≤ 1% of requests, 0 failures.
 *
 * SERVICES is 2,000 when run alone (`node bench/dist/redis-scale.js`), 300 inside `pnpm bench`;
 * `BENCH_REDIS_SERVICES=<n>` sets it for both.
 */
const LIMIT = 100;
const LATENCY_MS = 20;
const WORKERS = 4;
const WORKER_CONCURRENCY = 8;
const TUNED = 90;
const EXAMPLE_DIST = join(REPO_ROOT, "examples", "bullmq-correlate", "dist");
const SELF = join(BENCH_DIR, "dist", "redis-scale.js");
const run = promisify(execFile);

interface Variant {
  id: string;
  name: string;
  env: Record<string, string>;
  restart?: boolean;
  /** Stall Redis (`DEBUG SLEEP`) for this many seconds, 10 s into the run. */
  stallSeconds?: number;
}

const VARIANTS: readonly Variant[] = [
  { id: "shared-adaptive", name: "shared Redis budget, default (adaptive) rate", env: {} },
  { id: "shared-tuned", name: `shared Redis budget, tuned ${TUNED} req/s`, env: { TOOLWEAVE_REQUESTS_PER_SECOND: String(TUNED) } },
  { id: "per-process", name: `per-process throttles, each tuned ${TUNED} req/s`, env: { TOOLWEAVE_STORES: "local", TOOLWEAVE_REQUESTS_PER_SECOND: String(TUNED) } },
  { id: "stall", name: "shared, default (adaptive) rate, Redis stalled 0.6 s at 10 s", env: {}, stallSeconds: 0.6 },
  { id: "restart", name: `shared, tuned ${TUNED} req/s, Redis restarted mid-run`, env: { TOOLWEAVE_REQUESTS_PER_SECOND: String(TUNED) }, restart: true },
];

interface CollectReport {
  total: number;
  results: number;
  complete: number;
  incomplete: number;
  failed: number;
  pending: number;
  jobs: Record<string, number>;
}

/** The test server in a child process (so its event loop is not the workers' or this script's). */
/** First and last request each provider received (ms since the epoch), for the active span. */
type Spans = Record<"circleci" | "circonus", { first: number; last: number }>;

interface ServerProcess {
  circleciBaseUrl: string;
  circonusBaseUrl: string;
  counters(): Promise<{ counters: ServerCounters; spans: Spans }>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

function ask<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once("message", (reply) => resolve(reply as T));
    child.send(message);
  });
}

async function startServerProcess(): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SELF, "--serve"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ready = await new Promise<{ circleciBaseUrl: string; circonusBaseUrl: string }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { circleciBaseUrl: string; circonusBaseUrl: string }));
    child.once("exit", (code) => reject(new Error(`the test server process exited (${code})`)));
  });
  return {
    ...ready,
    counters: () => ask<{ counters: ServerCounters; spans: Spans }>(child, "counters"),
    reset: () => ask<void>(child, "reset"),
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.send("close");
      }),
  };
}

/** The `--serve` role: the loopback server, answering `counters` / `reset` / `close` over IPC. */
async function serve(): Promise<void> {
  // Recorded (a few MiB for 2,000 correlations) for each provider's first and last request time.
  const server = await createTestServer({ record: true, latencyMs: LATENCY_MS, rateLimit: { requestsPerSecond: LIMIT, retryAfterSeconds: 1 } });
  process.on("message", (message) => {
    if (message === "counters") {
      const spans: Spans = { circleci: { first: Infinity, last: 0 }, circonus: { first: Infinity, last: 0 } };
      for (const r of server.requests) {
        if (!r.provider) continue;
        spans[r.provider].first = Math.min(spans[r.provider].first, r.at);
        spans[r.provider].last = Math.max(spans[r.provider].last, r.at);
      }
      process.send!({ counters: server.counters, spans });
    }
    else if (message === "reset") {
      server.reset();
      process.send!("ok");
    } else if (message === "close") void server.close().then(() => process.exit(0));
  });
  process.send!({ circleciBaseUrl: server.circleciBaseUrl, circonusBaseUrl: server.circonusBaseUrl });
}

function startWorker(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; exit: Promise<number | null>; output: () => string }> {
  const child = spawn(process.execPath, [join(EXAMPLE_DIST, "worker.js"), "--concurrency", String(WORKER_CONCURRENCY)], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", () => /ready: queue/.test(output) && resolve({ child, exit, output: () => output }));
    void exit.then((code) => reject(new Error(`a worker exited (${code}) before it was ready:\n${output}`)));
  });
}

async function collect(env: NodeJS.ProcessEnv, wait = 0): Promise<CollectReport> {
  const { stdout } = await run(process.execPath, [join(EXAMPLE_DIST, "collect.js"), "--json", "--wait", String(wait)], { env, maxBuffer: 64 * 1024 * 1024 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? "{}" }));
  return JSON.parse(stdout) as CollectReport;
}

async function runVariant(variant: Variant, server: ServerProcess, catalog: string, services: number) {
  const redis: RedisServerHandle = await startRedisServer({ persistence: true });
  try {
    await server.reset();
    const env = exampleEnv({ ...testServerEnv(server), REDIS_URL: redis.url, TOOLWEAVE_RUN: variant.id, ...variant.env });
    const workers = await Promise.all(Array.from({ length: WORKERS }, () => startWorker(env)));
    const started = performance.now();
    await run(process.execPath, [join(EXAMPLE_DIST, "producer.js"), "--catalog", catalog], { env });
    let beforeRestart: number | undefined;
    let stall: Promise<unknown> | undefined;
    if (variant.stallSeconds !== undefined) {
      // Longer than the stores' 250 ms command timeout: every worker falls back, then recovers.
      stall = new Promise((resolve) => setTimeout(resolve, 10_000)).then(() =>
        run("redis-cli", ["-u", redis.url, "DEBUG", "SLEEP", String(variant.stallSeconds)], { env }),
      );
    }
    if (variant.restart) {
      for (;;) {
        const r = await collect(env);
        if (r.results >= services / 2) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      beforeRestart = (await collect(env)).results;
      await redis.restart();
    }
    const report = await collect(env, 3600);
    await stall;
    const wallS = (performance.now() - started) / 1000;
    const { counters, spans } = await server.counters();
    for (const w of workers) w.child.kill("SIGTERM");
    const codes = await Promise.all(workers.map((w) => w.exit));
    // The stores' warnings (Redis not answering within their command timeout, and back again).
    const storeEvents = workers.flatMap((w) => w.output().split("\n").filter((l) => /stores (fallback|recovered): /.test(l)));
    const fallbackWarnings = storeEvents.filter((l) => l.includes("stores fallback: ")).length;
    const providers = (["circleci", "circonus"] as const).map((p) => {
      const requests = counters.byProvider[p];
      const refused = counters.rateLimited[p];
      const accepted = requests - refused;
      // Accepted requests over the provider's active span (first to last request, plus one answer's latency).
      const activeS = (spans[p].last - spans[p].first + LATENCY_MS) / 1000;
      return { provider: p, requests, accepted, received429: refused, share429: requests ? refused / requests : 0, activeS, acceptedPerSecond: accepted / activeS, fractionOfLimit: accepted / activeS / LIMIT };
    });
    return { variant: variant.id, name: variant.name, services, wallS, providers, report, beforeRestart, workerExitCodes: codes, fallbackWarnings, storeEvents };
  } finally {
    await redis.stop();
  }
}

export async function runRedisScale(defaultServices = 2_000) {
  const services = Number(process.env.BENCH_REDIS_SERVICES ?? defaultServices);
  const dir = mkdtempSync(join(tmpdir(), "toolweave-redis-scale-"));
  const catalog = join(dir, "catalog.json");
  writeFileSync(
    catalog,
    JSON.stringify({ services: Array.from({ length: services }, (_, i) => ({ name: `svc-${String(i).padStart(4, "0")}`, repo: `gh/acme/svc-${String(i).padStart(4, "0")}`, envs: ["prod"] })) }),
  );
  const server = await startServerProcess();
  const results = [];
  try {
    // BENCH_REDIS_VARIANTS=shared-adaptive,restart runs only those (ids above).
    const only = process.env.BENCH_REDIS_VARIANTS?.split(",").map((v) => v.trim());
    for (const variant of VARIANTS.filter((v) => !only || only.includes(v.id))) {
      results.push(await runVariant(variant, server, catalog, services));
      // Let the server's sliding window empty between variants.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const rows: (string | number)[][] = [];
  for (const r of results.filter((x) => x.variant !== "restart")) {
    const busiest = r.providers.reduce((a, b) => (b.accepted > a.accepted ? b : a));
    const requests = r.providers.reduce((n, p) => n + p.requests, 0);
    const refused = r.providers.reduce((n, p) => n + p.received429, 0);
    const failures = r.report.failed + r.report.pending;
    const met = busiest.fractionOfLimit >= 0.85 && refused / requests <= 0.01 && failures === 0 && r.report.incomplete === 0;
    for (const p of r.providers) {
      rows.push([r.name, p.provider, fmt(r.wallS, 1), p.requests, fmt(p.acceptedPerSecond, 1), fmt(p.fractionOfLimit), p.received429, `${fmt(p.share429 * 100, 2)}%`, `${r.report.failed} failed, ${r.report.incomplete} incomplete`, p === busiest ? r.fallbackWarnings : "", p === busiest ? `${met ? "met" : "NOT met"} (429s: ${fmt((refused / requests) * 100, 2)}% of all requests)` : ""]);
    }
  }
  printTable(
    `Scale-out: ${WORKERS} BullMQ workers (concurrency ${WORKER_CONCURRENCY}), ${services} correlations; server limit ${LIMIT} req/s per provider, ${LATENCY_MS} ms latency, Retry-After 1 s`,
    ["variant", "provider", "wall s", "requests", "accepted req/s", "fraction of limit", "429s", "429 share", "failures", "Redis fallbacks", "target ≥0.85, ≤1%, 0"],
    rows,
  );
  const restart = results.find((x) => x.variant === "restart");
  if (restart) {
    const lost = services - restart.report.results;
    printTable(
      "Redis restarted (append-only file) when half the results were in",
      ["services", "results before restart", "results at the end", "complete", "incomplete", "failed", "jobs completed", "jobs failed", "lost", "store fallback warnings"],
      [[services, restart.beforeRestart ?? 0, restart.report.results, restart.report.complete, restart.report.incomplete, restart.report.failed, restart.report.jobs.completed ?? 0, restart.report.jobs.failed ?? 0, lost === 0 ? "0 (none)" : `${lost} LOST`, restart.fallbackWarnings]],
    );
  }
  writeResult("redis-scale", { services, workers: WORKERS, workerConcurrency: WORKER_CONCURRENCY, limitPerProvider: LIMIT, latencyMs: LATENCY_MS, variants: results });
  return results;
}

if (process.argv.includes("--serve")) void serve();
else runIfMain("redis-scale", () => runRedisScale());
