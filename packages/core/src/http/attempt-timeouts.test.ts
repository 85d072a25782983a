import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AttemptTimeouts } from "./attempt-timeouts.js";

describe("AttemptTimeouts", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("aborts each attempt when its own limit is reached, with a TimeoutError, sooner ones first", () => {
    const timeouts = new AttemptTimeouts();
    const slow = new AbortController();
    const fast = new AbortController();
    const slowEntry = timeouts.start(slow, 1_000);
    const fastEntry = timeouts.start(fast, 100); // sooner than the one the timer is armed for
    vi.advanceTimersByTime(99);
    expect(fast.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(fast.signal.aborted).toBe(true);
    expect((fast.signal.reason as DOMException).name).toBe("TimeoutError");
    expect(fastEntry.timedOut).toBe(true);
    expect(slow.signal.aborted).toBe(false);
    vi.advanceTimersByTime(900);
    expect(slow.signal.aborted).toBe(true);
    expect(slowEntry.timedOut).toBe(true);
  });

  it("never aborts an attempt that was cleared, and still times out the ones started after it", () => {
    const timeouts = new AttemptTimeouts();
    const first = new AbortController();
    timeouts.clear(timeouts.start(first, 100));
    vi.advanceTimersByTime(50);
    const second = new AbortController();
    const entry = timeouts.start(second, 100); // due after the armed timer: no re-arm
    vi.advanceTimersByTime(60);
    expect(first.signal.aborted).toBe(false);
    expect(second.signal.aborted).toBe(false);
    vi.advanceTimersByTime(40);
    expect(second.signal.aborted).toBe(true);
    expect(entry.timedOut).toBe(true);
    expect(first.signal.aborted).toBe(false);
  });
});
