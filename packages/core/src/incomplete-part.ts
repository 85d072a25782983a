import type { IncompleteError, IncompletePart } from "./correlator.js";
import { ToolweaveError } from "./errors.js";
import { redactText } from "./redact.js";

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
