import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { RedisGuard, RedisReplyError, type RedisStoreEvent } from "./redis-guard.js";
import { repairKeys } from "./repair-keys.js";
import { useRedisServer } from "./test-support/use-redis-server.js";
import { requireRedisServer } from "./testing.js";

// An error reply (WRONGTYPE, OOM…) comes from a Redis that answered: it must not switch the
// stores to their per-process fallback. Before, every command error marked Redis down, the
// PING probe found it up, the next command failed again: fallback, recovered, fallback… forever.

describe.runIf(requireRedisServer("Redis error replies"))("Redis error replies", () => {
  const redis = useRedisServer();
  const guard = (events: RedisStoreEvent[] = []) => {
    const client = new Redis(redis.server.url, { maxRetriesPerRequest: 1 });
    client.on("error", () => undefined);
    // Closed after the test, the guard before its client.
    const g = redis.track(new RedisGuard(client, { commandTimeoutMs: 5_000, minProbeMs: 50, maxProbeMs: 100, onEvent: (e) => events.push(e) }));
    redis.track({ close: () => client.disconnect() });
    return g;
  };

  it("rejects with RedisReplyError (its code) and keeps Redis up", async () => {
    const events: RedisStoreEvent[] = [];
    const g = guard(events);
    await redis.admin.hset("toolweave:h", "a", "1");
    const error = await g.call((c) => c.get("toolweave:h")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisReplyError);
    expect((error as RedisReplyError).code).toBe("WRONGTYPE");
    expect(g.healthy).toBe(true);
    // An error inside a script too (Redis 7 names the inner code first).
    const inScript = await g.call((c) => c.eval("return redis.call('GET', KEYS[1])", 1, "toolweave:h")).catch((e: unknown) => e);
    expect((inScript as RedisReplyError).code).toBe("WRONGTYPE");
    expect(g.healthy).toBe(true);
    expect(events).toEqual([]);
  });

  it("still falls back on a timeout", async () => {
    const events: RedisStoreEvent[] = [];
    const g = redis.track(new RedisGuard(redis.admin, { commandTimeoutMs: 100, minProbeMs: 50, maxProbeMs: 100, onEvent: (e) => events.push(e) }));
    await expect(g.call(() => new Promise(() => undefined))).rejects.not.toBeInstanceOf(RedisReplyError);
    expect(g.healthy).toBe(false);
    expect(events.map((e) => e.type)).toEqual(["fallback"]);
  });

  it("reads the code of a Redis 6 script error from inside it", () => {
    const error = new RedisReplyError("ERR Error running script (call to f_0123): @user_script:2: WRONGTYPE Operation against a key holding the wrong kind of value");
    expect(error.code).toBe("WRONGTYPE");
    expect(new RedisReplyError("OOM command not allowed when used memory > 'maxmemory'.").code).toBe("OOM");
    expect(new RedisReplyError("ERR unknown command").code).toBe("ERR");
  });

  it("repairKeys deletes only keys of the wrong type, reports each once, and leaves right and missing keys alone", async () => {
    const events: RedisStoreEvent[] = [];
    const g = guard(events);
    await redis.admin.set("toolweave:{s}:t:leases", "not a zset");
    await redis.admin.hset("toolweave:{s}:t:state", "tat", "1");
    await redis.admin.set("toolweave:{s}:t:pause", "123");
    const expected = [
      { key: "toolweave:{s}:t:leases", type: "zset" as const },
      { key: "toolweave:{s}:t:state", type: "hash" as const },
      { key: "toolweave:{s}:t:pause", type: "string" as const },
      { key: "toolweave:{s}:t:starts", type: "zset" as const },
    ];
    expect(await repairKeys(g, expected)).toEqual(["toolweave:{s}:t:leases"]);
    expect(await redis.admin.exists("toolweave:{s}:t:leases")).toBe(0);
    expect(await redis.admin.hget("toolweave:{s}:t:state", "tat")).toBe("1");
    expect(await redis.admin.get("toolweave:{s}:t:pause")).toBe("123");
    expect(events).toEqual([
      expect.objectContaining({ type: "bad-key", key: "toolweave:{s}:t:leases", expected: "zset", found: "string", message: expect.stringContaining("prefix") }),
    ]);
    // The same key broken again soon after: repaired again, not reported again.
    await redis.admin.set("toolweave:{s}:t:leases", "still not a zset");
    expect(await repairKeys(g, expected)).toEqual(["toolweave:{s}:t:leases"]);
    expect(events).toHaveLength(1);
    expect(g.healthy).toBe(true);
  });

  it("repairKeys in several processes at once: one of them repairs each key, one event in all", async () => {
    const events: RedisStoreEvent[] = [];
    const all = [guard(events), guard(events), guard(events)];
    const expected = Array.from({ length: 5 }, (_, i) => ({ key: `toolweave:{s}:k${i}`, type: "hash" as const }));
    for (const { key } of expected) await redis.admin.set(key, "x");
    const repaired = await Promise.all(all.map((g) => repairKeys(g, expected)));
    expect(repaired.flat().sort()).toEqual(expected.map((e) => e.key).sort());
    expect(events.map((e) => (e.type === "bad-key" ? e.key : e.type)).sort()).toEqual(expected.map((e) => e.key).sort());
  });
});
