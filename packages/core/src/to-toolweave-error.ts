import { AbortedError, ToolweaveError, redactedCause } from "./errors.js";

/** Wraps anything thrown into a `ToolweaveError` so results have one error type. */
export function toToolweaveError(error: unknown, provider?: string): ToolweaveError {
  if (ToolweaveError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const options = { cause: redactedCause(error), ...(provider === undefined ? {} : { provider }) };
  // A platform abort (the caller's signal) is reported as the typed kind the rest of toolweave uses.
  if (error instanceof Error && error.name === "AbortError") {
    return new AbortedError(`${provider ? `${provider}: ` : ""}cancelled (${message}).`, { ...options, fix: "The caller's AbortSignal ended the call." });
  }
  // The raw error is never kept as the cause: its message or stack may quote a secret.
  return new ToolweaveError(`${provider ? `${provider}: ` : ""}${message}`, options);
}
