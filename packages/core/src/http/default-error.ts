import {
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  ServiceError,
  TimeoutError,
  ToolweaveError,
  type RequestSummary,
} from "../errors.js";
import { redactExcerpt } from "../redact.js";

/** The vendor's own words from an error body: `{message}`, `{error}`, `{error:{message}}` or plain text. */
export function vendorMessage(json: unknown, text: string): string | undefined {
  if (json && typeof json === "object") {
    const body = json as Record<string, unknown>;
    for (const key of ["message", "error", "error_description", "detail"]) {
      const value = body[key];
      if (typeof value === "string" && value.trim()) return redactExcerpt(value, 300);
      if (value && typeof value === "object" && typeof (value as { message?: unknown }).message === "string") {
        return redactExcerpt((value as { message: string }).message, 300);
      }
    }
  }
  const trimmed = text.trim();
  if (!trimmed || trimmed.startsWith("<")) return undefined; // HTML error pages say nothing useful
  return redactExcerpt(trimmed, 200);
}

export interface DefaultErrorInput {
  provider: string;
  displayName: string;
  operation: string;
  status: number;
  json: unknown;
  text: string;
  request: RequestSummary;
  retryAfterMs: number | undefined;
}

/** Maps an HTTP status to the error hierarchy; providers refine it with their `mapError`. */
export function defaultHttpError(input: DefaultErrorInput): ToolweaveError {
  const { status, displayName, operation } = input;
  const said = vendorMessage(input.json, input.text);
  const message = `${displayName} ${operation} failed: HTTP ${status}${said ? ` (${said})` : ""}.`;
  const base = { status, provider: input.provider, request: input.request };
  if (status === 400 || status === 422) {
    return new InvalidInputError(message, { ...base, fix: `Check the arguments passed to ${operation}.` });
  }
  if (status === 401) {
    return new AuthenticationError(message, {
      ...base,
      fix: `Check the ${displayName} token: it may be missing, mistyped, expired or revoked.`,
    });
  }
  if (status === 403) {
    return new PermissionError(message, {
      ...base,
      fix: `The ${displayName} token is valid but may not do this; use a token with more access.`,
    });
  }
  if (status === 404) {
    return new NotFoundError(message, {
      ...base,
      fix: "Check the identifier; the resource may not exist or may not be visible to this token.",
    });
  }
  if (status === 408) {
    return new TimeoutError(message, { ...base, fix: "Retry later, or raise timeoutMs." });
  }
  if (status === 429) {
    return new RateLimitedError(message, {
      ...base,
      ...(input.retryAfterMs === undefined ? {} : { retryAfterMs: input.retryAfterMs }),
      fix: "Slow down: lower throttle.requestsPerSecond / maxConcurrency, or retry later.",
    });
  }
  if (status >= 500) {
    return new ServiceError(message, {
      ...base,
      isRetryable: status === 502 || status === 503 || status === 504,
      fix: `${displayName} had a server-side problem; retry later and check its status page.`,
    });
  }
  return new ToolweaveError(message, base);
}
