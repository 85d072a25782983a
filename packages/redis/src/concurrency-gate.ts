import { onAbort } from "@toolweave/core";

/**
 * A process-local bound on requests in flight: at most `limit` holders at once, the others wait
 * in FIFO order. An aborted waiter leaves the queue at once (rejecting with the signal's reason).
 */
export class ConcurrencyGate {
  #active = 0;
  readonly #queue: { grant: () => void }[] = [];

  constructor(readonly limit: number) {}

  /** Holders now. */
  get active(): number {
    return this.#active;
  }

  /** Waiters now. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Waits for a place; call {@link leave} exactly once after it resolved. */
  enter(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#active < this.limit) {
      this.#active += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        grant: () => {
          unsubscribe?.();
          resolve();
        },
      };
      const unsubscribe = signal
        ? onAbort(signal, (reason) => {
            const i = this.#queue.indexOf(waiter);
            if (i >= 0) this.#queue.splice(i, 1);
            reject(reason);
          })
        : undefined;
      this.#queue.push(waiter);
    });
  }

  /** Gives a place back (to the first waiter, if any). */
  leave(): void {
    const next = this.#queue.shift();
    if (next) next.grant();
    else this.#active -= 1;
  }
}
