import type { Throttle } from "./throttle.js";
import type { AdaptiveRateSettings } from "./adaptive-rate.js";

/**
 * Who a throttle or a cache belongs to: one provider, one API origin, one credential. Two
 * clients with the same scope share a store's budget and cache entries; two tokens never do.
 */
export interface StoreScope {
  /** Connector id, e.g. `circleci`. */
  readonly provider: string;
  /** The API origin, e.g. `https://circleci.com` (scheme, host, port; no path). */
  readonly origin: string;
  /**
   * A keyed hash (HMAC-SHA256, hex, 32 characters) of the credential headers the connector
   * writes, or `"anonymous"` without a credential. The credential itself never appears.
   */
  readonly fingerprint: string;
  /** `provider:host:fingerprint` — the scope as one string, safe to put in store keys. */
  readonly id: string;
}

/** The throttle a store is asked for: the client's settings, with defaults filled in. */
export interface StoreThrottleSettings {
  /** Requests in flight at once (for a shared store: across every process with this scope). */
  readonly maxConcurrency: number;
  /** Starts per second (for a shared store: across every process); left out: learnt from the server. */
  readonly requestsPerSecond?: number;
  /** How the rate is learnt when `requestsPerSecond` is left out. */
  readonly adaptive?: AdaptiveRateSettings;
}

/**
 * Where the throttle's state lives: rate, in-flight count, 429 pause and the learnt rate.
 * `open` is called once per client; it must not throw and must return a throttle that never
 * hangs or loses a task when the store fails (fall back to local throttling instead).
 */
export interface ThrottleStore {
  /** The throttle for one scope (shared with every other throttle this store opened for the same `scope.id`). */
  open(scope: StoreScope, settings: StoreThrottleSettings): Throttle;
}

/**
 * A GET response as a cache store keeps it: enough to answer the same request again. The
 * client hands a store only what is safe to keep: headers that describe the wire (`connection`,
 * `content-length`, `content-encoding`, `transfer-encoding`, `keep-alive`), session cookies and
 * any header named like the credential the connector sends are left out, and in every other
 * header value and in the body the values of live secrets are masked (a server that echoes the
 * token back does not get it written to a shared store).
 */
export interface StoredResponse {
  /** HTTP status (2xx: only successful, validated answers are cached). */
  readonly status: number;
  /** Response headers (see above for what is left out). */
  readonly headers: Headers;
  /** The body as text. */
  readonly text: string;
  /** The URL that answered (after same-origin redirects). */
  readonly url: URL;
}

/**
 * A cache space's write generation, from {@link CacheSpace.generation}: an opaque value that
 * changes with every `invalidate`.
 */
export type CacheGeneration = string | number;

/**
 * The cache entries of one scope. Every method may be async; failures count as a miss / no-op.
 *
 * Reads and writes can race: a load that read the API before a write (by any client or
 * process sharing the space) must not be stored after that write's `invalidate`. So a load
 * reads `generation()` before it sends its request and passes it to `set`, and `set` refuses
 * the value when an `invalidate` ran since — checked in the same atomic step as the store.
 */
export interface CacheSpace {
  /** The fresh entry for `key` (a request URL), or `undefined`. */
  get(key: string): Promise<StoredResponse | undefined> | StoredResponse | undefined;
  /** The space's write generation now (read before a load sends its request). */
  generation(): Promise<CacheGeneration> | CacheGeneration;
  /**
   * Stores `value` for `ttlMs`, unless an `invalidate` ran since `generation` was read (then
   * nothing is stored); the store may also refuse it for its own reasons, e.g. size.
   */
  set(key: string, value: StoredResponse, ttlMs: number, generation: CacheGeneration): Promise<void> | void;
  /**
   * Drops every entry whose key `match`es (after a write to the API) and starts a new
   * generation, so loads already running anywhere do not store what they read; returns how many
   * entries it dropped.
   */
  invalidate(match: (key: string) => boolean): Promise<number> | number;
}

/** Where the GET cache keeps its entries. Merging identical in-flight GETs always stays in the process. */
export interface CacheStore {
  /** The entries of one scope, limited to `maxEntries` (the client's `cache.maxEntries` or its default). */
  open(scope: StoreScope, settings: { readonly ttlMs: number; readonly maxEntries: number }): CacheSpace;
}

/**
 * The `stores` runtime setting: where the throttle and the GET cache keep their state. Leave it
 * out for today's per-client, in-memory behaviour; pass `createRedisStores(...)` from
 * `@toolweave/redis` to share one budget and one cache between processes.
 */
export interface Stores {
  /** Throttle state; left out: a throttle of this client's own, in memory. */
  readonly throttle?: ThrottleStore;
  /** GET cache entries (used only when the `cache` setting is on); left out: in memory, per client. */
  readonly cache?: CacheStore;
  /**
   * Key of the HMAC that fingerprints credentials. Processes that should share a budget must
   * use the same key. Default: a fixed, public key (tokens are long random strings, so the
   * fingerprint still does not reveal them); set a secret of your own to make it a keyed hash.
   */
  readonly fingerprintKey?: string;
}
