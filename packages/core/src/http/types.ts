import type { ZodType } from "zod";
import type { ToolweaveError } from "../errors.js";
import type { AdaptiveRateSettings } from "./adaptive-rate.js";
import type { Stores } from "./stores.js";

/** An HTTP method the client sends. */
export type HttpMethod = "GET" | "HEAD" | "OPTIONS" | "DELETE" | "PUT" | "POST" | "PATCH";

/** One query parameter's value: `null`/`undefined` omit it; an array repeats the parameter once per element. */
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];
/** Query parameters by name; values are URL-encoded by the client. */
export type Query = Record<string, QueryValue>;

/**
 * Retry policy with exponential backoff and jitter. HTTP 408/502/503/504, timeouts and network
 * failures are retried for idempotent requests; 429 for any method. Never 400/401/403/404.
 */
export interface RetrySettings {
  /** Retries after the first attempt, 0–20. Default 4; 0 disables retries. */
  retries?: number;
  /** First backoff delay (ms) before jitter. Default 500. */
  minDelayMs?: number;
  /** Largest backoff delay (ms). Default 15_000. */
  maxDelayMs?: number;
  /** Longest `Retry-After` we accept (ms); a longer one fails with `RateLimitedError`. Default 60_000. */
  maxRetryAfterMs?: number;
}

/** Client-side rate limiting, applied per connector instance. */
export interface ThrottleSettings {
  /** Requests in flight at once, per connector instance. Default 8. */
  maxConcurrency?: number;
  /**
   * Requests started per second, per connector instance; `Infinity` for no rate limit. When
   * left out, the rate is learnt from the server (see `adaptive`); a configured rate always wins.
   */
  requestsPerSecond?: number;
  /** How the rate is learnt when `requestsPerSecond` is left out (start, floor, ceiling). */
  adaptive?: AdaptiveRateSettings;
}

/** In-memory cache of GET responses, per connector instance. */
export interface CacheSettings {
  /** How long a GET response is reused (ms). */
  ttlMs: number;
  /** Entries kept at most (least recently used dropped first). Default 500. */
  maxEntries?: number;
}

/** Events for logging and metrics. They carry redacted data only: never headers or bodies. */
export interface HttpEventBase {
  provider: string;
  operation: string;
  method: HttpMethod;
  /** Redacted URL. */
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
}
export interface HttpRequestEvent extends HttpEventBase {}
export interface HttpResponseEvent extends HttpEventBase {
  status: number;
  durationMs: number;
  fromCache: boolean;
}
export interface HttpRetryEvent extends HttpEventBase {
  delayMs: number;
  reason: string;
  status?: number;
}
export interface HttpErrorEvent extends HttpEventBase {
  error: ToolweaveError;
}
/** Callbacks for logging and metrics; each receives redacted data only. */
export interface HttpHooks {
  /** Called before each attempt is sent. */
  onRequest?(event: HttpRequestEvent): void;
  /** Called for each HTTP answer (any status), including one served from the cache. */
  onResponse?(event: HttpResponseEvent): void;
  /** Called before waiting to retry, with the delay and the reason. */
  onRetry?(event: HttpRetryEvent): void;
  /** Called once when a request finally fails, with the error about to be thrown. */
  onError?(event: HttpErrorEvent): void;
}

/** What a provider's error mapper sees for a non-2xx answer. */
export interface HttpErrorContext {
  provider: string;
  operation: string;
  method: HttpMethod;
  /** Redacted request URL, so a mapper can tell routes apart. */
  url: string;
  status: number;
  headers: Headers;
  /** Parsed JSON body when it was JSON, else `undefined`. */
  json: unknown;
  /** Raw body text (may be empty). Redact before putting any of it in a message. */
  text: string;
  /** The error core would throw; return it, a replacement, or `undefined` to keep it. */
  defaultError: ToolweaveError;
}

/**
 * The shared runtime settings every connector factory accepts and passes to `createHttpClient`;
 * validated by `runtimeSettingsShape` (connectors) and `runtimeSettingsProblems` (the client),
 * both made from `RUNTIME_SETTING_BOUNDS`.
 */
