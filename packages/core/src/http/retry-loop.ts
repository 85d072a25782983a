import { RateLimitedError, TimeoutError, ToolweaveError, type RequestSummary } from "../errors.js";
import { redactExcerpt } from "../redact.js";
import { exhaustedFor } from "./adaptive-rate.js";
import { attemptOnce } from "./attempt.js";
import { redactedUrlOf, requestSummary, type Call } from "./call.js";
import type { ClientState } from "./client-state.js";
import { defaultHttpError } from "./default-error.js";
import type { RawResponse } from "./raw-response.js";
import { backoffDelay, parseRetryAfter } from "./retry-after.js";
import { safeHook } from "./safe-hook.js";
import { sleep } from "./sleep.js";

/**
 * Statuses worth another attempt: 408 (the server gave up waiting for the request), 429, and
 * 502/503/504; never 400/401/403/404. 429 is repeated for any method (the request was refused
 * unprocessed); the others only for idempotent ones.
 */
const RETRYABLE_STATUS: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/**
 * How long a 429 asks to wait: its `Retry-After`, else a rate-limit reset with nothing remaining
 * (`RateLimit-Remaining: 0` / `X-RateLimit-Remaining: 0`). Either is bounded by `maxRetryAfterMs`.
 */
function rateLimitWaitMs(headers: Headers): number | undefined {
  return parseRetryAfter(headers.get("retry-after")) ?? exhaustedFor(headers);
}

/**
 * Runs one attempt and counts its time against the deadline (time waiting for a throttle slot is
 * not counted; time held by a server-asked pause is, in retryLoop), on
 * the monotonic clock: a wall-clock step must not spend or refund the deadline.
 * Promise callbacks rather than an async function: one suspended frame less per request in flight.
 */
function timedAttempt(state: ClientState, call: Call<unknown>, attempt: number): Promise<RawResponse> {
  const started = performance.now();
  const sentAt = Date.now();
  return attemptOnce(state, call, attempt).then(
    (raw) => {
      call.activeMs += performance.now() - started;
      const throttle = state.throttle;
      if (throttle) {
        throttle.observe({ sentAt, status: raw.status, headers: raw.headers, maxPauseMs: state.maxPauseMs });
        // A 429 holds back every request of this client not yet sent, not only this one. Paused
        // here, while this attempt still holds its throttle slot: paused after the slot was
        // released, the next queued request went out inside the pause.
        if (raw.status === 429) {
          const waitMs = rateLimitWaitMs(raw.headers);
          if (waitMs !== undefined && waitMs > 0) throttle.pauseFor(Math.min(waitMs, state.maxPauseMs));
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

/**
 * The call is held by a pause the server asked for (a 429, or rate-limit headers) past what is
 * left of its deadline: it ends now, with when the client sends again, instead of at the deadline.
 */
function pausedPastDeadline(state: ClientState, call: Call<unknown>, pauseLeftMs: number): RateLimitedError {
  const retryAfterMs = Math.ceil(pauseLeftMs);
  return new RateLimitedError(
    `${state.displayName} ${call.options.operation}: the server's rate limit holds this client's requests for another ${Math.ceil(retryAfterMs / 1000)} s, longer than is left of its ${state.deadlineMs} ms deadline (deadlineMs); ${call.attempts} attempt(s) sent.`,
    {
      provider: state.provider,
      request: requestSummary(call),
      retryAfterMs,
      details: { deadline: true },
      fix: "Retry after retryAfterMs, or raise deadlineMs; lower throttle.maxConcurrency or requestsPerSecond to stay under the limit.",
    },
  );
}

/** The connector's error mapper misbehaved: a bug to report, with core's own error as the cause. */
function mapperBug(state: ClientState, operation: string, raw: RawResponse, request: RequestSummary, defaultError: ToolweaveError, what: string, fix: string): ToolweaveError {
  return new ToolweaveError(`${state.displayName} ${operation}: the connector's error mapper ${what}`, {
    provider: state.provider,
    status: raw.status,
    request,
    cause: defaultError,
    isRetryable: defaultError.isRetryable,
    fix,
  });
}

/** A non-2xx answer as the error to throw: core's default, refined by the connector's `mapError`. */
function mapFailure(state: ClientState, call: Call<unknown>, raw: RawResponse, retryAfterMs: number | undefined): ToolweaveError {
  const { provider, displayName, settings } = state;
  const operation = call.options.operation;
  const request = requestSummary(call);
  const defaultError = defaultHttpError({ provider, displayName, operation, status: raw.status, json: raw.json, text: raw.text, request, retryAfterMs });
  if (!settings.mapError) return defaultError;
  try {
    const mapped = settings.mapError({
      provider,
      operation,
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
      return mapperBug(state, operation, raw, request, defaultError, `returned something that is not a toolweave error (HTTP ${raw.status}).`, "This is a bug in the connector; please report it.");
    }
    return mapped;
  } catch (error) {
    return mapperBug(
      state,
      operation,
      raw,
      request,
      defaultError,
      `failed (${redactExcerpt(error instanceof Error ? error.message : String(error), 120)}) on HTTP ${raw.status}.`,
      "This is a bug in the connector; please report it (the HTTP answer is kept as the cause).",
    );
  }
}

/** The retry loop: attempts through the throttle, backoff, `Retry-After`, the deadline. */
export async function retryLoop(state: ClientState, call: Call<unknown>): Promise<RawResponse> {
  const { deadlineMs, retry, throttle } = state;
  for (let attempt = call.attempts + 1; ; attempt++) {
    if (deadlineMs - call.activeMs <= 0) {
      throw new TimeoutError(`${state.displayName} ${call.options.operation}: gave up after ${deadlineMs} ms (deadlineMs) and ${call.attempts} attempt(s).`, {
        provider: state.provider,
        request: requestSummary(call),
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
      raw = throttle
        ? await throttle.run(
            (_queuedMs, pausedMs) => {
              // Held by a server-asked pause: counted like a backoff; waiting for a slot is not.
              if (pausedMs) call.activeMs += pausedMs;
              return timedAttempt(state, call, attempt);
            },
            call.signal,
            { maxPausedMs: deadlineMs - call.activeMs, tooLong: (pauseLeftMs) => pausedPastDeadline(state, call, pauseLeftMs) },
          )
        : await timedAttempt(state, call, attempt);
    } catch (error) {
      if (call.signal?.aborted) throw error;
      if (!ToolweaveError.isInstance(error)) throw error;
      failure = error;
      // Network errors, attempt timeouts and cut-short bodies are repeated only where repeating is safe.
      retryable = (error.kind === "network" || error.kind === "timeout" || error.kind === "invalid_response") && error.isRetryable && call.idempotent;
    }
    if (raw) {
      if (raw.status >= 200 && raw.status < 300) return raw;
      retryAfterMs = raw.status === 429 ? rateLimitWaitMs(raw.headers) : parseRetryAfter(raw.headers.get("retry-after"));
      failure = mapFailure(state, call, raw, retryAfterMs);
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
    safeHook(state.hooks, "onRetry", () => ({
      provider: state.provider,
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
