import { createThrottle, type Throttle } from "./throttle.js";
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

/** A GET response as a cache store keeps it: enough to answer the same request again. */
export interface StoredResponse {
  /** HTTP status (2xx: only successful, validated answers are cached). */
  readonly status: number;
  /** Response headers. */
  readonly headers: Headers;
  /** The body as text. */
  readonly text: string;
  /** The URL that answered (after same-origin redirects). */
  readonly url: URL;
}

/** The cache entries of one scope. Every method may be async; failures count as a miss / no-op. */
export interface CacheSpace {
  /** The fresh entry for `key` (a request URL), or `undefined`. */
  get(key: string): Promise<StoredResponse | undefined> | StoredResponse | undefined;
  /** Stores `value` for `ttlMs` (the store may refuse it, e.g. when too large). */
  set(key: string, value: StoredResponse, ttlMs: number): Promise<void> | void;
  /** Drops every entry whose key `match`es (after a write to the API); returns how many. */
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

/** The default fingerprint key (public; see {@link Stores.fingerprintKey}). */
const DEFAULT_FINGERPRINT_KEY = "toolweave/credential-fingerprint/v1";

const hex = (bytes: ArrayBuffer): string => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * A keyed hash of the credential a connector writes: HMAC-SHA256 (Web Crypto, any runtime)
 * over the header names and values `authenticate` sets, hex, first 32 characters.
 * `"anonymous"` when there is no credential. The same token always gives the same fingerprint
 * (for the same key); two tokens never share one in practice.
 */
export async function credentialFingerprint(authenticate: ((headers: Headers) => void) | undefined, key: string = DEFAULT_FINGERPRINT_KEY): Promise<string> {
  if (!authenticate) return "anonymous";
  const headers = new Headers();
  authenticate(headers);
  const material = [...headers].map(([name, value]) => `${name}:${value}`).sort().join("\n");
  if (material === "") return "anonymous";
  const encoder = new TextEncoder();
  const subtle = globalThis.crypto.subtle;
  const cryptoKey = await subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return hex(await subtle.sign("HMAC", cryptoKey, encoder.encode(material))).slice(0, 32);
}

/** The {@link StoreScope} of a client: provider, API origin and credential fingerprint. */
export async function storeScope(provider: string, baseUrl: URL, authenticate: ((headers: Headers) => void) | undefined, fingerprintKey?: string): Promise<StoreScope> {
  const fingerprint = await credentialFingerprint(authenticate, fingerprintKey);
  return { provider, origin: baseUrl.origin, fingerprint, id: `${provider}:${baseUrl.host}:${fingerprint}` };
}

/**
 * A throttle that opens its store-backed throttle once `opening` settles (the fingerprint is
 * computed asynchronously) and uses `fallback()` if opening fails. Pauses and observations
 * made before then are applied once it is open.
 */
export function deferredThrottle(opening: Promise<Throttle>, fallback: () => Throttle): Throttle {
  let inner: Throttle | undefined;
  const early: ((t: Throttle) => void)[] = [];
  const ready = opening.then(
    (t) => t,
    () => fallback(),
  ).then((t) => {
    inner = t;
    for (const apply of early.splice(0)) apply(t);
    return t;
  });
  const later = (apply: (t: Throttle) => void) => (inner ? apply(inner) : early.push(apply));
  return {
    async run(task, signal) {
      const t = inner ?? (await ready);
      return await t.run(task, signal);
    },
    pauseFor(ms) {
      later((t) => t.pauseFor(ms));
    },
    observe(observation) {
      later((t) => t.observe(observation));
    },
    get inFlight() {
      return inner?.inFlight ?? 0;
    },
    get queued() {
      return inner?.queued ?? 0;
    },
    get pausedUntil() {
      return inner?.pausedUntil ?? 0;
    },
    get requestsPerSecond() {
      return inner?.requestsPerSecond ?? 0;
    },
    get mode() {
      return inner?.mode ?? "adaptive";
    },
  };
}

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
        const space: CacheSpace = {
          get(key) {
            const entry = entries.get(key);
            if (!entry) return undefined;
            if (entry.expires <= Date.now()) {
              entries.delete(key);
              return undefined;
            }
            entries.delete(key);
            entries.set(key, entry);
            return entry.value;
          },
          set(key, value, ttlMs) {
            entries.delete(key);
            entries.set(key, { value, expires: Date.now() + ttlMs });
            while (entries.size > settings.maxEntries) entries.delete(entries.keys().next().value as string);
          },
          invalidate(match) {
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
