import { AbortedError, ToolweaveError, redactedCause } from "../errors.js";
import { redactExcerpt } from "../redact.js";
import { cachedRequest, invalidateAfterWrite } from "./cached-request.js";
import { prepareCall, redactedUrlOf, requestSummary, type Call } from "./call.js";
import { createClientState, type ClientState } from "./client-state.js";
import { parseAndValidate, responseOf } from "./response.js";
import { retryLoop } from "./retry-loop.js";
import { safeHook } from "./safe-hook.js";
import type { HttpClient, HttpClientSettings, HttpMethod, HttpResponse, RequestOptions } from "./types.js";

export { HTTP_DEFAULTS } from "./http-defaults.js";

// A request's path, one stage per file, each taking the client's state record:
//   call.ts            options checked, URL and body built
//   cached-request.ts  GETs through the cache (load, store, invalidate after a write)
//   retry-loop.ts      attempts through the throttle, backoff, Retry-After, the deadline
//   attempt.ts         one attempt: send, same-origin redirects, the body within its size limit
//   response.ts        JSON parsed and validated, the response object
// client-state.ts checks and resolves the settings once, when the client is made.

/** Whatever left the call, as a redacted `ToolweaveError`. */
function toFailure<T>(state: ClientState, error: unknown, call: Call<T> | undefined, options: RequestOptions<T>): ToolweaveError {
  const { displayName, provider } = state;
  const operation = call?.options.operation ?? (options && typeof options.operation === "string" ? options.operation : "request");
  const callerSignal = options && typeof options === "object" ? options.signal : undefined;
  const isToolweave = ToolweaveError.isInstance(error);
  // The caller's signal ended the call: whatever the platform threw on the way out (the
  // signal's reason, a DOMException) leaves as an AbortedError the hub can report.
  if (callerSignal?.aborted && (!isToolweave || error.kind === "aborted")) {
    if (isToolweave) return error;
    return new AbortedError(`${displayName} ${operation}: cancelled by the caller's signal after ${call?.attempts ?? 0} attempt(s).`, {
      provider,
      ...(call ? { request: requestSummary(call) } : {}),
      cause: redactedCause(callerSignal.reason ?? error),
      fix: "The caller's AbortSignal ended the call; nothing to fix unless that was not intended.",
    });
  }
  if (isToolweave) return error;
  return new ToolweaveError(`${displayName} ${operation}: unexpected failure (${redactExcerpt(error instanceof Error ? `${error.name}: ${error.message}` : String(error), 160)}).`, {
    provider,
    ...(call ? { request: requestSummary(call) } : {}),
    cause: redactedCause(error),
    fix: "This is likely a bug in toolweave or in a custom fetch; please report it.",
  });
}

/** A write that was sent may have changed what cached reads of its path say. */
const isWrite = (method: HttpMethod) => method !== "GET" && method !== "HEAD" && method !== "OPTIONS";

/**
 * One request, start to end. `forceMethod`: `get()` sends GET whatever `options.method` says,
 * without copying the options. `dataOnly`: `get()` takes the data alone, so no response object
 * (nor a promise to unwrap it) is made.
 */
async function request<T>(state: ClientState, options: RequestOptions<T>, forceMethod?: HttpMethod, dataOnly?: boolean): Promise<HttpResponse<T> | T> {
  let call: Call<T> | undefined;
  try {
    call = prepareCall(state, options, forceMethod);
    if (call.signal?.aborted) throw call.signal.reason;
    const cache = state.cache;
    if (cache !== undefined && call.method === "GET" && !options.noCache) return await cachedRequest(state, cache, call, dataOnly);
    try {
      const raw = await retryLoop(state, call);
      const data = parseAndValidate(state, call, raw);
      return dataOnly ? data : responseOf(call, raw, data);
    } finally {
      if (cache && isWrite(call.method) && call.attempts > 0) await invalidateAfterWrite(state, cache, call.url);
    }
  } catch (error) {
    const failure = toFailure(state, error, call, options);
    const c = call;
    safeHook(state.hooks, "onError", () => ({
      provider: state.provider,
      operation: c?.options.operation ?? "request",
      method: c?.method ?? "GET",
      url: c ? redactedUrlOf(c) : "",
      attempt: c?.attempts ?? 0,
      error: failure,
    }));
    throw failure;
  }
}

/**
 * The one HTTP layer every connector uses: `fetch` with per-attempt timeout and overall
 * deadline, retries with backoff and `Retry-After`, client-side throttling, same-origin
 * redirects only, typed and redacted errors, response validation and an opt-in GET cache.
 *
 * Every failure leaves `request()` as a `ToolweaveError` (see "Failure semantics" in the
 * README) and fires `onError` exactly once.
 */
export function createHttpClient(settings: HttpClientSettings): HttpClient {
  const state = createClientState(settings);
  return {
    provider: state.provider,
    baseUrl: state.baseUrl,
    request: <T>(options: RequestOptions<T>) => request(state, options) as Promise<HttpResponse<T>>,
    get: <T>(options: Omit<RequestOptions<T>, "method" | "body">) => request(state, options, "GET", true) as Promise<T>,
  };
}
