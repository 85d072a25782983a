import { createHash, randomUUID } from "node:crypto";
import { redactUrl, type CacheGeneration, type CacheSpace, type CacheStore, type StoredResponse, type StoreScope } from "@toolweave/core";
import { CACHE_DELETE, CACHE_GENERATION, CACHE_NEW_GENERATION, CACHE_SET } from "./cache-scripts.js";
import { RedisMemoryPolicy } from "./redis-memory-policy.js";
import { toReplyError, type RedisGuard } from "./redis-guard.js";
import { repairKeys, type StoreKeyType } from "./repair-keys.js";
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

interface Serialised {
  /** status */
  s: number;
  /** headers (core hands the store only headers safe to keep: see `StoredResponse`) */
  h: [string, string][];
  /** body text */
  t: string;
  /** URL that answered */
  u: string;
}

/** The Redis keys of one scope's cache; the `{...}` hash tag keeps them in one cluster slot. */
export function cacheKeys(prefix: string, scope: StoreScope) {
  const base = `${prefix}:{${scope.id}}:c`;
  return { index: `${base}:index`, meta: `${base}:meta`, total: `${base}:bytes`, generation: `${base}:gen`, entry: `${base}:e:` };
}

/**
 * The entry's name in Redis: a hash of the request URL. The URL itself is kept, redacted (no
 * credentials, no sensitive query parameters), only in the meta hash, for invalidation.
 */
const member = (key: string): string => createHash("sha256").update(key).digest("hex").slice(0, 32);

/** How long a space's generation lives without being read (ms): it is renewed by every load. */
const GENERATION_LIFETIME_MS = 60 * 60 * 1000;

/** Invalidations kept while Redis cannot be reached; beyond this the whole space is dropped on recovery. */
const MAX_PENDING = 100;

/** Generations from Redis and from the local fallback space, told apart by a prefix. */
const REDIS_GEN = "r:";
const LOCAL_GEN = "l:";
/** The generation of a load while nothing is cached (see RedisMemoryPolicy): its answer is not stored. */
const NO_GEN = "none";

/**
 * The GET cache on Redis: one entry per request URL and scope, expiring with its TTL, within
 * `maxEntries` and `maxBytes` per scope and `maxEntryBytes` per entry.
 *
 * - A store is refused when the space was invalidated after the load read its generation
 *   (a write by any process), in the same script that stores: no answer older than a write.
 * - While Redis is down (see `RedisGuard`) each space reads and writes `fallback`, an in-memory
 *   space; invalidations made meanwhile are applied to Redis before it is read again, and the
 *   fallback's entries are dropped then (they must not come back in a later outage).
 * - On a Redis that refuses writes when full (`maxmemory` with `noeviction`, as BullMQ needs)
 *   nothing is cached (one `cache-off` event) and what was stored is dropped: the cache must
 *   never make the app's own writes fail. Caching in each process instead would let one
 *   process serve an answer older than another's write, which only Redis can tell it about.
 * - A key of the wrong type under the prefix is repaired (one `bad-key` event), not treated as
 *   an outage.
 */
