import {
  AbortedError,
  ConfigurationError,
  InvalidInputError,
  InvalidResponseError,
  NetworkError,
  RedirectError,
  TimeoutError,
  ToolweaveError,
  redactedCause,
  type ConfigurationProblem,
  type RequestSummary,
} from "../errors.js";
import { redactExcerpt, redactText, redactUrl } from "../redact.js";
import { validateResponse } from "../validate.js";
import { joinUrl, normalizeBaseUrl } from "./base-url.js";
import { defaultHttpError } from "./default-error.js";
import { CORE_VERSION } from "../version.js";
import { isNetworkFailure } from "./is-network-failure.js";
import { MAX_USER_AGENT_LENGTH, PRODUCT_TOKENS } from "./product-tokens.js";
import { serializeBody } from "./serialize-body.js";
import { backoffDelay, parseRetryAfter } from "./retry-after.js";
import { onAbort } from "./on-abort.js";
import { sleep } from "./sleep.js";
import { createThrottle, type Throttle } from "./throttle.js";
import { TtlCache } from "./ttl-cache.js";
import { storeScope } from "./credential-fingerprint.js";
import { deferredThrottle } from "./deferred-throttle.js";
import { AttemptTimeouts } from "./attempt-timeouts.js";
import type { StoredResponse } from "./stores.js";
import { credentialHeaderNames, storableHeaders } from "./storable-headers.js";
import type {
  HttpClient,
  HttpClientSettings,
  HttpEventBase,
  HttpHooks,
  HttpMethod,
  HttpResponse,
  Query,
  RequestOptions,
} from "./types.js";

const METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "DELETE", "PUT", "POST", "PATCH"]);
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
/**
 * Statuses worth another attempt: 408 (the server gave up waiting for the request), 429, and
 * 502/503/504; never 400/401/403/404. 429 is repeated for any method (the request was refused
 * unprocessed); the others only for idempotent ones.
 */
const RETRYABLE_STATUS: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);
const REDIRECT_STATUS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * The defaults `createHttpClient` uses for settings left unset: times in milliseconds,
 * `maxResponseBytes` in bytes (32 MiB), `cacheEntries` for a cache without `maxEntries`.
 */
export const HTTP_DEFAULTS = Object.freeze({
  timeoutMs: 10_000,
  deadlineMs: 60_000,
  retries: 4,
  minDelayMs: 500,
  maxDelayMs: 15_000,
  maxRetryAfterMs: 60_000,
  maxConcurrency: 8,
  /** The adaptive rate's starting point when no rate is configured (see `AdaptiveRate`). */
  requestsPerSecond: 20,
  maxRedirects: 5,
  cacheEntries: 500,
  maxResponseBytes: 32 * 1024 * 1024,
});

class BodyTooLargeError extends Error {}

/**
 * The body as text, refusing more than `max` decoded bytes while streaming (a server that never
 * ends its body, or a small gzip body that inflates to gigabytes, must not exhaust memory).
 * `Content-Length` counts the bytes on the wire, before fetch decompresses them: it may refuse
 * a body at once only when the body is not encoded.
 */
async function readBody(response: Response, max: number): Promise<string> {
  const declared = response.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && isIdentity(response.headers.get("content-encoding"))) {
    if (Number(declared) > max) {
      void response.body?.cancel().catch(() => undefined);
      throw new BodyTooLargeError();
    }
    // Not encoded: the declared length is the decoded length (HTTP framing ends the body there),
    // so the platform's fast path is safe.
    return response.text();
  }
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      void reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }
  // Decoded once, as response.text() would (UTF-8, a BOM dropped, bad bytes replaced).
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0]);
  const whole = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(whole);
}

/** Whether a `Content-Encoding` leaves the body as sent (absent, empty or only `identity`). */
function isIdentity(encoding: string | null): boolean {
  return encoding === null || encoding.split(",").every((coding) => /^\s*(identity)?\s*$/i.test(coding));
}

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  jsonError: boolean;
  url: URL;
}

/** What the cache keeps: the raw answer and its validated forms, one per schema used. */
interface CachedResponse {
  raw: RawResponse;
  validated: WeakMap<object, unknown>;
}

/** A response read back from a cache store, parsed as a fresh answer would be. */
function fromStored(stored: StoredResponse): CachedResponse {
  let json: unknown;
  let jsonError = false;
  if (stored.text.trim() !== "") {
    try {
      json = JSON.parse(stored.text);
    } catch {
      jsonError = true;
    }
  }
  return { raw: { status: stored.status, headers: stored.headers, text: stored.text, json, jsonError, url: stored.url }, validated: new WeakMap() };
}

/** One call of `request()`: what it sends and what it has spent so far. */
interface Call<T> {
  options: RequestOptions<T>;
  method: HttpMethod;
  url: URL;
  /** `url` redacted, once something (an error, a hook, the response) needs it: see {@link redactedUrlOf}. */
  redacted: string | undefined;
  body: string | undefined;
  idempotent: boolean;
  /** Ends the call: the caller's signal, or the shared signal of a cached load. */
  signal: AbortSignal | undefined;
  /** Attempts actually sent. */
  attempts: number;
  /** Time spent sending, receiving and backing off (not waiting in the throttle queue). */
  activeMs: number;
}

/**
 * The call's URL as it may be shown (errors, hook events, `response.url`), redacted on first
 * use: a request that succeeds with no hook listening never pays for redaction.
 */
