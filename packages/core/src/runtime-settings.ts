import { z } from "zod";
import { describeUnknownKeys } from "./describe-unknown-keys.js";
import type { ConfigurationProblem } from "./errors.js";
import { lazySchema } from "./lazy-schema.js";
import { HTTP_DEFAULTS } from "./http/http-defaults.js";
import { MAX_USER_AGENT_LENGTH, PRODUCT_TOKENS } from "./http/product-tokens.js";
import type { Stores } from "./http/stores.js";
import type { HttpHooks, RuntimeSettings } from "./http/types.js";

export type { RuntimeSettings } from "./http/types.js";

/** Longest wait a timer can take: a longer one fires after 1 ms (Node and browsers alike). */
const MAX_TIMER_MS = 2_147_483_647;

/** The range one numeric runtime setting may take. */
export interface SettingBound {
  /** Smallest value allowed (or, with `minExclusive`, the value it must be above). */
  readonly min: number;
  readonly minExclusive?: boolean;
  /** Largest value allowed; none when left out. */
  readonly max?: number;
  /** A whole number (a safe integer). */
  readonly integer?: boolean;
  /** `Infinity` is allowed too (it means "no limit"). */
  readonly infinity?: boolean;
  readonly unit?: "milliseconds" | "bytes";
  /** The value used when the setting is left out, for fix texts. */
  readonly default?: number;
}

/**
 * The bounds of every numeric runtime setting, by path. The settings schema
 * (`runtimeSettingsShape`), `createHttpClient`'s check and the fix texts are all made from
 * this one table, so a value one of them accepts is accepted by all.
 */
export const RUNTIME_SETTING_BOUNDS = Object.freeze({
  timeoutMs: { min: 0, minExclusive: true, max: 600_000, integer: true, unit: "milliseconds", default: HTTP_DEFAULTS.timeoutMs },
  deadlineMs: { min: 0, minExclusive: true, max: 3_600_000, integer: true, unit: "milliseconds", default: HTTP_DEFAULTS.deadlineMs },
  "retry.retries": { min: 0, max: 20, integer: true, default: HTTP_DEFAULTS.retries },
  "retry.minDelayMs": { min: 0, max: MAX_TIMER_MS, integer: true, unit: "milliseconds", default: HTTP_DEFAULTS.minDelayMs },
  "retry.maxDelayMs": { min: 0, max: MAX_TIMER_MS, integer: true, unit: "milliseconds", default: HTTP_DEFAULTS.maxDelayMs },
  "retry.maxRetryAfterMs": { min: 0, max: MAX_TIMER_MS, integer: true, unit: "milliseconds", default: HTTP_DEFAULTS.maxRetryAfterMs },
  "throttle.maxConcurrency": { min: 0, minExclusive: true, integer: true, default: HTTP_DEFAULTS.maxConcurrency },
  "throttle.requestsPerSecond": { min: 0, minExclusive: true, infinity: true },
  "throttle.adaptive.initialRequestsPerSecond": { min: 0, minExclusive: true, max: 100_000 },
  "throttle.adaptive.maxRequestsPerSecond": { min: 0, minExclusive: true, max: 100_000 },
  "throttle.adaptive.minRequestsPerSecond": { min: 0, minExclusive: true, max: 100_000 },
  "cache.ttlMs": { min: 0, minExclusive: true, max: MAX_TIMER_MS, integer: true, unit: "milliseconds" },
  "cache.maxEntries": { min: 0, minExclusive: true, integer: true, default: HTTP_DEFAULTS.cacheEntries },
  /** `paginate`'s default. */
  maxPages: { min: 0, minExclusive: true, integer: true, default: 1000 },
  maxResponseBytes: { min: 0, minExclusive: true, integer: true, unit: "bytes", default: HTTP_DEFAULTS.maxResponseBytes },
} satisfies Record<string, SettingBound>);

type BoundPath = keyof typeof RUNTIME_SETTING_BOUNDS;
const RETRY_KEYS = ["retries", "minDelayMs", "maxDelayMs", "maxRetryAfterMs"] as const;
const THROTTLE_KEYS = ["maxConcurrency", "requestsPerSecond", "adaptive"] as const;
const ADAPTIVE_KEYS = ["initialRequestsPerSecond", "maxRequestsPerSecond", "minRequestsPerSecond"] as const;
const CACHE_KEYS = ["ttlMs", "maxEntries"] as const;

