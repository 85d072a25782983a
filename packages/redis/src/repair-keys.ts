import type { RedisGuard } from "./redis-guard.js";
import { runScript } from "./scripts.js";

/** The Redis types the stores keep in their keys. */
export type StoreKeyType = "string" | "hash" | "zset";

/**
 * Delete KEYS[1] if it holds a type other than ARGV[1] (none: nothing to do). TYPE and DEL in
 * one script, so a correct value another process writes meanwhile is never deleted.
 * Returns the type found when the key was deleted, else false (nil).
 */
export const REPAIR_KEY = `local found = redis.call('TYPE', KEYS[1])['ok']
if found == 'none' or found == ARGV[1] then return false end
redis.call('DEL', KEYS[1])
return found
`;

/** Don't report the same key again within this long (ms): one event per outage, not one per request. */
const QUIET_MS = 60_000;

/** When each guard last reported each key (epoch ms). */
const reported = new WeakMap<RedisGuard, Map<string, number>>();

/**
 * Finds the keys of `expected` (the stores' own keys) that hold another type than expected
 * (something else wrote under the prefix), deletes them, reports one `bad-key` event per key
 * (at most once a minute per key and guard) and returns the keys deleted. A key another process
 * repaired first is not reported again. Never throws: a key that cannot be checked is skipped.
 */
export async function repairKeys(guard: RedisGuard, expected: ReadonlyArray<{ readonly key: string; readonly type: StoreKeyType }>): Promise<string[]> {
  const results = await Promise.all(
    expected.map(async ({ key, type }) => {
      try {
        const found = await guard.call((c) => runScript(c, REPAIR_KEY, [key], [type]));
        return typeof found === "string" ? { key, type, found } : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  const repaired: string[] = [];
  let seen = reported.get(guard);
  if (!seen) reported.set(guard, (seen = new Map()));
  const now = Date.now();
  for (const result of results) {
    if (!result) continue;
    repaired.push(result.key);
    const last = seen.get(result.key);
    if (last !== undefined && now - last < QUIET_MS) continue;
    seen.set(result.key, now);
    guard.report({
      type: "bad-key",
      key: result.key,
      expected: result.type,
      found: result.found,
      message:
        `toolweave: the Redis key ${result.key} held a ${result.found}, not the ${result.type} the stores keep there; deleted it, and the shared budget and cache carry on. ` +
        "Something else writes under the stores' prefix: give the stores a prefix of their own (the prefix option of createRedisStores).",
    });
  }
  return repaired;
}
