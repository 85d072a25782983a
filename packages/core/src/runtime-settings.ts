import { z } from "zod";
import { lazySchema } from "./lazy-schema.js";
import { MAX_USER_AGENT_LENGTH, PRODUCT_TOKENS } from "./http/product-tokens.js";
import type { Stores } from "./http/stores.js";
import type { CacheSettings, HttpHooks, RetrySettings, ThrottleSettings } from "./http/types.js";

/**
 * Settings every connector factory accepts for the shared runtime, validated strictly.
 * Connectors extend this schema with their own (token, baseUrl ...).
 */
export const runtimeSettingsShape = {
  /** `fetch` implementation (tests, other runtimes). Default: global `fetch`. */
  fetch: lazySchema(() => z.custom<typeof globalThis.fetch>((v) => typeof v === "function", "fetch must be a function").optional()),
  /** Per-attempt timeout in ms. Default 10_000. */
  timeoutMs: lazySchema(() => z.number().int().positive().max(600_000).optional()),
  /** Overall deadline per call (retries included) in ms. Default 60_000. */
  deadlineMs: lazySchema(() => z.number().int().positive().max(3_600_000).optional()),
  retry: lazySchema(() =>
    z
      .union([
        z.literal(false),
        z.strictObject({
          retries: z.number().int().min(0).max(20).optional(),
          minDelayMs: z.number().int().min(0).optional(),
          maxDelayMs: z.number().int().min(0).optional(),
          maxRetryAfterMs: z.number().int().min(0).optional(),
        }),
      ])
      .optional(),
  ),
  throttle: lazySchema(() =>
    z
      .union([
        z.literal(false),
        z.strictObject({
          maxConcurrency: z.number().int().positive().optional(),
          /** Starts per second; `Infinity` for no rate limit (concurrency still applies). */
          requestsPerSecond: z.union([z.number().positive(), z.literal(Infinity)]).optional(),
          /** How the rate is learnt when requestsPerSecond is left out. */
          adaptive: z
            .strictObject({
              initialRequestsPerSecond: z.number().positive().max(100_000).optional(),
              maxRequestsPerSecond: z.number().positive().max(100_000).optional(),
              minRequestsPerSecond: z.number().positive().max(100_000).optional(),
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
        z.strictObject({ ttlMs: z.number().int().positive(), maxEntries: z.number().int().positive().optional() }),
      ])
      .optional(),
  ),
  hooks: lazySchema(() => z.custom<HttpHooks>((v) => typeof v === "object" && v !== null, "hooks must be an object").optional()),
  /** Where the throttle and the GET cache keep their state (e.g. `createRedisStores(...)`). Default: in memory, per client. */
  stores: lazySchema(() =>
    z
      .custom<Stores>(
        (v) =>
          typeof v === "object" &&
          v !== null &&
          ((v as Stores).throttle === undefined || typeof (v as Stores).throttle?.open === "function") &&
          ((v as Stores).cache === undefined || typeof (v as Stores).cache?.open === "function"),
        "stores must be an object with optional throttle and cache stores (each with an open method), e.g. createRedisStores(...) from @toolweave/redis",
      )
      .optional(),
  ),
  /** Pages fetched at most by one list call. Default 1000. */
  maxPages: lazySchema(() => z.number().int().positive().optional()),
  /** Largest response body read, in bytes. Default 32 MiB. */
  maxResponseBytes: lazySchema(() => z.number().int().positive().optional()),
  /** Your app's product token(s) for the `User-Agent`, e.g. `"acme-portal/2.3"`. */
  userAgent: lazySchema(() =>
    z
      .string()
      .max(MAX_USER_AGENT_LENGTH)
      .regex(PRODUCT_TOKENS, 'userAgent must be product tokens such as "acme-portal/2.3" (visible ASCII, single spaces)')
      .optional(),
  ),
};

/** The shared runtime settings (see `runtimeSettingsShape` for validation). */
export interface RuntimeSettings {
  /** `fetch` implementation (tests, other runtimes). Default: global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Per-attempt timeout (ms), headers and body. Default 10_000. */
  timeoutMs?: number;
  /** Overall deadline for one call including retries and waits (ms). Default 60_000. */
  deadlineMs?: number;
  /** Retry policy; `false` disables retries. */
  retry?: RetrySettings | false;
  /** Client-side throttle per instance; `false` disables it. */
  throttle?: ThrottleSettings | false;
  /** Opt-in GET cache. Default off. */
  cache?: CacheSettings | false;
  /** Logging and metrics hooks (redacted data only). */
  hooks?: HttpHooks;
  /**
   * Where the throttle and the GET cache keep their state. Default: in memory, per client.
   * With a shared store (`createRedisStores` from `@toolweave/redis`) every client with the
   * same provider, API origin and credential shares one rate budget, one in-flight limit, one
   * 429 pause and one cache, across processes.
   */
  stores?: Stores;
  /** Pages fetched at most by one list call. Default 1000. */
  maxPages?: number;
  /** Largest response body read, in bytes; a larger one is an `InvalidResponseError`. Default 32 MiB. */
  maxResponseBytes?: number;
  /**
   * Your app's product token(s), appended to the connector's own in the `User-Agent` header
   * (`toolweave-circleci/0.2.0 acme-portal/2.3`), so the vendor can tell your traffic apart.
   */
  userAgent?: string;
}

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
