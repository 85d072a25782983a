import { z } from "zod";
import {
  ConfigurationError,
  Secret,
  checkBaseUrl,
  pickRuntimeSettings,
  runtimeSettingsShape,
  tokenSecret,
  type BaseUrlCheck,
  type BaseUrlSetting,
  type ConfigurationProblem,
  type RuntimeSettings,
} from "@toolweave/core";
import { tagConventionsSchema, type TagConventionsInput } from "./conventions.js";
import { lazySchema } from "@toolweave/core";
import { quoteInput } from "./quote-input.js";

/** SaaS API root (https://docs.circonus.com/circonus/api/; also go-apiclient's and the Terraform provider's default). */
export const DEFAULT_BASE_URL = "https://api.circonus.com/v2";
/** Items requested per page; the API allows 1..1000 and defaults to 20 (SPEC `limitParam`). */
export const DEFAULT_PAGE_SIZE = 100;
/** The largest page size (`size`) the API accepts; the upper bound of the `pageSize` setting. */
export const MAX_PAGE_SIZE = 1000;
/** Default of `alertLookbackDays`: how long before a window an alert still open (or cleared in it) may have opened. */
export const DEFAULT_ALERT_LOOKBACK_DAYS = 90;
/** The most `alertLookbackDays` accepts (13 searches of 30 days each per kind of alert). */
export const MAX_ALERT_LOOKBACK_DAYS = 365;

/** Circonus API tokens are UUIDs (https://docs.circonus.com/circonus/integrations/api/api-tokens/). */
export const TOKEN_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * App names are sent as a header and, in Basic auth, as the user name (https://docs.circonus.com/circonus/integrations/api/api-tokens/), so they
 * are limited to a safe charset: letters, digits, `.`, `_`, `-`, 1–100 characters.
 */
export const APP_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The values the `tokenKind` setting accepts. */
export const TOKEN_KINDS = ["user", "account"] as const;
/** The values the `privilege` setting accepts. */
export const PRIVILEGES = ["admin", "normal", "read-only"] as const;
/**
 * A Circonus API token's kind: a `user` token acts as its owner; an `account` token belongs to
 * the account. Declared, since the API cannot report it (https://docs.circonus.com/circonus/integrations/api/api-tokens/).
 */
export type CirconusTokenKind = (typeof TOKEN_KINDS)[number];
/** A token's declared privilege; with `read-only`, write operations are refused before any request. */
export type CirconusPrivilege = (typeof PRIVILEGES)[number];

const secretSchema = lazySchema(() => z.custom<Secret>((v) => Secret.isInstance(v), "token must be a string or a Secret"));

const dateSchema = lazySchema(() => z.union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()]));

/**
 * Settings accepted by `createCirconus`, validated strictly (unknown keys are refused).
 * Each documents its default and the environment variable `circonusConnector` reads it from.
 */
export const circonusSettingsSchema = lazySchema(() =>
  z.strictObject({
    /** API token (a UUID), as a string or `Secret`. Env: `CIRCONUS_API_TOKEN`. Required. */
    token: z.union([z.string(), secretSchema]),
    /**
     * Application name sent as `X-Circonus-App-Name`; each token approves app names one by one
     * (https://docs.circonus.com/circonus/integrations/api/api-tokens/), so keep it stable across hosts and versions.
     * Env: `CIRCONUS_API_APP`. Required.
     */
    appName: z.string().optional(),
    /** API root. Default `https://api.circonus.com/v2`; inside/on-prem: `https://api.<site>/v2`. Env: `CIRCONUS_API_URL`. */
    baseUrl: z.custom<string | URL>(() => true).optional(),
    /** UI root for deep links. Default: the account's `_ui_base_url`, fetched once when first needed. */
    uiUrl: z.union([z.string(), z.custom<URL>((value) => value instanceof URL, { error: "Input not instance of URL" })]).optional(),
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
    tokenSource: z.string().trim().min(1).optional(),
    /** Items per page for lists (`size`), 1–1000. Default 100. */
    pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    /** Tag categories used for correlation. Default `service`, `env`, `component`, `team`. */
    conventions: tagConventionsSchema.optional(),
    /**
     * How many days before a window `events` looks for alerts that opened earlier and were
     * still open, or cleared, inside it (whole days, 1–365). Default 90. `/alert` searches by
     * when an alert opened, 30 days per search, so each 30 days costs two more requests.
     */
    alertLookbackDays: z.number().int().min(1).max(MAX_ALERT_LOOKBACK_DAYS).optional(),
    ...runtimeSettingsShape,
  }),
);

