/**
 * `@toolweave/redis`: throttle and GET-cache stores on Redis, so every process using the same
 * credential shares one rate budget, one in-flight limit, one 429 pause and one cache.
 *
 * @packageDocumentation
 */
export { createRedisStores, type RedisStores, type RedisStoresOptions } from "./create-redis-stores.js";
export { RedisReplyError, type RedisStoreEvent } from "./redis-guard.js";
export type { RedisClientLike } from "./redis-client-like.js";
