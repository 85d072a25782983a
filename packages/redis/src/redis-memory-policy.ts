import { redactExcerpt } from "@toolweave/core";
import { MEMORY_POLICY } from "./cache-scripts.js";
import type { RedisGuard } from "./redis-guard.js";
import { runScript } from "./scripts.js";

/** How often the server's memory policy is read again (ms): an operator may change it at run time. */
const RECHECK_MS = 60_000;

/**
 * Whether the shared cache may write to this Redis. A server with `maxmemory` set and the
 * `noeviction` policy — the policy BullMQ requires, on the Redis it shares with the app —
 * refuses every write once full: cached answers there would make the app's own writes fail
 * with OOM until they expire. On such a server the cache stays in each process (one
 * `cache-off` event); an `OOM` reply to a cache write does the same until the next check.
 * With any evicting policy, or no limit, the cache uses Redis.
 * (https://redis.io/docs/latest/develop/reference/eviction/)
 */
export class RedisMemoryPolicy {
  #checkedAt = Number.NEGATIVE_INFINITY;
  #checking: Promise<void> | undefined;
  #off: string | undefined;

  constructor(readonly guard: RedisGuard) {}

  /** Whether cache entries may be written to Redis now (reads the policy at most once a minute). */
  async cacheable(): Promise<boolean> {
    if (performance.now() - this.#checkedAt >= RECHECK_MS) {
      this.#checking ??= this.#check().finally(() => {
        this.#checking = undefined;
      });
      await this.#checking;
    }
    return this.#off === undefined;
  }

  /** Redis refused a cache write (an `OOM` reply): stop writing until the next check. */
  refused(error: unknown): void {
    this.#turnOff(`Redis refused a cache write (${redactExcerpt(error instanceof Error ? error.message : String(error), 120)})`);
    this.#checkedAt = performance.now();
  }

  async #check(): Promise<void> {
    let reply: unknown;
    try {
      reply = await this.guard.call((c) => runScript(c, MEMORY_POLICY, [], []));
    } catch {
      // Not readable now (Redis down, or INFO not allowed to this user): keep the last answer;
      // an OOM reply still turns the cache off.
      return;
    }
    this.#checkedAt = performance.now();
    const [maxmemory, policy] = Array.isArray(reply) ? reply : [];
    if (Number(maxmemory) > 0 && policy === "noeviction") {
      this.#turnOff(`the server has maxmemory ${Number(maxmemory)} bytes with maxmemory-policy noeviction, so a full server would refuse the app's own writes`);
    } else {
      this.#off = undefined;
    }
  }

  #turnOff(reason: string): void {
    if (this.#off !== undefined) return;
    this.#off = reason;
    this.guard.report({
      type: "cache-off",
      reason,
      message:
        `toolweave: not caching in Redis: ${reason}. GET answers are cached in each process instead; the shared throttle is unchanged. ` +
        "To share the cache, give it a Redis with an evicting policy (e.g. maxmemory-policy volatile-lru) through a second createRedisStores({ url }) for the cache.",
    });
  }
}