/** The zod schema of one finite bound, built as the hand-written schemas were (`positive()` is `gt(0)`). */
function boundSchema(bound: SettingBound) {
  let number = z.number();
  if (bound.integer) number = number.int();
  number = bound.minExclusive ? number.gt(bound.min) : number.min(bound.min);
  return bound.max === undefined ? number : number.max(bound.max);
}

/** "a whole number of milliseconds between 1 and 600000 (default 10000)" */
function describeBound(bound: SettingBound): string {
  const what = `${bound.integer ? "a whole number" : "a number"}${bound.unit ? ` of ${bound.unit}` : ""}`;
  const low = bound.minExclusive && bound.integer ? bound.min + 1 : bound.min;
  const range =
    bound.minExclusive && !bound.integer
      ? ` above ${bound.min}${bound.max === undefined ? "" : ` and at most ${bound.max}`}`
      : bound.max === undefined
        ? ` of ${low} or more`
        : ` between ${low} and ${bound.max}`;
  return `${what}${range}${bound.infinity ? ", or Infinity for no limit" : ""}${bound.default === undefined ? "" : ` (default ${bound.default})`}`;
}

const boundFix = (path: BoundPath) => `Set ${path} to ${describeBound(RUNTIME_SETTING_BOUNDS[path])}, or leave it out.`;
const partsOf = (prefix: string, keys: readonly string[]) =>
  keys.map((key) => `${key} (${describeBound(RUNTIME_SETTING_BOUNDS[`${prefix}.${key}` as BoundPath])})`).join(", ");

/**
 * What to do about a wrong value of each runtime setting, for connectors to put in their
 * `ConfigurationProblem`s (made from the same bounds as the checks).
 */
export const RUNTIME_SETTING_FIXES: Readonly<Record<keyof RuntimeSettings, string>> = Object.freeze({
  fetch: "Pass a fetch function, or leave fetch out to use the global one.",
  timeoutMs: boundFix("timeoutMs"),
  deadlineMs: boundFix("deadlineMs"),
  retry: `Set retry to false, or to an object of ${partsOf("retry", RETRY_KEYS)}; each may be left out.`,
  throttle:
    `Set throttle to false, or to an object of ${partsOf("throttle", ["maxConcurrency", "requestsPerSecond"])} and adaptive ` +
    `(${partsOf("throttle.adaptive", ADAPTIVE_KEYS)}); each may be left out (without requestsPerSecond the rate is learnt from the server).`,
  cache: `Set cache to false, or to an object of ${partsOf("cache", CACHE_KEYS)}; ttlMs is required.`,
  hooks: "Set hooks to an object with onRequest / onResponse / onRetry / onError functions.",
  stores: "Set stores to an object with optional throttle and cache stores (each with an open method), e.g. createRedisStores(...) from @toolweave/redis, or leave it out.",
  maxPages: boundFix("maxPages"),
  maxResponseBytes: boundFix("maxResponseBytes"),
  userAgent: `Set userAgent to your app's name and version, e.g. "acme-portal/2.3" (product tokens: visible ASCII words separated by single spaces, at most ${MAX_USER_AGENT_LENGTH} characters).`,
});

const isStores = (v: unknown): v is Stores =>
  typeof v === "object" &&
  v !== null &&
  ((v as Stores).throttle === undefined || typeof (v as Stores).throttle?.open === "function") &&
  ((v as Stores).cache === undefined || typeof (v as Stores).cache?.open === "function");

/**
 * Settings every connector factory accepts for the shared runtime, validated strictly.
 * Connectors extend this schema with their own (token, baseUrl ...).
 */
