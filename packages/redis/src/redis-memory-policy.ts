import { redactExcerpt } from "@toolweave/core";
import { MEMORY_POLICY } from "./cache-scripts.js";
import type { RedisGuard } from "./redis-guard.js";
import { runScript } from "./scripts.js";

/** How often the server's memory policy is read again (ms): an operator may change it at run time. */
const RECHECK_MS = 60_000;

/** Why the cache stays out of a server with maxmemory and noeviction. */
export const NOEVICTION_REASON = "the server has maxmemory set with maxmemory-policy noeviction, so a full server would refuse the app's own writes";

/**
 * Whether the shared cache may use this Redis. A server with `maxmemory` set and the
 * `noeviction` policy — the policy BullMQ requires, on the Redis it shares with the app —
 * refuses every write once full: cached answers there would make the app's own writes fail
 * with OOM until they expire. On such a server nothing is cached (one `cache-off` event) and the
 * entries already stored are dropped. The policy is read at first use and then once a minute;
 * the cache's store script checks it again on every write, so a policy changed at run time
 * stops the writes at once. With any evicting policy, or no limit, the cache uses Redis.
 * (https://redis.io/docs/latest/develop/reference/eviction/)
 */
export class RedisMemoryPolicy {
  #checkedAt = Number.NEGATIVE_INFINITY;
  #checking: Promise<void> | undefined;
  #off: string | undefined;
  readonly #whenOff = new Map<string, () => void>();

  constructor(readonly guard: RedisGuard) {}

  /** Whether the cache may use Redis now (reads the policy at most once a minute). */
  async cacheable(): Promise<boolean> {
    if (performance.now() - this.#checkedAt >= RECHECK_MS) {
      this.#checking ??= this.#check().finally(() => {
        this.#checking = undefined;
      });
      await this.#checking;
    }
    return this.#off === undefined;
  }

  /** Runs `drop` (under `name`, once per name) whenever the cache turns off: a space dropping what it stored. */
  whenOff(name: string, drop: () => void): void {
    this.#whenOff.set(name, drop);
  }

  /** The store script refused a write: the server has maxmemory with noeviction. */
  noEviction(): void {
    this.#turnOff(NOEVICTION_REASON);
    this.#checkedAt = performance.now();
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
      // Not readable (Redis down, or INFO not allowed to this user): keep the last answer, and
      // ask again in a minute, not on every request. The store script still refuses writes on
      // noeviction, and an OOM reply still turns the cache off.
      if (this.guard.healthy) this.#checkedAt = performance.now();
      return;
    }
    this.#checkedAt = performance.now();
    const [maxmemory, policy] = Array.isArray(reply) ? reply : [];
    if (Number(maxmemory) > 0 && policy === "noeviction") this.#turnOff(NOEVICTION_REASON);
    else this.#off = undefined;
  }

  #turnOff(reason: string): void {
    if (this.#off !== undefined) return;
    this.#off = reason;
    this.guard.report({
      type: "cache-off",
      reason,
      message:
        `toolweave: not caching GET answers: ${reason}. Every GET goes to the API (identical GETs in flight in one process are still merged); the shared throttle is unchanged. ` +
        "To cache, give the cache a Redis with an evicting policy (e.g. maxmemory-policy volatile-lru) through a second createRedisStores({ url }).",
    });
    for (const drop of this.#whenOff.values()) {
      try {
        drop();
      } catch {
        // A space that cannot drop its entries now: they expire with their TTL.
      }
    }
  }
}
