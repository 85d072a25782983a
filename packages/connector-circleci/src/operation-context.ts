import type { HttpClient } from "@toolweave/core";
import { assertV2Allowed, type CircleCICredential, type V1Alternative } from "./credential.js";
import type { DeepLinks } from "./deep-links.js";
import type { ResolvedCircleCISettings } from "./settings.js";

/** What every operation needs: the HTTP client, the credential, settings and link builder. */
export interface OperationContext {
  readonly http: HttpClient;
  readonly credential: CircleCICredential;
  readonly settings: ResolvedCircleCISettings;
  readonly links: DeepLinks;
  /**
   * Refuses the operation before any request when the credential cannot work on API v2;
   * `alternative` (the v1.1 route to suggest) is only worked out when refusing.
   */
  guard(operation: string, alternative?: () => V1Alternative | undefined): void;
}

export function createOperationContext(
  http: HttpClient,
  credential: CircleCICredential,
  settings: ResolvedCircleCISettings,
  links: DeepLinks,
): OperationContext {
  return {
    http,
    credential,
    settings,
    links,
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
