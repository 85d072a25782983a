import { ConfigurationError, createMemoryStores, type CacheStore, type Stores, type ThrottleStore } from "@toolweave/core";
import { Redis } from "ioredis";
import { createRedisCacheStore } from "./redis-cache-store.js";
import type { RedisClientLike } from "./redis-client-like.js";
import { RedisGuard, type RedisStoreEvent } from "./redis-guard.js";
import { createRedisThrottleStore } from "./redis-throttle-store.js";

/** Options of {@link createRedisStores}. Pass `client` or `url`. */
export interface RedisStoresOptions {
  /**
   * A Redis client you own: an ioredis 5.x or 6.x instance (BullMQ uses ioredis too, so one
   * client library serves the fleet), or anything with the commands of
   * {@link RedisClientLike}. The stores never close it. Its own settings (offline queue,
   * retries) are kept; every command the stores send still has its own `commandTimeoutMs`.
   */
  readonly client?: RedisClientLike;
  /** A Redis URL (`redis://host:6379/0`, `rediss://…`); the stores create, own and close their client. */
  readonly url?: string;
  /** Prefix of every key the stores write. Default `"toolweave"`. */
  readonly prefix?: string;
  /**
   * Receives a `fallback` event when Redis stops answering (or refuses the throttle's commands,
   * e.g. `NOPERM`) and a `recovered` event when it is back (once per transition); a `bad-key`
   * event when a key under the prefix held the wrong type and was repaired; a `cache-off` event
   * when the shared cache stopped.
   */
  readonly onEvent?: (event: RedisStoreEvent) => void;
  /** Longest wait for one Redis command (ms) before the stores fall back to local memory. Default 250. */
  readonly commandTimeoutMs?: number;
  /** First wait before re-probing a failed Redis (ms), doubling up to `maxProbeMs`. Default 500. */
  readonly minProbeMs?: number;
  /** Longest wait between re-probes (ms). Default 15 000. */
  readonly maxProbeMs?: number;
  /** Lifetime of an in-flight lease (ms), renewed while its request runs: a crashed worker's slot frees after this. Default 30 000. */
  readonly leaseMs?: number;
  /** Longest wait between tries for an in-flight slot while the shared limit is full (ms). Default 20. */
  readonly pollMs?: number;
  /**
   * The shared GET cache: `false` keeps cached responses out of Redis (each process caches in
   * its own memory; the throttle is still shared). Default on, with these limits.
   */
  readonly cache?:
    | false
    | {
        /** Largest response cached (bytes, serialised). Default 1 MiB. */
        readonly maxEntryBytes?: number;
        /** Bytes kept at most per key space (provider + origin + credential). Default 64 MiB. */
        readonly maxBytes?: number;
      };
  /**
   * Key of the HMAC that fingerprints credentials in keys; every process sharing a budget must
   * use the same. Default: core's public key (see `Stores.fingerprintKey`).
   */
  readonly fingerprintKey?: string;
}

/** The stores made by {@link createRedisStores}: pass them as the `stores` setting of any connector. */
export interface RedisStores extends Stores {
  /** The shared throttle store. */
  readonly throttle: ThrottleStore;
  /** The shared GET cache store (absent with `cache: false`). */
  readonly cache?: CacheStore;
  /** Whether the stores use Redis now (false: local fallback while Redis is down). */
  readonly healthy: boolean;
  /** Stops re-probing, and closes the client if the stores created it (from `url`). */
  close(): Promise<void>;
}

const positive = (name: string, value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(`createRedisStores: ${name} must be a positive number of ${name.endsWith("Bytes") ? "bytes" : "milliseconds"} (got ${String(value)}).`, {
      fix: `Set ${name} to a positive number, or leave it out for the default (${fallback}).`,
    });
  }
  return value;
};

/**
 * Throttle and GET-cache stores on Redis: every process (worker, pod) using the same provider,
 * API origin and credential shares one request rate, one in-flight limit (leases that expire),
 * one 429 `Retry-After` pause, one learnt (adaptive) rate and one TTL cache — atomically, with
 * Lua scripts. Every Redis command has a short timeout; when Redis is unreachable or slow the
 * stores fall back to local in-memory throttling and caching (one `fallback` event), never
 * failing or holding a request, and return to Redis when it answers again (one `recovered` event).
 *
 * @example
 * ```ts
 * const stores = createRedisStores({ client: new Redis(process.env.REDIS_URL!) });
 * const circleci = createCircleCI({ token, stores });
 * ```
 */
export function createRedisStores(options: RedisStoresOptions): RedisStores {
  if (!options || typeof options !== "object" || (options.client === undefined) === (options.url === undefined)) {
    throw new ConfigurationError("createRedisStores needs either client (a Redis client you own, e.g. an ioredis instance) or url (a Redis URL), not both.", {
      fix: "Pass { client: new Redis(...) } or { url: 'redis://host:6379' }.",
    });
  }
  const commandTimeoutMs = positive("commandTimeoutMs", options.commandTimeoutMs, 250);
  const minProbeMs = positive("minProbeMs", options.minProbeMs, 500);
  const maxProbeMs = positive("maxProbeMs", options.maxProbeMs, 15_000);
  const leaseMs = positive("leaseMs", options.leaseMs, 30_000);
  const pollMs = positive("pollMs", options.pollMs, 20);
  const prefix = options.prefix ?? "toolweave";
  if (typeof prefix !== "string" || prefix === "" || /[\s{}]/.test(prefix)) {
    throw new ConfigurationError("createRedisStores: prefix must be a non-empty string without spaces or braces.", { fix: 'Use e.g. "toolweave" or "acme:toolweave".' });
  }
  const ownClient =
    options.client === undefined
      ? new Redis(options.url!, {
          // Fail fast: the stores have their own timeouts and fall back to memory.
          maxRetriesPerRequest: 1,
          connectTimeout: Math.max(1_000, commandTimeoutMs * 4),
          retryStrategy: (times) => Math.min(times * 200, 2_000),
        })
      : undefined;
  // An unreachable Redis is reported through onEvent; keep ioredis from printing each reconnect error.
  ownClient?.on("error", () => undefined);
  const client: RedisClientLike = ownClient ?? options.client!;
  const guard = new RedisGuard(client, { commandTimeoutMs, minProbeMs, maxProbeMs, onEvent: options.onEvent });
  const local = createMemoryStores();
  const throttle = createRedisThrottleStore(guard, { prefix, leaseMs, pollMs }, local.throttle);
  const cacheOptions = options.cache === false ? undefined : options.cache ?? {};
  const cache = cacheOptions
    ? createRedisCacheStore(
        guard,
        {
          prefix,
          maxEntryBytes: positive("cache.maxEntryBytes", cacheOptions.maxEntryBytes, 1024 * 1024),
          maxBytes: positive("cache.maxBytes", cacheOptions.maxBytes, 64 * 1024 * 1024),
        },
        local.cache,
      )
    : undefined;
  return {
    throttle,
    ...(cache ? { cache } : {}),
    ...(options.fingerprintKey === undefined ? {} : { fingerprintKey: options.fingerprintKey }),
    get healthy() {
      return guard.healthy;
    },
    async close() {
      guard.close();
      if (ownClient) {
        try {
          await Promise.race([ownClient.quit(), new Promise((resolve) => setTimeout(resolve, commandTimeoutMs * 4).unref())]);
        } catch {
          // already closed or unreachable
        }
        ownClient.disconnect();
      }
    },
  };
}
