import { onAbort } from "./on-abort.js";

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first (for throttle and store implementations). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    // One shared listener per signal (onAbort): many sleepers on one caller's signal must not
    // trip Node's MaxListenersExceededWarning.
    const unsubscribe = signal
      ? onAbort(signal, (reason) => {
          clearTimeout(timer);
          reject(reason);
        })
      : undefined;
    const timer = setTimeout(() => {
      unsubscribe?.();
      resolve();
    }, ms);
  });
}
