import { createHash } from "node:crypto";
import type { RedisClientLike } from "./redis-client-like.js";

/**
 * The Lua scripts behind the shared stores. Each runs atomically in Redis (no other command
 * runs between its steps), so every process sees one consistent budget. Times come from the
 * Redis server's clock (`TIME`), never from the clients', so clock skew between machines
 * does not matter. Numbers written to Redis go through `tostring` (Redis would truncate a Lua
 * float to an integer). A value of the right type that is not a number (written by another
 * program under the prefix) counts as absent and is rewritten: it never makes a script fail.
 */

export const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
-- A stored time or rate, or \`fallback\` when it is not one a client could have written: not a
-- number, NaN, infinite, or a time more than 2^31 ms (the longest pause any setting allows)
-- from now. Another program's value counts as absent and is rewritten, never obeyed.
local function num(v, fallback)
  local n = tonumber(v)
  if n == nil or n ~= n or n == math.huge or n == -math.huge then return fallback end
  return n
end
local function time(v, fallback)
  local n = num(v, fallback)
  if math.abs(n - now) > 2147483648 then return fallback end
  return n
end
`;

/**
 * Take an in-flight lease and a start slot.
 * KEYS: leases (zset id→expiry), state (hash: tat, rate, slow, grewAt, demandAt, cutAt), pause, starts (zset id→start)
 * ARGV: leaseId, leaseMs, maxConcurrency (0 = none), intervalMs (-1 = adaptive), initialRate, minRate, maxRate, idleMs
 * Returns {granted (0|1), waitMs (-1 = no slot: poll), rate (string, adaptive only), pausedMs, server now (ms)}.
 */
export const ACQUIRE = `${NOW}
local pause = time(redis.call('GET', KEYS[3]), 0)
if pause > now then return {0, pause - now, '', pause - now, now} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local max = tonumber(ARGV[3])
if max > 0 and redis.call('ZCARD', KEYS[1]) >= max then return {0, -1, '', 0, now} end
local idle = tonumber(ARGV[8])
local tat = time(redis.call('HGET', KEYS[2], 'tat'), 0)
local start = math.max(now, tat)
local interval = tonumber(ARGV[4])
local rate = ''
if interval < 0 then
  local st = redis.call('HMGET', KEYS[2], 'rate', 'slow', 'grewAt', 'demandAt')
  local r = num(st[1], tonumber(ARGV[5]))
  if r <= 0 then r = tonumber(ARGV[5]) end
  r = math.max(tonumber(ARGV[6]), math.min(tonumber(ARGV[7]), r))
  local slow = st[2] ~= '0'
  local grewAt = time(st[3], now)
  local demandAt = time(st[4], -1e15)
  local dt = now - grewAt
  if dt > 0 and now - demandAt <= 1000 then
    local factor
    if slow then factor = 2 ^ (dt / 100) else factor = 1 + (0.002 * dt) / 1000 end
    r = math.min(tonumber(ARGV[7]), r * factor)
  end
  interval = 1000 / r
  start = math.max(now, tat)
  if start > now then demandAt = now end
  redis.call('HSET', KEYS[2], 'rate', tostring(r), 'grewAt', tostring(now), 'demandAt', tostring(demandAt))
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - 2000)
  redis.call('ZADD', KEYS[4], start, ARGV[1])
  redis.call('PEXPIRE', KEYS[4], idle)
  rate = tostring(r)
end
redis.call('HSET', KEYS[2], 'tat', tostring(start + interval))
redis.call('PEXPIRE', KEYS[2], idle)
redis.call('ZADD', KEYS[1], start + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], idle)
return {1, start - now, rate, 0, now}
`;

/**
 * Keep a lease alive while its request runs. KEYS: leases. ARGV: leaseId, leaseMs.
 */
export const RENEW = `${NOW}
return redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
`;

/**
 * Hold every process's requests until `ms` from now (a 429 with Retry-After, or rate-limit
 * headers saying nothing is left). Never shortens a longer pause. KEYS: pause. ARGV: ms.
 * Returns the pause left (ms).
 */
export const PAUSE = `${NOW}
local ms = tonumber(ARGV[1])
local cur = time(redis.call('GET', KEYS[1]), 0)
if now + ms > cur then
  redis.call('SET', KEYS[1], tostring(now + ms), 'PX', math.max(1, math.ceil(ms)))
  return ms
end
return cur - now
`;

/** The pause left (ms), 0 when none. KEYS: pause. */
export const PAUSED = `${NOW}
local cur = time(redis.call('GET', KEYS[1]), 0)
if cur > now then return cur - now end
return 0
`;

/**
 * A 429 answered a request sent at ARGV[1] (server ms): cut the shared rate as the in-memory
 * adaptive rate does — to 95% of the starts in the second before it, but at most halved in one
 * cut (the count may miss starts made on a local fallback); one cut per second.
 * KEYS: state, starts. ARGV: sentAt, initialRate, minRate, idleMs. Returns the rate (string).
 */
export const CUT = `${NOW}
local st = redis.call('HMGET', KEYS[1], 'rate', 'cutAt')
local r = num(st[1], tonumber(ARGV[2]))
if r <= 0 then r = tonumber(ARGV[2]) end
local cutAt = time(st[2], -1e15)
if now - cutAt >= 1000 then
  local sentAt = tonumber(ARGV[1])
  local shown = redis.call('ZCOUNT', KEYS[2], '(' .. tostring(sentAt - 1000), '(' .. tostring(sentAt))
  local fromShown = shown * 0.95
  -- Never below half the current rate in one cut: Redis does not see the starts a process made
  -- on its local fallback, so a low count may be an under-count. Persistent 429s cut again a
  -- second later.
  local nextRate = math.max(fromShown, r / 2)
  r = math.max(tonumber(ARGV[3]), math.min(nextRate, r * 0.95))
  redis.call('HSET', KEYS[1], 'rate', tostring(r), 'slow', '0', 'cutAt', tostring(now))
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
end
return tostring(r)
`;

const shas = new Map<string, string>();
const sha1 = (script: string): string => {
  let sha = shas.get(script);
  if (!sha) {
    sha = createHash("sha1").update(script).digest("hex");
    shas.set(script, sha);
  }
  return sha;
};

/**
 * Runs `script` by its SHA (EVALSHA), loading it with EVAL when the server does not know it
 * yet (first use, or after a restart emptied its script cache). Does not change the client.
 */
export async function runScript(client: RedisClientLike, script: string, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  try {
    return await client.evalsha(sha1(script), keys.length, ...keys, ...args);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("NOSCRIPT")) return await client.eval(script, keys.length, ...keys, ...args);
    throw error;
  }
}
