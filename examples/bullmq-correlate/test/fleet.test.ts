import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { requireRedisServer, startRedisServer, type RedisServerHandle } from "@toolweave/redis/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleEnv, startSimulation } from "../../support/start-simulation.mjs";
// The benchmarks' loopback CircleCI + Circonus server: every `gh/<org>/<repo>` exists, a
// per-provider rate limit answers 429 + Retry-After past it, and it counts what it received.
import { createTestServer, testServerEnv, type TestServer } from "../../../bench/src/test-server/index.js";

const run = promisify(execFile);
const dist = (name: string) => fileURLToPath(new URL(`../dist/${name}.js`, import.meta.url));

const SERVICES = 50;
const WORKERS = 3;
/** What the server accepts per provider in any sliding second. */
const SERVER_LIMIT = 100;
/** The budget the workers share (per provider): half the server's, so only an unshared budget (3 × 50) can pass it. */
const SHARED_RATE = 50;

/** Only the variables the example reads: the test server's credentials and this Redis. */
function fleetEnv(server: TestServer, redis: RedisServerHandle, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return exampleEnv({ ...testServerEnv(server), REDIS_URL: redis.url, ...extra });
}

interface RunningWorker {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/** Polls `check` every 100 ms until it holds, failing after `ms` (a generous limit, not a timing assertion). */
async function until(check: () => boolean, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** How long a worker may take to start (node, BullMQ, ioredis): a limit for a loaded machine, not a timing assertion. */
const WORKER_START_MS = 120_000;
/** How long `collect --wait` may wait for every result (it returns as soon as all are in): a limit for a loaded machine. */
const COLLECT_WAIT_S = "300";

function startWorker(env: NodeJS.ProcessEnv, args: string[]): Promise<RunningWorker> {
  const child = spawn(process.execPath, [dist("worker"), ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not start within ${WORKER_START_MS / 1000} s:\n${output}`)), WORKER_START_MS);
    child.stdout!.on("data", () => {
      if (/ready: queue/.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output, exit });
      }
    });
    void exit.then((code) => reject(new Error(`the worker exited (${code}) before it was ready:\n${output}`)));
  });
}

describe.runIf(requireRedisServer("examples/bullmq-correlate: producer, 3 workers, collect"))("the BullMQ fleet example on a real redis-server", () => {
  let redis: RedisServerHandle;
  let server: TestServer;
  let dir: string;
  let catalog: string;

  beforeAll(async () => {
    redis = await startRedisServer({ persistence: true });
    server = await createTestServer({ record: false, latencyMs: 5, rateLimit: { requestsPerSecond: SERVER_LIMIT, retryAfterSeconds: 1 } });
    dir = mkdtempSync(join(tmpdir(), "toolweave-fleet-"));
    catalog = join(dir, "catalog.json");
    const services = Array.from({ length: SERVICES }, (_, i) => {
      const name = `svc-${String(i).padStart(3, "0")}`;
      return { name, repo: `gh/acme/${name}`, envs: ["prod"], team: "platform", component: "api" };
    });
    writeFileSync(catalog, JSON.stringify({ services }));
  });
  afterAll(async () => {
    await server?.close();
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("correlates every catalog service once across 3 workers, within the shared budget, and stops cleanly on SIGTERM", async () => {
    // A generous Redis command timeout (10 s, against answers that take a millisecond): on a
    // loaded CI host a late answer would otherwise send a worker to its local throttle (by
    // design), and three local budgets of 50 could pass 100.
    const env = fleetEnv(server, redis, { TOOLWEAVE_RUN: "fleet-test", TOOLWEAVE_REQUESTS_PER_SECOND: String(SHARED_RATE), TOOLWEAVE_REDIS_TIMEOUT_MS: "10000" });
    const produced = await run(process.execPath, [dist("producer"), "--catalog", catalog], { env });
    expect(produced.stdout).toContain(`run fleet-test: ${SERVICES} service(s) from ${catalog}, ${SERVICES} new job(s)`);
    // Idempotent per service and run: a second producer run enqueues nothing.
    const again = await run(process.execPath, [dist("producer"), "--catalog", catalog], { env });
    expect(again.stdout).toContain(", 0 new job(s)");

    const workers = await Promise.all(Array.from({ length: WORKERS }, () => startWorker(env, ["--concurrency", "4"])));
    const collected = await run(process.execPath, [dist("collect"), "--wait", COLLECT_WAIT_S, "--json", "--details"], { env });
    const report = JSON.parse(collected.stdout) as { total: number; results: number; complete: number; incomplete: number; failed: number; pending: number; services: { service: string; status: string; worker: string; outcomes: { connector: string; ok: boolean; resources: unknown[] }[] }[] };

    for (const w of workers) w.child.kill("SIGTERM");
    const codes = await Promise.all(workers.map((w) => w.exit));

    expect(report).toMatchObject({ total: SERVICES, results: SERVICES, complete: SERVICES, incomplete: 0, failed: 0, pending: 0 });
    expect(new Set(report.services.map((s) => s.service)).size).toBe(SERVICES);
    for (const s of report.services) {
      expect(s.outcomes.map((o) => [o.connector, o.ok])).toEqual([["circleci", true], ["circonus", true]]);
      expect(s.outcomes.every((o) => o.resources.length > 0)).toBe(true);
    }
    // Work was spread: more than one worker answered.
    expect(new Set(report.services.map((s) => s.worker)).size).toBeGreaterThan(1);
    // The shared budget held: at the server, no request was refused for the rate limit.
    const c = server.counters;
    expect(c.byProvider.circleci).toBeGreaterThanOrEqual(SERVICES);
    expect(c.byProvider.circonus).toBeGreaterThanOrEqual(SERVICES);
    expect(c.rateLimited).toEqual({ circleci: 0, circonus: 0 });
    // SIGTERM: each worker finished what it had, closed the queue and the stores, exit 0.
    expect(codes).toEqual([0, 0, 0]);
    for (const w of workers) expect(w.output()).toMatch(/stopped \(429s retried by this worker: 0\)/);
    for (const w of workers) expect(w.output()).not.toContain("stores fallback");

    const text = await run(process.execPath, [dist("collect")], { env });
    expect(text.stdout.trim()).toBe(`run fleet-test: ${SERVICES} service(s): ${SERVICES} complete, 0 incomplete, 0 failed, 0 pending`);
  });

  it("loses no job and no result when Redis goes away mid-run: the stores fall back to local limits with a warning, BullMQ waits", async () => {
    // A slower shared rate than the other tests (20/s: about 15 s of requests), so that the run
    // is surely still going when Redis goes away, however long the polling below takes on a
    // loaded machine (each poll starts a node process).
    const env = fleetEnv(server, redis, { TOOLWEAVE_RUN: "fleet-outage", TOOLWEAVE_REQUESTS_PER_SECOND: "20" });
    const workers = await Promise.all(Array.from({ length: WORKERS }, () => startWorker(env, ["--concurrency", "4"])));
    await run(process.execPath, [dist("producer"), "--catalog", catalog], { env });
    // Mid-run: some results stored, most not.
    let stored = 0;
    while (stored < 1) {
      const { stdout } = await run(process.execPath, [dist("collect"), "--json"], { env }).catch((e: { stdout: string }) => e);
      stored = (JSON.parse(stdout) as { results: number }).results;
    }
    expect(stored).toBeLessThan(SERVICES);
    await redis.kill();
    // Redis stays away for at least 1.5 s and until a worker's stores have noticed (their
    // fallback warning), instead of a fixed 1.5 s that a stalled worker could sleep through.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await until(() => workers.some((w) => /stores fallback: /.test(w.output())), "a worker's stores to fall back", 120_000);
    await redis.restart(); // same port and data directory; the append-only file brings the queue back
    const collected = await run(process.execPath, [dist("collect"), "--wait", COLLECT_WAIT_S, "--json"], { env });
    for (const w of workers) w.child.kill("SIGTERM");
    const codes = await Promise.all(workers.map((w) => w.exit));

    expect(JSON.parse(collected.stdout)).toMatchObject({ total: SERVICES, results: SERVICES, failed: 0, pending: 0 });
    expect(codes).toEqual([0, 0, 0]);
    const output = workers.map((w) => w.output()).join("\n");
    expect(output).toMatch(/stores fallback: /);
  });
  it("stores what could not be looked at, and a job that gave up, and the report names both", async () => {
    // svc-partial: CircleCI answers 500 (not retried) for its pipelines' workflows; svc-gone: its CircleCI project does not exist.
    const partialSlug = Buffer.from("gh/acme/svc-partial").toString("hex");
    server.inject({ kind: "status", status: 500, provider: "circleci", path: new RegExp(`^pipeline/pl-${partialSlug}`), count: Infinity });
    const partsCatalog = join(dir, "parts.json");
    writeFileSync(partsCatalog, JSON.stringify({ services: [{ name: "svc-ok", repo: "gh/acme/svc-ok", envs: ["prod"] }, { name: "svc-partial", repo: "gh/acme/svc-partial", envs: ["prod"] }, { name: "svc-gone", repo: "gh/acme/missing", envs: ["prod"] }] }));
    const env = fleetEnv(server, redis, { TOOLWEAVE_RUN: "fleet-parts" });
    const worker = await startWorker(env, []);
    await run(process.execPath, [dist("producer"), "--catalog", partsCatalog], { env });
    const details = await run(process.execPath, [dist("collect"), "--wait", COLLECT_WAIT_S, "--json", "--details"], { env });
    worker.child.kill("SIGTERM");
    await worker.exit;
    const report = JSON.parse(details.stdout) as { complete: number; incomplete: number; failed: number; services: { service: string; status: string; outcomes: { connector: string; ok: boolean; incomplete: { lookup: string; kind: string }[]; error?: { kind: string } }[] }[] };
    expect(report).toMatchObject({ complete: 1, incomplete: 2, failed: 0 });
    const byName = Object.fromEntries(report.services.map((r) => [r.service, r]));
    expect(byName["svc-ok"]!.status).toBe("complete");
    const partial = byName["svc-partial"]!;
    expect(partial.status).toBe("incomplete");
    expect(partial.outcomes.find((o) => o.connector === "circleci")!.incomplete.length).toBeGreaterThan(0);
    expect(partial.outcomes.find((o) => o.connector === "circonus")).toMatchObject({ ok: true, incomplete: [] });
    const gone = byName["svc-gone"]!;
    expect(gone.status).toBe("incomplete");
    expect(gone.outcomes.find((o) => o.connector === "circonus")!.ok).toBe(true);
    expect(gone.outcomes.some((o) => o.connector === "circleci" && (!o.ok || o.incomplete.length > 0))).toBe(true);

    // A job whose every tool fails with a retryable error is retried, then stored as failed:
    // here both APIs point at a port nothing listens on, and one attempt is allowed.
    const down = fleetEnv(server, redis, { TOOLWEAVE_RUN: "fleet-down", CIRCLECI_BASE_URL: "http://127.0.0.1:9/circleci/api/v2", CIRCONUS_API_URL: "http://127.0.0.1:9/circonus/v2" });
    const downWorker = await startWorker(down, []);
    await run(process.execPath, [dist("producer"), "--catalog", partsCatalog, "--attempts", "1"], { env: down });
    const failed = await run(process.execPath, [dist("collect"), "--wait", COLLECT_WAIT_S, "--details"], { env: down }).catch((e: { code: number; stdout: string }) => e);
    downWorker.child.kill("SIGTERM");
    await downWorker.exit;
    expect((failed as { code?: number }).code).toBe(1);
    expect(failed.stdout).toMatch(/^run fleet-down: 3 service\(s\): 0 complete, 0 incomplete, 3 failed, 0 pending$/m);
    expect(failed.stdout).toMatch(/^  svc-ok: failed \(svc-ok: every tool failed with a retryable error \(circleci: network, circonus: network\)\.\)$/m);
  });
});

describe.runIf(requireRedisServer("examples/bullmq-correlate against the demo's simulation"))("the README's commands against the demo's simulation", () => {
  let redis: RedisServerHandle;
  let sim: Awaited<ReturnType<typeof startSimulation>>;
  beforeAll(async () => {
    [redis, sim] = await Promise.all([startRedisServer(), startSimulation()]);
  });
  afterAll(async () => {
    await sim?.stop();
    await redis?.stop();
  });

  it("enqueues the simulation's catalog (TOOLWEAVE_CATALOG), correlates every service and reports it", async () => {
    // The variables `simulate` prints (tokens, API URLs, TOOLWEAVE_CATALOG) plus REDIS_URL, as the README exports them.
    const env = { ...exampleEnv(sim.env), REDIS_URL: redis.url };
    const worker = await startWorker(env, ["--concurrency", "8"]);
    const produced = await run(process.execPath, [dist("producer"), "--run", "nightly-1"], { env });
    expect(produced.stdout).toMatch(/^run nightly-1: 4 service\(s\) from .*catalog\.json, 4 new job\(s\) on queue toolweave-correlate$/m);
    const report = await run(process.execPath, [dist("collect"), "--run", "nightly-1", "--wait", COLLECT_WAIT_S, "--details"], { env });
    worker.child.kill("SIGTERM");
    expect(await worker.exit).toBe(0);
    // Every service has its answer; any part a tool could not look at is listed, not hidden.
    expect(report.stdout).toMatch(/^run nightly-1: 4 service\(s\): \d complete, \d incomplete, 0 failed, 0 pending$/m);
    expect(worker.output()).toContain("shared Redis stores");
  });
});
