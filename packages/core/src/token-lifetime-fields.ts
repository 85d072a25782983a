import type { SettingIssue } from "./define-settings.js";
import { settingSchema, type SettingSchema } from "./setting-schema.js";

/** The three token settings every connector takes for rotation checks, as {@link tokenLifetimeFields} declares them. */
export interface TokenLifetimeFields {
  tokenCreatedAt: { schema: SettingSchema<Date | string, Date>; fix: string; doc: string; defaultDoc?: string };
  tokenExpiresAt: { schema: SettingSchema<Date | string, Date>; fix: string; doc: string; defaultDoc?: string };
  tokenSource: { schema: SettingSchema<string, string>; fix: string; doc: string };
}

/**
 * `tokenCreatedAt`, `tokenExpiresAt` and `tokenSource`, declared once for every connector's
 * `defineSettings` table (spread them into `fields`); `variable` is the token's environment
 * variable, e.g. `CIRCLECI_TOKEN`; the default docs are the README's default cells. Check their order in `refine` with {@link tokenDatesIssue}.
 */
export function tokenLifetimeFields(variable: string, options: { createdDefaultDoc?: string; expiresDefaultDoc?: string } = {}): TokenLifetimeFields {
  return {
    tokenCreatedAt: {
      schema: settingSchema.date(),
      ...(options.createdDefaultDoc ? { defaultDoc: options.createdDefaultDoc } : {}),
      fix: 'Set tokenCreatedAt to a Date or an ISO date such as "2026-01-31" or "2026-01-31T12:00:00Z".',
      doc: "`Date` or ISO string: when the token was created. Used by `verify()` to check rotation.",
    },
    tokenExpiresAt: {
      schema: settingSchema.date(),
      ...(options.expiresDefaultDoc ? { defaultDoc: options.expiresDefaultDoc } : {}),
      fix: 'Set tokenExpiresAt to a Date or an ISO date such as "2026-12-31" or "2026-12-31T00:00:00Z".',
      doc: "`Date` or ISO string: when the token expires. Used by `verify()` to check rotation.",
    },
    tokenSource: {
      schema: settingSchema.string({ trim: true }),
      fix: `Set tokenSource to a short description such as "${variable} (env)", never the token.`,
      doc: `Where the token came from, e.g. \`"${variable} (env)"\`; never the token itself.`,
    },
  };
}

/** The problem of token dates in the wrong order (an expiry not after the creation), for a table's `refine`. */
export function tokenDatesIssue(values: { tokenCreatedAt?: Date | undefined; tokenExpiresAt?: Date | undefined }): SettingIssue | undefined {
  const { tokenCreatedAt, tokenExpiresAt } = values;
  if (!tokenCreatedAt || !tokenExpiresAt || tokenExpiresAt.getTime() > tokenCreatedAt.getTime()) return undefined;
  return { key: "tokenExpiresAt", problem: "tokenExpiresAt is not after tokenCreatedAt" };
}
