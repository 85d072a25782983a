import { z } from "zod";
import {
  ConfigurationError,
  Secret,
  checkBaseUrl,
  pickRuntimeSettings,
  runtimeSettingsShape,
  tokenSecret,
  type BaseUrlSetting,
  type ConfigurationProblem,
  type RuntimeSettings,
} from "@toolweave/core";
import { lazySchema } from "@toolweave/core";

/** Default API base URL (CircleCI cloud). Env: `CIRCLECI_BASE_URL`. */
export const DEFAULT_BASE_URL = "https://circleci.com/api/v2";
/** Web app used for deep links on cloud (https://circleci.com/docs/server/: never hard-coded for Server). */
export const CLOUD_APP_URL = "https://app.circleci.com";
/** Default naming conventions (templates use core's `namingTemplate`). */
export const DEFAULT_CONVENTIONS = Object.freeze({
  context: "svc-{service}-{env}",
  buildWorkflow: "build-{component}",
  deployWorkflow: "deploy-{service}",
});

const dateInput = lazySchema(() =>
  z.union([
    z.date(),
    z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    z.iso.date().transform((s) => new Date(`${s}T00:00:00Z`)),
  ]),
);

/**
 * Strict settings for `createCircleCI`. Every setting, its default and its env variable:
 * - `token` (required; env `CIRCLECI_TOKEN`): personal API token (`CCIPAT_…` or legacy 40 hex), string or `Secret`.
 * - `tokenKind` (default: detected from the prefix; legacy 40 hex = personal): `"personal"` | `"project"`.
 * - `tokenScope` (project tokens only): `"status"` | `"read-only"` | `"admin"`.
 * - `tokenCreatedAt` / `tokenExpiresAt` (optional): `Date` or ISO string, for rotation checks.
 * - `tokenSource` (optional): where the token came from, e.g. `CIRCLECI_TOKEN (env)`; never the value.
 * - `baseUrl` (default `https://circleci.com/api/v2`; env `CIRCLECI_BASE_URL`): API v2 root; Server: `https://<host>/api/v2`.
 * - `appUrl` (default `https://app.circleci.com` on cloud, the base URL's origin on Server): web UI for deep links.
 * - `authScheme` (default `"circle-token"`): `"circle-token"` (header `Circle-Token`) | `"bearer"` (`Authorization: Bearer`).
 * - `conventions` (defaults above): naming templates `{ context, buildWorkflow, deployWorkflow }`.
 * - runtime settings from core: `fetch`, `timeoutMs`, `deadlineMs`, `retry`, `throttle`, `cache`, `hooks`, `maxPages`.
 */
export const circleciSettingsSchema = lazySchema(() =>
  z.strictObject({
    // Checked after parsing with core's tokenProblem, the rule the env provider applies too.
    token: z.custom<string | Secret>((v) => typeof v === "string" || Secret.isInstance(v), "token must be a string or a Secret"),
    tokenKind: z.enum(["personal", "project"]).optional(),
    tokenScope: z.enum(["status", "read-only", "admin"]).optional(),
    tokenCreatedAt: dateInput.optional(),
    tokenExpiresAt: dateInput.optional(),
    tokenSource: z.string().trim().min(1).optional(),
    // Checked after parsing with core's checkBaseUrl, so a problem names CIRCLECI_BASE_URL and the fix.
    baseUrl: z.custom<string | URL>(() => true).optional(),
    appUrl: z.union([z.string().min(1), z.custom<URL>((value) => value instanceof URL, { error: "Input not instance of URL" })]).optional(),
    authScheme: z.enum(["circle-token", "bearer"]).optional(),
    conventions: z
      .strictObject({
        context: z.string().min(1).optional(),
        buildWorkflow: z.string().min(1).optional(),
        deployWorkflow: z.string().min(1).optional(),
      })
      .optional(),
    ...runtimeSettingsShape,
  }),
);

/** What `createCircleCI` accepts. */
export type CircleCISettings = z.input<typeof circleciSettingsSchema> & RuntimeSettings;

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
  runtime: RuntimeSettings;
}

const FIXES: Record<string, string> = {
  token:
    "Pass token (or set CIRCLECI_TOKEN) to a CircleCI personal API token: CCIPAT_… or 40 hex characters, created at https://app.circleci.com/settings/user/tokens.",
  tokenKind: 'Set tokenKind to "personal" or "project", or leave it out to detect it from the token prefix.',
  tokenScope: 'Set tokenScope to "status", "read-only" or "admin" (project tokens only), or leave it out.',
  tokenCreatedAt: 'Set tokenCreatedAt to a Date or an ISO date such as "2026-01-31" or "2026-01-31T12:00:00Z".',
  tokenExpiresAt: 'Set tokenExpiresAt to a Date or an ISO date such as "2026-12-31" or "2026-12-31T00:00:00Z".',
  tokenSource: 'Set tokenSource to a short description such as "CIRCLECI_TOKEN (env)", never the token.',
  baseUrl: 'Set baseUrl (or CIRCLECI_BASE_URL) to the API v2 root: "https://circleci.com/api/v2", or "https://<server-host>/api/v2" for CircleCI Server.',
  appUrl: 'Set appUrl to the web UI root, e.g. "https://app.circleci.com" or "https://<server-host>".',
  authScheme: 'Set authScheme to "circle-token" (default) or "bearer".',
  conventions:
    'Set conventions to { context?, buildWorkflow?, deployWorkflow? } templates, e.g. { context: "svc-{service}-{env}" }.',
  fetch: "Pass a fetch function, or leave fetch out to use the global one.",
  timeoutMs: "Set timeoutMs to a whole number of milliseconds between 1 and 600000 (default 10000).",
  deadlineMs: "Set deadlineMs to a whole number of milliseconds between 1 and 3600000 (default 60000).",
  retry: "Set retry to false or { retries?, minDelayMs?, maxDelayMs?, maxRetryAfterMs? } (whole numbers).",
  throttle: "Set throttle to false or { maxConcurrency?, requestsPerSecond? } (positive numbers).",
  cache: "Set cache to false or { ttlMs, maxEntries? } (positive whole numbers).",
  hooks: "Set hooks to an object with onRequest / onResponse / onRetry / onError functions.",
  maxPages: "Set maxPages to a positive whole number (default 1000).",
};

