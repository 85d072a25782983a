/**
 * The defaults `createHttpClient` uses for settings left unset: times in milliseconds,
 * `maxResponseBytes` in bytes (32 MiB), `cacheEntries` for a cache without `maxEntries`.
 */
export const HTTP_DEFAULTS = Object.freeze({
  timeoutMs: 10_000,
  deadlineMs: 60_000,
  retries: 4,
  minDelayMs: 500,
  maxDelayMs: 15_000,
  maxRetryAfterMs: 60_000,
  maxConcurrency: 8,
  /** The adaptive rate's starting point when no rate is configured (see `AdaptiveRate`). */
  requestsPerSecond: 20,
  maxRedirects: 5,
  cacheEntries: 500,
  maxResponseBytes: 32 * 1024 * 1024,
});
