import { createHash } from "node:crypto";
import { redactUrl, type CacheSpace, type CacheStore, type StoredResponse, type StoreScope } from "@toolweave/core";
import type { RedisGuard } from "./redis-guard.js";
import { CACHE_DELETE, CACHE_SET } from "./cache-scripts.js";
import { runScript } from "./scripts.js";

/** Size limits of the Redis cache store (see `createRedisStores`). */
export interface RedisCacheOptions {
  /** Key prefix. */
  readonly prefix: string;
  /** Largest entry stored (bytes of the serialised response); a larger response is not cached. */
  readonly maxEntryBytes: number;
  /** Bytes kept at most per key space (one provider + origin + credential); the entries closest to expiry go first. */
  readonly maxBytes: number;
}

/** Response headers never written to Redis (they belong to one session, not to the resource). */
const DROPPED_HEADERS = new Set(["set-cookie", "set-cookie2"]);

interface Serialised {
  /** status */
  s: number;
  /** headers */
  h: [string, string][];
  /** body text */
  t: string;
  /** URL that answered */
  u: string;
}

/** The Redis keys of one scope's cache; the `{...}` hash tag keeps them in one cluster slot. */
export function cacheKeys(prefix: string, scope: StoreScope) {
  const base = `${prefix}:{${scope.id}}:c`;
  return { index: `${base}:index`, meta: `${base}:meta`, total: `${base}:bytes`, entry: `${base}:e:` };
}

/**
 * The entry's name in Redis: a hash of the request URL. The URL itself is kept, redacted (no
 * credentials, no sensitive query parameters), only in the meta hash, for invalidation.
 */
const member = (key: string): string => createHash("sha256").update(key).digest("hex").slice(0, 32);

/**
 * The GET cache on Redis: one entry per request URL and scope, expiring with its TTL, within
 * `maxEntries` and `maxBytes` per scope and `maxEntryBytes` per entry. While Redis is down
 * (see `RedisGuard`) each space reads and writes `fallback`, an in-memory space.
 */
export function createRedisCacheStore(guard: RedisGuard, options: RedisCacheOptions, fallback: CacheStore): CacheStore {
  return {
    open(scope, settings): CacheSpace {
      const local = fallback.open(scope, settings);
      const keys = cacheKeys(options.prefix, scope);
      const setKeys = [keys.index, keys.meta, keys.total];
      return {
        async get(key) {
          if (!guard.healthy) return await local.get(key);
          let text: string | null;
          try {
            text = await guard.call((c) => c.get(keys.entry + member(key)));
          } catch {
            return await local.get(key);
          }
          if (text === null) return undefined;
          try {
            const data = JSON.parse(text) as Serialised;
            return { status: data.s, headers: new Headers(data.h), text: data.t, url: new URL(data.u) } satisfies StoredResponse;
          } catch {
            return undefined;
          }
        },
        async set(key, value, ttlMs) {
          if (!guard.healthy) return await local.set(key, value, ttlMs);
          const data: Serialised = {
            s: value.status,
            h: [...value.headers].filter(([name]) => !DROPPED_HEADERS.has(name.toLowerCase())),
            t: value.text,
            u: redactUrl(value.url),
          };
          const text = JSON.stringify(data);
          if (Buffer.byteLength(text) > options.maxEntryBytes) return;
          try {
            await guard.call((c) =>
              runScript(c, CACHE_SET, setKeys, [member(key), text, Math.max(1, Math.round(ttlMs)), settings.maxEntries, options.maxBytes, keys.entry, redactUrl(key)]),
            );
          } catch {
            await local.set(key, value, ttlMs);
          }
        },
        async invalidate(match) {
          // The local space may hold entries written during an outage: drop those too.
          const droppedLocally = await local.invalidate(match);
          if (!guard.healthy) return droppedLocally;
          try {
            const meta = await guard.call((c) => c.hgetall(keys.meta));
            const members: string[] = [];
            for (const [m, value] of Object.entries(meta)) {
              const url = value.slice(value.indexOf(" ") + 1);
              if (match(url)) members.push(m);
            }
            if (members.length === 0) return droppedLocally;
            return droppedLocally + Number(await guard.call((c) => runScript(c, CACHE_DELETE, setKeys, [keys.entry, ...members])));
          } catch {
            return droppedLocally;
          }
        },
      };
    },
  };
}
