import { z } from "zod";
import { ConfigurationError, Secret, normalizeBaseUrl, pickRuntimeSettings, runtimeSettingsShape, type ConfigurationProblem, type RuntimeSettings } from "@toolweave/core";
import { tagConventionsSchema, type TagConventionsInput } from "./conventions.js";

/** SaaS API root (https://docs.circonus.com/circonus/api/; also go-apiclient's and the Terraform provider's default). */
export const DEFAULT_BASE_URL = "https://api.circonus.com/v2";
/** Items requested per page; the API allows 1..1000 and defaults to 20 (SPEC `limitParam`). */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Circonus API tokens are UUIDs (https://docs.circonus.com/circonus/integrations/api/api-tokens/). */
export const TOKEN_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * App names are sent as a header and, in Basic auth, as the user name (https://docs.circonus.com/circonus/integrations/api/api-tokens/), so they
 * are limited to a safe charset: letters, digits, `.`, `_`, `-`, 1–100 characters.
 */
export const APP_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export const TOKEN_KINDS = ["user", "account"] as const;
export const PRIVILEGES = ["admin", "normal", "read-only"] as const;
export type CirconusTokenKind = (typeof TOKEN_KINDS)[number];
export type CirconusPrivilege = (typeof PRIVILEGES)[number];

const secretSchema = z.custom<Secret>((v) => Secret.isInstance(v), "token must be a string or a Secret");

const dateSchema = z.union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()]);

/**
 * Settings accepted by `createCirconus`, validated strictly (unknown keys are refused).
 * Each documents its default and the environment variable `circonusConnector` reads it from.
 */
export const circonusSettingsSchema = z.strictObject({
  /** API token (a UUID), as a string or `Secret`. Env: `CIRCONUS_API_TOKEN`. Required. */
  token: z.union([z.string(), secretSchema]),
  /**
   * Application name sent as `X-Circonus-App-Name`; each token approves app names one by one
   * (https://docs.circonus.com/circonus/integrations/api/api-tokens/), so keep it stable across hosts and versions.
   * Env: `CIRCONUS_API_APP`. Required.
   */
  appName: z.string().optional(),
  /** API root. Default `https://api.circonus.com/v2`; inside/on-prem: `https://api.<site>/v2`. Env: `CIRCONUS_API_URL`. */
  baseUrl: z.union([z.string(), z.instanceof(URL)]).optional(),
  /** UI root for deep links. Default: the account's `_ui_base_url`, fetched once when first needed. */
  uiUrl: z.union([z.string(), z.instanceof(URL)]).optional(),
  /** Declared token kind (`user` | `account`); the API cannot report it (https://docs.circonus.com/circonus/integrations/api/api-tokens/). Default unknown. */
  tokenKind: z.enum(TOKEN_KINDS).optional(),
  /**
   * Declared token privilege (`admin` | `normal` | `read-only`). With `read-only`, writes are
   * refused before any request. Env: `CIRCONUS_API_TOKEN_PRIVILEGE`. Default unknown.
   */
  privilege: z.enum(PRIVILEGES).optional(),
  /** When the token was created (ISO date or Date), for rotation advice. Default unknown. */
  tokenCreatedAt: dateSchema.optional(),
  /** When the token expires (ISO date or Date). Default unknown (Circonus tokens do not expire). */
  tokenExpiresAt: dateSchema.optional(),
  /** Where the token came from (e.g. `CIRCONUS_API_TOKEN (env)`), shown by `verify()`. */
  tokenSource: z.string().optional(),
  /** Items per page for lists (`size`), 1–1000. Default 100. */
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  /** Tag categories used for correlation. Default `service`, `env`, `component`, `team`. */
  conventions: tagConventionsSchema.optional(),
  ...runtimeSettingsShape,
});

export type CirconusSettingsInput = Omit<z.input<typeof circonusSettingsSchema>, keyof RuntimeSettings | "conventions" | "token"> &
  RuntimeSettings & { token: string | Secret; conventions?: TagConventionsInput };

/** Settings after validation, with defaults applied. */
export interface ResolvedCirconusSettings extends RuntimeSettings {
  token: Secret;
  appName: string;
  baseUrl: string;
  uiUrl?: string;
  tokenKind?: CirconusTokenKind;
  privilege?: CirconusPrivilege;
  tokenCreatedAt?: Date;
  tokenExpiresAt?: Date;
  tokenSource?: string;
  pageSize: number;
  conventions: z.output<typeof tagConventionsSchema>;
}

