/** One attempt's timeout, as {@link AttemptTimeouts} keeps it. */
export interface AttemptTimeout {
  /** When it expires (`performance.now()` time: a wall-clock step must not move it). */
  readonly due: number;
  readonly limitMs: number;
  readonly controller: AbortController;
  /** Set when it expired and aborted `controller`. */
  timedOut: boolean;
}

/**
 * The attempt timeouts of one client on a single timer, armed for the earliest one due.
 *
 * A `setTimeout` + `clearTimeout` per attempt creates and tears down a Node timer list (and
 * reschedules the event loop's timer) on every request when requests do not overlap; here an
 * attempt is one `Set` entry, and the timer is only re-armed when an attempt expires sooner than
 * the one it is armed for. Expiry stays exact: the timer always fires at or before the earliest
 * due time, and whatever is not yet due is re-armed for.
 *
 * The timer is unref'd: an attempt in flight keeps the process alive through its socket.
 *
 * Due times are on the monotonic clock (`performance.now()`), like `setTimeout` itself: with
 * `Date.now()`, a wall-clock step back (NTP, VM resume) stretched a 1 s attempt to an hour, and
 * a step forward expired every pending attempt at the next timer.
 */
export class AttemptTimeouts {
  private readonly pending = new Set<AttemptTimeout>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private armedFor = Number.POSITIVE_INFINITY;
  /** The `setTimeout` the timer was armed with: fake timers installed later (tests) get a timer of their own. */
  private armedWith: typeof setTimeout | undefined;

  /** Starts an attempt's timeout: after `limitMs` it aborts `controller` with a `TimeoutError` DOMException. */
  start(controller: AbortController, limitMs: number): AttemptTimeout {
    const entry: AttemptTimeout = { due: performance.now() + limitMs, limitMs, controller, timedOut: false };
    this.pending.add(entry);
    if (entry.due < this.armedFor || this.armedWith !== globalThis.setTimeout) this.arm(entry.due);
    return entry;
  }

  /** The attempt ended: its timeout no longer applies. */
  clear(entry: AttemptTimeout): void {
    this.pending.delete(entry);
  }

  private arm(due: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedFor = due;
    this.armedWith = globalThis.setTimeout;
    this.timer = setTimeout(() => this.expire(), Math.max(1, due - performance.now()));
    this.timer.unref?.();
  }

  private expire(): void {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const entry of this.pending) {
      if (entry.due <= now) {
        this.pending.delete(entry);
        entry.timedOut = true;
        entry.controller.abort(new DOMException(`The attempt timed out after ${entry.limitMs} ms.`, "TimeoutError"));
      } else if (entry.due < next) {
        next = entry.due;
      }
    }
    if (next !== Number.POSITIVE_INFINITY && next < this.armedFor) this.arm(next);
  }
}
