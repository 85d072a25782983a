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
  type BaseUrlSetting,
  type RuntimeSettings,
  type Secret,
  type SettingsInputOf,
} from "@toolweave/core";

/** Default API base URL (CircleCI cloud). Env: `CIRCLECI_BASE_URL`. */
export const DEFAULT_BASE_URL = "https://circleci.com/api/v2";
/** Web app used for deep links on cloud (https://circleci.com/docs/server/: never hard-coded for Server). */
export const CLOUD_APP_URL = "https://app.circleci.com";
/** Default of `eventsMaxPipelines`: how many pipelines `correlator.events` walks at most. */
export const DEFAULT_EVENTS_PIPELINES = 100;
/** The most `eventsMaxPipelines` accepts (as `deployEvents`' own `maxPipelines`). */
export const MAX_EVENTS_PIPELINES = 1000;
/** Default naming conventions (templates use core's `namingTemplate`). */
export const DEFAULT_CONVENTIONS = Object.freeze({
  context: "svc-{service}-{env}",
  buildWorkflow: "build-{component}",
  deployWorkflow: "deploy-{service}",
});

/** How base URL problems name this setting (shared with the `CIRCLECI_BASE_URL` check). */
/** How the `appUrl` setting (`CIRCLECI_APP_URL`) is checked and named in errors. */
const APP_URL_SETTING: BaseUrlSetting = { provider: "CircleCI", setting: "appUrl", variable: "CIRCLECI_APP_URL", example: CLOUD_APP_URL, root: "the web UI root" };

export const BASE_URL_SETTING: BaseUrlSetting = {
  provider: "CircleCI",
  setting: "baseUrl",
  variable: "CIRCLECI_BASE_URL",
  example: DEFAULT_BASE_URL,
  apiPath: "/api/v2",
};

const CLOUD_HOSTS = new Set(["circleci.com", "www.circleci.com"]);
const TOKEN_FORMAT = /^(?:CCIPAT_[A-Za-z0-9_]+|CCIPRJ_[A-Za-z0-9_]+|[0-9a-fA-F]{40})$/;
const CONVENTION_KEYS: ReadonlySet<string> = new Set(Object.keys(DEFAULT_CONVENTIONS));
/** The `conventions` setting: naming templates, each optional (the defaults fill the rest). */
export type CircleCIConventionsInput = { context?: string; buildWorkflow?: string; deployWorkflow?: string };

const BASE_URL_FIX = 'Set baseUrl (or CIRCLECI_BASE_URL) to the API v2 root: "https://circleci.com/api/v2", or "https://<server-host>/api/v2" for CircleCI Server.';
const APP_URL_FIX = 'Set appUrl to the web UI root, e.g. "https://app.circleci.com" or "https://<server-host>".';

