import { redactText, redactUrl } from "./redact.js";

const ERROR_MARKER = Symbol.for("@toolweave/core/error");

/** What was being sent when an error happened; never headers, never a body, never a secret. */
export interface RequestSummary {
  /** Operation name, e.g. `listPipelines`. */
  operation?: string;
  /** HTTP method, e.g. `GET`. */
  method: string;
  /** Redacted URL (no credentials, sensitive query parameters masked). */
  url: string;
  /** Attempts made, including the first. */
  attempts?: number;
}

/** The summary with its text scrubbed again: an operation name may be built from user input. */
function redactedSummary(request: RequestSummary): RequestSummary {
  const { operation, url } = request;
  return {
    ...request,
    ...(typeof operation === "string" ? { operation: redactText(operation) } : {}),
    url: typeof url === "string" ? redactUrl(url) : url,
  };
}

/**
 * The machine-readable category of a {@link ToolweaveError}, one per subclass (`unknown` for the
 * base class). Switch on `error.kind` to decide what to do (re-authenticate, wait, fix input).
 */
export type ErrorKind =
  | "authentication"
  | "permission"
  | "not_found"
  | "rate_limited"
  | "timeout"
  | "network"
  | "invalid_response"
  | "invalid_input"
  | "configuration"
  | "service"
  | "redirect"
  | "pagination_limit"
  | "aborted"
  | "unknown";

/** Options accepted by every {@link ToolweaveError} constructor. */
export interface ToolweaveErrorOptions {
  /** What to do about it: which option, variable or page to change. Redacted; kept apart from the message. */
  fix?: string;
  /** HTTP status of the answer that caused the error, when there was one. */
  status?: number;
  /** The underlying error; pass foreign errors through {@link redactedCause} first. */
  cause?: unknown;
  /** The request being made when the error happened; its operation and URL are redacted again. */
  request?: RequestSummary;
  /** Connector id, e.g. `circleci`. */
  provider?: string;
  /** Whether repeating the same request may succeed. Defaults per kind. */
  isRetryable?: boolean;
  /** Extra structured facts, already redacted (e.g. a vendor error code or trace tag). */
  details?: Record<string, unknown>;
}

/**
 * What a {@link ToolweaveError} prints first: its message, then its fix. Read by the platform
 * when it formats the error's stack (V8 reads `name` and `message` of the object it captured
 * the frames on), so the stack's first line is composed when the stack is first read, as the
 * platform's own is.
 */
class PrintedHeader {
  constructor(private readonly error: ToolweaveError) {}
  get name(): string {
    return this.error.name;
  }
  get message(): string {
    return printedText(this.error);
  }
  toString(): string {
    return printedLine(this.error);
  }
}

const printedText = (error: ToolweaveError) => (error.fix ? (error.message ? `${error.message} ${error.fix}` : error.fix) : error.message);
const printedLine = (error: ToolweaveError) => {
  const text = printedText(error);
  return text ? `${error.name}: ${text}` : error.name;
};

/** A stack assigned by hand replaces the composed one, as it would the platform's. */
function ownStack(error: Error, value: unknown): void {
  Object.defineProperty(error, "stack", { value, writable: true, configurable: true, enumerable: false });
}

/**
 * Base class of every error toolweave throws. Use the static `isInstance` rather than
 * `instanceof`: it recognises errors from any copy of `@toolweave/core` in the process.
 *
 * `message` says what went wrong and `fix` what to do about it, as two fields: `message` does
 * not contain the fix (show both, e.g. `${error.message} ${error.fix}`, or either alone).
 * They are composed only when the error is printed: `toString()` and the first line of
 * `stack` give `Name: message fix`, so an uncaught error printed by Node (or any log of its
 * stack) still tells what to do; `toJSON()` keeps `fix` as its own field. Both are redacted
 * when the error is made.
 */
export class ToolweaveError extends Error {
  /** The kind every instance of this class has; `unknown` on the base class. */
  static readonly kind: ErrorKind = "unknown";
  /** The `isRetryable` value used when the options do not set one. */
  static readonly retryableByDefault: boolean = false;

