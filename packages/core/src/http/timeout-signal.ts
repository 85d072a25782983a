/**
 * An AbortSignal that aborts with a `TimeoutError` DOMException after `ms`, with `clear()`.
 *
 * Not `AbortSignal.timeout()`: combined through `AbortSignal.any()`, a timeout signal that
 * nothing else references can be garbage-collected before it fires, and then the combined
 * signal never aborts (nodejs/node#48951-style weak-reference bug, seen here as a flaky
 * timeout under GC pressure). Here the pending timer holds the controller strongly.
 */
export function timeoutSignal(ms: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new DOMException(`The operation timed out after ${ms} ms.`, "TimeoutError"));
  }, ms);
  timer.unref?.();
  return {
    signal: controller.signal,
    clear: () => clearTimeout(timer),
  };
}
