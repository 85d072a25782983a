import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { storeScope } from "@toolweave/core";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { throttleKeys } from "./redis-throttle-store.js";
import { startLoopbackApi } from "./test-support/loopback-api.js";
import { requireRedisServer, startRedisServer, type RedisServerHandle } from "./testing.js";

// A key of the wrong type under the prefix (another program writing there) made every throttle
// command fail with WRONGTYPE; the stores took that for an outage and flapped between Redis and
// their per-process fallback forever. Three workers sharing 5 req/s sent 30 requests in 2 s.

const WORKER = fileURLToPath(new URL("./test-support/throttle-worker.mjs", import.meta.url));
const BUILT = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const TOKEN = "tok_wrong_type_keys_shared_budget_01";

interface WorkerResult {
  ok: number;
  failed: number;
  events: { type: string; key?: string; found?: string }[];
}

function runWorker(env: Record<string, string>): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [WORKER], { env: { ...process.env, ...env }, timeout: 90_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`worker failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as WorkerResult);
    });
  });
}

/** Most arrivals within any `windowMs` (a sliding window over the arrival times). */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe.runIf(requireRedisServer("wrong-typed keys across processes"))("a key of the wrong type under the prefix", () => {
  let server: RedisServerHandle;
  let admin: Redis;
  let api: Awaited<ReturnType<typeof startLoopbackApi>>;
  beforeAll(async () => {
    if (!existsSync(BUILT)) throw new Error("dist/index.js is missing: build @toolweave/redis first (turbo runs its build before its tests).");
    server = await startRedisServer();
    admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
    admin.on("error", () => undefined);
    api = await startLoopbackApi();
  });
  afterAll(async () => {
    admin?.disconnect();
    await api?.close();
    await server?.stop();
  });

  it("is repaired once (one bad-key event per key) and three workers keep one shared budget, with no fallback", async () => {
    const scope = await storeScope("circleci", new URL(api.baseUrl), (h) => h.set("circle-token", TOKEN));
    const keys = throttleKeys("toolweave", scope);
    await admin.set(keys.leases, "not a sorted set");
    await admin.set(keys.state, "not a hash");
    await admin.hset(keys.pause, "not", "a string");

    const env = { REDIS_URL: server.url, API_URL: api.baseUrl, COUNT: "10", RPS: "5", MAX_CONCURRENCY: "4", API_TOKEN: TOKEN };
    const results = await Promise.all([runWorker(env), runWorker(env), runWorker(env)]);
    expect(results.map((r) => r.failed)).toEqual([0, 0, 0]);
    expect(api.arrivals).toHaveLength(30);

    const events = results.flatMap((r) => r.events);
    expect(events.filter((e) => e.type !== "bad-key")).toEqual([]);
    expect(events.map((e) => e.key).sort()).toEqual([keys.leases, keys.pause, keys.state].sort());
    expect(Object.fromEntries(events.map((e) => [e.key, e.found]))).toEqual({ [keys.leases]: "string", [keys.state]: "string", [keys.pause]: "hash" });

    // One budget of 5/s for all three: 30 starts 200 ms apart take 5.8 s, so at most 10 (+1 at
    // the window's edge) in any 2 s; four more of slack for arrivals bunched by a loaded machine.
    // Each worker on its own fallback (the bug) sent all 30 within about 2 s.
    const times = api.arrivals.map((a) => a.at);
    expect(busiestWindow(times, 2_000)).toBeLessThanOrEqual(15);
    // A lower bound on the whole run: a slow machine only makes it longer.
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(4_000);
    // The shared state is back in keys of the right type.
    expect(await admin.type(keys.state)).toBe("hash");
  }, 180_000);
});
