/**
 * What the stores need from a Redis client: six commands, all promise-returning. An ioredis
 * client (5.x or 6.x, so also the one BullMQ gives you) has them; so can any client or wrapper
 * you write.
 *
 * The package's public types use this interface and never ioredis's own: an app's strict
 * typecheck (`skipLibCheck: false`) reads only toolweave's declarations, so a release of
 * ioredis whose `.d.ts` files do not typecheck (6.1.0 imports the untyped `redis-errors`) or an
 * app on another ioredis major cannot break it.
 */
export interface RedisClientLike {
  /** `EVALSHA sha numkeys key… arg…`: runs a script the server already knows. */
  evalsha(sha: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
  /** `EVAL script numkeys key… arg…`: runs (and caches) a script. */
  eval(script: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
  /** `GET key`. */
  get(key: string): Promise<string | null>;
  /** `HGETALL key`. */
  hgetall(key: string): Promise<Record<string, string>>;
  /** `ZREM key member…`. */
  zrem(key: string, ...members: string[]): Promise<number>;
  /** `PING`: probes a Redis that stopped answering. */
  ping(): Promise<string>;
}
