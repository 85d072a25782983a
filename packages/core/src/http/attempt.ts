import { ConfigurationError, InvalidInputError, InvalidResponseError, NetworkError, RedirectError, TimeoutError, ToolweaveError, redactedCause } from "../errors.js";
import { redactExcerpt } from "../redact.js";
import { requestSummary, shownUrl, type Call } from "./call.js";
import { headerTemplateOf, type ClientState } from "./client-state.js";
import { CREDENTIAL_FIX } from "./credential-headers.js";
import { isNetworkFailure } from "./is-network-failure.js";
import { onAbort } from "./on-abort.js";
import { rawResponse, type RawResponse } from "./raw-response.js";
import { BodyTooLargeError, readBody } from "./read-body.js";
import { safeHook } from "./safe-hook.js";
import type { HttpEventBase, HttpMethod } from "./types.js";

const REDIRECT_STATUS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** The error of an attempt that ran out of time: its own timeout, or the call's deadline. */
function attemptTimeoutError(
  state: ClientState,
  call: Call<unknown>,
  byDeadline: boolean,
  what: string,
  status: number | undefined,
  url: string,
  method: HttpMethod,
  cause: unknown,
): TimeoutError {
  const { displayName, provider } = state;
  const operation = call.options.operation;
  return byDeadline
    ? new TimeoutError(`${displayName} ${operation}: gave up after ${state.deadlineMs} ms (deadlineMs) and ${call.attempts} attempt(s); ${what}.`, {
        provider,
        ...(status === undefined ? {} : { status }),
        request: requestSummary(call, url, method),
        cause: redactedCause(cause),
        isRetryable: false,
        details: { deadline: true },
        fix: "Retry later, or raise the deadlineMs setting (time spent waiting for a throttle slot does not count).",
      })
    : new TimeoutError(`${displayName} ${operation}: ${what} within ${state.timeoutMs} ms (timeoutMs).`, {
        provider,
        ...(status === undefined ? {} : { status }),
        request: requestSummary(call, url, method),
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
  state: ClientState,
  call: Call<unknown>,
  attempt: number,
  redirects: number,
  url: URL,
  method: HttpMethod,
  body: string | undefined,
  signal: AbortSignal,
  event: (() => HttpEventBase) | undefined,
): Promise<Response> {
  const { settings } = state;
  const headerTemplate = headerTemplateOf(state);
  // Merged through Headers so names are case-insensitive: a connector's "Accept" replaces
  // the default instead of being sent twice.
  const headers = headerTemplate ? new Headers(headerTemplate) : new Headers({ accept: "application/json", "user-agent": state.userAgent });
  try {
    if (!headerTemplate && settings.headers) for (const name in settings.headers) headers.set(name, settings.headers[name]!);
    if (call.options.headers) for (const name in call.options.headers) headers.set(name, call.options.headers[name]!);
  } catch (error) {
    throw new InvalidInputError(`${state.displayName} ${call.options.operation}: a request header is not valid (${redactExcerpt(error instanceof Error ? error.message : String(error), 120)}).`, {
      provider: state.provider,
      request: requestSummary(call, shownUrl(call, url), method),
      fix: "Header names must be tokens and values must not contain line breaks or control characters.",
    });
  }
  if (body !== undefined) headers.set("content-type", "application/json");
  // The credential is written only for the base URL's origin (redirects elsewhere are refused).
  if (url.origin === state.baseUrl.origin && settings.authenticate) {
    try {
      settings.authenticate(headers);
    } catch {
      throw new ConfigurationError(`${state.displayName} ${call.options.operation}: the credential cannot be written into a request header.`, {
        provider: state.provider,
        request: requestSummary(call, shownUrl(call, url), method),
        fix: CREDENTIAL_FIX,
      });
    }
  }
  if (event) safeHook(state.hooks, "onRequest", event);
  if (redirects === 0) call.attempts = attempt;
  return state.fetch(url, { method, headers, body, signal, redirect: "manual" });
}

/** Why sending failed, as the error to throw (the caller's cancellation passes through as is). */
function sendFailure(state: ClientState, call: Call<unknown>, error: unknown, parent: AbortSignal | undefined, timedOut: boolean, byDeadline: boolean, url: string, method: HttpMethod): unknown {
  if (ToolweaveError.isInstance(error)) return error;
  if (parent?.aborted) return error; // the call was cancelled: the retry loop reports it
  if (timedOut) return attemptTimeoutError(state, call, byDeadline, "no answer", undefined, url, method, error);
  const { displayName, provider } = state;
  const operation = call.options.operation;
  const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
  if (isNetworkFailure(error)) {
    return new NetworkError(`${displayName} ${operation}: network error (${redactExcerpt(reason, 120)}).`, {
      provider,
      request: requestSummary(call, url, method),
      cause: redactedCause(error),
      fix: `Check connectivity to ${state.baseUrl.host} (DNS, proxy, TLS) and the base URL setting.`,
    });
  }
  // Not a socket, DNS or TLS failure: fetch refused the request itself. Repeating it cannot help.
  return new InvalidInputError(`${displayName} ${operation}: the request could not be sent (${redactExcerpt(reason, 160)}).`, {
    provider,
    request: requestSummary(call, url, method),
    cause: redactedCause(error),
    fix: "This is a problem with the request (method, URL, headers or body), not with the network; it was not retried.",
  });
}

/** Where a redirect leads, if it may be followed; throws when it may not (another origin, credentials, a loop). */
function redirectTarget(state: ClientState, call: Call<unknown>, status: number, location: string, url: URL, redirects: number, shown: string, method: HttpMethod): URL {
  const { displayName, provider } = state;
  const operation = call.options.operation;
  const refusal = (message: string, fix: string) => new RedirectError(`${displayName} ${operation}: ${message}`, { provider, status, request: requestSummary(call, shown, method), fix });
  let next: URL;
  try {
    next = new URL(location, url);
  } catch {
    throw new InvalidResponseError(`${displayName} ${operation}: HTTP ${status} redirect with a malformed Location header.`, {
      provider,
      status,
      request: requestSummary(call, shown, method),
      fix: "The server (or a proxy in front of it) sent a broken redirect; check the base URL setting.",
    });
  }
  if (next.origin !== state.baseUrl.origin) {
    throw refusal(
      `refused a redirect from ${url.origin} to another origin (${next.origin}); the credential was not sent there.`,
      "Check the base URL setting: point it at the API host itself (the one redirected to, if you trust it).",
    );
  }
  if (next.username || next.password) {
    throw refusal("refused a redirect to a URL with a user name or password in it.", "The server (or a proxy in front of it) redirects to a URL carrying credentials; check the base URL setting.");
  }
  if (redirects + 1 > state.maxRedirects) {
    throw refusal(`more than ${state.maxRedirects} redirects.`, "Check the base URL setting; the server is redirecting in a loop.");
  }
  return next;
}

/** Why the body could not be read, as the error to throw. */
function bodyFailure(state: ClientState, call: Call<unknown>, error: unknown, status: number, parent: AbortSignal | undefined, timedOut: boolean, byDeadline: boolean, hop: URL, method: HttpMethod): unknown {
  const { displayName, provider } = state;
  const operation = call.options.operation;
  if (error instanceof BodyTooLargeError) {
    return new InvalidResponseError(`${displayName} ${operation}: the response body is larger than ${state.maxResponseBytes} bytes (maxResponseBytes); it was not read.`, {
      provider,
      status,
      request: requestSummary(call, shownUrl(call, hop), method),
      fix: "Check the base URL (is it the API?), narrow the request (smaller pages), or raise the maxResponseBytes setting.",
    });
  }
  if (parent?.aborted) return error;
  if (timedOut) return attemptTimeoutError(state, call, byDeadline, "the response body did not arrive", status, shownUrl(call, hop), method, error);
  // Headers arrived but the body was cut short (connection closed before Content-Length):
  // an invalid response, never parsed; repeating the request may get it whole.
  return new InvalidResponseError(`${displayName} ${operation}: the response body was cut short (HTTP ${status}; the connection closed before the end).`, {
    provider,
    status,
    request: requestSummary(call, shownUrl(call, hop), method),
    cause: redactedCause(error),
    isRetryable: true,
    fix: `Retry later; if it persists, check proxies between here and ${state.baseUrl.host}.`,
  });
}

/**
 * One attempt: the request, any same-origin redirects, and the whole body (at most
 * `maxResponseBytes`). Error handling lives in the helpers above, so the suspended attempt (one
 * per request in flight) stays small.
 */
export async function attemptOnce(state: ClientState, call: Call<unknown>, attempt: number): Promise<RawResponse> {
  const remaining = state.deadlineMs - call.activeMs;
  const limitMs = Math.max(1, Math.min(state.timeoutMs, remaining));
  const byDeadline = remaining < state.timeoutMs;
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
  const hooks = state.hooks;
  const timeout = state.attemptTimeouts.start(controller, limitMs);
  try {
    // The current hop; shown (redacted) only when an error or a hook needs it.
    let url = call.url;
    let method = call.method;
    let body = call.body;
    for (let redirects = 0; ; redirects++) {
      // Hook events are built only when there are hooks to receive them.
      const event = hooks ? (): HttpEventBase => ({ provider: state.provider, operation: call.options.operation, method, url: shownUrl(call, url), attempt }) : undefined;
      const started = event ? performance.now() : 0;
      let response: Response;
      try {
        response = await sendHop(state, call, attempt, redirects, url, method, body, controller.signal, event);
      } catch (error) {
        throw sendFailure(state, call, error, parent, timeout.timedOut, byDeadline, shownUrl(call, url), method);
      }
      const location = REDIRECT_STATUS.has(response.status) ? response.headers.get("location") : null;
      if (location) {
        await response.body?.cancel().catch(() => undefined);
        url = redirectTarget(state, call, response.status, location, url, redirects, shownUrl(call, url), method);
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
          method = "GET";
          body = undefined;
        }
        continue;
      }
      let text: string;
      try {
        text = await readBody(response, state.maxResponseBytes);
      } catch (error) {
        throw bodyFailure(state, call, error, response.status, parent, timeout.timedOut, byDeadline, url, method);
      }
      if (event) {
        safeHook(hooks, "onResponse", () => ({ ...event(), status: response.status, durationMs: Math.round(performance.now() - started), fromCache: false }));
      }
      return rawResponse(response.status, response.headers, text, url);
    }
  } finally {
    state.attemptTimeouts.clear(timeout);
    unsubscribe?.();
  }
}