/**
 * The settings `createCirconus` accepts; see {@link circonusSettingsSchema} for each one's
 * default and environment variable, plus the common runtime settings (timeouts, retry, cache).
 */
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
  alertLookbackDays: number;
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
  alertLookbackDays: `Use a whole number of days from 1 to ${MAX_ALERT_LOOKBACK_DAYS}, e.g. 90.`,
};

/** How base URL problems name this setting (shared with the descriptor's `CIRCONUS_API_URL` check). */
export const BASE_URL_SETTING: BaseUrlSetting = {
  provider: "Circonus",
  setting: "baseUrl",
  variable: "CIRCONUS_API_URL",
  example: DEFAULT_BASE_URL,
  apiPath: "/v2",
};

/** A bare host name (`api.example.com`, optionally with a port) means `https://<host>/v2`, as go-apiclient does (API root notes: https://github.com/circonus-labs/go-apiclient). */
const BARE_HOST = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d+)?\/?$/;

/** The API root a configured value stands for: a bare host becomes `https://<host>/v2`. */
export function circonusApiRoot(value: string): string {
  const text = value.trim();
  return BARE_HOST.test(text) && !/^[a-z][a-z0-9+.-]*:/i.test(text) ? `https://${text.replace(/\/+$/, "")}/v2` : text;
}

/**
 * Checks a Circonus API base URL: https (loopback excepted), no credentials, query or fragment,
 * and the `/v2` API root path, so a wrong root fails here rather than as a 404 on every call.
 */
export function checkCirconusBaseUrl(value: unknown): BaseUrlCheck {
  return checkBaseUrl(typeof value === "string" ? circonusApiRoot(value) : value, BASE_URL_SETTING);
}

const toDate = (value: Date | string | undefined): Date | undefined =>
  value === undefined ? undefined : value instanceof Date ? value : new Date(value);