/** Every setting of `createCircleCI`, its default, its variable and its fix, declared once (README table: `circleciSettings.readme()`). */
export const circleciSettings = defineSettings({
  provider: "circleci",
  displayName: "CircleCI",
  fields: {
    token: {
      schema: settingSchema.secret(),
      required: true,
      secret: true,
      env: {
        name: "CIRCLECI_TOKEN",
        // Project tokens (CCIPRJ_) are accepted here so the connector can explain why they fail on v2.
        schema: lazySchema(() => z.string().trim().regex(TOKEN_FORMAT, "not a CircleCI API token")),
        expected: "a CircleCI personal API token (CCIPAT_… or 40 hex characters)",
        fix: "Create a personal API token at https://app.circleci.com/settings/user/tokens (CircleCI Server: <your host>/settings/user/tokens) and set CIRCLECI_TOKEN to it. Project tokens (CCIPRJ_…) do not work on API v2.",
        description: "CircleCI personal API token, sent in the Circle-Token header.",
      },
      fix: "Pass token (or set CIRCLECI_TOKEN) to a CircleCI personal API token: CCIPAT_… or 40 hex characters, created at https://app.circleci.com/settings/user/tokens.",
      doc: "Personal API token (`CCIPAT_…` or legacy 40 hex), as a string or a core `Secret`. Surrounding whitespace is trimmed; a token with whitespace or control characters inside (a line break, CR, NUL, tab, space) is refused with a `ConfigurationError` that shows only the mask, as the env provider refuses it.",
    },
    tokenKind: {
      schema: settingSchema.enum(["personal", "project"]),
      defaultDoc: "detected from the prefix",
      fix: 'Set tokenKind to "personal" or "project", or leave it out to detect it from the token prefix.',
      doc: '`"personal"` or `"project"`. A legacy 40-hex token counts as personal. Required only for an unrecognised format.',
    },
    tokenScope: {
      schema: settingSchema.enum(["status", "read-only", "admin"]),
      fix: 'Set tokenScope to "status", "read-only" or "admin" (project tokens only), or leave it out.',
      doc: 'Project tokens only: `"status"`, `"read-only"` or `"admin"`.',
    },
    ...tokenLifetimeFields("CIRCLECI_TOKEN"),
    baseUrl: {
      // Checked by refine with core's checkBaseUrl, so every problem names CIRCLECI_BASE_URL and the fix.
      schema: settingSchema.unknown<string | URL>(),
      default: DEFAULT_BASE_URL,
      env: {
        name: "CIRCLECI_BASE_URL",
        // The same check as the baseUrl setting, so a query string is reported as one.
        schema: checkedEnvSchema((value) => checkBaseUrl(value, BASE_URL_SETTING)),
        expected: 'the API v2 root URL, e.g. "https://circleci.com/api/v2" or "https://<server-host>/api/v2"',
        fix: 'Set CIRCLECI_BASE_URL to "https://<server-host>/api/v2" for CircleCI Server, or unset it for circleci.com.',
        description: "CircleCI API v2 base URL (CircleCI Server).",
      },
      fix: BASE_URL_FIX,
      doc: "Must end in `/api/v2`, with no query string, fragment or credentials. For Server: `https://<host>/api/v2`.",
    },
    appUrl: {
      schema: settingSchema.url(),
      env: {
        name: "CIRCLECI_APP_URL",
        // The same check as the appUrl setting (https, no query string, fragment or credentials).
        schema: checkedEnvSchema((value) => checkBaseUrl(value, APP_URL_SETTING)),
        expected: 'the web UI root URL, e.g. "https://app.circleci.com" or "https://<server-host>"',
        fix: 'Set CIRCLECI_APP_URL to the web UI root ("https://<server-host>" for CircleCI Server), or unset it.',
        description: "CircleCI web UI root, for deep links and reading page URLs (when it is not the default).",
      },
      defaultDoc: "`https://app.circleci.com` (cloud); the base URL's origin (Server)",
      fix: APP_URL_FIX,
      doc: "Web UI root used for deep links and for reading page URLs (`correlator.pages`).",
    },
    authScheme: {
      schema: settingSchema.enum(["circle-token", "bearer"]),
      default: "circle-token",
      fix: 'Set authScheme to "circle-token" (default) or "bearer".',
      doc: '`"circle-token"` sends the `Circle-Token` header; `"bearer"` sends `Authorization: Bearer`. The query-string token is never used.',
    },
    eventsMaxPipelines: {
      schema: settingSchema.int({ min: 1, max: MAX_EVENTS_PIPELINES, expected: `a whole number of pipelines from 1 to ${MAX_EVENTS_PIPELINES}` }),
      default: DEFAULT_EVENTS_PIPELINES,
      fix: `Set eventsMaxPipelines to a whole number from 1 to ${MAX_EVENTS_PIPELINES}, e.g. 500 for a month of a busy project.`,
      doc: "How many pipelines `correlator.events` (the hub's `timeline` and `delivery`) walks at most, all branches counted; past it the answer lists the older pipelines as incomplete. A 30-day delivery report walks 44 days of pipelines (the window and 14 days of reruns).",
    },
    conventions: {
      schema: settingSchema.custom<CircleCIConventionsInput>({
        accepts: (value) =>
          typeof value === "object" &&
          value !== null &&
          !Array.isArray(value) &&
          Object.entries(value).every(([key, template]) => CONVENTION_KEYS.has(key) && (template === undefined || (typeof template === "string" && template.length > 0))),
        zod: lazySchema(() =>
          z.strictObject({
            context: z.string().min(1).optional(),
            buildWorkflow: z.string().min(1).optional(),
            deployWorkflow: z.string().min(1).optional(),
          }),
        ),
        expected: "{ context?, buildWorkflow?, deployWorkflow? } naming templates",
        zodMessages: true,
      }),
      defaultDoc: "see [Correlation](#correlation-conventions)",
      fix: 'Set conventions to { context?, buildWorkflow?, deployWorkflow? } templates, e.g. { context: "svc-{service}-{env}" }.',
      doc: "`{ context?, buildWorkflow?, deployWorkflow? }` naming templates.",
    },
  },
  refine: (s, issue): ResolvedCircleCISettings | undefined => {
    let token: Secret | undefined;
    if (s.token !== undefined) {
      // Trimmed as the env provider trims; core's one rule for a value sent in a header.
      const checked = tokenSecret(s.token, s.tokenSource ?? "token");
      if ("secret" in checked) token = checked.secret;
      else issue({ key: "token", problem: `token ${checked.problem}` });
    }
    const base = checkBaseUrl(s.baseUrl, BASE_URL_SETTING);
    if (!base.ok) issue({ key: "baseUrl", name: base.problem.name, problem: base.problem.problem, fix: `${base.problem.fix} ${BASE_URL_FIX}` });
    let appUrl: string | undefined;
    if (s.appUrl !== undefined) {
      const app = checkBaseUrl(s.appUrl, APP_URL_SETTING);
      if (app.ok) appUrl = `${app.url.origin}${app.url.pathname}`.replace(/\/+$/, "");
      else issue({ key: "appUrl", problem: app.problem.problem, fix: `${app.problem.fix} ${APP_URL_FIX}` });
    }
    if (s.tokenScope !== undefined && s.tokenKind === "personal") issue({ key: "tokenScope", problem: "tokenScope applies to project tokens only" });
    const dates = tokenDatesIssue(s);
    if (dates) issue(dates);
    if (!token || !base.ok) return undefined;

    const baseUrl = base.url;
    const cloud = CLOUD_HOSTS.has(baseUrl.hostname);
    return {
      token,
      tokenKind: s.tokenKind,
      tokenScope: s.tokenScope,
      tokenCreatedAt: s.tokenCreatedAt,
      tokenExpiresAt: s.tokenExpiresAt,
      tokenSource: s.tokenSource,
      baseUrl,
      v1BaseUrl: new URL(baseUrl.href.replace(/\/v2\/$/, "/v1.1/")),
      appUrl: appUrl ?? (cloud ? CLOUD_APP_URL : baseUrl.origin),
      cloud,
      authScheme: s.authScheme,
      conventions: { ...DEFAULT_CONVENTIONS, ...definedOnly(s.conventions ?? {}) },
      eventsMaxPipelines: s.eventsMaxPipelines,
      runtime: s.runtime,
    };
  },
});

