import {
  ConfigurationError,
  InvalidResponseError,
  NetworkError,
  RedirectError,
  TimeoutError,
  ToolweaveError,
  type RequestSummary,
} from "../errors.js";
import { redactExcerpt, redactUrl } from "../redact.js";
import { validateResponse } from "../validate.js";
import { joinUrl, normalizeBaseUrl } from "./base-url.js";
import { defaultHttpError } from "./default-error.js";
import { backoffDelay, parseRetryAfter } from "./retry-after.js";
import { sleep } from "./sleep.js";
import { timeoutSignal } from "./timeout-signal.js";
import { createThrottle, type Throttle } from "./throttle.js";
import { TtlCache } from "./ttl-cache.js";
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

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
/** Statuses worth another attempt (issue #2: 429 and 502/503/504; never 400/401/403/404). */
const RETRYABLE_STATUS: ReadonlySet<number> = new Set([429, 502, 503, 504]);
const REDIRECT_STATUS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export const HTTP_DEFAULTS = Object.freeze({
  timeoutMs: 10_000,
  deadlineMs: 60_000,
  retries: 4,
  minDelayMs: 500,
  maxDelayMs: 15_000,
  maxRetryAfterMs: 60_000,
  maxConcurrency: 8,
  requestsPerSecond: 20,
  maxRedirects: 5,
  cacheEntries: 500,
});

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  jsonError: boolean;
  url: URL;
}

function appendQuery(url: URL, query: Query | undefined): void {
  if (!query) return;
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
    else url.searchParams.append(key, String(value));
  }
}

function safeHook<K extends keyof HttpHooks>(hooks: HttpHooks | undefined, name: K, event: Parameters<NonNullable<HttpHooks[K]>>[0]): void {
  const hook = hooks?.[name] as ((e: typeof event) => void) | undefined;
  if (!hook) return;
  try {
    hook(event);
  } catch {
    // A failing logger must never break a request.
  }
}

/**
 * The one HTTP layer every connector uses: `fetch` with per-attempt timeout and overall
 * deadline, retries with backoff and `Retry-After`, client-side throttling, same-origin
 * redirects only, typed and redacted errors, response validation and an opt-in GET cache.
 */
