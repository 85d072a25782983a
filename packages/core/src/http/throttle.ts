import { AdaptiveRate, type AdaptiveRateSettings, type RateObservation } from "./adaptive-rate.js";
import { onAbort } from "./on-abort.js";
import { sleep } from "./sleep.js";

/** How long one task may be held by pauses (`pauseFor`), for {@link Throttle.run}. */
export interface PauseLimit {
  /** The most the task may spend held by pauses in all (ms); waiting for a slot or a start does not count. */
  readonly maxPausedMs: number;
  /** The error `run` rejects with, without running the task, when a pause would hold it longer. */
  readonly tooLong: (pauseLeftMs: number) => unknown;
}

/** A client-side throttle made by {@link createThrottle}. */
export interface Throttle {
  /**
   * Runs `task` once a concurrency slot and a rate slot are available. `task` receives the
   * milliseconds it waited in the queue and, when the throttle measures it, the part of them it
   * was held by a pause (a deadline counts that part: the server asked for the wait, as for a
   * retry's backoff). With `limit`, a pause that would hold it past `limit.maxPausedMs` ends the
   * wait at once.
   */
  run<T>(task: (queuedMs: number, pausedMs?: number) => Promise<T>, signal?: AbortSignal, limit?: PauseLimit): Promise<T>;
  /** Holds every request not yet sent until `ms` from now (a server asked us to back off). */
  pauseFor(ms: number): void;
  /** Tasks running now. */
  readonly inFlight: number;
  /** Tasks waiting for a slot. */
  readonly queued: number;
  /** When the current pause ends (epoch ms), or 0. */
  readonly pausedUntil: number;
  /**
   * Tells the throttle how a request it let through was answered: the adaptive rate learns from
   * it, and pauses (at most `observation.maxPauseMs`) when its rate-limit headers say nothing is left.
   */
  observe(observation: RateObservation): void;
  /** Starts per second now: the configured rate, or the one learnt from the server. */
  readonly requestsPerSecond: number;
  /** `fixed` when a rate was configured, else `adaptive`. */
  readonly mode: "fixed" | "adaptive";
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  /** Stops listening to the caller's signal. */
  unsubscribe: (() => void) | undefined;
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
 * A request is held by a pause only once it holds a slot; the time it is held is measured for
 * its deadline (`run`'s `limit`), the time it waits for a slot or its start is not.
 *
 * Spacing and pauses run on the monotonic clock (`performance.now()`): a wall-clock step must
 * neither release a pause early nor hold requests for an hour. `pausedUntil` is shown as epoch ms.
 */
export function createThrottle(maxConcurrency = 8, requestsPerSecond?: number, adaptive?: AdaptiveRateSettings): Throttle {
  const learnt = requestsPerSecond === undefined ? new AdaptiveRate(adaptive, performance.now()) : undefined;
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
      next.unsubscribe?.();
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
      const waiter: Waiter = { resolve, reject, unsubscribe: undefined };
      // One shared listener per signal (onAbort): a caller's signal shared by many queued
      // requests must not trip Node's MaxListenersExceededWarning.
      if (signal) {
        waiter.unsubscribe = onAbort(signal, (reason) => {
          const i = queue.indexOf(waiter);
          if (i >= 0) queue.splice(i, 1);
          reject(reason);
        });
      }
      queue.push(waiter);
    });
  };

  /**
   * Reserves the next start slot and waits for it; starts over when a pause began meanwhile.
   * Returns the ms it was held by a pause.
   */
  const pace = async (signal?: AbortSignal, limit?: PauseLimit): Promise<number> => {
    let paused = 0;
    for (;;) {
      const now = performance.now();
      const pauseLeft = pausedUntil - now;
      // Checked before a start slot is reserved: a request that gives up takes none.
      if (limit && pauseLeft > 0 && paused + pauseLeft >= limit.maxPausedMs) throw limit.tooLong(pauseLeft);
      const start = Math.max(now, nextStart, pausedUntil);
      nextStart = start + interval(now);
      if (start <= now) return paused;
      if (start > pausedUntil) learnt?.noteDemand(now);
      const epoch = pauseEpoch;
      const heldUntil = pausedUntil;
      await sleep(start - now, signal);
      const woke = performance.now();
      // Only the part before the pause's end was the pause; the rest was this request's turn.
      if (heldUntil > now) paused += Math.min(heldUntil, woke) - now;
      if (epoch === pauseEpoch && woke >= pausedUntil) return paused;
    }
  };

  const pauseFor = (ms: number) => {
    const until = performance.now() + ms;
    if (until <= pausedUntil) return;
    pausedUntil = until;
    pauseEpoch += 1;
    // Requests after the pause are spaced from its end, not sent as one burst.
    nextStart = Math.max(nextStart, pausedUntil);
  };

  return {
    async run(task, signal, limit) {
      const queuedAt = performance.now();
      await acquire(signal);
      try {
        const paused = await pace(signal, limit);
        return await task(performance.now() - queuedAt, paused);
      } finally {
        release();
      }
    },
    observe(observation) {
      if (!learnt) return;
      // The rate runs on this throttle's clock; `sentAt` is epoch ms (the store contract), mapped
      // across at the current offset. The pause comes back capped at `maxPauseMs`.
      const now = performance.now();
      const pause = learnt.observe({ ...observation, sentAt: observation.sentAt - Date.now() + now }, now);
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
      const left = pausedUntil - performance.now();
      return left > 0 ? Math.ceil(Date.now() + left) : 0;
    },
  };
}