function redactedUrlOf(call: Call<unknown>): string {
  return (call.redacted ??= redactUrl(call.url));
}

/** A hop's URL as it may be shown: the call's (redacted once) or a redirect's. */
function shownUrl(call: Call<unknown>, url: URL): string {
  return url === call.url ? redactedUrlOf(call) : redactUrl(url);
}

function appendQuery(url: URL, query: Query | undefined, operation: string): void {
  if (query === undefined || query === null) return;
  if (typeof query !== "object" || Array.isArray(query)) {
    throw new InvalidInputError(`${operation}: query must be an object of parameter names and values (got ${Array.isArray(query) ? "an array" : typeof query}).`, {
      fix: "Pass query as { name: value }.",
    });
  }
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === "object" || typeof v === "function" || typeof v === "symbol") {
        throw new InvalidInputError(`${operation}: query parameter "${key}" must be a string, number or boolean (got ${v === null ? "null" : typeof v}).`, {
          fix: `Pass a plain value for ${key}, or an array of them.`,
        });
      }
      url.searchParams.append(key, String(v));
    }
  }
}

function safeHook<K extends keyof HttpHooks>(hooks: HttpHooks | undefined, name: K, event: () => Parameters<NonNullable<HttpHooks[K]>>[0]): void {
  const hook = hooks?.[name] as ((e: unknown) => void) | undefined;
  if (!hook) return;
  try {
    hook(event());
  } catch {
    // A failing logger must never break a request.
  }
}

function checkNumber(
  problems: ConfigurationProblem[],
  name: string,
  value: unknown,
  rule: { min: number; integer?: boolean; allowInfinity?: boolean; max?: number },
): void {
  if (value === undefined) return;
  const ok =
    typeof value === "number" &&
    !Number.isNaN(value) &&
    (Number.isFinite(value) ? (!rule.integer || Number.isInteger(value)) && value >= rule.min && (rule.max === undefined || value <= rule.max) : rule.allowInfinity === true && value === Infinity);
  if (!ok) {
    const shown = typeof value === "number" ? String(value) : typeof value;
    problems.push({
      name,
      problem: `${shown} is not allowed`,
      fix: `Set ${name} to a ${rule.integer ? "whole " : ""}number ≥ ${rule.min}${rule.max === undefined ? "" : ` and ≤ ${rule.max}`}${rule.allowInfinity ? ", or Infinity for no limit" : ""}, or leave it out for the default.`,
    });
  }
}

/** Refuses timeouts and limits that cannot work (Infinity makes a timer fire after 1 ms). */
function checkRuntimeNumbers(settings: HttpClientSettings, displayName: string): void {
  const problems: ConfigurationProblem[] = [];
  checkNumber(problems, "timeoutMs", settings.timeoutMs, { min: 1, max: 2_147_483_647 });
  checkNumber(problems, "deadlineMs", settings.deadlineMs, { min: 1, max: 2_147_483_647 });
  checkNumber(problems, "maxRedirects", settings.maxRedirects, { min: 0, integer: true });
  checkNumber(problems, "maxResponseBytes", settings.maxResponseBytes, { min: 1, integer: true });
  if (settings.retry && typeof settings.retry === "object") {
    checkNumber(problems, "retry.retries", settings.retry.retries, { min: 0, integer: true, max: 100 });
    checkNumber(problems, "retry.minDelayMs", settings.retry.minDelayMs, { min: 0, max: 2_147_483_647 });
    checkNumber(problems, "retry.maxDelayMs", settings.retry.maxDelayMs, { min: 0, max: 2_147_483_647 });
    checkNumber(problems, "retry.maxRetryAfterMs", settings.retry.maxRetryAfterMs, { min: 0, max: 2_147_483_647 });
  }
  if (settings.throttle && typeof settings.throttle === "object") {
    checkNumber(problems, "throttle.maxConcurrency", settings.throttle.maxConcurrency, { min: 1, integer: true, allowInfinity: true });
    checkNumber(problems, "throttle.requestsPerSecond", settings.throttle.requestsPerSecond, { min: Number.MIN_VALUE, allowInfinity: true });
    const adaptive = settings.throttle.adaptive;
    if (adaptive) {
      for (const key of ["initialRequestsPerSecond", "maxRequestsPerSecond", "minRequestsPerSecond"] as const) {
        checkNumber(problems, `throttle.adaptive.${key}`, adaptive[key], { min: Number.MIN_VALUE, max: 100_000 });
      }
    }
  }
  if (settings.cache && typeof settings.cache === "object") {
    checkNumber(problems, "cache.ttlMs", settings.cache.ttlMs, { min: 1, max: 2_147_483_647 });
    checkNumber(problems, "cache.maxEntries", settings.cache.maxEntries, { min: 1, integer: true });
  }
  if (problems.length) {
    throw new ConfigurationError(
      `${displayName} settings: ${problems.map((p) => `${p.name}: ${p.problem}`).join("; ")}.`,
      { fix: problems.map((p) => p.fix).join(" "), problems },
    );
  }
}

