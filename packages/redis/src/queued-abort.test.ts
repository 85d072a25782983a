import type { StoreScope } from "@toolweave/core";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRedisStores, type RedisStores } from "./create-redis-stores.js";
import { throttleKeys } from "./redis-throttle-store.js";
import { requireRedisServer, startRedisServer, type RedisServerHandle } from "./testing.js";

// A request queued behind another one in the Redis throttle ignored its caller's abort until the
// one ahead got a slot: behind a shared 429 pause that is the whole pause (2.8 s after the abort
// in the report; up to maxRetryAfterMs, 60 s by default), where the in-memory throttle takes 2 ms.

const scope: StoreScope = { provider: "circleci", origin: "http://127.0.0.1", fingerprint: "a".repeat(32), id: `circleci:127.0.0.1:${"a".repeat(32)}` };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitFor = async (check: () => boolean | Promise<boolean>, what: string, ms = 30_000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
};

describe.runIf(requireRedisServer("aborting a queued request"))("a request queued in the Redis throttle", () => {
  let server: RedisServerHandle;
  let admin: Redis;
  const opened: RedisStores[] = [];
  const stores = () => {
    const s = createRedisStores({ url: server.url, commandTimeoutMs: 2_000 });
    opened.push(s);
    return s;
  };
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
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  for (const maxConcurrency of [4, 1]) {
    it(`rejects as soon as its caller aborts, behind one waiting out a shared pause (maxConcurrency ${maxConcurrency})`, async () => {
      const settings = { maxConcurrency, requestsPerSecond: 100 };
      // Another process was told to back off for 60 s (the default maxRetryAfterMs).
      stores().throttle.open(scope, settings).pauseFor(60_000);
      await waitFor(async () => (await admin.exists(throttleKeys("toolweave", scope).pause)) === 1, "the shared pause");

      const throttle = stores().throttle.open(scope, settings);
      const ahead = new AbortController();
      const first = throttle.run(async () => "ran", ahead.signal).then(() => "ran", () => "rejected");
      const behind = new AbortController();
      const second = throttle.run(async () => "ran", behind.signal).then(() => "ran", () => "rejected");
      await waitFor(() => throttle.queued === 2, "both requests queued");
      await sleep(200);
      const abortedAt = Date.now();
      behind.abort(new Error("caller gave up"));
      // The bug costs the whole 60 s pause; 15 s leaves a loaded machine plenty of room.
      expect(await Promise.race([second, sleep(15_000).then(() => "still waiting")])).toBe("rejected");
      expect(Date.now() - abortedAt).toBeLessThan(15_000);
      // The one ahead still waits for the pause, then gives up on its own abort too.
      expect(await Promise.race([first, sleep(200).then(() => "still waiting")])).toBe("still waiting");
      ahead.abort(new Error("caller gave up"));
      expect(await Promise.race([first, sleep(15_000).then(() => "still waiting")])).toBe("rejected");
    });
  }

  it("keeps the queue's order when a request in the middle gives up", async () => {
    const settings = { maxConcurrency: 4, requestsPerSecond: 100 };
    stores().throttle.open(scope, settings).pauseFor(1_500);
    await waitFor(async () => (await admin.exists(throttleKeys("toolweave", scope).pause)) === 1, "the shared pause");
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
