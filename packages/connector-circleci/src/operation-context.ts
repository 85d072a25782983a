import type { HttpClient } from "@toolweave/core";
import { assertV2Allowed, buildCredential, type CircleCICredential, type V1Alternative } from "./credential.js";
import { createDeepLinks, type CircleCIDeepLinks } from "./deep-links.js";
import { createErrorMapper } from "./map-error.js";
import { circleciSettings, resolveSettings, type CircleCISettings, type ResolvedCircleCISettings } from "./settings.js";
import { PRODUCT } from "./version.js";

/** What every operation needs: the HTTP client, the credential, settings and link builder. */
export interface OperationContext {
  readonly http: HttpClient;
  readonly credential: CircleCICredential;
  readonly settings: ResolvedCircleCISettings;
  readonly links: CircleCIDeepLinks;
  /**
   * Refuses the operation before any request when the credential cannot work on API v2;
   * `alternative` (the v1.1 route to suggest) is only worked out when refusing.
   */
  guard(operation: string, alternative?: () => V1Alternative | undefined): void;
}

/**
 * Validates the settings (a `ConfigurationError` lists every problem with its fix) and builds what
 * every operation shares: the credential, the link builder and the HTTP client. Nothing is sent.
 */
export function createOperationContext(input: CircleCISettings): OperationContext {
  const settings = resolveSettings(input);
  const credential = buildCredential(settings);
  const token = settings.token;
  // Core passes every runtime setting on; the connector adds its own part and product token.
  const http = circleciSettings.createHttpClient(settings, {
    baseUrl: settings.baseUrl,
    // The only place the token is revealed. Never the deprecated `circle-token` query
    // parameter, which leaks into logs (https://circleci.com/docs/api/v2/index.html#section/Authentication).
    authenticate:
      settings.authScheme === "bearer"
        ? (headers) => headers.set("authorization", `Bearer ${token.reveal()}`)
        : (headers) => headers.set("circle-token", token.reveal()),
    mapError: createErrorMapper({ appUrl: settings.appUrl, tokenFormat: credential.format }),
    product: PRODUCT,
  });
  return {
    http,
    credential,
    settings,
    links: createDeepLinks(settings.appUrl),
    guard(operation, alternative) {
      if (credential.kind !== "project") return;
      assertV2Allowed(credential, operation, { appUrl: settings.appUrl, alternative: alternative?.() });
    },
  };
}

/** A v1.1 URL on the configured host (https://circleci.com/docs/server/: derived from the same host). */
export function v1Url(settings: ResolvedCircleCISettings, path: string): string {
  return `${settings.v1BaseUrl.href}${path.replace(/^\/+/, "")}`;
}