export const runtimeSettingsShape = {
  /** `fetch` implementation (tests, other runtimes). Default: global `fetch`. */
  fetch: lazySchema(() => z.custom<typeof globalThis.fetch>((v) => typeof v === "function", "fetch must be a function").optional()),
  /** Per-attempt timeout in ms. Default 10_000. */
  timeoutMs: lazySchema(() => boundSchema(RUNTIME_SETTING_BOUNDS.timeoutMs).optional()),
  /** Overall deadline per call (retries included) in ms. Default 60_000. */
  deadlineMs: lazySchema(() => boundSchema(RUNTIME_SETTING_BOUNDS.deadlineMs).optional()),
  retry: lazySchema(() =>
    z
      .union([
        z.literal(false),
        z.strictObject({
          retries: boundSchema(RUNTIME_SETTING_BOUNDS["retry.retries"]).optional(),
          minDelayMs: boundSchema(RUNTIME_SETTING_BOUNDS["retry.minDelayMs"]).optional(),
          maxDelayMs: boundSchema(RUNTIME_SETTING_BOUNDS["retry.maxDelayMs"]).optional(),
          maxRetryAfterMs: boundSchema(RUNTIME_SETTING_BOUNDS["retry.maxRetryAfterMs"]).optional(),
        }),
      ])
      .optional(),
  ),
  throttle: lazySchema(() =>
    z
      .union([
        z.literal(false),
        z.strictObject({
          maxConcurrency: boundSchema(RUNTIME_SETTING_BOUNDS["throttle.maxConcurrency"]).optional(),
          /** Starts per second; `Infinity` for no rate limit (concurrency still applies). */
          requestsPerSecond: z.union([boundSchema(RUNTIME_SETTING_BOUNDS["throttle.requestsPerSecond"]), z.literal(Infinity)]).optional(),
          /** How the rate is learnt when requestsPerSecond is left out. */
          adaptive: z
            .strictObject({
              initialRequestsPerSecond: boundSchema(RUNTIME_SETTING_BOUNDS["throttle.adaptive.initialRequestsPerSecond"]).optional(),
              maxRequestsPerSecond: boundSchema(RUNTIME_SETTING_BOUNDS["throttle.adaptive.maxRequestsPerSecond"]).optional(),
              minRequestsPerSecond: boundSchema(RUNTIME_SETTING_BOUNDS["throttle.adaptive.minRequestsPerSecond"]).optional(),
            })
            .optional(),
        }),
      ])
      .optional(),
  ),
  cache: lazySchema(() =>
    z
      .union([
        z.literal(false),
        z.strictObject({ ttlMs: boundSchema(RUNTIME_SETTING_BOUNDS["cache.ttlMs"]), maxEntries: boundSchema(RUNTIME_SETTING_BOUNDS["cache.maxEntries"]).optional() }),
      ])
      .optional(),
  ),
  hooks: lazySchema(() => z.custom<HttpHooks>((v) => typeof v === "object" && v !== null, "hooks must be an object").optional()),
  /** Where the throttle and the GET cache keep their state (e.g. `createRedisStores(...)`). Default: in memory, per client. */
  stores: lazySchema(() =>
    z
      .custom<Stores>(isStores, "stores must be an object with optional throttle and cache stores (each with an open method), e.g. createRedisStores(...) from @toolweave/redis")
      .optional(),
  ),
  /** Pages fetched at most by one list call. Default 1000. */
  maxPages: lazySchema(() => boundSchema(RUNTIME_SETTING_BOUNDS.maxPages).optional()),
  /** Largest response body read, in bytes. Default 32 MiB. */
  maxResponseBytes: lazySchema(() => boundSchema(RUNTIME_SETTING_BOUNDS.maxResponseBytes).optional()),
  /** Your app's product token(s) for the `User-Agent`, e.g. `"acme-portal/2.3"`. */
  userAgent: lazySchema(() =>
    z
      .string()
      .max(MAX_USER_AGENT_LENGTH)
      .regex(PRODUCT_TOKENS, 'userAgent must be product tokens such as "acme-portal/2.3" (visible ASCII, single spaces)')
      .optional(),
  ),
};

/** The names of every {@link RuntimeSettings} field, as read by {@link pickRuntimeSettings}. */
export const RUNTIME_SETTING_KEYS = ["fetch", "timeoutMs", "deadlineMs", "retry", "throttle", "cache", "hooks", "stores", "maxPages", "maxResponseBytes", "userAgent"] as const;

/** The runtime settings present in a connector's validated settings, ready to spread into `createHttpClient`. */
export function pickRuntimeSettings(settings: RuntimeSettings): RuntimeSettings {
  const runtime: Record<string, unknown> = {};
  for (const key of RUNTIME_SETTING_KEYS) {
    if (settings[key] !== undefined) runtime[key] = settings[key];
  }
  return runtime as RuntimeSettings;
}

