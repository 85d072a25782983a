type Listener = (reason: unknown) => void;

/** One subscription; an object so the same function subscribed twice stays two subscriptions. */
interface Entry {
  readonly listener: Listener;
}

interface Fanout {
  readonly entries: Set<Entry>;
  readonly dispatch: () => void;
}

const fanouts = new WeakMap<AbortSignal, Fanout>();

/**
 * Calls `listener(signal.reason)` when `signal` aborts; returns an unsubscribe function
 * (idempotent). Call it once the work is done, or the listener and its closure stay alive
 * as long as the signal does.
 *
 * Every subscription to the same signal shares ONE real `abort` listener, added with the
 * first subscription and removed when the last one unsubscribes. A caller's signal shared by
 * many parallel requests therefore never trips Node's MaxListenersExceededWarning ("Possible
 * EventTarget memory leak detected"), which counts real listeners per signal.
 *
 * If `signal` is already aborted this subscribes nothing, never calls `listener`, and returns
 * a no-op: check `signal.aborted` first and handle that case synchronously.
 *
 * Listeners run in subscription order. One that throws does not stop the others; its error
 * is rethrown on a microtask, as an uncaught error, like a throwing `abort` event listener.
 */
export function onAbort(signal: AbortSignal, listener: (reason: unknown) => void): () => void {
  if (signal.aborted) return noop;
  let fanout = fanouts.get(signal);
  if (fanout === undefined) {
    const entries = new Set<Entry>();
    const dispatch = () => {
      fanouts.delete(signal);
      const reason = signal.reason;
      for (const entry of [...entries]) {
        // An earlier listener may have unsubscribed this one.
        if (!entries.has(entry)) continue;
        entries.delete(entry);
        try {
          entry.listener(reason);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    };
    fanout = { entries, dispatch };
    fanouts.set(signal, fanout);
    signal.addEventListener("abort", dispatch, { once: true });
  }
  const entry: Entry = { listener };
  const current = fanout;
  current.entries.add(entry);
  return () => {
    if (!current.entries.delete(entry)) return;
    if (current.entries.size === 0 && fanouts.get(signal) === current) {
      fanouts.delete(signal);
      signal.removeEventListener("abort", current.dispatch);
    }
  };
}

/**
 * Resolves as `promise` does, or rejects with the signal's reason as soon as `signal` aborts,
 * whichever comes first; without a signal it is `promise` itself. The wait subscribes through
 * {@link onAbort} (one real listener per signal however many waits share it) and ends its
 * subscription either way. `promise` itself is not cancelled: it runs on for any other waiter.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const unsubscribe = onAbort(signal, reject);
    promise.then(
      (value) => {
        unsubscribe();
        resolve(value);
      },
      (error: unknown) => {
        unsubscribe();
        reject(error);
      },
    );
  });
}

function noop(): void {}
