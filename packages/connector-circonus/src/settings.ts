import { z } from "zod";
import {
  checkBaseUrl,
  checkedEnvSchema,
  defineSettings,
  definedOnly,
  lazySchema,
  settingSchema,
  tokenDatesIssue,
  tokenLifetimeFields,
  tokenSecret,
  type BaseUrlCheck,
  type BaseUrlSetting,
  type RuntimeSettings,
  type Secret,
  type SettingsInputOf,
} from "@toolweave/core";
import { DEFAULT_TAG_CONVENTIONS, tagConventionsSchema, type TagConventions } from "./conventions.js";
import { API_TOKENS_PAGE } from "./map-error.js";

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

/** How base URL problems name this setting (shared with the `CIRCONUS_API_URL` check). */
export const BASE_URL_SETTING: BaseUrlSetting = {
  provider: "Circonus",
  setting: "baseUrl",
  variable: "CIRCONUS_API_URL",
  example: DEFAULT_BASE_URL,
  apiPath: "/v2",
};

const BASE_URL_FIX = 'Set baseUrl (or CIRCONUS_API_URL) to the API root, e.g. "https://api.circonus.com/v2" or "https://api.<your-site>/v2".';

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
  // A UUID would pass as a bare host name: it is the token, with token and baseUrl swapped.
  if (typeof value === "string" && TOKEN_PATTERN.test(value.trim())) {
    const reason = "looks like an API token (a UUID), not a host; were token and baseUrl swapped?";
    return { ok: false, reason, problem: { name: "baseUrl (CIRCONUS_API_URL)", problem: `Circonus baseUrl (CIRCONUS_API_URL) ${reason}`, fix: BASE_URL_FIX } };
  }
  return checkBaseUrl(typeof value === "string" ? circonusApiRoot(value) : value, BASE_URL_SETTING);
}

/** How a character outside an app name's charset reads in a problem: named if invisible, else quoted. */
function characterShown(char: string): string {
  if (char === " ") return "a space";
  const code = char.codePointAt(0)!;
  return /[\s\p{Cc}]/u.test(char) ? `U+${code.toString(16).toUpperCase().padStart(4, "0")}` : JSON.stringify(char);
}

/** What is wrong with an app name, naming the characters at fault rather than quoting it (it may be a token given in the wrong place). */
function appNameProblem(text: string): string {
  if (text.length > 100) return `appName is ${text.length} characters long; at most 100 are allowed`;
  const outside = [...new Set([...text].filter((char) => !/[A-Za-z0-9._-]/.test(char)))];
  if (outside.length === 0) return "appName must start with a letter or a digit";
  return `appName has characters outside letters, digits, ".", "_", "-": ${outside.slice(0, 5).map(characterShown).join(", ")}${outside.length > 5 ? ", …" : ""}`;
}

const TOKEN_FIX = "Set token (or CIRCONUS_API_TOKEN) to an API token UUID from Integrations → API Tokens in the Circonus UI.";
const APP_NAME_FIX =
  'Set appName (or CIRCONUS_API_APP) to a stable application name such as "mycompany-toolweave" (letters, digits, ".", "_", "-"; at most 100 characters), then approve it for the token under Integrations → API Tokens.';
const APP_NAME_MISSING = "is missing (Circonus needs an app name with every token)";
/** How the `uiUrl` setting (`CIRCONUS_UI_URL`) is checked and named in errors. */
const UI_URL_SETTING: BaseUrlSetting = { provider: "Circonus", setting: "uiUrl", variable: "CIRCONUS_UI_URL", example: "https://example-ops.circonus.com/", root: "the web UI root" };
const UI_URL_FIX = 'Set uiUrl to your account\'s UI root, e.g. "https://example-ops.circonus.com/".';

/**
 * Every setting of `createCirconus`, its default, its variable and its fix, declared once
 * (README table: `circonusSettings.readme()`).
 */