/** Validates factory settings; throws one `ConfigurationError` listing every problem and its fix. */
export function parseCirconusSettings(input: unknown): ResolvedCirconusSettings {
  const problems: ConfigurationProblem[] = [];
  const raw = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const result = circonusSettingsSchema.safeParse(input ?? {});
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = issue.path.length ? issue.path.map(String).join(".") : "settings";
      const top = String(issue.path[0] ?? "");
      // Never echo the received value: it could be a token.
      const problem =
        issue.code === "unrecognized_keys"
          ? `unknown setting(s) ${issue.keys.join(", ")}`
          : top !== "" && raw[top] === undefined
            ? "is missing"
            : top === "token"
              ? // The type only, never the value: it could be a token.
                `must be a string or a Secret (got ${Array.isArray(raw.token) ? "an array" : raw.token === null ? "null" : `a value of type ${typeof raw.token}`})`
              : top === "pageSize"
                ? `must be a whole number from 1 to ${MAX_PAGE_SIZE}`
                : top === "alertLookbackDays"
                  ? `must be a whole number of days from 1 to ${MAX_ALERT_LOOKBACK_DAYS}`
                  : issue.message.replace(/, received .*$/s, "");
      // One problem per setting: zod can report several for one value (e.g. int and max).
      if (problems.some((p) => p.name === name)) continue;
      problems.push({ name, problem, fix: FIX[top] ?? "Remove the setting or fix its type (see the settings table in the README)." });
    }
    // Report the value problems of the settings that did parse too, so one error lists everything.
    const named = new Set(problems.map((p) => p.name.split(".")[0]));
    valueProblems(raw, problems, named);
    throw configurationError(problems);
  }
  const s = result.data;
  const { token, appName } = valueProblems(s, problems, new Set());
  for (const [name, value] of [
    ["tokenCreatedAt", s.tokenCreatedAt],
    ["tokenExpiresAt", s.tokenExpiresAt],
  ] as const) {
    const d = toDate(value);
    if (d && Number.isNaN(d.getTime())) problems.push({ name, problem: "is not a valid date", fix: FIX[name]! });
  }
  if (s.uiUrl !== undefined) {
    const ui = checkBaseUrl(s.uiUrl, { setting: "uiUrl", example: "https://example-ops.circonus.com/" });
    if (!ui.ok) problems.push({ name: "uiUrl", problem: ui.reason, fix: FIX.uiUrl! });
  }
  if (problems.length || !token || !appName) throw configurationError(problems);

  return {
    token,
    appName,
    baseUrl: circonusApiRoot(String(s.baseUrl ?? DEFAULT_BASE_URL)),
    ...(s.uiUrl === undefined ? {} : { uiUrl: String(s.uiUrl) }),
    ...(s.tokenKind === undefined ? {} : { tokenKind: s.tokenKind }),
    ...(s.privilege === undefined ? {} : { privilege: s.privilege }),
    ...(s.tokenCreatedAt === undefined ? {} : { tokenCreatedAt: toDate(s.tokenCreatedAt)! }),
    ...(s.tokenExpiresAt === undefined ? {} : { tokenExpiresAt: toDate(s.tokenExpiresAt)! }),
    ...(s.tokenSource === undefined ? {} : { tokenSource: s.tokenSource }),
    pageSize: s.pageSize ?? DEFAULT_PAGE_SIZE,
    alertLookbackDays: s.alertLookbackDays ?? DEFAULT_ALERT_LOOKBACK_DAYS,
    conventions: s.conventions ?? tagConventionsSchema.parse({}),
    ...pickRuntimeSettings(s),
  };
}

/**
 * Checks the token, app name and base URL values (skipping settings already reported), and
 * returns the usable token and app name. The token rule is core's `tokenProblem`, the one the
 * env provider applies: no whitespace or control characters, which cannot be sent in a header.
 */
function valueProblems(
  values: Record<string, unknown>,
  problems: ConfigurationProblem[],
  skip: ReadonlySet<string | undefined>,
): { token: Secret | undefined; appName: string | undefined } {
  let token: Secret | undefined;
  const rawToken = values.token;
  if (!skip.has("token") && (typeof rawToken === "string" || Secret.isInstance(rawToken))) {
    const checked = tokenSecret(rawToken, "CIRCONUS_API_TOKEN");
    if (!("secret" in checked)) {
      problems.push({ name: "token", problem: checked.problem, fix: FIX.token! });
    } else if (!TOKEN_PATTERN.test(checked.secret.reveal())) {
      problems.push({ name: "token", problem: `is not a UUID (got ${checked.secret.masked})`, fix: FIX.token! });
    } else {
      token = checked.secret;
    }
  }
  let appName: string | undefined;
  if (!skip.has("appName")) {
    const text = typeof values.appName === "string" ? values.appName.trim() : "";
    if (!text) {
      problems.push({ name: "appName", problem: "is missing (Circonus needs an app name with every token)", fix: FIX.appName! });
    } else if (!APP_NAME_PATTERN.test(text)) {
      problems.push({ name: "appName", problem: `${quoteInput(text)} has characters outside letters, digits, ".", "_", "-"`, fix: FIX.appName! });
    } else {
      appName = text;
    }
  }
  if (!skip.has("baseUrl")) {
    const base = checkCirconusBaseUrl(values.baseUrl === undefined ? DEFAULT_BASE_URL : values.baseUrl);
    if (!base.ok) problems.push(base.problem);
  }
  return { token, appName };
}

function configurationError(problems: ConfigurationProblem[]): ConfigurationError {
  const list = problems.map((p) => `${p.name} ${p.problem}`).join("; ");
  return new ConfigurationError(`Circonus settings are invalid: ${list}.`, {
    provider: "circonus",
    fix: problems.map((p) => p.fix).filter((f, i, all) => all.indexOf(f) === i).join(" "),
    problems,
  });
}
