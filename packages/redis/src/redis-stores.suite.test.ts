import { runStoreSuite } from "@toolweave/core/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { createRedisStores } from "./create-redis-stores.js";
import { cacheKeys } from "./redis-cache-store.js";
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
      const a = createRedisStores({ url: server.url, commandTimeoutMs: 1_000 });
      const b = createRedisStores({ url: server.url, commandTimeoutMs: 1_000 });
      return {
        a,
        b,
        async close() {
          await Promise.all([a.close(), b.close()]);
        },
      };
    },
    // Another program (or an old version) wrote under the stores' prefix: every key of the
    // scope holds a type the scripts do not expect, so each command gets a WRONGTYPE reply.
    async corrupt(_backend, scope) {
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
  });
}