/** The `User-Agent`: the connector's product token, then the app's own. */
function userAgentOf(settings: HttpClientSettings, displayName: string): string {
  const parts = [settings.product ?? `toolweave-core/${CORE_VERSION}`];
  if (settings.userAgent !== undefined) {
    if (typeof settings.userAgent !== "string" || settings.userAgent.length > MAX_USER_AGENT_LENGTH || !PRODUCT_TOKENS.test(settings.userAgent)) {
      throw new ConfigurationError(`${displayName} settings: userAgent is not a list of product tokens.`, {
        problems: [{ name: "userAgent", problem: "not product tokens (visible ASCII words separated by single spaces, at most 200 characters)", fix: 'Set userAgent to your app\'s name and version, e.g. "acme-portal/2.3".' }],
        fix: 'Set userAgent to your app\'s name and version, e.g. "acme-portal/2.3".',
      });
    }
    parts.push(settings.userAgent);
  }
  return parts.join(" ");
}

/** The default and client headers merged once, or `undefined` when the platform refuses one of them. */
function headersTemplate(userAgent: string, extra: Record<string, string> | undefined): Headers | undefined {
  try {
    const headers = new Headers({ accept: "application/json", "user-agent": userAgent });
    if (extra) for (const name in extra) headers.set(name, extra[name]!);
    return headers;
  } catch {
    return undefined;
  }
}

const CREDENTIAL_FIX =
  "Check the token: it must be the token alone, without spaces, line breaks, NUL or other control characters (copy it again from the provider's settings page).";

/**
 * The one HTTP layer every connector uses: `fetch` with per-attempt timeout and overall
 * deadline, retries with backoff and `Retry-After`, client-side throttling, same-origin
 * redirects only, typed and redacted errors, response validation and an opt-in GET cache.
 *
 * Every failure leaves `request()` as a `ToolweaveError` (see "Failure semantics" in the
 * README) and fires `onError` exactly once.
 */
