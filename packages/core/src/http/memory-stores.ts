import { createThrottle, type Throttle } from "./throttle.js";
import type { CacheSpace, StoredResponse, Stores } from "./stores.js";

interface MemoryEntry {
  value: StoredResponse;
  expires: number;
}

/**
 * In-memory stores shared by every client of this process that uses them: clients with the
 * same scope (provider, origin, credential) share one throttle and one cache. The reference
 * implementation of the store interfaces (the shared store behaviour suite in
 * `@toolweave/core/testing` runs against it), and a way to give several connector instances
 * of one process one budget. Not shared between processes: use `@toolweave/redis` for that.
 */
export function createMemoryStores(): Required<Omit<Stores, "fingerprintKey">> {
  const throttles = new Map<string, Throttle>();
  const spaces = new Map<string, CacheSpace>();
  return {
    throttle: {
      open(scope, settings) {
        let throttle = throttles.get(scope.id);
        if (!throttle) {
          throttle = createThrottle(settings.maxConcurrency, settings.requestsPerSecond, settings.adaptive);
          throttles.set(scope.id, throttle);
        }
        return throttle;
      },
    },
    cache: {
      open(scope, settings) {
        const existing = spaces.get(scope.id);
        if (existing) return existing;
        const entries = new Map<string, MemoryEntry>();
        // Bumped by every invalidate: a load that started before it is not stored.
        let generation = 0;
        const space: CacheSpace = {
          get(key) {
            const entry = entries.get(key);
            if (!entry) return undefined;
            if (entry.expires <= performance.now()) {
              entries.delete(key);
              return undefined;
            }
            entries.delete(key);
            entries.set(key, entry);
            return entry.value;
          },
          generation() {
            return generation;
          },
          set(key, value, ttlMs, since) {
            if (since !== generation) return;
            entries.delete(key);
            entries.set(key, { value, expires: performance.now() + ttlMs });
            while (entries.size > settings.maxEntries) entries.delete(entries.keys().next().value as string);
          },
          invalidate(match) {
            generation += 1;
            let dropped = 0;
            for (const key of [...entries.keys()]) {
              if (match(key)) {
                entries.delete(key);
                dropped += 1;
              }
            }
            return dropped;
          },
        };
        spaces.set(scope.id, space);
        return space;
      },
    },
  };
}
