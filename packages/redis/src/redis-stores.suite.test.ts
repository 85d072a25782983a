import { runStoreSuite } from "@toolweave/core/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { createRedisStores } from "./create-redis-stores.js";
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
  });
}
