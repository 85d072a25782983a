import { createRedisStores } from "@toolweave/redis";
import type { Stores } from "@toolweave/core";

/** The stores a worker's connectors share, as one value: the `stores` setting (or none) and how to close them. */
export interface FleetStores {
  /** Spread into each connector's settings: `{ stores }` on Redis, `{}` for per-process throttles and cache. */
  readonly settings: { stores?: Stores };
  /** What the worker uses, for its start line. */
  readonly description: string;
  close(): Promise<void>;
}

/**
 * `redis` (the default): one rate budget, 429 pause and GET cache per provider + API origin +
 * credential, shared by every worker on this Redis. The stores get their own connection (not
 * BullMQ's, whose commands wait for Redis forever): when Redis is down or slow they fall back
 * to local throttling and report it through `onEvent`, and recover when it returns.
 * `commandTimeoutMs` is how long one Redis command may take before that fallback (the stores'
 * default, 250 ms, unless given): raise it on a host so loaded that Redis answers late.
 * `local`: no stores, each process throttles for itself (what the benchmark compares against).
 */
export function openStores(mode: "redis" | "local", url: string, warn: (line: string) => void, commandTimeoutMs?: number): FleetStores {
  if (mode === "local") return { settings: {}, description: "per-process throttle and cache (TOOLWEAVE_STORES=local)", close: async () => {} };
  const stores = createRedisStores({ url, ...(commandTimeoutMs ? { commandTimeoutMs } : {}), onEvent: (event) => warn(`stores ${event.type}: ${event.message}`) });
  return { settings: { stores }, description: "shared Redis stores (one budget per token)", close: () => stores.close() };
}