export interface RuntimeSettings {
  /** `fetch` implementation (tests, other runtimes). Default: global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Per-attempt timeout (ms, 1–600_000), headers and body. Default 10_000. */
  timeoutMs?: number;
  /** Overall deadline for one call including retries and waits (ms, 1–3_600_000). Default 60_000. */
  deadlineMs?: number;
  /** Retry policy; `false` disables retries. */
  retry?: RetrySettings | false;
  /** Client-side throttle per instance; `false` disables it. */
  throttle?: ThrottleSettings | false;
  /** Opt-in GET cache. Default off. */
  cache?: CacheSettings | false;
  /** Logging and metrics hooks (redacted data only). */
  hooks?: HttpHooks;
  /**
   * Where the throttle and the GET cache keep their state. Default: in memory, per client.
   * With a shared store (`createRedisStores` from `@toolweave/redis`) every client with the
   * same provider, API origin and credential shares one rate budget, one in-flight limit, one
   * 429 pause and one cache, across processes.
   */
  stores?: Stores;
  /** Pages fetched at most by one list call. Default 1000. */
  maxPages?: number;
  /** Largest response body read, in bytes; a larger one is an `InvalidResponseError`. Default 32 MiB. */
  maxResponseBytes?: number;
  /**
   * Your app's product token(s), appended to the connector's own in the `User-Agent` header
   * (`toolweave-circleci/0.2.0 acme-portal/2.3`), so the vendor can tell your traffic apart.
   */
  userAgent?: string;
}

/** Client settings: the shared runtime settings (timeouts, retry, throttle, cache, hooks) and the provider's wiring. */
export interface HttpClientSettings extends Omit<RuntimeSettings, "maxPages"> {
  /** Connector id used in errors and events, e.g. `circleci`. */
  provider: string;
  /** Display name used in messages, e.g. `CircleCI`. */
  displayName?: string;
  /** API base URL; `https:` required unless the host is loopback. */
  baseUrl: string | URL;
  /** Writes the credential into the request headers; the only place a secret is revealed. */
  authenticate?: (headers: Headers) => void;
  /** Headers sent on every request (no secrets here: use `authenticate`). */
  headers?: Record<string, string>;
  /** Maps a non-2xx answer to a provider-specific error (the provider's error mapper). */
  mapError?: (context: HttpErrorContext) => ToolweaveError | undefined;
  /**
   * The connector's product token for the `User-Agent` header, e.g. `toolweave-circleci/0.2.0`.
   * Default `toolweave-core/<version>`. The app's own `userAgent` setting is appended to it.
   */
  product?: string;
  /** Maximum redirects followed (same origin only). Default 5. */
  maxRedirects?: number;
}

/** One request made through {@link HttpClient.request}. */
export interface RequestOptions<T> {
  /** Operation name for errors and events, e.g. `listPipelines`. */
  operation: string;
  /** HTTP method. Default `GET`. */
  method?: HttpMethod;
  /** Path relative to the base URL; build it with `encodePath` so user input is encoded. */
  path: string;
  /** Query parameters, encoded by the client. */
  query?: Query;
  /** Request body, sent as JSON. */
  body?: unknown;
  /** Extra headers for this request (no secrets: the client's `authenticate` writes the credential). */
  headers?: Record<string, string>;
  /** Lenient schema for the response body; its output is returned. */
  schema?: ZodType<T>;
  /** Cancels the request (and any retry wait); the call then rejects with `AbortedError`. */
  signal?: AbortSignal;
  /** Whether this request may be repeated safely. Defaults to true for GET/HEAD/OPTIONS/PUT/DELETE. */
  idempotent?: boolean;
  /** Skip the cache for this call (when the client has one). */
  noCache?: boolean;
}

/** A successful (2xx) answer from {@link HttpClient.request}. */
export interface HttpResponse<T> {
  /** The parsed body, validated by the request's `schema` when it had one. */
  data: T;
  /** HTTP status. */
  status: number;
  /** Response headers. */
  headers: Headers;
  /** Redacted final URL (after same-origin redirects). */
  url: string;
}

/** A provider's HTTP client, made by {@link createHttpClient}: timeouts, retries, throttle, cache and error mapping. */
export interface HttpClient {
  /** Connector id, e.g. `circleci`. */
  readonly provider: string;
  /** The normalised API base URL (ends with `/`). */
  readonly baseUrl: URL;
  /**
   * Sends a request and returns the answer. Throws a `ToolweaveError` subclass for a non-2xx
   * answer (via the provider's error mapper), a timeout, a network failure, a refused redirect,
   * an invalid body (`InvalidResponseError`) or an abort (`AbortedError`).
   */
  request<T = unknown>(options: RequestOptions<T>): Promise<HttpResponse<T>>;
  /** GET and return the validated body. */
  get<T = unknown>(options: Omit<RequestOptions<T>, "method" | "body">): Promise<T>;
}