export const circonusSettings = defineSettings({
  provider: "circonus",
  displayName: "Circonus",
  fields: {
    token: {
      schema: settingSchema.secret(),
      required: true,
      secret: true,
      env: {
        name: "CIRCONUS_API_TOKEN",
        schema: lazySchema(() => z.string().trim().regex(TOKEN_PATTERN, "must be a UUID")),
        expected: "a Circonus API token (a UUID)",
        fix: `Create a token under ${API_TOKENS_PAGE} in the Circonus UI (Read-Only is enough for reading) and set CIRCONUS_API_TOKEN.`,
        description: "Circonus API token, sent as X-Circonus-Auth-Token.",
      },
      fix: TOKEN_FIX,
      doc: "API token (a UUID), as a string or a core `Secret`; sent as `X-Circonus-Auth-Token`.",
    },
    appName: {
      schema: settingSchema.string({ min: 0, expected: 'a string such as "mycompany-toolweave"' }),
      required: true,
      missing: APP_NAME_MISSING,
      env: {
        name: "CIRCONUS_API_APP",
        schema: lazySchema(() => z.string().trim().regex(APP_NAME_PATTERN, 'must be letters, digits, ".", "_", "-"')),
        expected: 'a stable application name, e.g. "mycompany-toolweave"',
        fix: `Set CIRCONUS_API_APP to a stable name and approve it for the token under ${API_TOKENS_PAGE} (new names start as pending unless the token's default app state is Allow).`,
        description: "Application name sent as X-Circonus-App-Name; approved per token.",
      },
      fix: APP_NAME_FIX,
      doc: 'Sent as `X-Circonus-App-Name`; each token approves app names one by one, so keep it stable across hosts and versions (letters, digits, `.`, `_`, `-`; at most 100). See [the approval flow](#the-approval-flow).',
    },
    baseUrl: {
      // Checked by refine (checkCirconusBaseUrl), so every problem names CIRCONUS_API_URL and the fix.
      schema: settingSchema.unknown<string | URL>(),
      default: DEFAULT_BASE_URL,
      env: {
        name: "CIRCONUS_API_URL",
        // The same check as the baseUrl setting (https, no query or fragment, the /v2 API root path).
        schema: checkedEnvSchema((value) => checkCirconusBaseUrl(value)),
        expected: 'an API root URL, e.g. "https://api.circonus.com/v2"',
        fix: 'Set CIRCONUS_API_URL to the API root, e.g. "https://api.circonus.com/v2" or "https://api.<your-site>/v2" for Circonus Inside.',
        description: "Circonus API root (inside/on-prem installs have their own).",
      },
      fix: BASE_URL_FIX,
      doc: "For inside/on-prem installs use `https://api.<site>/v2`; a bare host name means `https://<host>/v2`; `https:` required except for loopback; the path must end in `/v2` (the API root, as in https://github.com/circonus-labs/go-apiclient), and a query string, fragment or credentials in the URL are refused when the client is created, naming `CIRCONUS_API_URL`.",
    },
    uiUrl: {
      schema: settingSchema.url(),
      env: {
        name: "CIRCONUS_UI_URL",
        // The same check as the uiUrl setting (https, no query string, fragment or credentials).
        schema: checkedEnvSchema((value) => checkBaseUrl(value, UI_URL_SETTING)),
        expected: 'the account\'s UI root URL, e.g. "https://example-ops.circonus.com/"',
        fix: 'Set CIRCONUS_UI_URL to your account\'s UI root (the host you open Circonus on), or unset it to use the account\'s own.',
        description: "Circonus UI root, for deep links and reading page URLs (default: the account's `_ui_base_url`).",
      },
      defaultDoc: "the account's `_ui_base_url`",
      fix: UI_URL_FIX,
      doc: "UI root for deep links and for reading page URLs (`correlator.pages`); fetched once from `/account/current` when not set.",
    },
    tokenKind: {
      schema: settingSchema.enum(TOKEN_KINDS),
      defaultDoc: "unknown",
      fix: 'Set tokenKind to "user" or "account" (as shown on the API Tokens page).',
      doc: "`user` | `account`, as shown on the API Tokens page (the API cannot report it).",
    },
    privilege: {
      schema: settingSchema.enum(PRIVILEGES),
      defaultDoc: "unknown",
      env: {
        name: "CIRCONUS_API_TOKEN_PRIVILEGE",
        schema: lazySchema(() => z.enum(PRIVILEGES)),
        expected: '"admin", "normal" or "read-only"',
        fix: "Set CIRCONUS_API_TOKEN_PRIVILEGE to the privilege shown for the token on the API Tokens page.",
        description: "Declared token privilege; with read-only, writes are refused before any request.",
      },
      fix: 'Set privilege (or CIRCONUS_API_TOKEN_PRIVILEGE) to "admin", "normal" or "read-only".',
      doc: "`admin` | `normal` | `read-only`; `read-only` refuses writes before any request.",
    },
    ...tokenLifetimeFields("CIRCONUS_API_TOKEN", { createdDefaultDoc: "unknown", expiresDefaultDoc: "unknown (Circonus tokens do not expire)" }),
    pageSize: {
      schema: settingSchema.int({ min: 1, max: MAX_PAGE_SIZE }),
      default: DEFAULT_PAGE_SIZE,
      fix: `Set pageSize to a whole number from 1 to ${MAX_PAGE_SIZE} (the API's limit for size).`,
      doc: `Items per page for lists (\`size\`), 1–${MAX_PAGE_SIZE}.`,
    },
    alertLookbackDays: {
      schema: settingSchema.int({ min: 1, max: MAX_ALERT_LOOKBACK_DAYS, expected: `a whole number of days from 1 to ${MAX_ALERT_LOOKBACK_DAYS}` }),
      default: DEFAULT_ALERT_LOOKBACK_DAYS,
      fix: `Set alertLookbackDays to a whole number of days from 1 to ${MAX_ALERT_LOOKBACK_DAYS}, e.g. 90.`,
      doc: "How long before a timeline's window `events` looks for alerts still open (or cleared) inside it; each 30 days costs two more `/alert` searches (`/alert` searches by when an alert opened, 30 days per search).",
    },
    conventions: {
      schema: settingSchema.zod(tagConventionsSchema, "a tag category per correlation key"),
      default: DEFAULT_TAG_CONVENTIONS,
      defaultDoc: "`service`, `env`, `component`, `team`",
      fix: 'Set conventions to a lower-case tag category per correlation key, each its own, e.g. { env: "environment" }.',
      doc: 'Tag category per correlation key, e.g. `{ env: "environment" }` reads `environment:prod`. See [Tag conventions](#tag-conventions-and-correlation).',
    },
  },
  refine: (s, issue): ResolvedCirconusSettings | undefined => {
    let token: Secret | undefined;
    if (s.token !== undefined) {
      // Core's rule for a value sent in a header (the env provider's too), then the UUID shape.
      const checked = tokenSecret(s.token, "CIRCONUS_API_TOKEN");
      if (!("secret" in checked)) issue({ key: "token", problem: `token ${checked.problem}` });
      else if (!TOKEN_PATTERN.test(checked.secret.reveal())) issue({ key: "token", problem: `token is not a UUID (got ${checked.secret.masked})` });
      else token = checked.secret;
    }
    let appName: string | undefined;
    if (s.appName !== undefined) {
      const text = s.appName.trim();
      if (!text) issue({ key: "appName", problem: `appName ${APP_NAME_MISSING}` });
      else if (!APP_NAME_PATTERN.test(text)) issue({ key: "appName", problem: appNameProblem(text) });
      else appName = text;
    }
    const base = checkCirconusBaseUrl(s.baseUrl);
    if (!base.ok) issue({ key: "baseUrl", name: base.problem.name, problem: base.problem.problem, fix: base.problem.fix });
    const dates = tokenDatesIssue(s);
    if (dates) issue(dates);
    if (s.uiUrl !== undefined) {
      const ui = checkBaseUrl(s.uiUrl, UI_URL_SETTING);
      // The same form as CircleCI's appUrl: the problem names the variable, checkBaseUrl's fix leads.
      if (!ui.ok) issue({ key: "uiUrl", problem: ui.problem.problem, fix: `${ui.problem.fix} ${UI_URL_FIX}` });
    }
    if (!token || !appName || !base.ok) return undefined;

    return {
      token,
      appName,
      baseUrl: circonusApiRoot(String(s.baseUrl)),
      pageSize: s.pageSize,
      alertLookbackDays: s.alertLookbackDays,
      conventions: s.conventions,
      runtime: s.runtime,
      ...definedOnly({
        uiUrl: s.uiUrl === undefined ? undefined : String(s.uiUrl),
        tokenKind: s.tokenKind,
        privilege: s.privilege,
        tokenCreatedAt: s.tokenCreatedAt,
        tokenExpiresAt: s.tokenExpiresAt,
        tokenSource: s.tokenSource,
        maxPages: s.runtime.maxPages,
      }),
    };
  },
});

/**
 * The zod schema of the settings' shape (core's runtime settings included): each setting's type,
 * unknown keys refused. Not every rule: `createCirconus` (`circonusSettings.parse`) also checks
 * the token, the app name's characters, the base URL and the rules between settings, so it
 * refuses some inputs this schema accepts.
 */
export const circonusSettingsSchema = circonusSettings.schema;

/** The settings `createCirconus` accepts: see `circonusSettings` (and the README's table) for each one's default and variable. */
export type CirconusSettings = SettingsInputOf<(typeof circonusSettings)["fields"]>;

/** Settings after validation, with defaults applied. */
export interface ResolvedCirconusSettings {
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
  conventions: TagConventions;
  /** The `maxPages` runtime setting, where lists read it. */
  maxPages?: number;
  /** Core's runtime settings, passed whole to the HTTP client. */
  runtime: RuntimeSettings;
}

/** Validates factory settings; throws one `ConfigurationError` listing every problem and its fix. */
export function resolveSettings(input: unknown): ResolvedCirconusSettings {
  return circonusSettings.parse(input);
}
