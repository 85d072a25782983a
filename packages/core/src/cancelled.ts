import { AbortedError, redactedCause } from "./errors.js";

/**
 * Throws the typed cancellation, an `AbortedError` (its cause the signal's reason, redacted),
 * when `signal` has aborted — never the signal's raw reason or the platform's `DOMException`,
 * so a caller sees one error type whichever step the abort interrupted.
 */
export function throwIfCancelled(signal: AbortSignal | undefined, where: { readonly operation: string; readonly provider?: string | undefined }): void {
  if (!signal?.aborted) return;
  throw new AbortedError(`${where.provider ? `${where.provider} ` : ""}${where.operation}: cancelled by the caller's signal.`, {
    ...(where.provider === undefined ? {} : { provider: where.provider }),
    cause: redactedCause(signal.reason),
    fix: "The caller's AbortSignal ended the call; nothing to fix unless that was not intended.",
  });
}
