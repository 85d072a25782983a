/** Settings of the rate a throttle learns from the server when none is configured. */
export interface AdaptiveRateSettings {
  /** Starts per second before anything is learnt. Default 20. */
  initialRequestsPerSecond?: number;
  /** Never more than this. Default 1000. */
  maxRequestsPerSecond?: number;
  /** Never less than this. Default 0.5. */
  minRequestsPerSecond?: number;
}

/** What the throttle tells the rate about one answer. */
export interface RateObservation {
  /** When the request was sent (epoch ms; `AdaptiveRate` takes it on the clock of its `now`). */
  sentAt: number;
  status: number;
  headers: Headers;
  /**
   * The longest pause this answer's rate-limit headers may impose (ms): the client passes its
   * `retry.maxRetryAfterMs`, the bound a `Retry-After` pause has. One hour when not given.
   */
  maxPauseMs?: number;
}

/** The adaptive rate's constants: its default bounds and how fast it starts, cuts and probes. */
export const ADAPTIVE_DEFAULTS = Object.freeze({
  initialRequestsPerSecond: 20,
  maxRequestsPerSecond: 1000,
  minRequestsPerSecond: 0.5,
  /** Slow start: the rate doubles every this many ms of demand until the first 429. */
  doublingMs: 100,
  /** After the first 429: the rate grows by this fraction per second of demand, to find a raised limit. */
  probePerSecond: 0.002,
  /** A new rate is this fraction of the limit the server showed. */
  headroom: 0.95,
  /** The window the server's limit is assumed to count over when it does not say (ms). */
  windowMs: 1000,
});

/**
 * A request rate learnt from the server, as TCP learns a congestion window (AIMD with slow
 * start), for servers whose limit the client is not told (adaptive mode, the default):
 *
 * - **Slow start**: from `initialRequestsPerSecond`, the rate doubles every 100 ms while
 *   requests are waiting for it, until the first 429 (each 429 costs a `Retry-After` pause of
 *   the whole client, so the limit is found fast and crossed rarely).
 * - **On a 429**: the server has just shown its limit. With a sliding-window limiter, the
 *   requests it accepted in the second before the refused one *are* the limit; the rate becomes
 *   95% of that count (at most 95% of the rate that overflowed) — when requests were waiting
 *   for the rate and at least 10 were accepted. A 429 otherwise shows another limit (a longer
 *   window, one endpoint's own limit, other clients, a one-off): the rate is then halved at most. One cut per second: the 429s of one
 *   overflow count once.
 * - **Probing**: afterwards the rate creeps up by 0.2% per second of demand, so a raised limit
 *   is found, at the cost of one 429 (and its pause) every half-minute or so.
 * - **Rate-limit headers**: `RateLimit-Remaining: 0` / `X-RateLimit-Remaining: 0` with a reset
 *   (`RateLimit-Reset` / `X-RateLimit-Reset`, seconds or an epoch) asks the throttle to pause
 *   until then, before any 429 — at most the observation's `maxPauseMs`: a reset an hour ahead
 *   must not hold the client past the bound its `Retry-After` pauses have.
 *
 * The throttle's `Retry-After` pause is separate and always honoured.
 *
 * Times (`now`, `sentAt`) are milliseconds on one clock of the caller's choice, `Date.now()` by
 * default; the throttle uses the monotonic `performance.now()`, so a wall-clock step cannot
 * count as an hour of demand. Only an epoch `Reset` header is read against `Date.now()`.
 */
export class AdaptiveRate {
  #rate: number;
  #slowStart = true;
  #lastGrowAt: number;
  #lastDemandAt = Number.NEGATIVE_INFINITY;
  #lastCutAt = Number.NEGATIVE_INFINITY;
  /** Send times of accepted requests, oldest first, within the last two windows. */
  readonly #accepted: number[] = [];
  #head = 0;

  readonly #min: number;
  readonly #max: number;

  constructor(settings: AdaptiveRateSettings = {}, now = Date.now()) {
    this.#min = settings.minRequestsPerSecond ?? ADAPTIVE_DEFAULTS.minRequestsPerSecond;
    this.#max = settings.maxRequestsPerSecond ?? ADAPTIVE_DEFAULTS.maxRequestsPerSecond;
    this.#rate = Math.min(this.#max, Math.max(this.#min, settings.initialRequestsPerSecond ?? ADAPTIVE_DEFAULTS.initialRequestsPerSecond));
    this.#lastGrowAt = now;
  }

  /** The current rate (starts per second). */
  get requestsPerSecond(): number {
    return this.#rate;
  }