function problemsOf(error: z.ZodError, input: Record<string, unknown>): ConfigurationProblem[] {
  return error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "settings");
    const unknownKeys = issue.code === "unrecognized_keys" ? issue.keys : undefined;
    if (unknownKeys) {
      return {
        name: unknownKeys.join(", "),
        problem: `unknown setting(s) ${unknownKeys.map((k) => `"${k}"`).join(", ")}`,
        fix: `Remove them; known settings are ${Object.keys(circleciSettingsSchema.shape).join(", ")}.`,
      };
    }
    const where = issue.path.length ? issue.path.map(String).join(".") : key;
    return {
      name: where,
      problem:
        key === "token"
          ? input.token === undefined
            ? "token is missing"
            : typeof input.token === "string"
              ? "token is empty"
              : "token must be a string or a Secret"
          : issue.message,
      fix: FIXES[key] ?? "Check the value against the settings documentation.",
    };
  });
}

function fail(problems: ConfigurationProblem[]): never {
  const summary = problems.map((p) => `${p.name}: ${p.problem}`).join("; ");
  throw new ConfigurationError(`Invalid CircleCI settings: ${summary}.`, {
    provider: "circleci",
    problems,
    fix: problems.map((p) => p.fix).join(" "),
  });
}

/** How base URL problems name this setting (shared with the descriptor's `CIRCLECI_BASE_URL` check). */
export const BASE_URL_SETTING: BaseUrlSetting = {
  provider: "CircleCI",
  setting: "baseUrl",
  variable: "CIRCLECI_BASE_URL",
  example: DEFAULT_BASE_URL,
  apiPath: "/api/v2",
};

/** The token as it will be sent (surrounding whitespace trimmed, as the env provider does), or its problem. */
function checkToken(token: string | Secret, label: string): { secret: Secret } | { problem: ConfigurationProblem } {
  const checked = tokenSecret(token, label);
  return "secret" in checked ? checked : { problem: { name: "token", problem: `token ${checked.problem}`, fix: FIXES.token! } };
}

const CLOUD_HOSTS = new Set(["circleci.com", "www.circleci.com"]);

/** Validates settings strictly; every error names the setting, the variable and the expected format. */
export function resolveSettings(input: unknown): ResolvedCircleCISettings {
  if (typeof input !== "object" || input === null) {
    fail([{ name: "settings", problem: "settings must be an object", fix: FIXES.token! }]);
  }
  const parsed = circleciSettingsSchema.safeParse(input);
  if (!parsed.success) fail(problemsOf(parsed.error, input as Record<string, unknown>));
  const s = parsed.data;

  const problems: ConfigurationProblem[] = [];
  const token = checkToken(s.token, s.tokenSource ?? "token");
  if ("problem" in token) problems.push(token.problem);
  let baseUrl: URL | undefined;
  const base = checkBaseUrl(s.baseUrl === undefined ? DEFAULT_BASE_URL : s.baseUrl, BASE_URL_SETTING);
  if (base.ok) baseUrl = base.url;
  else problems.push({ ...base.problem, fix: `${base.problem.fix} ${FIXES.baseUrl}` });
  let appUrl: string | undefined;
  if (s.appUrl !== undefined) {
    const app = checkBaseUrl(s.appUrl, { provider: "CircleCI", setting: "appUrl", example: CLOUD_APP_URL });
    if (app.ok) appUrl = `${app.url.origin}${app.url.pathname}`.replace(/\/+$/, "");
    else problems.push({ ...app.problem, name: "appUrl", fix: `${app.problem.fix} ${FIXES.appUrl}` });
  }
  if (s.tokenScope !== undefined && s.tokenKind === "personal") {
    problems.push({ name: "tokenScope", problem: "tokenScope applies to project tokens only", fix: FIXES.tokenScope! });
  }
  if (s.tokenCreatedAt && s.tokenExpiresAt && s.tokenExpiresAt.getTime() <= s.tokenCreatedAt.getTime()) {
    problems.push({ name: "tokenExpiresAt", problem: "tokenExpiresAt is not after tokenCreatedAt", fix: FIXES.tokenExpiresAt! });
  }
  if (problems.length || !baseUrl || "problem" in token) fail(problems);

  const cloud = CLOUD_HOSTS.has(baseUrl.hostname);
  const v1BaseUrl = new URL(baseUrl.href.replace(/\/v2\/$/, "/v1.1/"));
  const runtime = pickRuntimeSettings(s);
  return {
    token: token.secret,
    tokenKind: s.tokenKind,
    tokenScope: s.tokenScope,
    tokenCreatedAt: s.tokenCreatedAt,
    tokenExpiresAt: s.tokenExpiresAt,
    tokenSource: s.tokenSource,
    baseUrl,
    v1BaseUrl,
    appUrl: appUrl ?? (cloud ? CLOUD_APP_URL : baseUrl.origin),
    cloud,
    authScheme: s.authScheme ?? "circle-token",
    conventions: { ...DEFAULT_CONVENTIONS, ...stripUndefined(s.conventions ?? {}) },
    runtime,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
