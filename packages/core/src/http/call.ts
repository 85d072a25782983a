import { InvalidInputError, type RequestSummary } from "../errors.js";
import { redactExcerpt, redactText, redactUrl } from "../redact.js";
import { joinUrl } from "./base-url.js";
import type { ClientState } from "./client-state.js";
import { serializeBody } from "./serialize-body.js";
import type { HttpMethod, Query, RequestOptions } from "./types.js";

const METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "DELETE", "PUT", "POST", "PATCH"]);
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** One call of `request()`: what it sends and what it has spent so far. */
export interface Call<T> {
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
export function redactedUrlOf(call: Call<unknown>): string {
  return (call.redacted ??= redactUrl(call.url));
}

/** A hop's URL as it may be shown: the call's (redacted once) or a redirect's. */
export function shownUrl(call: Call<unknown>, url: URL): string {
  return url === call.url ? redactedUrlOf(call) : redactUrl(url);
}

/** What an error says was being sent. */
export function requestSummary(call: Call<unknown>, url: string = redactedUrlOf(call), method: HttpMethod = call.method): RequestSummary {
  return { operation: call.options.operation, method, url, attempts: call.attempts };
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

/**
 * Checks a request's options and makes its {@link Call}. `forceMethod`: `get()` sends GET
 * whatever `options.method` says, without copying the options.
 */
export function prepareCall<T>(state: ClientState, options: RequestOptions<T>, forceMethod?: HttpMethod): Call<T> {
  const { displayName, provider } = state;
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
  const url = joinUrl(state.baseUrl, options.path);
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
