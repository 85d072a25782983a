import type { VerifyCheck, VerifyReport } from "./connector.js";
import { assessRotation, type Credential, type RotationPolicy } from "./credential.js";
import { ToolweaveError } from "./errors.js";
import { redactText } from "./redact.js";

/**
 * The one definition of `VerifyReport.ok`: every check passed, or failed as `advisory`.
 * An advisory check is advice about a credential that still works (rotation due, a
 * declaration that looks wrong); every other failed check means the connector cannot be
 * relied on as configured (rejected token, unreachable project, expired token).
 */
export function verifyOk(checks: readonly VerifyCheck[]): boolean {
  return checks.every((check) => check.ok || check.advisory === true);
}

/** The redacted `credential` block of a {@link VerifyReport}: kind, masked value, dates, source. Never the secret. */
export function credentialSummary(credential: Credential): VerifyReport["credential"] {
  return {
    kind: credential.kind,
    masked: credential.secret.masked,
    ...(credential.scope ? { scope: credential.scope } : {}),
    ...(credential.privilege ? { privilege: credential.privilege } : {}),
    ...(credential.createdAt ? { createdAt: credential.createdAt.toISOString() } : {}),
    ...(credential.expiresAt ? { expiresAt: credential.expiresAt.toISOString() } : {}),
    ...(credential.source ? { source: credential.source } : {}),
  };
}

/** What {@link buildVerifyReport} needs; `ok` is never passed in, it is derived from `checks`. */
export interface VerifyReportInput {
  provider: string;
  credential: Credential;
  checks: VerifyCheck[];
  identity?: string | undefined;
  details?: Record<string, unknown>;
}

/** Builds a {@link VerifyReport} whose `ok` follows {@link verifyOk}, so every connector means the same by it. */
export function buildVerifyReport(input: VerifyReportInput): VerifyReport {
  return {
    provider: input.provider,
    ok: verifyOk(input.checks),
    ...(input.identity ? { identity: input.identity } : {}),
    credential: credentialSummary(input.credential),
    checks: input.checks,
    ...(input.details ? { details: input.details } : {}),
  };
}

/** Options of {@link rotationCheck}. */
export interface RotationCheckOptions {
  /** The variable holding the token, e.g. `CIRCLECI_TOKEN`; named in the advice. */
  variable: string;
  /** What to do when the token must be replaced (where to create a new one). */
  fix: string;
  policy?: RotationPolicy;
  now?: Date;
}

/**
 * The `rotation` check every connector reports, from {@link assessRotation}:
 * - `ok`, `rotate-soon`, `unknown`: passed (the detail says what to plan or set);
 * - `rotate-now`, `expiring`: failed but advisory, since the token still works;
 * - `expired`: failed, so the report is not `ok`.
 */
export function rotationCheck(credential: Pick<Credential, "createdAt" | "expiresAt" | "source">, options: RotationCheckOptions): VerifyCheck {
  const rotation = assessRotation(credential, options.policy, options.now);
  const detail = rotation.message.replace("<VAR>", options.variable);
  if (rotation.status === "ok" || rotation.status === "rotate-soon" || rotation.status === "unknown") {
    return { name: "rotation", ok: true, detail };
  }
  // An expired token is refused like a rejected one, so its check has that kind.
  return rotation.status === "expired" ? { name: "rotation", ok: false, kind: "authentication", detail, fix: options.fix } : adviceCheck("rotation", detail, options.fix);
}

/** A failed `advisory` check: advice about a credential that still works, so the report stays `ok`. */
export function adviceCheck(name: string, detail: string, fix: string): VerifyCheck {
  return { name, ok: false, advisory: true, detail: redactText(detail), fix: redactText(fix) };
}

/** Words a check says in place of the error's own; the error's kind and status are kept. */
export interface CheckWords {
  detail?: string;
  fix?: string;
}

/** The fix of a failed check whose error names none (a bug, a platform error). */
const UNKNOWN_FIX = "Check the detail and the connector's settings, then run verify again; if it fails the same way, report it.";

/**
 * A failed check from any thrown value, with the error's `kind`, its HTTP `status` when there
 * was an answer, and its `fix` (a generic one when it names none); `words` may say the detail or
 * the fix in the check's own terms. A toolweave error's message is already redacted; anything
 * else (a bug, a platform error) may quote anything, so its text is redacted, as are `words`.
 *
 * @throws the error itself when it is a cancellation (`kind: "aborted"`): a check the caller
 *   cancelled did not fail, so `verify()` rejects with the `AbortedError` instead of reporting
 *   a token that does not work.
 */
export function failedCheck(name: string, error: unknown, words: CheckWords = {}): VerifyCheck {
  const own = ToolweaveError.isInstance(error);
  if (own && error.kind === "aborted") throw error;
  const detail = words.detail ?? (own ? error.message : error instanceof Error ? error.message : String(error));
  return {
    name,
    ok: false,
    kind: own ? error.kind : "unknown",
    ...(own && error.status !== undefined ? { status: error.status } : {}),
    detail: redactText(detail),
    fix: redactText(words.fix ?? (own ? error.fix : undefined) ?? UNKNOWN_FIX),
  };
}
