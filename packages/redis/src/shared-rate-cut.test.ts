import type { StoreScope } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import { createRedisStores } from "./create-redis-stores.js";
import type { RedisStoreEvent } from "./redis-guard.js";
import { throttleKeys } from "./redis-throttle-store.js";
import { useRedisServer, waitFor } from "./test-support/use-redis-server.js";
import { requireRedisServer } from "./testing.js";

// Regression tests for the shared learnt rate after a Redis stall: while a process runs on its
// local fallback its starts are not recorded in Redis, so the shared "starts in the last second"
// under-counts what the server saw. A 429 judged against that count cut the shared rate from
// 97 to 34 req/s in the scale-out bench, and the probe then regrew it by 0.2% a second.

const scope: StoreScope = { provider: "circleci", origin: "http://127.0.0.1", fingerprint: "f".repeat(32), id: `circleci:127.0.0.1:${"f".repeat(32)}` };
const settings = { maxConcurrency: 8, adaptive: { initialRequestsPerSecond: 20 } };
const tooMany = (sentAt: number) => ({ sentAt, status: 429, headers: new Headers({ "retry-after": "0" }) });

describe.runIf(requireRedisServer("shared rate cuts"))("the shared learnt rate", () => {
  const redis = useRedisServer();
  const keys = throttleKeys("toolweave", scope);
  const sharedRate = async () => Number(await redis.admin.hget(keys.state, "rate"));

  /** Shared state as after a run at `rate`, with `starts` recorded in the second before `now`. */
  const seed = async (rate: number, starts: number) => {
    const [seconds, micros] = await redis.admin.time();
    const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    await redis.admin.hset(keys.state, { rate: String(rate), slow: "0", demandAt: String(now), grewAt: String(now) });
    for (let i = 0; i < starts; i += 1) await redis.admin.zadd(keys.starts, String(now - 900 + i), `start-${i}`);
    return now;
  };

  it("is at most halved by one 429, even when Redis recorded few starts (another process was on its fallback)", async () => {
    const stores = redis.track(createRedisStores({ url: redis.server.url, commandTimeoutMs: 1_000 }));
    const throttle = stores.throttle.open(scope, settings);
    const now = await seed(100, 20);
    throttle.observe(tooMany(now));
    await waitFor(async () => (await redis.admin.hget(keys.state, "cutAt")) !== null, "the cut", 10_000);
    // Before the fix: 0.95 × 20 recorded starts = 19 req/s.
    expect(await sharedRate()).toBe(50);
  });

  it("still cuts to 95% of what the server accepted when Redis saw every start", async () => {
    const stores = redis.track(createRedisStores({ url: redis.server.url, commandTimeoutMs: 1_000 }));
    const throttle = stores.throttle.open(scope, settings);
    const now = await seed(100, 80);
    throttle.observe(tooMany(now));
    await waitFor(async () => (await redis.admin.hget(keys.state, "cutAt")) !== null, "the cut", 10_000);
    expect(await sharedRate()).toBe(76);
  });

  it("is not cut by a 429 for a request sent while this process was on its fallback, nor in the second after it recovered", async () => {
    const events: RedisStoreEvent["type"][] = [];
    const at: Partial<Record<RedisStoreEvent["type"], number>> = {};
    const stores = redis.track(
      createRedisStores({
        url: redis.server.url,
        commandTimeoutMs: 250,
        minProbeMs: 50,
        maxProbeMs: 100,
        onEvent: (e) => {
          events.push(e.type);
          at[e.type] = Date.now();
        },
      }),
    );
    const throttle = stores.throttle.open(scope, settings);
    // A stalled Redis: the next command times out and the stores fall back to memory. CLIENT
    // PAUSE holds every command from the moment Redis has answered it (a DEBUG SLEEP sent on
    // another connection might not have started yet when the throttle's command arrives, on a
    // loaded machine); 3 s is 10x the 250 ms command timeout.
    await redis.admin.call("CLIENT", "PAUSE", "3000", "ALL");
    await throttle.run(async () => undefined);
    await waitFor(() => events.includes("recovered"), "recovery", 30_000);
    expect(events).toEqual(["fallback", "recovered"]);
    // The 429s' send times come from the events' own times, not from when this line runs: one
    // sent in the middle of the fallback, one 500 ms into the second after recovery. (Taken from
    // the clock here, a slow machine could push the second one past that second, where a 429
    // does count.)
    const duringFallback = (at.fallback! + at.recovered!) / 2;
    const justRecovered = at.recovered! + 500;
    const now = await seed(100, 20);
    throttle.observe(tooMany(duringFallback));
    throttle.observe(tooMany(justRecovered));
    await new Promise((r) => setTimeout(r, 300));
    expect(await redis.admin.hget(keys.state, "cutAt")).toBeNull();
    expect(await sharedRate()).toBe(100);
    expect(now).toBeGreaterThan(0);
  });
});
