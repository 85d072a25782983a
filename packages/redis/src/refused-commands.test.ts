import type { StoreScope } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import { createRedisStores } from "./create-redis-stores.js";
import type { RedisStoreEvent } from "./redis-guard.js";
import { sleep, useRedisServer } from "./test-support/use-redis-server.js";
import { requireRedisServer } from "./testing.js";

// A Redis that answers but refuses the throttle's script (here: an ACL user without EVALSHA,
// NOPERM) is not an outage: PING succeeds at once. Taken for one, the stores flapped between
// fallback and recovered events on every probe.

const scope: StoreScope = { provider: "circleci", origin: "http://127.0.0.1", fingerprint: "c".repeat(32), id: `circleci:127.0.0.1:${"c".repeat(32)}` };

describe.runIf(requireRedisServer("a Redis refusing the throttle's commands"))("a Redis refusing the throttle's commands", () => {
  const redis = useRedisServer();

  it("runs requests in this process with one fallback event, and one recovered event once Redis accepts them again", async () => {
    await redis.admin.call("ACL", "SETUSER", "limited", "on", ">limited-pw", "~*", "+@all", "-evalsha", "-eval");
    const events: RedisStoreEvent[] = [];
    const url = redis.server.url.replace("redis://", "redis://limited:limited-pw@");
    const stores = redis.track(createRedisStores({ url, commandTimeoutMs: 2_000, minProbeMs: 20, maxProbeMs: 40, onEvent: (e) => events.push(e) }));
    const throttle = stores.throttle.open(scope, { maxConcurrency: 4, requestsPerSecond: 200 });
    let ran = 0;
    for (let i = 0; i < 10; i += 1) {
      await throttle.run(async () => (ran += 1));
      await sleep(50); // longer than the probe interval: a fallback taken for an outage would recover and fail again
    }
    expect(ran).toBe(10);
    expect(stores.healthy).toBe(true);
    expect(events.map((e) => e.type)).toEqual(["fallback"]);
    expect(events[0]).toMatchObject({ reason: expect.stringContaining("NOPERM") });
    await redis.admin.call("ACL", "SETUSER", "limited", "+eval", "+evalsha");
    await throttle.run(async () => (ran += 1));
    expect(events.map((e) => e.type)).toEqual(["fallback", "recovered"]);
  });
});
