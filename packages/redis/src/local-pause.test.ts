import type { StoreScope } from "@toolweave/core";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRedisStores, type RedisStores } from "./create-redis-stores.js";
import type { RedisStoreEvent } from "./redis-guard.js";
import { requireRedisServer, startRedisServer, type RedisServerHandle } from "./testing.js";

// A 429 pause this process recorded (pauseFor) must hold its own next request at once. The
// shared PAUSE reaches Redis asynchronously: its first use (NOSCRIPT, then EVAL) let the next
// ACQUIRE in first, and a pause recorded while Redis was out never reached Redis at all.

const scope: StoreScope = { provider: "circleci", origin: "http://127.0.0.1", fingerprint: "b".repeat(32), id: `circleci:127.0.0.1:${"b".repeat(32)}` };
const settings = { maxConcurrency: 4, requestsPerSecond: 100 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitFor = async (check: () => boolean, what: string, ms = 30_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
};

describe.runIf(requireRedisServer("a pause recorded in this process"))("a pause recorded in this process", () => {
  let server: RedisServerHandle;
  let admin: Redis;
  const opened: RedisStores[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
    admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
    admin.on("error", () => undefined);
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
  });
  beforeEach(async () => {
    await admin.flushall();
    await admin.call("SCRIPT", "FLUSH");
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it("holds the next request at once, before Redis has the shared pause", async () => {
    const stores = createRedisStores({ url: server.url, commandTimeoutMs: 2_000 });
    opened.push(stores);
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
    const stores = createRedisStores({ url: server.url, commandTimeoutMs: 300, minProbeMs: 50, maxProbeMs: 100, onEvent: (e) => events.push(e.type) });
    opened.push(stores);
    const throttle = stores.throttle.open(scope, settings);
    await throttle.run(async () => undefined);
    await admin.call("CLIENT", "PAUSE", "1000", "ALL");
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
    const stores = createRedisStores({ url: server.url, commandTimeoutMs: 300, minProbeMs: 50, maxProbeMs: 100, onEvent: (e) => events.push(e.type) });
    const other = createRedisStores({ url: server.url, commandTimeoutMs: 2_000 });
    opened.push(stores, other);
    const throttle = stores.throttle.open(scope, { maxConcurrency: 4, requestsPerSecond: Infinity });
    const otherThrottle = other.throttle.open(scope, { maxConcurrency: 4, requestsPerSecond: Infinity });
    await throttle.run(async () => undefined);
    await otherThrottle.run(async () => undefined);
    await admin.call("CLIENT", "PAUSE", "1000", "ALL");
    await throttle.run(async () => undefined); // meets the stalled Redis: falls back
    const pausedAt = Date.now();
    throttle.pauseFor(8_000); // a 429 seen while Redis was out: only this process knows
    await waitFor(() => events.includes("recovered"), "Redis answering again");
    const mine = throttle.run(async () => undefined); // held here, and tells Redis
    await sleep(300);
    let otherStartedAt = 0;
    await otherThrottle.run(async () => {
      otherStartedAt = Date.now();
    });
    await mine;
    expect(otherStartedAt - pausedAt).toBeGreaterThanOrEqual(7_000);
  });
});
