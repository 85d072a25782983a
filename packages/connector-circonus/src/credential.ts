import { z } from "zod";
import { Secret, type Credential } from "@toolweave/core";
import { APP_NAME_PATTERN, PRIVILEGES, TOKEN_KINDS, TOKEN_PATTERN, type CirconusPrivilege, type CirconusTokenKind, type ResolvedCirconusSettings } from "./settings.js";
import { lazySchema } from "@toolweave/core";

/** `user` / `account` as declared, or `unknown` (the API cannot tell, https://docs.circonus.com/circonus/integrations/api/api-tokens/). */
export type CirconusCredentialKind = CirconusTokenKind | "unknown";

/** A Circonus credential: token (a UUID) + app name, with what is declared of its power. */
export interface CirconusCredential extends Credential<CirconusCredentialKind> {
  provider: "circonus";
  appName: string;
  privilege?: CirconusPrivilege;
}

/** Strict schema of the credential settings (for registries and the descriptor). */
export const circonusCredentialSchema = lazySchema(() =>
  z.strictObject({
    token: z.union([
      z.string().regex(TOKEN_PATTERN, "must be a UUID"),
      z.custom<Secret>((v) => Secret.isInstance(v), "must be a Secret"),
    ]),
    appName: z.string().regex(APP_NAME_PATTERN, 'must be letters, digits, ".", "_", "-" (at most 100)'),
    tokenKind: z.enum(TOKEN_KINDS).optional(),
    privilege: z.enum(PRIVILEGES).optional(),
    tokenCreatedAt: z.union([z.date(), z.string()]).optional(),
    tokenExpiresAt: z.union([z.date(), z.string()]).optional(),
  }),
);

/** The credential `createCirconus` builds from validated settings: kind `unknown` unless `tokenKind` was declared. */
export function buildCirconusCredential(settings: ResolvedCirconusSettings): CirconusCredential {
  return Object.freeze({
    provider: "circonus" as const,
    kind: settings.tokenKind ?? "unknown",
    secret: settings.token,
    appName: settings.appName,
    ...(settings.privilege === undefined ? {} : { privilege: settings.privilege }),
    ...(settings.tokenCreatedAt === undefined ? {} : { createdAt: settings.tokenCreatedAt }),
    ...(settings.tokenExpiresAt === undefined ? {} : { expiresAt: settings.tokenExpiresAt }),
    ...(settings.tokenSource === undefined ? {} : { source: settings.tokenSource }),
  });
}
