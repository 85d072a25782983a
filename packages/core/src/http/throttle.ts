import { AdaptiveRate, type AdaptiveRateSettings, type RateObservation } from "./adaptive-rate.js";
import { sleep } from "./sleep.js";

/** A client-side throttle made by {@link createThrottle}. */
export interface Throttle {
  /**
   * Runs `task` once a concurrency slot and a rate slot are available. `task` receives the
   * milliseconds it waited in the queue (time that a deadline should not count).
   */
  run<T>(task: (queuedMs: number) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Holds every request not yet sent until `ms` from now (a server asked us to back off). */
  pauseFor(ms: number): void;
  /** Tasks running now. */
  readonly inFlight: number;
  /** Tasks waiting for a slot. */
  readonly queued: number;
  /** When the current pause ends (epoch ms), or 0. */
  readonly pausedUntil: number;
  /** Tells the throttle how a request it let through was answered (the adaptive rate learns from it). */
  observe(observation: RateObservation): void;
  /** Starts per second now: the configured rate, or the one learnt from the server. */
  readonly requestsPerSecond: number;
  /** `fixed` when a rate was configured, else `adaptive`. */
  readonly mode: "fixed" | "adaptive";
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * Per-instance client-side throttle: at most `maxConcurrency` tasks in flight and at most
 * `requestsPerSecond` starts per second (evenly spaced), FIFO. Without a configured rate the
 * rate is learnt from the server (`AdaptiveRate`: slow start, then the limit a 429 shows, then
 * slow probing; rate-limit headers honoured). Fan-out waits here instead of
 * producing a burst the server answers with 429s.
 *
 * A pause (`pauseFor`, after a 429 with `Retry-After`) holds back every request that has not
 * been sent yet, including those that already hold a concurrency slot and are waiting for
 * their start time: each re-checks the pause after waking and takes a new start slot after it.
 */
export function createThrottle(maxConcurrency = 8, requestsPerSecond?: number, adaptive?: AdaptiveRateSettings): Throttle {
  const learnt = requestsPerSecond === undefined ? new AdaptiveRate(adaptive) : undefined;
  const fixedInterval = requestsPerSecond !== undefined && Number.isFinite(requestsPerSecond) && requestsPerSecond > 0 ? 1000 / requestsPerSecond : 0;
  const interval = (now: number) => {
    if (!learnt) return fixedInterval;
    learnt.grow(now);
    return 1000 / learnt.requestsPerSecond;
  };
  let active = 0;
  let nextStart = 0;
  let pausedUntil = 0;
  let pauseEpoch = 0;
  const queue: Waiter[] = [];

  const release = () => {
    active -= 1;
    const next = queue.shift();
    if (next) {
      active += 1;
      if (next.onAbort) next.signal?.removeEventListener("abort", next.onAbort);
      next.resolve();
    }
  };

  const acquire = (signal?: AbortSignal): Promise<void> => {
    signal?.throwIfAborted();
    if (active < maxConcurrency) {
      active += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const i = queue.indexOf(waiter);
          if (i >= 0) queue.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      queue.push(waiter);
    });
  };

  /** Reserves the next start slot and waits for it; starts over when a pause began meanwhile. */
  const pace = async (signal?: AbortSignal) => {
    for (;;) {
      const now = Date.now();
      const start = Math.max(now, nextStart, pausedUntil);
      nextStart = start + interval(now);
      if (start <= now) return;
      if (start > pausedUntil) learnt?.noteDemand(now);
      const epoch = pauseEpoch;
      await sleep(start - now, signal);
      if (epoch === pauseEpoch && Date.now() >= pausedUntil) return;
    }
  };

  const pauseFor = (ms: number) => {
    const until = Date.now() + ms;
    if (until <= pausedUntil) return;
    pausedUntil = until;
    pauseEpoch += 1;
    // Requests after the pause are spaced from its end, not sent as one burst.
    nextStart = Math.max(nextStart, pausedUntil);
  };

  return {
    async run(task, signal) {
      const queuedAt = Date.now();
      await acquire(signal);
      try {
        await pace(signal);
        return await task(Date.now() - queuedAt);
      } finally {
        release();
      }
    },
    observe(observation) {
      const pause = learnt?.observe(observation);
      if (pause !== undefined) pauseFor(pause);
    },
    get requestsPerSecond() {
      return learnt ? learnt.requestsPerSecond : (requestsPerSecond ?? Infinity);
    },
    get mode() {
      return learnt ? ("adaptive" as const) : ("fixed" as const);
    },
    pauseFor,
    get inFlight() {
      return active;
    },
    get queued() {
      return queue.length;
    },
    get pausedUntil() {
      return pausedUntil > Date.now() ? pausedUntil : 0;
    },
  };
}
