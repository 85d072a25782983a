import { ConfigurationError, type ConfigurationProblem } from "../errors.js";
import { runtimeSettingsProblems, withinBound } from "../runtime-settings.js";
import { CORE_VERSION } from "../version.js";
import { AttemptTimeouts } from "./attempt-timeouts.js";
import { normalizeBaseUrl } from "./base-url.js";
import { storeScope } from "./credential-fingerprint.js";
import { CREDENTIAL_FIX, checkCredential } from "./credential-headers.js";
import { deferredThrottle } from "./deferred-throttle.js";
import { HTTP_DEFAULTS } from "./http-defaults.js";
import { createResponseCache, type CachedResponse } from "./response-cache.js";
import { createThrottle, type Throttle } from "./throttle.js";
import type { TtlCache } from "./ttl-cache.js";
import type { HttpClientSettings, HttpHooks } from "./types.js";

export { HTTP_DEFAULTS } from "./http-defaults.js";

/** The retry policy with every default filled in (`retry: false` is 0 retries). */
export interface RetryPolicy {
  readonly retries: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
}

/**
 * Everything one client's requests read, made once by {@link createClientState}: settings
 * checked and resolved, the throttle, the cache (and the header template, at the first
 * request: {@link headerTemplateOf}). Each stage of a request takes this record (not a closure
 * over it), so a request allocates no functions of its own.
 */
export interface ClientState {
  readonly settings: HttpClientSettings;
  readonly provider: string;
  readonly displayName: string;
  readonly baseUrl: URL;
  readonly fetch: typeof globalThis.fetch;
  readonly timeoutMs: number;
  readonly deadlineMs: number;
  readonly retry: RetryPolicy;
  /** Longest pause a 429 or rate-limit headers may impose on the whole client (never longer than a retry would wait). */
  readonly maxPauseMs: number;
  readonly throttle: Throttle | undefined;
  readonly cache: TtlCache<CachedResponse> | undefined;
  readonly maxRedirects: number;
  readonly maxResponseBytes: number;
  readonly hooks: HttpHooks | undefined;
  readonly attemptTimeouts: AttemptTimeouts;
  readonly userAgent: string;
  /**
   * The headers every request starts from, built by the first request ({@link headerTemplateOf}):
   * cloning a Headers is cheaper than merging the same names again per request. `undefined`
   * until then, `null` when the platform refuses a client header (the request that would send
   * it fails with the usual error).
   */
  headerTemplate: Headers | null | undefined;
}

/** `maxRedirects` is the client's own setting (not a runtime one): same rule as a bound. */
const MAX_REDIRECTS_BOUND = { min: 0, integer: true } as const;

/** Refuses settings that cannot work (a timer given Infinity fires after 1 ms), all problems at once. */
function checkSettings(settings: HttpClientSettings, displayName: string): void {
  const problems: ConfigurationProblem[] = runtimeSettingsProblems(settings as unknown as Record<string, unknown>);
  if (settings.maxRedirects !== undefined && !withinBound(settings.maxRedirects, MAX_REDIRECTS_BOUND)) {
    problems.push({ name: "maxRedirects", problem: `${String(settings.maxRedirects)} is not allowed`, fix: `Set maxRedirects to a whole number of 0 or more (default ${HTTP_DEFAULTS.maxRedirects}), or leave it out.` });
  }
  if (problems.length) {
    throw new ConfigurationError(`${displayName} settings: ${problems.map((p) => `${p.name}: ${p.problem}`).join("; ")}.`, {
      fix: problems.map((p) => p.fix).join(" "),
      problems,
    });
  }
}

/**
 * The default and client headers merged, or `null` when the platform refuses one of them. Built
 * at the first request, not when the client is made: in Node the first `new Headers()` of a
 * process loads undici (15–25 ms), and a request loads it anyway.
 */
export function headerTemplateOf(state: ClientState): Headers | null {
  if (state.headerTemplate !== undefined) return state.headerTemplate;
  try {
    const headers = new Headers({ accept: "application/json", "user-agent": state.userAgent });
    const extra = state.settings.headers;
    if (extra) for (const name in extra) headers.set(name, extra[name]!);
    state.headerTemplate = headers;
  } catch {
    state.headerTemplate = null;
  }
  return state.headerTemplate;
}

