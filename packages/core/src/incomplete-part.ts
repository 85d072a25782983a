import { ToolweaveError, type ErrorKind } from "./errors.js";
import { redactText } from "./redact.js";

/** The redacted, JSON-able summary of the error that stopped one lookup. */
export interface IncompleteError {
  kind: ErrorKind;
  /** Already redacted. */
  message: string;
  /** What to do about it, when known. */
  fix?: string;
  /** HTTP status of the last answer, when there was one. */
  status?: number;
  isRetryable: boolean;
}

/**
 * One lookup a correlator could not complete: what it was looking at and why it could not.
 * Its absence from `FindResult.incomplete` is the promise that nothing was skipped.
 */
export interface IncompletePart {
  /** What was not looked at, in words a person reads, e.g. `workflows of pipeline #123 (gh/acme/checkout)`. */
  lookup: string;
  error: IncompleteError;
  /** Whether running the same lookup again may succeed (a 429, timeout or 5xx). */
  retryable: boolean;
}

/** The redacted summary of any thrown value, as `IncompletePart.error` carries it. */
export function summarizeError(error: unknown): IncompleteError {
  if (ToolweaveError.isInstance(error)) {
    return {
      kind: error.kind,
      message: error.message,
      ...(error.fix === undefined ? {} : { fix: error.fix }),
      ...(error.status === undefined ? {} : { status: error.status }),
      isRetryable: error.isRetryable,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "unknown", message: redactText(message), isRetryable: false };
}

/**
 * Records a lookup that failed, for `FindResult.incomplete`: `lookup` says what was not
 * looked at, the error is reduced to its redacted summary.
 */
export function incompletePart(lookup: string, error: unknown): IncompletePart {
  const summary = summarizeError(error);
  return { lookup, error: summary, retryable: summary.isRetryable };
}

/**
 * A list the server ended early, for a reason it gave (`PagedIterable.truncated.reason`): the
 * `read` items are kept, and running the lookup again may read the rest. The lookup is worded
 * `<what> after the first <read>`.
 */
export function cutShortPart(what: string, read: number, reason: string): IncompletePart {
  return { lookup: `${what} after the first ${read}`, error: { kind: "service", message: redactText(reason), isRetryable: true }, retryable: true };
}

/**
 * A list with more items than a call collects (`limit`, a bound of ours): another run with the
 * same bounds stops at the same place, so it is not retryable and `fix` says how to narrow it.
 * The lookup is worded `<what> beyond the first <limit>`.
 */
export function limitPart(what: string, limit: number, message: string, fix: string): IncompletePart {
  return {
    lookup: `${what} beyond the first ${limit}`,
    error: { kind: "pagination_limit", message: redactText(message), fix: redactText(fix), isRetryable: false },
    retryable: false,
  };
}