/**
 * The zod schema of the settings' shape (core's runtime settings included): each setting's type,
 * unknown keys refused. Not every rule: `createCircleCI` (`circleciSettings.parse`) also checks
 * the token's characters, the base and app URLs and the rules between settings (e.g. `tokenScope`
 * with a personal token), so it refuses some inputs this schema accepts.
 */
export const circleciSettingsSchema = circleciSettings.schema;

/** What `createCircleCI` accepts. */
export type CircleCISettings = SettingsInputOf<(typeof circleciSettings)["fields"]>;

/** Settings after validation, with defaults applied. */
export interface ResolvedCircleCISettings {
  token: Secret;
  tokenKind: "personal" | "project" | undefined;
  tokenScope: "status" | "read-only" | "admin" | undefined;
  tokenCreatedAt: Date | undefined;
  tokenExpiresAt: Date | undefined;
  tokenSource: string | undefined;
  /** API v2 root, normalised with a trailing slash. */
  baseUrl: URL;
  /** API v1.1 root on the same host (https://circleci.com/docs/server/). */
  v1BaseUrl: URL;
  /** Web UI root for deep links, without a trailing slash. */
  appUrl: string;
  /** True for circleci.com (cloud); false for a Server host. */
  cloud: boolean;
  authScheme: "circle-token" | "bearer";
  conventions: { context: string; buildWorkflow: string; deployWorkflow: string };
  /** How many pipelines `correlator.events` walks at most. */
  eventsMaxPipelines: number;
  runtime: RuntimeSettings;
}

/** Validates settings strictly; one `ConfigurationError` names every setting at fault, its variable and the fix. */
export function resolveSettings(input: unknown): ResolvedCircleCISettings {
  return circleciSettings.parse(input);
}
