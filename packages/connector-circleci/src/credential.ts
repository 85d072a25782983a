import { ConfigurationError, PermissionError, Secret, tokenCredential, type Credential } from "@toolweave/core";
import type { ResolvedCircleCISettings } from "./settings.js";

/**
 * A CircleCI API token's kind: `personal` works on API v2; `project` does not, and v2 operations
 * refuse it with `PermissionError` before sending a request (https://circleci.com/docs/managing-api-tokens/).
 */
export type CircleCITokenKind = "personal" | "project";
/** How the kind was learned: from the token's prefix, its legacy 40-hex shape, or the `tokenKind` setting. */
export type CircleCITokenFormat = "CCIPAT" | "CCIPRJ" | "legacy-hex" | "declared";

/** A CircleCI credential: what is known of the token's power, so doomed calls are refused early. */
export interface CircleCICredential extends Credential<CircleCITokenKind> {
  provider: "circleci";
  format: CircleCITokenFormat;
  /** Project token scope (`status` | `read-only` | `admin`), when given. */
  scope?: string;
}

const LEGACY = /^[0-9a-f]{40}$/i;

/**
 * Detects the token kind: `CCIPAT_…` personal, `CCIPRJ_…` project (formats since 2023-07,
 * https://circleci.com/docs/managing-api-tokens/), 40 hex characters = legacy personal token. Returns `undefined` when the
 * format is not recognised. For a `Secret` only the prefix its mask keeps, its last 4
 * characters and its length are read (the value is revealed only where a header is written),
 * so 40 characters with a hex tail and no prefix count as a legacy token.
 */
export function detectTokenKind(token: string | Secret): { kind: CircleCITokenKind; format: CircleCITokenFormat } | undefined {
  if (Secret.isInstance(token)) {
    if (token.masked.startsWith("CCIPAT_")) return { kind: "personal", format: "CCIPAT" };
    if (token.masked.startsWith("CCIPRJ_")) return { kind: "project", format: "CCIPRJ" };
    // A legacy token has no prefix; its mask is `****` plus the last 4 characters.
    if (/^\*{4}[0-9a-fA-F]{4}$/.test(token.masked) && token.length === 40) return { kind: "personal", format: "legacy-hex" };
    return undefined;
  }
  if (typeof token !== "string") return undefined;
  if (token.startsWith("CCIPAT_")) return { kind: "personal", format: "CCIPAT" };
  if (token.startsWith("CCIPRJ_")) return { kind: "project", format: "CCIPRJ" };
  if (LEGACY.test(token)) return { kind: "personal", format: "legacy-hex" };
  return undefined;
}

/** Builds the credential from validated settings; an unrecognised format needs `tokenKind`. */
export function buildCredential(settings: ResolvedCircleCISettings): CircleCICredential {
  const detected = detectTokenKind(settings.token);
  if (settings.tokenKind && detected && detected.format !== "legacy-hex" && detected.kind !== settings.tokenKind) {
    throw new ConfigurationError(
      `tokenKind is "${settings.tokenKind}" but the token's ${detected.format}_ prefix says it is a ${detected.kind} token.`,
      { provider: "circleci", fix: "Remove tokenKind (the prefix is authoritative) or pass the intended token." },
    );
  }
  if (!settings.tokenKind && !detected) {
    throw new ConfigurationError("The CircleCI token format is not recognised (expected CCIPAT_…, CCIPRJ_… or 40 hex characters).", {
      provider: "circleci",
      fix: 'Check CIRCLECI_TOKEN / the token setting for a copy-paste error; if the token is valid, set tokenKind: "personal" (or "project").',
    });
  }
  const kind = settings.tokenKind ?? detected!.kind;
  if (settings.tokenScope && kind !== "project") {
    throw new ConfigurationError("tokenScope applies to project tokens only.", {
      provider: "circleci",
      fix: "Remove tokenScope, or pass a project token (CCIPRJ_…).",
    });
  }
  return tokenCredential(settings, {
    provider: "circleci" as const,
    kind,
    format: settings.tokenKind && !detected ? "declared" : detected!.format,
    ...(settings.tokenScope ? { scope: settings.tokenScope } : {}),
  });
}

/** Where to create a personal token (on the configured web host: cloud or Server). */
export function personalTokenUrl(appUrl: string): string {
  return `${appUrl}/settings/user/tokens`;
}

/** What a v1.1 call with a project token could do instead, when there is one. */
export interface V1Alternative {
  method: "GET";
  /** Absolute v1.1 URL on the configured host, with placeholders the caller fills. */
  url: string;
  /** Scope the project token needs. */
  scope: "read-only" | "admin";
}

/**
 * Refuses an API v2 operation with a known project token, before any request: v2 does not
 * accept project tokens and answers a misleading 404 or 401 instead of a clear refusal
 * (https://circleci.com/docs/managing-api-tokens/; api-preview-docs #40, #77; mcp-server-circleci #32).
 */
export function assertV2Allowed(
  credential: CircleCICredential,
  operation: string,
  context: { appUrl: string; alternative?: V1Alternative | undefined },
): void {
  if (credential.kind !== "project") return;
  const alt = context.alternative;
  const scopeOk = alt && (credential.scope === undefined || credential.scope === "admin" || credential.scope === alt.scope);
  const v1 = alt && scopeOk ? ` With this project token, API v1.1 ${alt.method} ${alt.url} would work instead.` : "";
  throw new PermissionError(
    `CircleCI ${operation}: project tokens (CCIPRJ_…${credential.scope ? `, scope "${credential.scope}"` : ""}) do not work on API v2; refused before sending a request.`,
    {
      provider: "circleci",
      isRetryable: false,
      fix: `Create a personal API token at ${personalTokenUrl(context.appUrl)} and set it as CIRCLECI_TOKEN (or the token setting).${v1}`,
      details: { tokenKind: "project", ...(alt && scopeOk ? { v1Alternative: `${alt.method} ${alt.url}` } : {}) },
    },
  );
}