/** The throttle: none, local, or opened from the shared store once the scope is known (local if that fails). */
function throttleOf(settings: HttpClientSettings, scope: ReturnType<typeof storeScope> | undefined): Throttle | undefined {
  if (settings.throttle === false) return undefined;
  const throttleSettings = settings.throttle || undefined;
  const maxConcurrency = throttleSettings?.maxConcurrency ?? HTTP_DEFAULTS.maxConcurrency;
  // No configured rate: learn the server's (a configured one always wins).
  const localThrottle = () => createThrottle(maxConcurrency, throttleSettings?.requestsPerSecond, throttleSettings?.adaptive);
  const throttleStore = settings.stores?.throttle;
  if (!throttleStore || !scope) return localThrottle();
  return deferredThrottle(
    scope.then((s) =>
      throttleStore.open(s, {
        maxConcurrency,
        ...(throttleSettings?.requestsPerSecond === undefined ? {} : { requestsPerSecond: throttleSettings.requestsPerSecond }),
        ...(throttleSettings?.adaptive === undefined ? {} : { adaptive: throttleSettings.adaptive }),
      }),
    ),
    localThrottle,
  );
}

/**
 * Checks and resolves a client's settings into its {@link ClientState}. Every problem is a
 * `ConfigurationError` here, before anything is sent.
 */
export function createClientState(settings: HttpClientSettings): ClientState {
  if (!settings || typeof settings !== "object") {
    throw new ConfigurationError("createHttpClient needs a settings object.", { fix: "Pass { provider, baseUrl, ... }." });
  }
  if (!settings.provider) {
    throw new ConfigurationError("createHttpClient needs a provider id.", { fix: 'Pass provider, e.g. "circleci".' });
  }
  const provider = settings.provider;
  const displayName = settings.displayName ?? provider;
  const baseUrl = normalizeBaseUrl(settings.baseUrl);
  // A fetch setting that is not a function is one of the settings' problems (below).
  if (settings.fetch === undefined && typeof globalThis.fetch !== "function") {
    throw new ConfigurationError("No fetch implementation is available.", {
      fix: "Use Node 20.19+ or pass a fetch function in the fetch setting.",
    });
  }
  checkSettings(settings, displayName);
  // Write the credential once now (recorded, not into Headers), so a value no header can carry
  // (a line break, a control character…) is a configuration error at creation. No message
  // quoting the value is kept, nor the message of what the callback threw (it may quote it).
  const credential = settings.authenticate ? checkCredential(settings.authenticate) : undefined;
  if (credential && "problem" in credential) {
    throw credential.problem === "refused"
      ? new ConfigurationError(`${displayName}: the credential cannot be written into a request header (it contains a character HTTP headers do not allow).`, {
          provider,
          fix: CREDENTIAL_FIX,
        })
      : new ConfigurationError(`${displayName}: the credential callback (authenticate) threw an error (${credential.errorName}) while writing the credential (its message is not shown: it may quote the credential).`, {
          provider,
          fix: "Check the credential given to the connector (missing, or not a string?). If it is right, call the authenticate callback with a new Headers() to see its error.",
        });
  }
  const retry: RetryPolicy =
    settings.retry === false
      ? { retries: 0, minDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 }
      : {
          retries: settings.retry?.retries ?? HTTP_DEFAULTS.retries,
          minDelayMs: settings.retry?.minDelayMs ?? HTTP_DEFAULTS.minDelayMs,
          maxDelayMs: settings.retry?.maxDelayMs ?? HTTP_DEFAULTS.maxDelayMs,
          maxRetryAfterMs: settings.retry?.maxRetryAfterMs ?? HTTP_DEFAULTS.maxRetryAfterMs,
        };
  // Shared stores (the `stores` setting) are keyed by provider + origin + credential fingerprint.
  const stores = settings.stores;
  const scope = stores?.throttle || (stores?.cache && settings.cache) ? storeScope(provider, baseUrl, settings.authenticate, stores.fingerprintKey) : undefined;
  const userAgent = settings.userAgent === undefined ? (settings.product ?? `toolweave-core/${CORE_VERSION}`) : `${settings.product ?? `toolweave-core/${CORE_VERSION}`} ${settings.userAgent}`;
  return {
    settings,
    provider,
    displayName,
    baseUrl,
    // Without a fetch setting, the global one is looked up at each request, so a fetch patched
    // after the client was made (msw in tests, an APM agent) is used.
    fetch: settings.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: settings.timeoutMs ?? HTTP_DEFAULTS.timeoutMs,
    deadlineMs: settings.deadlineMs ?? HTTP_DEFAULTS.deadlineMs,
    retry,
    maxPauseMs: settings.retry === false ? HTTP_DEFAULTS.maxRetryAfterMs : retry.maxRetryAfterMs,
    throttle: throttleOf(settings, scope),
    cache: createResponseCache(settings, scope),
    maxRedirects: settings.maxRedirects ?? HTTP_DEFAULTS.maxRedirects,
    maxResponseBytes: settings.maxResponseBytes ?? HTTP_DEFAULTS.maxResponseBytes,
    hooks: settings.hooks,
    attemptTimeouts: new AttemptTimeouts(),
    userAgent,
    headerTemplate: undefined,
  };
}
