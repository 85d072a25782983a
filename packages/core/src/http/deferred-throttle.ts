import type { Throttle } from "./throttle.js";

/**
 * A throttle that opens its store-backed throttle once `opening` settles (the fingerprint is
 * computed asynchronously) and uses `fallback()` if opening fails. Pauses and observations
 * made before then are applied once it is open.
 */
export function deferredThrottle(opening: Promise<Throttle>, fallback: () => Throttle): Throttle {
  let inner: Throttle | undefined;
  const early: ((t: Throttle) => void)[] = [];
  const ready = opening.then(
    (t) => t,
    () => fallback(),
  ).then((t) => {
    inner = t;
    for (const apply of early.splice(0)) apply(t);
    return t;
  });
  const later = (apply: (t: Throttle) => void) => (inner ? apply(inner) : early.push(apply));
  return {
    async run(task, signal, limit) {
      const t = inner ?? (await ready);
      return await t.run(task, signal, limit);
    },
    pauseFor(ms) {
      later((t) => t.pauseFor(ms));
    },
    observe(observation) {
      later((t) => t.observe(observation));
    },
    get inFlight() {
      return inner?.inFlight ?? 0;
    },
    get queued() {
      return inner?.queued ?? 0;
    },
    get pausedUntil() {
      return inner?.pausedUntil ?? 0;
    },
    get requestsPerSecond() {
      return inner?.requestsPerSecond ?? 0;
    },
    get mode() {
      return inner?.mode ?? "adaptive";
    },
  };
}
