import { runStoreSuite } from "@toolweave/core/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect } from "vitest";
import { createRedisStores } from "./create-redis-stores.js";
import { cacheKeys } from "./redis-cache-store.js";
import type { RedisStoreEvent } from "./redis-guard.js";
import { throttleKeys } from "./redis-throttle-store.js";
import { requireRedisServer, startRedisServer, type RedisServerHandle } from "./testing.js";

// The same behaviour suite the in-memory stores pass (in @toolweave/core), against a real
// redis-server, with two independent store instances (two clients) standing for two processes.
if (requireRedisServer("Redis stores: shared behaviour suite")) {
  let server: RedisServerHandle;
  let admin: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    admin = new Redis(server.url);
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
  });

  runStoreSuite({
    name: "Redis stores",
    async open() {
      await admin.flushall();
      const events: RedisStoreEvent[] = [];
      const onEvent = (event: RedisStoreEvent) => events.push(event);
      const a = createRedisStores({ url: server.url, commandTimeoutMs: 1_000, onEvent });
      const b = createRedisStores({ url: server.url, commandTimeoutMs: 1_000, onEvent });
      return {
        a,
        b,
        async close() {
          await Promise.all([a.close(), b.close()]);
          // Redis never went away: nothing may have run on per-process state instead.
          expect(events.map((e) => e.type)).not.toContain("fallback");
        },
      };
    },
    // Another program (or an old version) wrote under the stores' prefix.
    corruptions: {
      // Every key of the scope holds a type the scripts do not expect: each command gets a WRONGTYPE reply.
      "keys of the wrong type": async (_backend, scope) => {
        const t = throttleKeys("toolweave", scope);
        const c = cacheKeys("toolweave", scope);
        await admin.set(t.leases, "not a sorted set");
        await admin.set(t.state, "not a hash");
        await admin.hset(t.pause, "not", "a string");
        await admin.set(t.starts, "not a sorted set");
        await admin.set(c.index, "not a sorted set");
        await admin.set(c.meta, "not a hash");
        await admin.hset(c.total, "not", "a number");
        await admin.hset(c.generation, "not", "a string");
        await admin.hset(`${c.entry}${"0".repeat(32)}`, "not", "a string");
      },
      // Keys of the right type whose numbers are not numbers.
      "values that are not numbers": async (_backend, scope) => {
        const t = throttleKeys("toolweave", scope);
        const c = cacheKeys("toolweave", scope);
        await admin.set(t.pause, "abc");
        await admin.hset(t.state, "tat", "abc", "rate", "abc");
        await admin.set(c.total, "abc");
        await admin.hset(c.meta, "0".repeat(32), "abc https://api.suite.test/x");
      },
    },
  });
}