  /** The error's category; see {@link ErrorKind}. */
  readonly kind: ErrorKind;
  /** What to do about it (redacted), when known. Not part of `message`; printed after it by `toString()` and `stack`. */
  readonly fix: string | undefined;
  /** HTTP status of the answer that caused the error, when there was one. */
  readonly status: number | undefined;
  /** The request being made, redacted. */
  readonly request: RequestSummary | undefined;
  /** Connector id, e.g. `circleci`. */
  readonly provider: string | undefined;
  /** Whether repeating the same request may succeed (true by default for rate limits, timeouts and network errors). */
  readonly isRetryable: boolean;
  /** Extra structured facts, already redacted; `{}` when none. */
  readonly details: Record<string, unknown>;

  /** Builds the error; `message` and `fix` are redacted before they are stored. */
  constructor(message: string, options: ToolweaveErrorOptions = {}) {
    const ctor = new.target as typeof ToolweaveError;
    super(redactText(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = ctor.name;
    this.kind = ctor.kind;
    this.fix = options.fix === undefined ? undefined : redactText(options.fix);
    this.status = options.status;
    this.request = options.request && redactedSummary(options.request);
    this.provider = options.provider;
    this.isRetryable = options.isRetryable ?? ctor.retryableByDefault;
    this.details = options.details ?? {};
    Object.defineProperty(this, ERROR_MARKER, { value: true, enumerable: false });
    // The platform's stack starts with `name: message`; with a fix, the stack is captured again
    // on a header that adds it (V8 and JavaScriptCore; elsewhere the platform's stack stays).
    if (this.fix && typeof Error.captureStackTrace === "function") {
      const header = new PrintedHeader(this) as unknown as { stack?: string };
      Error.captureStackTrace(header, ctor);
      Object.defineProperty(this, "stack", {
        get: () => header.stack,
        set: (value: unknown) => ownStack(this, value),
        configurable: true,
        enumerable: false,
      });
    }
  }

  /** `Name: message fix`: what went wrong, then what to do about it. */
  override toString(): string {
    return printedLine(this);
  }

  /** True when `value` is a toolweave error of this class (or, on the base class, any kind). */
  static isInstance<T extends typeof ToolweaveError>(this: T, value: unknown): value is InstanceType<T> {
    if (typeof value !== "object" || value === null) return false;
    if ((value as Record<symbol, unknown>)[ERROR_MARKER] !== true) return false;
    return this.kind === "unknown" || (value as { kind?: unknown }).kind === this.kind;
  }

  /** A plain object for logs and `--json` output: redacted, without the stack. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      fix: this.fix,
      status: this.status,
      provider: this.provider,
      isRetryable: this.isRetryable,
      request: this.request,
      details: Object.keys(this.details).length ? this.details : undefined,
    };
  }
}

/** The credential was missing, wrong, expired, or not accepted (HTTP 401). */
export class AuthenticationError extends ToolweaveError {
  static override readonly kind: ErrorKind = "authentication";
}

/** The credential works but may not do this (HTTP 403, or refused before calling). */
export class PermissionError extends ToolweaveError {
  static override readonly kind: ErrorKind = "permission";
}

/** The resource does not exist, or is not visible to this credential (HTTP 404). */
export class NotFoundError extends ToolweaveError {
  static override readonly kind: ErrorKind = "not_found";
}

/** Options for {@link RateLimitedError}: the common ones plus the server's requested wait. */
export interface RateLimitedErrorOptions extends ToolweaveErrorOptions {
  /** How long the server asked us to wait, when it said. */
  retryAfterMs?: number;
}

/** The server throttled us (HTTP 429) and retries were exhausted or the wait was too long. */
export class RateLimitedError extends ToolweaveError {
  static override readonly kind: ErrorKind = "rate_limited";
  static override readonly retryableByDefault = true;
  /** How long the server asked us to wait, in milliseconds, when it said; wait at least this long before retrying. */
  readonly retryAfterMs: number | undefined;

  /** Builds the error; see {@link RateLimitedErrorOptions}. */
  constructor(message: string, options: RateLimitedErrorOptions = {}) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** An attempt or the whole call ran out of time. */
export class TimeoutError extends ToolweaveError {
  static override readonly kind: ErrorKind = "timeout";
  static override readonly retryableByDefault = true;
}

/** The request did not get an HTTP answer (DNS, reset, refused, TLS). */
export class NetworkError extends ToolweaveError {
  static override readonly kind: ErrorKind = "network";
  static override readonly retryableByDefault = true;
}

/** The server answered with something we cannot use (not JSON, or not the documented shape). */
export class InvalidResponseError extends ToolweaveError {
  static override readonly kind: ErrorKind = "invalid_response";
}

/** An argument passed by the caller is not valid (or the server said so, HTTP 400/422). */
export class InvalidInputError extends ToolweaveError {
  static override readonly kind: ErrorKind = "invalid_input";
}

/** One wrong or missing setting listed by a {@link ConfigurationError}. */
export interface ConfigurationProblem {
  /** The setting or environment variable concerned, e.g. `CIRCLECI_TOKEN` or `baseUrl`. */
  name: string;
  /** What is wrong with it (redacted). */
  problem: string;
  /** What to change (redacted). */
  fix: string;
}

/** Settings or environment are wrong or missing; nothing was sent. */
export class ConfigurationError extends ToolweaveError {
  static override readonly kind: ErrorKind = "configuration";
  /** Every problem found, so the caller can fix them all at once; may be empty. */
  readonly problems: readonly ConfigurationProblem[];

  /** Builds the error; each problem's text is redacted. */
  constructor(message: string, options: ToolweaveErrorOptions & { problems?: ConfigurationProblem[] } = {}) {
    super(message, options);
    this.problems = (options.problems ?? []).map((p) => ({
      name: p.name,
      problem: redactText(p.problem),
      fix: redactText(p.fix),
    }));
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), problems: this.problems.length ? this.problems : undefined };
  }
}

/** The server failed (HTTP 5xx) after any retries. */
export class ServiceError extends ToolweaveError {
  static override readonly kind: ErrorKind = "service";
}

/** A redirect to another origin was refused so the credential would not be sent there. */
export class RedirectError extends ToolweaveError {
  static override readonly kind: ErrorKind = "redirect";
}

/** Pagination stopped: too many pages, or the server repeated a page cursor. */
export class PaginationLimitError extends ToolweaveError {
  static override readonly kind: ErrorKind = "pagination_limit";
}

/**
 * The caller's `AbortSignal` ended the call; `cause` is the signal's reason. Never retried.
 * Its `name` is `"AbortError"`, like the platform's, so code that ignores cancellations by
 * name (`error.name === "AbortError"`) keeps working.
 */
export class AbortedError extends ToolweaveError {
  static override readonly kind: ErrorKind = "aborted";

  constructor(message: string, options: ToolweaveErrorOptions = {}) {
    super(message, options);
    this.name = "AbortError";
  }
}

/**
 * A copy of a foreign error safe to keep as a `cause`: its name and redacted message, with a
 * stack that repeats only those. A raw error from a platform API (a `TypeError` from `Headers`,
 * say) may quote a secret in its message or stack, and `util.inspect` prints causes.
 */
export function redactedCause(error: unknown, depth = 0): Error {
  if (ToolweaveError.isInstance(error)) return error;
  if (error instanceof Error) {
    const inner = (error as { cause?: unknown }).cause;
    const copy = new Error(redactText(error.message), inner !== undefined && depth < 2 ? { cause: redactedCause(inner, depth + 1) } : undefined);
    copy.name = error.name;
    copy.stack = `${copy.name}: ${copy.message}`;
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string") (copy as Error & { code?: string }).code = code;
    return copy;
  }
  return new Error(redactText(String(error)));
}