  /** Whether the first 429 is still to come. */
  get slowStart(): boolean {
    return this.#slowStart;
  }

  /** Records that a request had to wait for the rate (there is demand for more). */
  noteDemand(now = Date.now()): void {
    this.#lastDemandAt = now;
  }

  /** Grows the rate for the time since the last call, when requests were waiting for it. */
  grow(now = Date.now()): void {
    const dt = now - this.#lastGrowAt;
    this.#lastGrowAt = now;
    if (dt <= 0 || now - this.#lastDemandAt > ADAPTIVE_DEFAULTS.windowMs) return;
    const factor = this.#slowStart ? 2 ** (dt / ADAPTIVE_DEFAULTS.doublingMs) : 1 + (ADAPTIVE_DEFAULTS.probePerSecond * dt) / 1000;
    this.#rate = Math.min(this.#max, this.#rate * factor);
  }

  /**
   * Learns from one answer. Returns a pause (ms) the server's rate-limit headers ask for, if any,
   * at most `observation.maxPauseMs`.
   * `wallNow` (epoch ms) reads a `Reset` header given as an epoch.
   */
  observe(observation: RateObservation, now = Date.now(), wallNow = Date.now()): number | undefined {
    this.#prune(now);
    if (observation.status === 429) {
      if (now - this.#lastCutAt >= ADAPTIVE_DEFAULTS.windowMs) {
        this.#lastCutAt = now;
        this.#slowStart = false;
        const shown = countIn(this.#accepted, this.#head, observation.sentAt - ADAPTIVE_DEFAULTS.windowMs, observation.sentAt);
        // The accepted count shows a per-second limit only when requests were waiting for this
        // client's rate (it was sending as fast as it allowed). Otherwise the 429 shows another
        // limit (a longer window, other clients, a one-off): the rate is halved at most, and the
        // Retry-After pause does the rest.
        const demandLimited = now - this.#lastDemandAt <= ADAPTIVE_DEFAULTS.windowMs;
        const fromShown = (shown * ADAPTIVE_DEFAULTS.headroom * 1000) / ADAPTIVE_DEFAULTS.windowMs;
        // Fewer than MIN_SAMPLE accepted is too small a sample to call it the limit.
        const next = demandLimited && shown >= MIN_SAMPLE ? fromShown : Math.max(fromShown, this.#rate / 2);
        this.#rate = Math.max(this.#min, Math.min(next, this.#rate * ADAPTIVE_DEFAULTS.headroom));
      }
    } else if (observation.status < 500) {
      this.#accepted.push(observation.sentAt);
    }

    return exhaustedFor(observation.headers, wallNow, observation.maxPauseMs);
  }

  #prune(now: number): void {
    const horizon = now - 2 * ADAPTIVE_DEFAULTS.windowMs;
    while (this.#head < this.#accepted.length && this.#accepted[this.#head]! < horizon) this.#head += 1;
    if (this.#head > 512) {
      this.#accepted.splice(0, this.#head);
      this.#head = 0;
    }
  }
}

/** Accepted requests in a window needed before their count is taken as the server's limit. */
const MIN_SAMPLE = 10;

/** Times in `list` (from `head` on) within `(from, to]`. */
function countIn(list: readonly number[], head: number, from: number, to: number): number {
  let count = 0;
  for (let i = head; i < list.length; i++) {
    const t = list[i]!;
    if (t > from && t <= to) count += 1;
  }
  return count;
}

/**
 * How long the server's rate-limit headers say no request will be accepted: `Remaining: 0`
 * with a `Reset` in seconds (delta) or as an epoch in seconds (IETF draft `RateLimit-*`
 * fields, and the common `X-RateLimit-*` ones). At most `maxMs` (the client's
 * `retry.maxRetryAfterMs`), and never more than an hour.
 */
export function exhaustedFor(headers: Headers, now = Date.now(), maxMs = Number.POSITIVE_INFINITY): number | undefined {
  const remaining = headers.get("ratelimit-remaining") ?? headers.get("x-ratelimit-remaining");
  if (remaining === null || remaining.trim() !== "0") return undefined;
  const reset = headers.get("ratelimit-reset") ?? headers.get("x-ratelimit-reset");
  if (reset === null || !/^\d+(\.\d+)?$/.test(reset.trim())) return undefined;
  const value = Number(reset);
  // Large values are epochs (seconds since 1970); small ones are seconds from now.
  const ms = value > 1_000_000_000 ? value * 1000 - now : value * 1000;
  return ms > 0 ? Math.min(ms, 3_600_000, maxMs) : undefined;
}