const shown = (value: unknown) => (typeof value === "number" ? String(value) : value === null ? "null" : Array.isArray(value) ? "an array" : typeof value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Whether `value` is within `bound` (zod's rules: a whole number is a safe integer; NaN never). */
export function withinBound(value: unknown, bound: SettingBound): boolean {
  if (typeof value !== "number" || Number.isNaN(value)) return false;
  if (value === Infinity) return bound.infinity === true;
  if (bound.integer ? !Number.isSafeInteger(value) : !Number.isFinite(value)) return false;
  return (bound.minExclusive ? value > bound.min : value >= bound.min) && (bound.max === undefined || value <= bound.max);
}

function checkBound(problems: ConfigurationProblem[], path: BoundPath, value: unknown): void {
  if (value === undefined || withinBound(value, RUNTIME_SETTING_BOUNDS[path])) return;
  problems.push({ name: path, problem: `${shown(value)} is not allowed`, fix: boundFix(path) });
}

/** `false`, or an object with only `keys`; anything else is a problem. Returns the object to look into. */
function checkGroup(problems: ConfigurationProblem[], name: "retry" | "throttle" | "cache" | "throttle.adaptive", value: unknown, keys: readonly string[], falseAllowed: boolean): Record<string, unknown> | undefined {
  if (value === undefined || (falseAllowed && value === false)) return undefined;
  const fix = name === "throttle.adaptive" ? RUNTIME_SETTING_FIXES.throttle : RUNTIME_SETTING_FIXES[name];
  if (!isRecord(value)) {
    problems.push({ name, problem: `${shown(value)} is not allowed (${falseAllowed ? "false or an object" : "an object"} expected)`, fix });
    return undefined;
  }
  const unknown = Object.keys(value).filter((key) => !keys.includes(key));
  if (unknown.length) {
    problems.push({ name, problem: describeUnknownKeys(unknown, "key"), fix: `Remove them; ${name} takes ${keys.join(", ")}.` });
  }
  return value;
}

/**
 * Every problem with the runtime settings in `settings` (those left out are not checked), by
 * the same rules as `runtimeSettingsShape` but without zod: cheap enough for every
 * `createHttpClient`. Each problem names the setting's path and carries its fix.
 */
export function runtimeSettingsProblems(settings: Readonly<Record<string, unknown>>): ConfigurationProblem[] {
  const problems: ConfigurationProblem[] = [];
  if (settings.fetch !== undefined && typeof settings.fetch !== "function") {
    problems.push({ name: "fetch", problem: `${shown(settings.fetch)} is not a function`, fix: RUNTIME_SETTING_FIXES.fetch });
  }
  checkBound(problems, "timeoutMs", settings.timeoutMs);
  checkBound(problems, "deadlineMs", settings.deadlineMs);
  const retry = checkGroup(problems, "retry", settings.retry, RETRY_KEYS, true);
  if (retry) for (const key of RETRY_KEYS) checkBound(problems, `retry.${key}`, retry[key]);
  const throttle = checkGroup(problems, "throttle", settings.throttle, THROTTLE_KEYS, true);
  if (throttle) {
    checkBound(problems, "throttle.maxConcurrency", throttle.maxConcurrency);
    checkBound(problems, "throttle.requestsPerSecond", throttle.requestsPerSecond);
    const adaptive = checkGroup(problems, "throttle.adaptive", throttle.adaptive, ADAPTIVE_KEYS, false);
    if (adaptive) for (const key of ADAPTIVE_KEYS) checkBound(problems, `throttle.adaptive.${key}`, adaptive[key]);
  }
  const cache = checkGroup(problems, "cache", settings.cache, CACHE_KEYS, true);
  if (cache) {
    if (cache.ttlMs === undefined) problems.push({ name: "cache.ttlMs", problem: "missing", fix: boundFix("cache.ttlMs") });
    checkBound(problems, "cache.ttlMs", cache.ttlMs);
    checkBound(problems, "cache.maxEntries", cache.maxEntries);
  }
  if (settings.hooks !== undefined && (typeof settings.hooks !== "object" || settings.hooks === null)) {
    problems.push({ name: "hooks", problem: `${shown(settings.hooks)} is not an object`, fix: RUNTIME_SETTING_FIXES.hooks });
  }
  if (settings.stores !== undefined && !isStores(settings.stores)) {
    problems.push({ name: "stores", problem: "not an object of stores with an open method each", fix: RUNTIME_SETTING_FIXES.stores });
  }
  checkBound(problems, "maxPages", settings.maxPages);
  checkBound(problems, "maxResponseBytes", settings.maxResponseBytes);
  const userAgent = settings.userAgent;
  if (userAgent !== undefined && (typeof userAgent !== "string" || userAgent.length > MAX_USER_AGENT_LENGTH || !PRODUCT_TOKENS.test(userAgent))) {
    problems.push({
      name: "userAgent",
      problem: "not product tokens (visible ASCII words separated by single spaces, at most 200 characters)",
      fix: RUNTIME_SETTING_FIXES.userAgent,
    });
  }
  return problems;
}
