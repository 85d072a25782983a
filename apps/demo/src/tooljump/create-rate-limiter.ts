/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Requests allowed per client and window. Default 200, as ToolJump's reference server. */
  max?: number;
  /** The window in milliseconds. Default 15 minutes. */
  windowMs?: number;
  /** The clock (milliseconds), injected so tests never wait. */
  clock: () => number;
}

/** What one request costs: whether it may go on, and the `RateLimit-*` header values. */
export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the client's window starts again. */
  resetSeconds: number;
  /** The window in seconds (for `RateLimit-Policy`). */
  windowSeconds: number;
}

export interface RateLimiter {
  /** Counts one request of `client` (its address). */
  hit(client: string): RateLimitVerdict;
}

/** Above this many tracked clients, finished windows are dropped so memory stays bounded. */
const SWEEP_ABOVE = 10_000;

/**
 * A fixed window per client address, in memory (the same policy as express-rate-limit's
 * default store, which ToolJump's reference server uses).
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const max = options.max ?? 200;
  const windowMs = options.windowMs ?? 15 * 60 * 1000;
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    hit(client) {
      const now = options.clock();
      if (windows.size > SWEEP_ABOVE) {
        for (const [key, w] of windows) if (w.resetAt <= now) windows.delete(key);
      }
      let w = windows.get(client);
      if (!w || w.resetAt <= now) {
        w = { count: 0, resetAt: now + windowMs };
        windows.set(client, w);
      }
      w.count += 1;
      return {
        allowed: w.count <= max,
        limit: max,
        remaining: Math.max(0, max - w.count),
        resetSeconds: Math.max(0, Math.ceil((w.resetAt - now) / 1000)),
        windowSeconds: Math.ceil(windowMs / 1000),
      };
    },
  };
}