export function createHttpClient(settings: HttpClientSettings): HttpClient {
  if (!settings || typeof settings !== "object") {
    throw new ConfigurationError("createHttpClient needs a settings object.", { fix: "Pass { provider, baseUrl, ... }." });
  }
  if (!settings.provider) {
    throw new ConfigurationError("createHttpClient needs a provider id.", { fix: 'Pass provider, e.g. "circleci".' });
  }
  const provider = settings.provider;
  const displayName = settings.displayName ?? provider;
  const baseUrl = normalizeBaseUrl(settings.baseUrl);
  // Without a fetch setting, the global one is looked up at each request, so a fetch patched
  // after the client was made (msw in tests, an APM agent) is used.
  const fetchImpl: typeof globalThis.fetch = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));
  if (typeof (settings.fetch ?? globalThis.fetch) !== "function") {
    throw new ConfigurationError("No fetch implementation is available.", {
      fix: "Use Node 20.19+ or pass a fetch function in the fetch setting.",
    });
  }
  checkRuntimeNumbers(settings, displayName);
  // Write the credential once now, so a value no header can carry (a line break, NUL…) is a
  // configuration error at creation. The platform's own message may quote the value (with its
  // whitespace trimmed, so redaction might not recognise it): it is never kept.
  if (settings.authenticate) {
    try {
      settings.authenticate(new Headers());
    } catch {
      throw new ConfigurationError(`${displayName}: the credential cannot be written into a request header (it contains a character HTTP headers do not allow).`, {
        provider,
        fix: CREDENTIAL_FIX,
      });
    }
  }
  const timeoutMs = settings.timeoutMs ?? HTTP_DEFAULTS.timeoutMs;
  const deadlineMs = settings.deadlineMs ?? HTTP_DEFAULTS.deadlineMs;
  const retry =
    settings.retry === false
      ? { retries: 0, minDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 }
      : {
          retries: settings.retry?.retries ?? HTTP_DEFAULTS.retries,
          minDelayMs: settings.retry?.minDelayMs ?? HTTP_DEFAULTS.minDelayMs,
          maxDelayMs: settings.retry?.maxDelayMs ?? HTTP_DEFAULTS.maxDelayMs,
          maxRetryAfterMs: settings.retry?.maxRetryAfterMs ?? HTTP_DEFAULTS.maxRetryAfterMs,
        };
  /** Longest pause a 429 may impose on the whole client (never longer than a retry would wait). */
  const maxPauseMs = settings.retry === false ? HTTP_DEFAULTS.maxRetryAfterMs : retry.maxRetryAfterMs;
  const throttleSettings = settings.throttle || undefined;
  const maxConcurrency = throttleSettings?.maxConcurrency ?? HTTP_DEFAULTS.maxConcurrency;
  // No configured rate: learn the server's (a configured one always wins).
  const localThrottle = () => createThrottle(maxConcurrency, throttleSettings?.requestsPerSecond, throttleSettings?.adaptive);
  // Shared stores (the `stores` setting) are keyed by provider + origin + credential fingerprint.
  const stores = settings.stores;
  const scope = stores?.throttle || (stores?.cache && settings.cache) ? storeScope(provider, baseUrl, settings.authenticate, stores.fingerprintKey) : undefined;
  const throttleStore = stores?.throttle;
  const throttle: Throttle | undefined =
    settings.throttle === false
      ? undefined
      : throttleStore && scope
        ? deferredThrottle(
            scope.then((s) =>
              throttleStore.open(s, {
                maxConcurrency,
                ...(throttleSettings?.requestsPerSecond === undefined ? {} : { requestsPerSecond: throttleSettings.requestsPerSecond }),
                ...(throttleSettings?.adaptive === undefined ? {} : { adaptive: throttleSettings.adaptive }),
              }),
            ),
            localThrottle,
          )
        : localThrottle();
  const cacheStore = stores?.cache;
  const cacheSettings = settings.cache ? { ttlMs: settings.cache.ttlMs, maxEntries: settings.cache.maxEntries ?? HTTP_DEFAULTS.cacheEntries } : undefined;
  const cacheSpace = cacheStore && scope && cacheSettings ? scope.then((s) => cacheStore.open(s, cacheSettings)) : undefined;
  const credentialHeaders = cacheSpace ? credentialHeaderNames(settings.authenticate) : [];
  cacheSpace?.catch(() => undefined);
  const cache = cacheSettings
    ? new TtlCache<CachedResponse>(
        cacheSettings.ttlMs,
        cacheSettings.maxEntries,
        cacheSpace && {
          get: async (key) => {
            const stored = await (await cacheSpace).get(key);
            return stored === undefined ? undefined : fromStored(stored);
          },
          generation: async () => await (await cacheSpace).generation(),
          set: async (key, value, ttlMs, since) => {
            const { status, headers, text, url } = value.raw;
            // A live secret inside the body (a commit message quoting the token) is masked in the stored copy too.
            await (await cacheSpace).set(key, { status, headers: storableHeaders(headers, credentialHeaders), text: redactText(text), url }, ttlMs, since);
          },
          invalidate: async (match) => await (await cacheSpace).invalidate(match),
        },
      )
    : undefined;
  const maxRedirects = settings.maxRedirects ?? HTTP_DEFAULTS.maxRedirects;
  const maxResponseBytes = settings.maxResponseBytes ?? HTTP_DEFAULTS.maxResponseBytes;
  const hooks = settings.hooks;
  const attemptTimeouts = new AttemptTimeouts();
  const userAgent = userAgentOf(settings, displayName);
  // The headers every request starts from, built once: cloning a Headers is cheaper than
  // merging the same names again per request. A client header the platform refuses leaves
  // this undefined, so the request that would send it fails with the usual error.
  const headerTemplate = headersTemplate(userAgent, settings.headers);

  const summary = (call: Call<unknown>, url = redactedUrlOf(call), method = call.method): RequestSummary => ({
    operation: call.options.operation,
    method,
    url,
    attempts: call.attempts,
  });

  /** The error of an attempt that ran out of time: its own timeout, or the call's deadline. */
  function attemptTimeoutError(call: Call<unknown>, byDeadline: boolean, what: string, status: number | undefined, url: string, method: HttpMethod, cause: unknown): TimeoutError {
    const operation = call.options.operation;
    return byDeadline
      ? new TimeoutError(`${displayName} ${operation}: gave up after ${deadlineMs} ms (deadlineMs) and ${call.attempts} attempt(s); ${what}.`, {
          provider,
          ...(status === undefined ? {} : { status }),
          request: summary(call, url, method),
          cause: redactedCause(cause),
          isRetryable: false,
          details: { deadline: true },
          fix: "Retry later, or raise the deadlineMs setting (time spent waiting for a throttle slot does not count).",
        })
      : new TimeoutError(`${displayName} ${operation}: ${what} within ${timeoutMs} ms (timeoutMs).`, {
          provider,
          ...(status === undefined ? {} : { status }),
          request: summary(call, url, method),
          cause: redactedCause(cause),
          fix: "Retry later, or raise the timeoutMs setting.",
        });
  }

  /**
   * Builds one hop's headers, tells `onRequest`, and sends it. Not async, so the suspended
   * attempt does not keep the headers and the fetch options alive while the answer is awaited.
   * Header and credential problems throw `ToolweaveError`s (the caller passes them through).
   */
  function sendHop(
    call: Call<unknown>,
    attempt: number,
    redirects: number,
    url: URL,
    method: HttpMethod,
    body: string | undefined,
    signal: AbortSignal,
    event: (() => HttpEventBase) | undefined,
  ): Promise<Response> {
    const operation = call.options.operation;
    // Merged through Headers so names are case-insensitive: a connector's "Accept" replaces
    // the default instead of being sent twice.
    const headers = headerTemplate ? new Headers(headerTemplate) : new Headers({ accept: "application/json", "user-agent": userAgent });
    try {
      if (!headerTemplate && settings.headers) for (const name in settings.headers) headers.set(name, settings.headers[name]!);
      if (call.options.headers) for (const name in call.options.headers) headers.set(name, call.options.headers[name]!);
    } catch (error) {
      throw new InvalidInputError(`${displayName} ${operation}: a request header is not valid (${redactExcerpt(error instanceof Error ? error.message : String(error), 120)}).`, {
        provider,
        request: summary(call, shownUrl(call, url), method),
        fix: "Header names must be tokens and values must not contain line breaks or control characters.",
      });
    }
    if (body !== undefined) headers.set("content-type", "application/json");
    // The credential is written only for the base URL's origin (redirects elsewhere are refused).
    if (url.origin === baseUrl.origin && settings.authenticate) {
      try {
        settings.authenticate(headers);
      } catch {
        throw new ConfigurationError(`${displayName} ${operation}: the credential cannot be written into a request header.`, {
          provider,
          request: summary(call, shownUrl(call, url), method),
          fix: CREDENTIAL_FIX,
        });
      }
    }
    if (event) safeHook(hooks, "onRequest", event);
    if (redirects === 0) call.attempts = attempt;
    return fetchImpl(url, { method, headers, body, signal, redirect: "manual" });
  }

  /** Why sending failed, as the error to throw (the caller's cancellation passes through as is). */
  function sendFailure(call: Call<unknown>, error: unknown, parent: AbortSignal | undefined, timedOut: boolean, byDeadline: boolean, url: string, method: HttpMethod): unknown {
    if (ToolweaveError.isInstance(error)) return error;
    if (parent?.aborted) return error; // the call was cancelled: the retry loop reports it
    if (timedOut) return attemptTimeoutError(call, byDeadline, "no answer", undefined, url, method, error);
    const operation = call.options.operation;
    const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    if (isNetworkFailure(error)) {
      return new NetworkError(`${displayName} ${operation}: network error (${redactExcerpt(reason, 120)}).`, {
        provider,
        request: summary(call, url, method),
        cause: redactedCause(error),
        fix: `Check connectivity to ${baseUrl.host} (DNS, proxy, TLS) and the base URL setting.`,
      });
    }
    // Not a socket, DNS or TLS failure: fetch refused the request itself. Repeating it cannot help.
    return new InvalidInputError(`${displayName} ${operation}: the request could not be sent (${redactExcerpt(reason, 160)}).`, {
      provider,
      request: summary(call, url, method),
      cause: redactedCause(error),
      fix: "This is a problem with the request (method, URL, headers or body), not with the network; it was not retried.",
    });
  }

  /** Where a redirect leads, if it may be followed; throws when it may not (another origin, credentials, a loop). */
  function redirectTarget(call: Call<unknown>, status: number, location: string, url: URL, redirects: number, shown: string, method: HttpMethod): URL {
    const operation = call.options.operation;
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new InvalidResponseError(`${displayName} ${operation}: HTTP ${status} redirect with a malformed Location header.`, {
        provider,
        status,
        request: summary(call, shown, method),
        fix: "The server (or a proxy in front of it) sent a broken redirect; check the base URL setting.",
      });
    }
    if (next.origin !== baseUrl.origin) {
      throw new RedirectError(`${displayName} ${operation}: refused a redirect from ${url.origin} to another origin (${next.origin}); the credential was not sent there.`, {
        provider,
        status,
        request: summary(call, shown, method),
        fix: "Check the base URL setting: point it at the API host itself (the one redirected to, if you trust it).",
      });
    }
    if (next.username || next.password) {
      throw new RedirectError(`${displayName} ${operation}: refused a redirect to a URL with a user name or password in it.`, {
        provider,
        status,
        request: summary(call, shown, method),
        fix: "The server (or a proxy in front of it) redirects to a URL carrying credentials; check the base URL setting.",
      });
    }
    if (redirects + 1 > maxRedirects) {
      throw new RedirectError(`${displayName} ${operation}: more than ${maxRedirects} redirects.`, {
        provider,
        status,
        request: summary(call, shown, method),
        fix: "Check the base URL setting; the server is redirecting in a loop.",
      });
    }
    return next;
  }

  /** Why the body could not be read, as the error to throw. */
  function bodyFailure(call: Call<unknown>, error: unknown, status: number, parent: AbortSignal | undefined, timedOut: boolean, byDeadline: boolean, hop: URL, method: HttpMethod): unknown {
    const url = () => shownUrl(call, hop);
    const operation = call.options.operation;
    if (error instanceof BodyTooLargeError) {
      return new InvalidResponseError(`${displayName} ${operation}: the response body is larger than ${maxResponseBytes} bytes (maxResponseBytes); it was not read.`, {
        provider,
        status,
        request: summary(call, url(), method),
        fix: "Check the base URL (is it the API?), narrow the request (smaller pages), or raise the maxResponseBytes setting.",
      });
    }
    if (parent?.aborted) return error;
    if (timedOut) return attemptTimeoutError(call, byDeadline, "the response body did not arrive", status, url(), method, error);
    // Headers arrived but the body was cut short (connection closed before Content-Length):
    // an invalid response, never parsed; repeating the request may get it whole.
    return new InvalidResponseError(`${displayName} ${operation}: the response body was cut short (HTTP ${status}; the connection closed before the end).`, {
      provider,
      status,
      request: summary(call, url(), method),
      cause: redactedCause(error),
      isRetryable: true,
      fix: `Retry later; if it persists, check proxies between here and ${baseUrl.host}.`,
    });
  }

  /** The answer as kept: text, and its JSON when it parses. */
  function rawResponse(response: Response, text: string, url: URL): RawResponse {
    let json: unknown;
    let jsonError = false;
    if (text.length > 0 && text.trim() !== "") {
      try {
        json = JSON.parse(text);
      } catch {
        jsonError = true;
      }
    }
    return { status: response.status, headers: response.headers, text, json, jsonError, url };
  }

  /**
   * One attempt: the request, any same-origin redirects, and the whole body. Error handling
   * lives in the helpers above, so the suspended attempt (one per request in flight) stays small.
   */
  async function attemptOnce<T>(call: Call<T>, attempt: number): Promise<RawResponse> {
    const remaining = deadlineMs - call.activeMs;
    const limitMs = Math.max(1, Math.min(timeoutMs, remaining));
    const byDeadline = remaining < timeoutMs;
    // One controller per attempt, linked to the call's signal by a subscription ended below
    // (not AbortSignal.any: on Node 20 it leaks per call on a long-lived signal, nodejs/node#55351).
    // onAbort shares one real listener per signal: parallel calls on one caller's signal must not
    // trip Node's MaxListenersExceededWarning.
    const controller = new AbortController();
    const parent = call.signal;
    let unsubscribe: (() => void) | undefined;
    if (parent) {
      if (parent.aborted) controller.abort(parent.reason);
      else unsubscribe = onAbort(parent, (reason) => controller.abort(reason));
    }
    const timeout = attemptTimeouts.start(controller, limitMs);
    try {
      // The current hop; shown (redacted) only when an error or a hook needs it.
      let url = call.url;
      let method = call.method;
      let body = call.body;
      for (let redirects = 0; ; redirects++) {
        // Hook events are built only when there are hooks to receive them.
        const event = hooks ? (): HttpEventBase => ({ provider, operation: call.options.operation, method, url: shownUrl(call, url), attempt }) : undefined;
        const started = event ? performance.now() : 0;
        let response: Response;
        try {
          response = await sendHop(call, attempt, redirects, url, method, body, controller.signal, event);
        } catch (error) {
          throw sendFailure(call, error, parent, timeout.timedOut, byDeadline, shownUrl(call, url), method);
        }
        const location = REDIRECT_STATUS.has(response.status) ? response.headers.get("location") : null;
        if (location) {
          await response.body?.cancel().catch(() => undefined);
          url = redirectTarget(call, response.status, location, url, redirects, shownUrl(call, url), method);
          if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
            method = "GET";
            body = undefined;
          }
          continue;
        }
        let text: string;
        try {
          text = await readBody(response, maxResponseBytes);
        } catch (error) {
          throw bodyFailure(call, error, response.status, parent, timeout.timedOut, byDeadline, url, method);
        }
        if (event) {
          safeHook(hooks, "onResponse", () => ({ ...event(), status: response.status, durationMs: Math.round(performance.now() - started), fromCache: false }));
        }
        return rawResponse(response, text, url);
      }
    } finally {
      attemptTimeouts.clear(timeout);
      unsubscribe?.();
    }
  }

  /**
   * Runs one attempt and counts its time against the deadline (queue time is not counted), on
   * the monotonic clock: a wall-clock step must not spend or refund the deadline.
   * Promise callbacks rather than an async function: one suspended frame less per request in flight.
   */
  function timedAttempt<T>(call: Call<T>, attempt: number): Promise<RawResponse> {
    const started = performance.now();
    const sentAt = Date.now();
    return attemptOnce(call, attempt).then(
      (raw) => {
        call.activeMs += performance.now() - started;
        if (throttle) {
          throttle.observe({ sentAt, status: raw.status, headers: raw.headers });
          // A 429 holds back every request of this client not yet sent, not only this one. Paused
          // here, while this attempt still holds its throttle slot: paused after the slot was
          // released, the next queued request went out inside the pause.
          if (raw.status === 429) {
            const retryAfterMs = parseRetryAfter(raw.headers.get("retry-after"));
            if (retryAfterMs !== undefined && retryAfterMs > 0) throttle.pauseFor(Math.min(retryAfterMs, maxPauseMs));
          }
        }
        return raw;
      },
      (error: unknown) => {
        call.activeMs += performance.now() - started;
        throw error;
      },
    );
  }

  function mapFailure<T>(call: Call<T>, raw: RawResponse, retryAfterMs: number | undefined): ToolweaveError {
    const request = summary(call);
    const defaultError = defaultHttpError({
      provider,
      displayName,
      operation: call.options.operation,
      status: raw.status,
      json: raw.json,
      text: raw.text,
      request,
      retryAfterMs,
    });
    if (!settings.mapError) return defaultError;
    try {
      const mapped = settings.mapError({
        provider,
        operation: call.options.operation,
        method: call.method,
        url: redactedUrlOf(call),
        status: raw.status,
        headers: raw.headers,
        json: raw.json,
        text: raw.text,
        defaultError,
      });
      if (mapped === undefined || mapped === null) return defaultError;
      if (!ToolweaveError.isInstance(mapped)) {
        return new ToolweaveError(`${displayName} ${call.options.operation}: the connector's error mapper returned something that is not a toolweave error (HTTP ${raw.status}).`, {
          provider,
          status: raw.status,
          request,
          cause: defaultError,
          isRetryable: defaultError.isRetryable,
          fix: "This is a bug in the connector; please report it.",
        });
      }
      return mapped;
    } catch (error) {
      return new ToolweaveError(
        `${displayName} ${call.options.operation}: the connector's error mapper failed (${redactExcerpt(error instanceof Error ? error.message : String(error), 120)}) on HTTP ${raw.status}.`,
        {
          provider,
          status: raw.status,
          request,
          cause: defaultError,
          isRetryable: defaultError.isRetryable,
          fix: "This is a bug in the connector; please report it (the HTTP answer is kept as the cause).",
        },
      );
    }
  }

  /** The retry loop: attempts through the throttle, backoff, `Retry-After`, the deadline. */
  async function execute<T>(call: Call<T>): Promise<RawResponse> {
    for (let attempt = call.attempts + 1; ; attempt++) {
      if (deadlineMs - call.activeMs <= 0) {
        throw new TimeoutError(`${displayName} ${call.options.operation}: gave up after ${deadlineMs} ms (deadlineMs) and ${call.attempts} attempt(s).`, {
          provider,
          request: summary(call),
          isRetryable: false,
          details: { deadline: true },
          fix: "Retry later, or raise the deadlineMs setting.",
        });
      }
      let failure: ToolweaveError;
      let retryAfterMs: number | undefined;
      let retryable = false;
      let raw: RawResponse | undefined;
      try {
        raw = throttle ? await throttle.run(() => timedAttempt(call, attempt), call.signal) : await timedAttempt(call, attempt);
      } catch (error) {
        if (call.signal?.aborted) throw error;
        if (!ToolweaveError.isInstance(error)) throw error;
        failure = error;
        // Network errors, attempt timeouts and cut-short bodies are repeated only where repeating is safe.
        retryable = (error.kind === "network" || error.kind === "timeout" || error.kind === "invalid_response") && error.isRetryable && call.idempotent;
      }
      if (raw) {
        if (raw.status >= 200 && raw.status < 300) return raw;
        retryAfterMs = parseRetryAfter(raw.headers.get("retry-after"));
        failure = mapFailure(call, raw, retryAfterMs);
        retryable =
          RETRYABLE_STATUS.has(raw.status) &&
          failure.isRetryable &&
          (call.idempotent || raw.status === 429) &&
          !(retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs);
      }
      if (!retryable) throw failure!;
      // Retryable failure: wait and try again, unless out of attempts or time.
      const delay = retryAfterMs ?? backoffDelay(attempt, retry.minDelayMs, retry.maxDelayMs);
      const remaining = deadlineMs - call.activeMs;
      if (attempt > retry.retries || delay >= remaining) throw failure!;
      safeHook(hooks, "onRetry", () => ({
        provider,
        operation: call.options.operation,
        method: call.method,
        url: redactedUrlOf(call),
        attempt,
        delayMs: delay,
        reason: failure.kind,
        ...(failure.status === undefined ? {} : { status: failure.status }),
      }));
      const sleptFrom = performance.now();
      try {
        await sleep(delay, call.signal);
      } finally {
        call.activeMs += performance.now() - sleptFrom;
      }
    }
  }

  /** The redacted URL that answered (the last hop of any redirects). */
  const responseUrl = (call: Call<unknown>, raw: RawResponse) => (raw.url === call.url ? redactedUrlOf(call) : redactUrl(raw.url));

  /** What `request()` resolves to; `url` is redacted when first read. */
  function responseOf<T>(call: Call<T>, raw: RawResponse, data: T): HttpResponse<T> {
    let url: string | undefined;
    return {
      data,
      status: raw.status,
      headers: raw.headers,
      get url() {
        return (url ??= responseUrl(call, raw));
      },
    };
  }

  function parseAndValidate<T>(call: Call<T>, raw: RawResponse, cached?: CachedResponse): T {
    const request = () => summary(call, responseUrl(call, raw));
    if (raw.jsonError) {
      throw new InvalidResponseError(
        `${displayName} ${call.options.operation}: the response is not valid JSON (HTTP ${raw.status}; starts: ${redactExcerpt(raw.text, 80)}).`,
        {
          provider,
          status: raw.status,
          request: request(),
          fix: "Check that the base URL points at the API (not a web page or proxy login).",
        },
      );
    }
    const schema = call.options.schema;
    if (!schema) return raw.json as T;
    if (cached?.validated.has(schema)) return cached.validated.get(schema) as T;
    // The request summary (a redacted URL) only when validation fails.
    const data = validateResponse(schema, raw.json, {
      operation: call.options.operation,
      provider: displayName,
      get request() {
        return request();
      },
      status: raw.status,
    });
    cached?.validated.set(schema, data);
    return data;
  }

  function prepare<T>(options: RequestOptions<T>, forceMethod?: HttpMethod): Call<T> {
    if (!options || typeof options !== "object") {
      throw new InvalidInputError(`${displayName}: request options must be an object (got ${options === null ? "null" : typeof options}).`, {
        provider,
        fix: "Pass { operation, path, ... }.",
      });
    }
    // An operation name may be built from user input: redacted once here, it is safe in every error and hook event.
    const operation = redactText(typeof options.operation === "string" && options.operation ? options.operation : "request");
    const method = (forceMethod ?? options.method ?? "GET") as HttpMethod;
    if (typeof method !== "string" || !METHODS.has(method)) {
      throw new InvalidInputError(`${displayName} ${operation}: method ${JSON.stringify(redactExcerpt(String(method), 40, { foldWhitespace: false }))} is not supported.`, {
        provider,
        fix: `Use one of ${[...METHODS].join(", ")} (upper case).`,
      });
    }
    if (typeof options.path !== "string") {
      throw new InvalidInputError(`${displayName} ${operation}: path must be a string (got ${options.path === null ? "null" : typeof options.path}).`, {
        provider,
        fix: "Pass a path relative to the base URL, built with encodePath.",
      });
    }
    if (options.signal !== undefined && options.signal !== null && typeof (options.signal as AbortSignal).addEventListener !== "function") {
      throw new InvalidInputError(`${displayName} ${operation}: signal must be an AbortSignal.`, { provider, fix: "Pass an AbortSignal, e.g. AbortSignal.timeout(30_000)." });
    }
    if (options.body !== undefined && (method === "GET" || method === "HEAD")) {
      throw new InvalidInputError(`${displayName} ${operation}: a ${method} request cannot have a body.`, {
        provider,
        fix: "Send the values as query parameters, or use POST/PUT/PATCH.",
      });
    }
    const body = serializeBody(options.body, `${displayName} ${operation}`);
    const url = joinUrl(baseUrl, options.path);
    appendQuery(url, options.query, `${displayName} ${operation}`);
    return {
      options: operation === options.operation ? options : { ...options, operation },
      method,
      url,
      redacted: undefined,
      body,
      idempotent: options.idempotent ?? IDEMPOTENT.has(method),
      signal: options.signal ?? undefined,
      attempts: 0,
      activeMs: 0,
    };
  }

  /** Whatever left the call, as a redacted `ToolweaveError`. */
  function toFailure<T>(error: unknown, call: Call<T> | undefined, options: RequestOptions<T>): ToolweaveError {
    const operation = call?.options.operation ?? (options && typeof options.operation === "string" ? options.operation : "request");
    const callerSignal = options && typeof options === "object" ? options.signal : undefined;
    const isToolweave = ToolweaveError.isInstance(error);
    // The caller's signal ended the call: whatever the platform threw on the way out (the
    // signal's reason, a DOMException) leaves as an AbortedError the hub can report.
    if (callerSignal?.aborted && (!isToolweave || error.kind === "aborted")) {
      if (isToolweave) return error;
      return new AbortedError(`${displayName} ${operation}: cancelled by the caller's signal after ${call?.attempts ?? 0} attempt(s).`, {
        provider,
        ...(call ? { request: summary(call) } : {}),
        cause: redactedCause(callerSignal.reason ?? error),
        fix: "The caller's AbortSignal ended the call; nothing to fix unless that was not intended.",
      });
    }
    if (isToolweave) return error;
    return new ToolweaveError(`${displayName} ${operation}: unexpected failure (${redactExcerpt(error instanceof Error ? `${error.name}: ${error.message}` : String(error), 160)}).`, {
      provider,
      ...(call ? { request: summary(call) } : {}),
      cause: redactedCause(error),
      fix: "This is likely a bug in toolweave or in a custom fetch; please report it.",
    });
  }

  /** Paths a write to `path` makes stale: the path itself, what is below it, and its parents. */
  async function invalidateAfterWrite(url: URL): Promise<void> {
    if (!cache) return;
    const written = url.pathname.replace(/\/+$/, "");
    await cache.invalidateEverywhere((key) => {
      let path: string;
      try {
        path = new URL(key).pathname.replace(/\/+$/, "");
      } catch {
        return true;
      }
      return path === written || path.startsWith(`${written}/`) || (written.startsWith(`${path}/`) && path.length >= baseUrl.pathname.length - 1);
    });
  }

  /**
   * `forceMethod`: `get()` sends GET whatever `options.method` says, without copying the options.
   * `dataOnly`: `get()` takes the data alone, so no response object (nor a promise to unwrap it) is made.
   */
  async function request<T = unknown>(options: RequestOptions<T>, forceMethod?: HttpMethod, dataOnly?: boolean): Promise<HttpResponse<T> | T> {
    let call: Call<T> | undefined;
    try {
      call = prepare(options, forceMethod);
      if (call.signal?.aborted) throw call.signal.reason;
      const useCache = cache !== undefined && call.method === "GET" && !options.noCache;
      if (useCache) {
        const first = call;
        const { value, hit } = await cache.get(
          call.url.href,
          async (shared) => {
            // The shared load ends only when every waiter has gone (the cache aborts `shared`).
            const loadCall: Call<T> = { ...first, signal: shared, attempts: 0, activeMs: 0 };
            const raw = await execute(loadCall);
            first.attempts = loadCall.attempts;
            const entry: CachedResponse = { raw, validated: new WeakMap() };
            parseAndValidate(loadCall, raw, entry); // only what parsed and validated is stored
            return entry;
          },
          call.signal,
        );
        if (hit) {
          safeHook(hooks, "onResponse", () => ({
            provider,
            operation: first.options.operation,
            method: first.method,
            url: redactedUrlOf(first),
            attempt: 0,
            status: value.raw.status,
            durationMs: 0,
            fromCache: true,
          }));
        }
        const data = parseAndValidate(call, value.raw, value);
        return dataOnly ? data : responseOf(call, value.raw, data);
      }
      try {
        const raw = await execute(call);
        const data = parseAndValidate(call, raw);
        return dataOnly ? data : responseOf(call, raw, data);
      } finally {
        if (cache && call.method !== "GET" && call.method !== "HEAD" && call.method !== "OPTIONS" && call.attempts > 0) await invalidateAfterWrite(call.url);
      }
    } catch (error) {
      const failure = toFailure(error, call, options);
      const c = call;
      safeHook(hooks, "onError", () => ({
        provider,
        operation: c?.options.operation ?? "request",
        method: c?.method ?? "GET",
        url: c ? redactedUrlOf(c) : "",
        attempt: c?.attempts ?? 0,
        error: failure,
      }));
      throw failure;
    }
  }

  return {
    provider,
    baseUrl,
    request: <T>(options: RequestOptions<T>) => request(options) as Promise<HttpResponse<T>>,
    get: <T>(options: Omit<RequestOptions<T>, "method" | "body">) => request(options, "GET", true) as Promise<T>,
  };
}
