import { tokenCredential, type Credential } from "@toolweave/core";
import type { CirconusPrivilege, CirconusTokenKind, ResolvedCirconusSettings } from "./settings.js";

/** `user` / `account` as declared, or `unknown` (the API cannot tell, https://docs.circonus.com/circonus/integrations/api/api-tokens/). */
export type CirconusCredentialKind = CirconusTokenKind | "unknown";

/** A Circonus credential: token (a UUID) + app name, with what is declared of its power. */
export interface CirconusCredential extends Credential<CirconusCredentialKind> {
  provider: "circonus";
  appName: string;
  privilege?: CirconusPrivilege;
}

/** The credential `createCirconus` builds from validated settings: kind `unknown` unless `tokenKind` was declared. */
export function buildCredential(settings: ResolvedCirconusSettings): CirconusCredential {
  return tokenCredential(settings, {
    provider: "circonus" as const,
    kind: settings.tokenKind ?? "unknown",
    appName: settings.appName,
    ...(settings.privilege === undefined ? {} : { privilege: settings.privilege }),
  });
}
