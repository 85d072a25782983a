import { NOW } from "./scripts.js";

/**
 * The Lua scripts behind the shared GET cache (see `scripts.ts` for how scripts run: atomically,
 * on the Redis server's clock).
 */

/**
 * Lua helpers of the cache scripts. Values under the prefix may have been written by another
 * program: a number that does not parse counts as absent and is rewritten, never a script error.
 * KEYS[3] is the scope's byte total.
 */
const HELPERS = `local function int(v)
  if v and string.match(v, '^%-?%d+$') then return tonumber(v) end
  return nil
end
local function addBytes(delta)
  if int(redis.call('GET', KEYS[3])) == nil then redis.call('DEL', KEYS[3]) end
  return redis.call('INCRBY', KEYS[3], delta)
end
local function metaBytes(meta)
  return tonumber(string.match(meta, '^%d+')) or 0
end
`;

/**
 * Refuses to write on a server that would refuse the app's own writes when full: maxmemory set
 * with the noeviction policy (BullMQ's). Read from INFO each time, so a policy changed at run
 * time counts at once; with INFO not allowed to this user (ACL), the check is skipped.
 */
const NOEVICTION_GUARD = `local info = redis.pcall('INFO', 'memory')
if type(info) == 'string' then
  local max = tonumber(string.match(info, 'maxmemory:(%d+)')) or 0
  local policy = string.match(info, 'maxmemory_policy:([%w%-]+)') or ''
  if max > 0 and policy == 'noeviction' then return -2 end
end
`;

/**
 * Store one cache entry and keep the key space within its limits: expired index entries are
 * dropped, then the entries closest to expiry until at most maxEntries and maxBytes remain.
 * Returns the byte total, or:
 * - -1 (nothing written) when the space's generation is no longer the one the load read before
 *   it sent its request: a write invalidated the space since, and the value may predate it. The
 *   check and the store are one atomic step.
 * - -2 (nothing written) on a server with maxmemory and the noeviction policy.
 * KEYS: index (zset member→expiry), meta (hash member→"bytes url"), total (string: bytes), generation.
 * ARGV: member, value, ttlMs, maxEntries, maxBytes, entryKeyPrefix, url, generation read.
 */
export const CACHE_SET = `${NOW}${HELPERS}${NOEVICTION_GUARD}
if redis.call('GET', KEYS[4]) ~= ARGV[8] then return -1 end
local prefix = ARGV[6]
local function remove(m)
  local meta = redis.call('HGET', KEYS[2], m)
  if meta then
    addBytes(-metaBytes(meta))
    redis.call('HDEL', KEYS[2], m)
  end
  redis.call('ZREM', KEYS[1], m)
  redis.call('DEL', prefix .. m)
end
for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do remove(m) end
remove(ARGV[1])
local ttl = tonumber(ARGV[3])
local bytes = string.len(ARGV[2])
redis.call('SET', prefix .. ARGV[1], ARGV[2], 'PX', ttl)
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], tostring(bytes) .. ' ' .. ARGV[7])
local total = addBytes(bytes)
local maxEntries = tonumber(ARGV[4])
local maxBytes = tonumber(ARGV[5])
while redis.call('ZCARD', KEYS[1]) > maxEntries or total > maxBytes do
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
  if not oldest then break end
  remove(oldest)
  total = int(redis.call('GET', KEYS[3])) or 0
end
local keep = math.max(ttl, redis.call('PTTL', KEYS[1]))
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], keep) end
return total
`;

/**
 * Drop the given cache entries. Deletions first, the byte total last: on a full server with the
 * noeviction policy Redis refuses a script whose first write could grow memory, and this one
 * must work there (it is how the cache gives memory back).
 * KEYS: index, meta, total. ARGV: entryKeyPrefix, members... Returns how many.
 */
export const CACHE_DELETE = `${HELPERS}
local prefix = ARGV[1]
local dropped = 0
local bytes = 0
for i = 2, #ARGV do
  local m = ARGV[i]
  local meta = redis.call('HGET', KEYS[2], m)
  redis.call('DEL', prefix .. m)
  redis.call('ZREM', KEYS[1], m)
  if meta then
    redis.call('HDEL', KEYS[2], m)
    bytes = bytes + metaBytes(meta)
    dropped = dropped + 1
  end
end
if bytes > 0 and int(redis.call('GET', KEYS[3])) ~= nil then redis.call('DECRBY', KEYS[3], bytes) end
return dropped
`;

/**
 * The space's generation, created (with the random token given) when there is none, its
 * lifetime renewed on every read. When it lapses, the next read makes a new token: a load that
 * read the old one is refused, never wrongly accepted.
 * KEYS: generation. ARGV: fresh token, lifetime (ms). Returns the generation.
 */
export const CACHE_GENERATION = `local g = redis.call('GET', KEYS[1])
if not g then
  g = ARGV[1]
  redis.call('SET', KEYS[1], g, 'PX', ARGV[2])
else
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return g
`;

/**
 * What the server does when full: maxmemory (bytes, 0 = no limit) and maxmemory-policy. With a
 * limit and the noeviction policy (the one BullMQ requires) a full server refuses writes.
 * Read from INFO, which scripts may call (CONFIG may not, and managed Redis often renames it).
 * Returns {maxmemory, policy}.
 */
export const MEMORY_POLICY = `local info = redis.call('INFO', 'memory')
local max = tonumber(string.match(info, 'maxmemory:(%d+)')) or 0
local policy = string.match(info, 'maxmemory_policy:([%w%-]+)') or ''
return {max, policy}
`;

/**
 * Starts a new generation (a write invalidated the space) by deleting the current one: the next
 * load makes a fresh token, and a load holding the old one is refused. Only a deletion, so it
 * works on a full server too. KEYS: generation.
 */
export const CACHE_NEW_GENERATION = `redis.call('DEL', KEYS[1])
return 1
`;
