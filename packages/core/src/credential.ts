import type { Secret } from "./secret.js";

/**
 * A credential and what is known of its power. `kind`, `scope` and `privilege` are the
 * provider's own words (CircleCI `personal` / `project`; Circonus `read-only` ...), so a
 * connector can refuse an operation that cannot work before making a call.
 */
export interface Credential<TKind extends string = string> {
  /** Connector id, e.g. `circleci`. */
  provider: string;
  kind: TKind;
  secret: Secret;
  /** What the token may reach (e.g. a CircleCI project token's `read-only` scope). */
  scope?: string;
  /** What the token may do (e.g. a Circonus token's `read-only` privilege). */
  privilege?: string;
  createdAt?: Date;
  expiresAt?: Date;
  /** Where the secret came from, e.g. `CIRCLECI_TOKEN (env)`. Never the value. */
  source?: string;
}

/** The token settings every connector resolves: the secret, and its dates and origin when known. */
export interface TokenSettings {
  token: Secret;
  tokenCreatedAt?: Date | undefined;
  tokenExpiresAt?: Date | undefined;
  /** Where the token came from, e.g. `CIRCLECI_TOKEN (env)`. */
  tokenSource?: string | undefined;
}

/**
 * The credential a connector builds from its resolved token settings and its own `fields`
 * (provider, kind, scope ...): the dates and source only when known. Frozen, so no caller can
 * relabel what the connector refuses early on (a project token as `personal`).
 */
export function tokenCredential<T extends Omit<Credential, "secret" | "createdAt" | "expiresAt" | "source">>(settings: TokenSettings, fields: T): Readonly<T & Credential> {
  return Object.freeze({
    ...fields,
    secret: settings.token,
    ...(settings.tokenCreatedAt ? { createdAt: settings.tokenCreatedAt } : {}),
    ...(settings.tokenExpiresAt ? { expiresAt: settings.tokenExpiresAt } : {}),
    ...(settings.tokenSource ? { source: settings.tokenSource } : {}),
  });
}

/** Rotation thresholds for {@link assessRotation}, in whole days. */
export interface RotationPolicy {
  /** Age at which rotation is recommended. Default 30 days. */
  warnAfterDays?: number;
  /** Age at which rotation is overdue. Default 60 days. */
  rotateAfterDays?: number;
  /** Warn this many days before expiry. Default 14. */
  expiryWarningDays?: number;
}

/**
 * A credential's rotation state: `ok`; `rotate-soon` (older than `warnAfterDays`); `rotate-now`
 * (older than `rotateAfterDays`); `expiring` (within `expiryWarningDays` of expiry); `expired`;
 * `unknown` (neither creation nor expiry date is known).
 */
export type RotationStatus = "ok" | "rotate-soon" | "rotate-now" | "expiring" | "expired" | "unknown";

/** The result of {@link assessRotation}. */
export interface RotationAssessment {
  /** The rotation state; expiry is judged before age. */
  status: RotationStatus;
  /** Whole days since the credential was created, when known. */
  ageDays?: number;
  /** Whole days until the credential expires (negative once expired), when known. */
  expiresInDays?: number;
  /** One sentence for humans, naming what to do. */
  message: string;
}

const DAY = 86_400_000;

/** Judges a credential's age and expiry against a 30–60 day rotation policy. */
export function assessRotation(
  credential: Pick<Credential, "createdAt" | "expiresAt" | "source">,
  policy: RotationPolicy = {},
  now: Date = new Date(),
): RotationAssessment {
  const warnAfter = policy.warnAfterDays ?? 30;
  const rotateAfter = policy.rotateAfterDays ?? 60;
  const expiryWarning = policy.expiryWarningDays ?? 14;
  const ageDays = credential.createdAt ? Math.floor((now.getTime() - credential.createdAt.getTime()) / DAY) : undefined;
  const expiresInDays = credential.expiresAt
    ? Math.floor((credential.expiresAt.getTime() - now.getTime()) / DAY)
    : undefined;
  const base = { ...(ageDays === undefined ? {} : { ageDays }), ...(expiresInDays === undefined ? {} : { expiresInDays }) };
  if (expiresInDays !== undefined && credential.expiresAt!.getTime() <= now.getTime()) {
    return { ...base, status: "expired", message: "The token has expired: create a new one and replace it." };
  }
  if (expiresInDays !== undefined && expiresInDays <= expiryWarning) {
    return { ...base, status: "expiring", message: `The token expires in ${expiresInDays} day(s): rotate it now.` };
  }
  if (ageDays !== undefined && ageDays >= rotateAfter) {
    return { ...base, status: "rotate-now", message: `The token is ${ageDays} days old (policy: ${rotateAfter}): rotate it.` };
  }
  if (ageDays !== undefined && ageDays >= warnAfter) {
    return {
      ...base,
      status: "rotate-soon",
      message: `The token is ${ageDays} days old: plan to rotate it before day ${rotateAfter}.`,
    };
  }
  if (ageDays === undefined && expiresInDays === undefined) {
    return {
      status: "unknown",
      message: "The token's age is unknown: set <VAR>_CREATED_AT (ISO date) so rotation can be tracked.",
    };
  }
  return { ...base, status: "ok", message: "Within the rotation policy." };
}
