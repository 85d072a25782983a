import type { StoreScope } from "@toolweave/core";
import { beforeEach, describe, expect, it } from "vitest";
import { createRedisStores } from "./create-redis-stores.js";
import { throttleKeys } from "./redis-throttle-store.js";
import type { RedisStoreEvent } from "./redis-guard.js";
import { useRedisServer, waitFor } from "./test-support/use-redis-server.js";
import { requireRedisServer } from "./testing.js";

// A 429 pause this process recorded (pauseFor) must hold its own next request at once. The
// shared PAUSE reaches Redis asynchronously: its first use (NOSCRIPT, then EVAL) let the next
// ACQUIRE in first, and a pause recorded while Redis was out never reached Redis at all.

const scope: StoreScope = { provider: "circleci", origin: "http://127.0.0.1", fingerprint: "b".repeat(32), id: `circleci:127.0.0.1:${"b".repeat(32)}` };
const settings = { maxConcurrency: 4, requestsPerSecond: 100 };
describe.runIf(requireRedisServer("a pause recorded in this process"))("a pause recorded in this process", () => {
  const redis = useRedisServer();
  beforeEach(async () => {
    await redis.admin.call("SCRIPT", "FLUSH");
  });
  const openStores = (options: Partial<Parameters<typeof createRedisStores>[0]> = {}) => redis.track(createRedisStores({ url: redis.server.url, ...options }));

  it("holds the next request at once, before Redis has the shared pause", async () => {
    const stores = openStores({ commandTimeoutMs: 2_000 });
    // No rate limit: the next start is due at once, so nothing but the pause can hold it.
    const throttle = stores.throttle.open(scope, { maxConcurrency: 4, requestsPerSecond: Infinity });
    await throttle.run(async () => undefined); // Redis knows the acquire script, not yet the pause's
    const pausedAt = Date.now();
    throttle.pauseFor(2_000);
    let startedAt = 0;
    await throttle.run(async () => {
      startedAt = Date.now();
    });
    // A lower bound: a slow machine only makes it later.
    expect(startedAt - pausedAt).toBeGreaterThanOrEqual(1_900);
  });

  it("holds requests after Redis comes back when the pause was recorded during the outage", async () => {
    const events: RedisStoreEvent["type"][] = [];
    const stores = openStores({ commandTimeoutMs: 300, minProbeMs: 50, maxProbeMs: 100, onEvent: (e) => events.push(e.type) });
    const throttle = stores.throttle.open(scope, settings);
    await throttle.run(async () => undefined);
    await redis.admin.call("CLIENT", "PAUSE", "1000", "ALL");
    await throttle.run(async () => undefined); // meets the stalled Redis: falls back
    expect(events).toEqual(["fallback"]);
    const pausedAt = Date.now();
    throttle.pauseFor(8_000);
    await waitFor(() => events.includes("recovered"), "Redis answering again");
    let startedAt = 0;
    await throttle.run(async () => {
      startedAt = Date.now();
    });
    expect(startedAt - pausedAt).toBeGreaterThanOrEqual(7_900);
  });

  it("publishes a pause recorded during the outage to the other processes once Redis is back", async () => {
    const events: RedisStoreEvent["type"][] = [];
    const stores = openStores({ commandTimeoutMs: 300, minProbeMs: 50, maxProbeMs: 100, onEvent: (e) => events.push(e.type) });
    const other = openStores({ commandTimeoutMs: 2_000 });
    const throttle = stores.throttle.open(scope, { maxConcurrency: 4, requestsPerSecond: Infinity });
    const otherThrottle = other.throttle.open(scope, { maxConcurrency: 4, requestsPerSecond: Infinity });
    await throttle.run(async () => undefined);
    await otherThrottle.run(async () => undefined);
    await redis.admin.call("CLIENT", "PAUSE", "1000", "ALL");
    await throttle.run(async () => undefined); // meets the stalled Redis: falls back
    const pausedAt = Date.now();
    throttle.pauseFor(8_000); // a 429 seen while Redis was out: only this process knows
    await waitFor(() => events.includes("recovered"), "Redis answering again");
    const mine = throttle.run(async () => undefined); // held here, and tells Redis
    // Waits for the event (the pause in Redis), never a fixed time: a loaded machine may take longer to publish it.
    const pauseKey = throttleKeys("toolweave", scope).pause;
    await waitFor(async () => Number(await redis.admin.pttl(pauseKey)) > 0, "the pause published to Redis");
    let otherStartedAt = 0;
    await otherThrottle.run(async () => {
      otherStartedAt = Date.now();
    });
    await mine;
    expect(otherStartedAt - pausedAt).toBeGreaterThanOrEqual(7_000);
  });

  it("caps a pause learnt from rate-limit reset headers at the client's maxPauseMs, for every process", async () => {
    const stores = openStores({ commandTimeoutMs: 2_000 });
    const throttle = stores.throttle.open(scope, { maxConcurrency: 4 }); // adaptive: headers are read
    await throttle.run(async () => undefined);
    const resetInAnHour = String(Math.ceil(Date.now() / 1000) + 3_600);
    throttle.observe({ sentAt: Date.now(), status: 429, maxPauseMs: 5_000, headers: new Headers({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": resetInAnHour }) });
    const pauseKey = throttleKeys("toolweave", scope).pause;
    await waitFor(async () => Number(await redis.admin.pttl(pauseKey)) > 0, "the pause published to Redis");
    // Before the fix: the hour the headers asked for (about 3_600_000 ms).
    expect(Number(await redis.admin.pttl(pauseKey))).toBeLessThanOrEqual(5_000);
  });
});
