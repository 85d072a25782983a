import { sleep } from "./sleep.js";

export interface Throttle {
  /** Runs `task` once a concurrency slot and a rate token are available. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Holds every request not yet started until `ms` from now (a server asked us to back off). */
  pauseFor(ms: number): void;
  readonly inFlight: number;
  readonly queued: number;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * Per-instance client-side throttle: at most `maxConcurrency` tasks in flight and at most
 * `requestsPerSecond` starts per second (evenly spaced), FIFO. Fan-out waits here instead of
 * producing a burst the server answers with 429s.
 */
export function createThrottle(maxConcurrency = 8, requestsPerSecond = 20): Throttle {
  const interval = Number.isFinite(requestsPerSecond) && requestsPerSecond > 0 ? 1000 / requestsPerSecond : 0;
  let active = 0;
  let nextStart = 0;
  let pausedUntil = 0;
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

  /** Reserves the next start time slot and waits for it. */
  const pace = async (signal?: AbortSignal) => {
    const now = Date.now();
    const start = Math.max(now, nextStart, pausedUntil);
    nextStart = start + interval;
    await sleep(start - now, signal);
  };

  return {
    async run(task, signal) {
      await acquire(signal);
      try {
        await pace(signal);
        return await task();
      } finally {
        release();
      }
    },
    pauseFor(ms) {
      pausedUntil = Math.max(pausedUntil, Date.now() + ms);
    },
    get inFlight() {
      return active;
    },
    get queued() {
      return queue.length;
    },
  };
}