export function createRedisCacheStore(guard: RedisGuard, options: RedisCacheOptions, fallback: CacheStore): CacheStore {
  const memory = new RedisMemoryPolicy(guard);
  return {
    open(scope, settings): CacheSpace {
      const local = fallback.open(scope, settings);
      const keys = cacheKeys(options.prefix, scope);
      const setKeys = [keys.index, keys.meta, keys.total, keys.generation];
      const layout = (entryKey?: string): { key: string; type: StoreKeyType }[] => [
        { key: keys.index, type: "zset" },
        { key: keys.meta, type: "hash" },
        { key: keys.total, type: "string" },
        { key: keys.generation, type: "string" },
        ...(entryKey === undefined ? [] : [{ key: entryKey, type: "string" as const }]),
      ];
      const generationLifetime = Math.max(GENERATION_LIFETIME_MS, settings.ttlMs);
      /** Invalidations Redis has not seen (made while it could not be reached); `all` after too many. */
      let pending: ((key: string) => boolean)[] | "all" = [];

      /**
       * Runs a command; when a key of the space holds the wrong type (`WRONGTYPE`), repairs the
       * space's keys and runs it once more. Other failures reject.
       */
      const call = async <T>(command: () => Promise<T>, entryKey?: string): Promise<T> => {
        try {
          return await command();
        } catch (error) {
          if (toReplyError(error)?.code !== "WRONGTYPE") throw error;
          await repairKeys(guard, layout(entryKey));
          return await command();
        }
      };

      /** Drops what `matches` select in Redis, after starting a new generation (so no load running now stores). */
      const invalidateInRedis = async (matches: ((key: string) => boolean)[] | "all"): Promise<number> => {
        await call(() => guard.call((c) => runScript(c, CACHE_NEW_GENERATION, [keys.generation], [randomUUID(), generationLifetime])));
        const meta = await call(() => guard.call((c) => c.hgetall(keys.meta)));
        const members: string[] = [];
        for (const [m, value] of Object.entries(meta)) {
          const url = value.slice(value.indexOf(" ") + 1);
          if (matches === "all" || matches.some((match) => match(url))) members.push(m);
        }
        if (members.length === 0) return 0;
        return Number(await call(() => guard.call((c) => runScript(c, CACHE_DELETE, setKeys.slice(0, 3), [keys.entry, ...members]))));
      };

      /** The local space holds entries written while Redis was out: dropped once it is back, never served in a later outage. */
      let localUsed = false;
      /** The replay of `pending` running now: every caller waits for it before it reads Redis. */
      let replaying: Promise<boolean> | undefined;

      /**
       * Whether Redis can be used now: up, and every invalidation made while it was not has
       * reached it. One catch-up at a time, set before its first wait: every caller, parallel
       * reads included, waits for it before it reads Redis.
       */
      const caughtUp = async (): Promise<boolean> => {
        if (!guard.healthy) return false;
        if (replaying) return await replaying;
        if (!localUsed && pending !== "all" && pending.length === 0) return true;
        replaying = (async () => {
          if (localUsed) {
            localUsed = false;
            await local.invalidate(() => true);
          }
          if (pending !== "all" && pending.length === 0) return true;
          const replay = pending;
          pending = [];
          try {
            await invalidateInRedis(replay);
            return true;
          } catch {
            // Put them back, with any made meanwhile.
            const meanwhile = pending as typeof replay;
            pending = replay === "all" || meanwhile === "all" ? "all" : [...replay, ...meanwhile];
            return false;
          }
        })();
        try {
          return await replaying;
        } finally {
          replaying = undefined;
        }
      };

      /**
       * The local space's entries, while Redis is down — only those of this outage: entries kept
       * in an earlier one are dropped first (Redis may have seen writes since, and this scope may
       * not have been used between the outages to drop them on recovery).
       */
      let localOutage = -1;
      const localSpace = async (): Promise<typeof local> => {
        if (localOutage !== guard.outages) {
          localOutage = guard.outages;
          await local.invalidate(() => true);
        }
        return local;
      };

      // When the cache turns off (a server that refuses writes when full), what this scope
      // stored goes at once: it would hold memory the app's own writes need until its TTL.
      memory.whenOff(scope.id, () => void invalidateInRedis("all").catch(() => undefined));

      const remember = (match: (key: string) => boolean) => {
        if (pending === "all") return;
        pending.push(match);
        if (pending.length > MAX_PENDING) pending = "all";
      };

      return {
        async get(key) {
          if (!(await caughtUp())) return await (await localSpace()).get(key);
          // A server that refuses writes when full: nothing is cached (see RedisMemoryPolicy).
          if (!(await memory.cacheable())) return undefined;
          const entryKey = keys.entry + member(key);
          let text: string | null;
          try {
            text = await call(() => guard.call((c) => c.get(entryKey)), entryKey);
          } catch {
            return await (await localSpace()).get(key);
          }
          if (text === null) return undefined;
          try {
            const data = JSON.parse(text) as Serialised;
            return { status: data.s, headers: new Headers(data.h), text: data.t, url: new URL(data.u) } satisfies StoredResponse;
          } catch {
            return undefined;
          }
        },
        async generation(): Promise<CacheGeneration> {
          if (await caughtUp()) {
            if (!(await memory.cacheable())) return NO_GEN;
            try {
              const generation = await call(() => guard.call((c) => runScript(c, CACHE_GENERATION, [keys.generation], [randomUUID(), generationLifetime])));
              return REDIS_GEN + String(generation);
            } catch (error) {
              if (toReplyError(error)?.code === "OOM") {
                memory.refused(error);
                return NO_GEN;
              }
              // Redis went away: this load's answer may be kept locally.
            }
          }
          return LOCAL_GEN + String(await (await localSpace()).generation());
        },
        async set(key, value, ttlMs, since) {
          const generation = String(since);
          if (generation.startsWith(LOCAL_GEN)) {
            const localGeneration = generation.slice(LOCAL_GEN.length);
            localUsed = true;
            return await (await localSpace()).set(key, value, ttlMs, /^\d+$/.test(localGeneration) ? Number(localGeneration) : localGeneration);
          }
          // A Redis generation, but Redis is gone or was invalidated meanwhile: the answer is not
          // kept anywhere (it cannot be checked against the writes it may predate).
          if (!generation.startsWith(REDIS_GEN) || !(await caughtUp()) || !(await memory.cacheable())) return;
          const data: Serialised = { s: value.status, h: [...value.headers], t: value.text, u: redactUrl(value.url) };
          const text = JSON.stringify(data);
          if (Buffer.byteLength(text) > options.maxEntryBytes) return;
          const ttl = Math.max(1, Math.round(ttlMs));
          try {
            const stored = await call(
              () =>
                guard.call((c) =>
                  runScript(c, CACHE_SET, setKeys, [member(key), text, ttl, settings.maxEntries, options.maxBytes, keys.entry, redactUrl(key), generation.slice(REDIS_GEN.length)]),
                ),
              keys.entry + member(key),
            );
            if (Number(stored) === -2) memory.noEviction();
          } catch (error) {
            if (toReplyError(error)?.code === "OOM") memory.refused(error);
          }
        },
        async invalidate(match) {
          // The local space may hold entries written during an outage: drop those too.
          const droppedLocally = await local.invalidate(match);
          if (!(await caughtUp())) {
            remember(match);
            return droppedLocally;
          }
          try {
            return droppedLocally + (await invalidateInRedis([match]));
          } catch {
            // Not applied in Redis (or only partly): apply it before Redis is read again.
            remember(match);
            return droppedLocally;
          }
        },
      };
    },
  };
}
