import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { storeScope } from "@toolweave/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { throttleKeys } from "./redis-throttle-store.js";
import { startLoopbackApi } from "./test-support/loopback-api.js";
import { busiestWindow, runThrottleWorker } from "./test-support/worker-processes.js";
import { useRedisServer } from "./test-support/use-redis-server.js";
import { requireRedisServer } from "./testing.js";

// A key of the wrong type under the prefix (another program writing there) made every throttle
// command fail with WRONGTYPE; the stores took that for an outage and flapped between Redis and
// their per-process fallback forever. Three workers sharing 5 req/s sent 30 requests in 2 s.

const BUILT = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const TOKEN = "tok_wrong_type_keys_shared_budget_01";
const runWorker = (env: Record<string, string>) => runThrottleWorker(env, 90_000);

describe.runIf(requireRedisServer("wrong-typed keys across processes"))("a key of the wrong type under the prefix", () => {
  const redis = useRedisServer();
  let api: Awaited<ReturnType<typeof startLoopbackApi>>;
  beforeAll(async () => {
    if (!existsSync(BUILT)) throw new Error("dist/index.js is missing: build @toolweave/redis first (turbo runs its build before its tests).");
    api = await startLoopbackApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it("is repaired once (one bad-key event per key) and three workers keep one shared budget, with no fallback", async () => {
    const scope = await storeScope("circleci", new URL(api.baseUrl), (h) => h.set("circle-token", TOKEN));
    const keys = throttleKeys("toolweave", scope);
    await redis.admin.set(keys.leases, "not a sorted set");
    await redis.admin.set(keys.state, "not a hash");
    await redis.admin.hset(keys.pause, "not", "a string");

    const env = { REDIS_URL: redis.server.url, API_URL: api.baseUrl, COUNT: "10", RPS: "5", MAX_CONCURRENCY: "4", API_TOKEN: TOKEN, MIN_PROBE_MS: "100", MAX_PROBE_MS: "200" };
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
    expect(await redis.admin.type(keys.state)).toBe("hash");
  }, 180_000);
});