export function createHttpClient(settings: HttpClientSettings): HttpClient {
  if (!settings.provider) {
    throw new ConfigurationError("createHttpClient needs a provider id.", { fix: 'Pass provider, e.g. "circleci".' });
  }
  const provider = settings.provider;
  const displayName = settings.displayName ?? provider;
  const baseUrl = normalizeBaseUrl(settings.baseUrl);
  const fetchImpl = settings.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") {
    throw new ConfigurationError("No fetch implementation is available.", {
      fix: "Use Node 20.19+ or pass a fetch function in the fetch setting.",
    });
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
  const throttle: Throttle | undefined =
    settings.throttle === false
      ? undefined
      : createThrottle(
          settings.throttle?.maxConcurrency ?? HTTP_DEFAULTS.maxConcurrency,
          settings.throttle?.requestsPerSecond ?? HTTP_DEFAULTS.requestsPerSecond,
        );
  const cache = settings.cache ? new TtlCache<RawResponse>(settings.cache.ttlMs, settings.cache.maxEntries ?? HTTP_DEFAULTS.cacheEntries) : undefined;
  const maxRedirects = settings.maxRedirects ?? HTTP_DEFAULTS.maxRedirects;
  const hooks = settings.hooks;

  async function attemptOnce<T>(
    options: RequestOptions<T>,
    method: HttpMethod,
    startUrl: URL,
    attempt: number,
    outer: AbortSignal,
  ): Promise<RawResponse> {
    const attemptTimer = timeoutSignal(timeoutMs);
    try {
      return await attemptWithSignal(options, method, startUrl, attempt, outer, AbortSignal.any([outer, attemptTimer.signal]));
    } finally {
      attemptTimer.clear();
    }
  }

  async function attemptWithSignal<T>(
    options: RequestOptions<T>,
    method: HttpMethod,
    startUrl: URL,
    attempt: number,
    outer: AbortSignal,
    attemptSignal: AbortSignal,
  ): Promise<RawResponse> {
    let url = startUrl;
    let currentMethod = method;
    let body = options.body === undefined ? undefined : JSON.stringify(options.body);
    for (let redirects = 0; ; redirects++) {
      const event: HttpEventBase = { provider, operation: options.operation, method: currentMethod, url: redactUrl(url), attempt };
      // Merged through Headers so names are case-insensitive: a connector's "Accept" replaces
      // the default instead of being sent twice.
      const headers = new Headers({ accept: "application/json" });
      for (const [name, value] of Object.entries({ ...settings.headers, ...options.headers })) headers.set(name, value);
      if (body !== undefined) headers.set("content-type", "application/json");
      // The credential is written only for the base URL's origin (redirects elsewhere are refused below).
      if (url.origin === baseUrl.origin) settings.authenticate?.(headers);
      safeHook(hooks, "onRequest", event);
      const started = performance.now();
      let response: Response;
      let text: string;
      try {
        response = await fetchImpl(url, { method: currentMethod, headers, body, signal: attemptSignal, redirect: "manual" });
        if (REDIRECT_STATUS.has(response.status) && response.headers.get("location")) {
          const next = new URL(response.headers.get("location")!, url);
          await response.body?.cancel().catch(() => undefined);
          if (next.origin !== baseUrl.origin) {
            throw new RedirectError(
              `${displayName} ${options.operation}: refused a redirect from ${url.origin} to another origin (${next.origin}); the credential was not sent there.`,
              {
                provider,
                status: response.status,
                request: { operation: options.operation, method: currentMethod, url: event.url, attempts: attempt },
                fix: "Check the baseUrl setting: point it at the API host itself (the one redirected to, if you trust it).",
              },
            );
          }
          if (redirects + 1 > maxRedirects) {
            throw new RedirectError(`${displayName} ${options.operation}: more than ${maxRedirects} redirects.`, {
              provider,
              status: response.status,
              fix: "Check the baseUrl setting; the server is redirecting in a loop.",
            });
          }
          if (response.status === 303 || ((response.status === 301 || response.status === 302) && currentMethod === "POST")) {
            currentMethod = "GET";
            body = undefined;
          }
          url = next;
          continue;
        }
      } catch (error) {
        if (ToolweaveError.isInstance(error)) throw error;
        if (outer.aborted) throw outer.reason ?? error;
        const summary: RequestSummary = { operation: options.operation, method: currentMethod, url: event.url, attempts: attempt };
        if (attemptSignal.aborted) {
          throw new TimeoutError(`${displayName} ${options.operation}: no complete answer within ${timeoutMs} ms.`, {
            provider,
            request: summary,
            cause: error,
            fix: "Retry later, or raise the timeoutMs setting.",
          });
        }
        const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        throw new NetworkError(`${displayName} ${options.operation}: network error (${redactExcerpt(reason, 120)}).`, {
          provider,
          request: summary,
          cause: error,
          fix: `Check connectivity to ${baseUrl.host} (DNS, proxy, TLS) and the baseUrl setting.`,
        });
      }
      try {
        text = await response.text();
      } catch (error) {
        if (outer.aborted) throw outer.reason ?? error;
        const summary: RequestSummary = { operation: options.operation, method: currentMethod, url: event.url, attempts: attempt };
        if (attemptSignal.aborted) {
          throw new TimeoutError(`${displayName} ${options.operation}: the response body did not arrive within ${timeoutMs} ms.`, {
            provider,
            status: response.status,
            request: summary,
            cause: error,
            fix: "Retry later, or raise the timeoutMs setting.",
          });
        }
        // Headers arrived but the body was cut short (connection closed before Content-Length):
        // an invalid response, never parsed; repeating the request may get it whole.
        throw new InvalidResponseError(
          `${displayName} ${options.operation}: the response body was cut short (HTTP ${response.status}; the connection closed before the end).`,
          {
            provider,
            status: response.status,
            request: summary,
            cause: error,
            isRetryable: true,
            fix: `Retry later; if it persists, check proxies between here and ${baseUrl.host}.`,
          },
        );
      }
      let json: unknown;
      let jsonError = false;
      if (text.trim() !== "") {
        try {
          json = JSON.parse(text);
        } catch {
          jsonError = true;
        }
      }
      safeHook(hooks, "onResponse", {
        ...event,
        status: response.status,
        durationMs: Math.round(performance.now() - started),
        fromCache: false,
      });
      return { status: response.status, headers: response.headers, text, json, jsonError, url };
    }
  }

  async function execute<T>(options: RequestOptions<T>, method: HttpMethod, url: URL): Promise<RawResponse> {
    const idempotent = options.idempotent ?? IDEMPOTENT.has(method);
    const startedAt = Date.now();
    const deadlineTimer = timeoutSignal(deadlineMs);
    const deadline = deadlineTimer.signal;
    const outer = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    try {
      return await retryLoop(options, method, url, idempotent, startedAt, deadline, outer);
    } finally {
      deadlineTimer.clear();
    }
  }

  async function retryLoop<T>(
    options: RequestOptions<T>,
    method: HttpMethod,
    url: URL,
    idempotent: boolean,
    startedAt: number,
    deadline: AbortSignal,
    outer: AbortSignal,
  ): Promise<RawResponse> {
    const redactedUrl = redactUrl(url);
    for (let attempt = 1; ; attempt++) {
      const request: RequestSummary = { operation: options.operation, method, url: redactedUrl, attempts: attempt };
      let failure!: ToolweaveError;
      let retryAfterMs: number | undefined;
      let retryable = false;
      let raw: RawResponse | undefined;
      try {
        const run = () => attemptOnce(options, method, url, attempt, outer);
        raw = throttle ? await throttle.run(run, outer) : await run();
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason ?? error;
        if (deadline.aborted) {
          throw new TimeoutError(`${displayName} ${options.operation}: gave up after ${deadlineMs} ms (deadlineMs) and ${attempt} attempt(s).`, {
            provider,
            request,
            cause: error,
            isRetryable: false,
            fix: "Retry later, or raise the deadlineMs setting.",
          });
        }
        if (!ToolweaveError.isInstance(error)) throw error;
        failure = error;
        // Network errors, attempt timeouts and cut-short bodies are repeated only where repeating is safe.
        retryable = (error.kind === "network" || error.kind === "timeout" || error.kind === "invalid_response") && error.isRetryable && idempotent;
      }
      if (raw) {
        if (raw.status >= 200 && raw.status < 300) return raw;
        retryAfterMs = parseRetryAfter(raw.headers.get("retry-after"));
        const defaultError = defaultHttpError({
          provider,
          displayName,
          operation: options.operation,
          status: raw.status,
          json: raw.json,
          text: raw.text,
          request,
          retryAfterMs,
        });
        failure =
          settings.mapError?.({
            provider,
            operation: options.operation,
            method,
            url: redactedUrl,
            status: raw.status,
            headers: raw.headers,
            json: raw.json,
            text: raw.text,
            defaultError,
          }) ?? defaultError;
        // 429 means the request was refused unprocessed, so it is safe to repeat for any method.
        retryable =
          RETRYABLE_STATUS.has(raw.status) &&
          failure.isRetryable &&
          (idempotent || raw.status === 429) &&
          !(retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs);
      }
      if (!retryable) {
        safeHook(hooks, "onError", { provider, operation: options.operation, method, url: redactedUrl, attempt, error: failure });
        throw failure;
      }
      // Retryable failure: wait and try again, unless out of attempts or time.
      const delay = retryAfterMs ?? backoffDelay(attempt, retry.minDelayMs, retry.maxDelayMs);
      const remaining = deadlineMs - (Date.now() - startedAt);
      if (attempt > retry.retries || delay >= remaining) {
        safeHook(hooks, "onError", { provider, operation: options.operation, method, url: redactedUrl, attempt, error: failure });
        throw failure;
      }
      if (failure.status === 429 && retryAfterMs !== undefined) throttle?.pauseFor(retryAfterMs);
      safeHook(hooks, "onRetry", {
        provider,
        operation: options.operation,
        method,
        url: redactedUrl,
        attempt,
        delayMs: delay,
        reason: failure.kind,
        ...(failure.status === undefined ? {} : { status: failure.status }),
      });
      try {
        await sleep(delay, outer);
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason ?? error;
        throw new TimeoutError(`${displayName} ${options.operation}: gave up after ${deadlineMs} ms (deadlineMs).`, {
          provider,
          request,
          cause: failure,
          fix: "Retry later, or raise the deadlineMs setting.",
        });
      }
    }
  }

  async function request<T = unknown>(options: RequestOptions<T>): Promise<HttpResponse<T>> {
    const method = options.method ?? "GET";
    const url = joinUrl(baseUrl, options.path);
    appendQuery(url, options.query);
    const useCache = cache !== undefined && method === "GET" && !options.noCache;
    let raw: RawResponse;
    if (useCache) {
      const { value, hit } = await cache.get(url.href, () => execute(options, method, url));
      raw = value;
      if (hit) {
        safeHook(hooks, "onResponse", {
          provider,
          operation: options.operation,
          method,
          url: redactUrl(url),
          attempt: 0,
          status: raw.status,
          durationMs: 0,
          fromCache: true,
        });
      }
    } else {
      raw = await execute(options, method, url);
    }
    const summary: RequestSummary = { operation: options.operation, method, url: redactUrl(raw.url) };
    if (raw.jsonError) {
      throw new InvalidResponseError(
        `${displayName} ${options.operation}: the response is not valid JSON (HTTP ${raw.status}; starts: ${redactExcerpt(raw.text, 80)}).`,
        {
          provider,
          status: raw.status,
          request: summary,
          fix: "Check that baseUrl points at the API (not a web page or proxy login).",
        },
      );
    }
    const data = options.schema
      ? validateResponse(options.schema, raw.json, { operation: options.operation, provider: displayName, request: summary, status: raw.status })
      : (raw.json as T);
    return { data, status: raw.status, headers: raw.headers, url: summary.url };
  }

  return {
    provider,
    baseUrl,
    request,
    async get(options) {
      return (await request({ ...options, method: "GET" })).data;
    },
  };
}