const FIX: Record<string, string> = {
  token: "Set token (or CIRCONUS_API_TOKEN) to an API token UUID from Integrations → API Tokens in the Circonus UI.",
  appName:
    'Set appName (or CIRCONUS_API_APP) to a stable application name such as "mycompany-toolweave" (letters, digits, ".", "_", "-"; at most 100 characters), then approve it for the token under Integrations → API Tokens.',
  baseUrl: 'Set baseUrl (or CIRCONUS_API_URL) to the API root, e.g. "https://api.circonus.com/v2" or "https://api.<your-site>/v2".',
  uiUrl: 'Set uiUrl to your account\'s UI root, e.g. "https://example-ops.circonus.com/".',
  tokenKind: 'Set tokenKind to "user" or "account" (as shown on the API Tokens page).',
  privilege: 'Set privilege (or CIRCONUS_API_TOKEN_PRIVILEGE) to "admin", "normal" or "read-only".',
  tokenCreatedAt: 'Use an ISO date such as "2025-01-31" or a Date.',
  tokenExpiresAt: 'Use an ISO date such as "2025-12-31" or a Date.',
  pageSize: "Use an integer from 1 to 1000 (the API's limit for size).",
};

const toDate = (value: Date | string | undefined): Date | undefined =>
  value === undefined ? undefined : value instanceof Date ? value : new Date(value);

/** Validates factory settings; throws one `ConfigurationError` listing every problem and its fix. */
export function parseCirconusSettings(input: unknown): ResolvedCirconusSettings {
  const problems: ConfigurationProblem[] = [];
  const result = circonusSettingsSchema.safeParse(input ?? {});
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = issue.path.length ? issue.path.map(String).join(".") : "settings";
      const top = String(issue.path[0] ?? "");
      // Never echo the received value: it could be a token.
      const problem =
        issue.code === "unrecognized_keys"
          ? `unknown setting(s) ${issue.keys.join(", ")}`
          : issue.code === "invalid_type" && issue.input === undefined
            ? "is missing"
            : issue.message.replace(/, received .*$/s, "");
      problems.push({ name, problem, fix: FIX[top] ?? "Remove the setting or fix its type (see the settings table in the README)." });
    }
    throw configurationError(problems);
  }
  const s = result.data;
  const token = Secret.from(s.token, { label: "CIRCONUS_API_TOKEN" });
  if (!TOKEN_PATTERN.test(token.reveal().trim())) {
    problems.push({ name: "token", problem: `is not a UUID (got ${token.masked})`, fix: FIX.token! });
  }
  const appName = s.appName?.trim();
  if (!appName) {
    problems.push({ name: "appName", problem: "is missing (Circonus needs an app name with every token)", fix: FIX.appName! });
  } else if (!APP_NAME_PATTERN.test(appName)) {
    problems.push({ name: "appName", problem: `${JSON.stringify(appName.slice(0, 40))} has characters outside letters, digits, ".", "_", "-"`, fix: FIX.appName! });
  }
  for (const [name, value] of [
    ["tokenCreatedAt", s.tokenCreatedAt],
    ["tokenExpiresAt", s.tokenExpiresAt],
  ] as const) {
    const d = toDate(value);
    if (d && Number.isNaN(d.getTime())) problems.push({ name, problem: "is not a valid date", fix: FIX[name]! });
  }
  if (s.uiUrl !== undefined) {
    try {
      normalizeBaseUrl(s.uiUrl, "uiUrl");
    } catch (error) {
      problems.push({ name: "uiUrl", problem: error instanceof Error ? error.message.split(". ")[0]!.replace(/^uiUrl /, "") : "is not valid", fix: FIX.uiUrl! });
    }
  }
  if (problems.length) throw configurationError(problems);

  return {
    token: token.reveal() === token.reveal().trim() ? token : Secret.from(token.reveal().trim(), { label: "CIRCONUS_API_TOKEN" }),
    appName: appName!,
    baseUrl: String(s.baseUrl ?? DEFAULT_BASE_URL),
    ...(s.uiUrl === undefined ? {} : { uiUrl: String(s.uiUrl) }),
    ...(s.tokenKind === undefined ? {} : { tokenKind: s.tokenKind }),
    ...(s.privilege === undefined ? {} : { privilege: s.privilege }),
    ...(s.tokenCreatedAt === undefined ? {} : { tokenCreatedAt: toDate(s.tokenCreatedAt)! }),
    ...(s.tokenExpiresAt === undefined ? {} : { tokenExpiresAt: toDate(s.tokenExpiresAt)! }),
    ...(s.tokenSource === undefined ? {} : { tokenSource: s.tokenSource }),
    pageSize: s.pageSize ?? DEFAULT_PAGE_SIZE,
    conventions: s.conventions ?? tagConventionsSchema.parse({}),
    ...pickRuntimeSettings(s),
  };
}

function configurationError(problems: ConfigurationProblem[]): ConfigurationError {
  const list = problems.map((p) => `${p.name} ${p.problem}`).join("; ");
  return new ConfigurationError(`Circonus settings are invalid: ${list}.`, {
    provider: "circonus",
    fix: problems.map((p) => p.fix).filter((f, i, all) => all.indexOf(f) === i).join(" "),
    problems,
  });
}
