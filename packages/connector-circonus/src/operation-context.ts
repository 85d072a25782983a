import { PermissionError, type HttpClient } from "@toolweave/core";
import { buildCredential, type CirconusCredential } from "./credential.js";
import { API_TOKENS_PAGE, createErrorMapper } from "./map-error.js";
import { circonusSettings, resolveSettings, type CirconusSettings, type ResolvedCirconusSettings } from "./settings.js";
import { PRODUCT } from "./version.js";

/** What every operation needs: the HTTP client, the credential, the settings, and the write guard. */
export interface OperationContext {
  readonly http: HttpClient;
  readonly credential: CirconusCredential;
  readonly settings: ResolvedCirconusSettings;
  /** Throws `PermissionError` before any request when the declared privilege forbids a write. */
  assertWritable(operation: string): void;
}

/**
 * Validates the settings (a missing app name is a `ConfigurationError` naming `CIRCONUS_API_APP`)
 * and builds what every operation shares: the credential and the HTTP client. Nothing is sent.
 */
export function createOperationContext(input: CirconusSettings): OperationContext {
  const settings = resolveSettings(input);
  const token = settings.token;
  // Core passes every runtime setting on; the connector adds its own part and product token.
  const http = circonusSettings.createHttpClient(settings, {
    // Already checked by resolveSettings (a bare host name became https://<host>/v2).
    baseUrl: settings.baseUrl,
    authenticate: (headers) => headers.set("X-Circonus-Auth-Token", token.reveal()),
    headers: {
      // Core sends `Accept: application/json` on every request (https://docs.circonus.com/circonus/api/).
      "X-Circonus-App-Name": settings.appName,
      // GOAPI ≥ v0.7.22 sends it so list responses are not served from a cache (https://github.com/circonus-labs/go-apiclient).
      "Cache-Control": "no-store",
    },
    mapError: createErrorMapper(settings.appName),
    product: PRODUCT,
  });
  return {
    http,
    credential: buildCredential(settings),
    settings,
    assertWritable(operation) {
      if (settings.privilege !== "read-only") return;
      throw new PermissionError(`Circonus ${operation}: refused before sending, because the token is declared read-only (privilege "read-only").`, {
        provider: "circonus",
        isRetryable: false,
        fix: `Use a token with Normal or Admin privilege (create one under ${API_TOKENS_PAGE}) and set CIRCONUS_API_TOKEN and privilege / CIRCONUS_API_TOKEN_PRIVILEGE to match.`,
        details: { reason: "read-only-token", operation },
      });
    },
  };
}
