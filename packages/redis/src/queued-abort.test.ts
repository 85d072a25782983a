import type { StoreScope } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import { createRedisStores } from "./create-redis-stores.js";
import { throttleKeys } from "./redis-throttle-store.js";
import { useRedisServer, waitFor } from "./test-support/use-redis-server.js";
import { requireRedisServer } from "./testing.js";

// A request queued behind another one in the Redis throttle ignored its caller's abort until the
// one ahead got a slot: behind a shared 429 pause that is the whole pause (2.8 s after the abort
// in the report; up to maxRetryAfterMs, 60 s by default), where the in-memory throttle takes 2 ms.

const scope: StoreScope = { provider: "circleci", origin: "http://127.0.0.1", fingerprint: "a".repeat(32), id: `circleci:127.0.0.1:${"a".repeat(32)}` };
describe.runIf(requireRedisServer("aborting a queued request"))("a request queued in the Redis throttle", () => {
  const redis = useRedisServer();
  const stores = () => redis.track(createRedisStores({ url: redis.server.url, commandTimeoutMs: 2_000 }));

  for (const maxConcurrency of [4, 1]) {
    it(`rejects as soon as its caller aborts, behind one waiting out a shared pause (maxConcurrency ${maxConcurrency})`, async () => {
      const settings = { maxConcurrency, requestsPerSecond: 100 };
      // Another process was told to back off for 10 minutes (longer than the test may take).
      stores().throttle.open(scope, settings).pauseFor(600_000);
      await waitFor(async () => (await redis.admin.exists(throttleKeys("toolweave", scope).pause)) === 1, "the shared pause");

      const throttle = stores().throttle.open(scope, settings);
      const ahead = new AbortController();
      let firstSettled = false;
      const first = throttle.run(async () => "ran", ahead.signal).then(
        () => "ran",
        () => "rejected",
      ).finally(() => (firstSettled = true));
      const behind = new AbortController();
      const second = throttle.run(async () => "ran", behind.signal).then(() => "ran", () => "rejected");
      await waitFor(() => throttle.queued === 2, "both requests queued");
      behind.abort(new Error("caller gave up"));
      // Ordered, not timed: the one behind ends on its own abort while the one ahead is still
      // held by the pause (with the bug it waited out the pause: the test timed out).
      expect(await second).toBe("rejected");
      expect(firstSettled).toBe(false);
      // The one ahead gives up on its own abort too, still inside the pause.
      ahead.abort(new Error("caller gave up"));
      expect(await first).toBe("rejected");
    });
  }

  it("keeps the queue's order when a request in the middle gives up", async () => {
    const settings = { maxConcurrency: 4, requestsPerSecond: 100 };
    stores().throttle.open(scope, settings).pauseFor(1_500);
    await waitFor(async () => (await redis.admin.exists(throttleKeys("toolweave", scope).pause)) === 1, "the shared pause");
    const throttle = stores().throttle.open(scope, settings);
    const order: string[] = [];
    const first = throttle.run(async () => order.push("first"));
    const middle = new AbortController();
    const second = throttle.run(async () => order.push("middle"), middle.signal).catch(() => order.push("middle gave up"));
    const third = throttle.run(async () => order.push("third"));
    await waitFor(() => throttle.queued === 3, "three requests queued");
    middle.abort(new Error("caller gave up"));
    await Promise.all([first, second, third]);
    expect(order).toEqual(["middle gave up", "first", "third"]);
  });
});
