/**
 * Timeouts, the deadline and throttle pauses measure time on the monotonic clock: a wall-clock
 * step (NTP step, VM resume) moves `Date.now()` but neither stretches nor cuts them. Fake
 * timers fake `performance` too (vitest's default), and `vi.setSystemTime` moves only `Date`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { vi } from "vitest";
import { createHttpClient } from "./http-client.js";
import { createThrottle } from "./throttle.js";
import type { HttpClientSettings } from "./types.js";
import { TimeoutError, ToolweaveError } from "../errors.js";

const HOUR = 3_600_000;
const realSetImmediate = globalThis.setImmediate;

/** A fetch that never answers but honours its signal, like a silent server. */
const silentFetch: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    const signal = init?.signal;
    signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
  });

const client = (extra: Partial<HttpClientSettings>) =>
  createHttpClient({ provider: "example", baseUrl: "https://api.example.test/v2", retry: false, throttle: false, fetch: silentFetch, ...extra });

/** The promise's outcome so far, without waiting for it. */
function track<T>(promise: Promise<T>): { settled: boolean; error: unknown } {
  const state = { settled: false, error: undefined as unknown };
  promise.then(
    () => (state.settled = true),
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return state;
}

/** Moves fake time, then lets promise chains and a real macrotask turn run. */
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await new Promise<void>((resolve) => realSetImmediate(resolve));
}

describe("wall-clock steps", () => {
  let stop: AbortController;
  beforeEach(() => {
    vi.useFakeTimers();
    stop = new AbortController();
  });
  afterEach(() => {
    stop.abort(); // ends anything still pending (on the old code, the attempt stepped back)
    vi.useRealTimers();
  });

  it("keeps the fake clock's performance.now apart from Date (what these tests rely on)", () => {
    const before = performance.now();
    vi.setSystemTime(Date.now() - HOUR);
    expect(performance.now() - before).toBe(0);
  });

  it("a step back does not stretch a 1 s attempt timeout to an hour", async () => {
    const call = track(client({ timeoutMs: 1_000 }).get({ operation: "silent", path: "/silent", signal: stop.signal }));
    await advance(0);
    vi.setSystemTime(Date.now() - HOUR);
    await advance(999);
    expect(call.settled).toBe(false);
    await advance(1);
    expect(call.settled).toBe(true);
    expect(TimeoutError.isInstance(call.error), String(call.error)).toBe(true);
    expect((call.error as Error).message).toContain("1000 ms (timeoutMs)");
  });

  it("a step forward does not time out a 4 s attempt after 2 s", async () => {
    const c = client({ timeoutMs: 4_000 });
    const first = track(c.get({ operation: "silent", path: "/first", signal: stop.signal }));
    await advance(2_000);
    const second = track(c.get({ operation: "silent", path: "/second", signal: stop.signal }));
    await advance(0);
    vi.setSystemTime(Date.now() + HOUR);
    await advance(2_000);
    expect(first.settled).toBe(true);
    expect(TimeoutError.isInstance(first.error)).toBe(true);
    expect(second.settled).toBe(false); // 2 s into its 4 s
    await advance(1_999);
    expect(second.settled).toBe(false);
    await advance(1);
    expect(TimeoutError.isInstance(second.error), String(second.error)).toBe(true);
    expect((second.error as Error).message).toContain("4000 ms (timeoutMs)");
  });

  it("a step forward during an attempt does not spend the deadline", async () => {
    let calls = 0;
    const c = client({
      timeoutMs: 5_000,
      deadlineMs: 10_000,
      retry: { retries: 1, minDelayMs: 1, maxDelayMs: 1 },
      fetch: async () => {
        calls += 1;
        if (calls > 1) return Response.json({ ok: true });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return new Response("busy", { status: 503 });
      },
    });
    const call = c.get({ operation: "flaky", path: "/flaky", signal: stop.signal });
    const outcome = track(call);
    await advance(500);
    vi.setSystemTime(Date.now() + HOUR);
    await advance(600);
    expect(outcome.error).toBeUndefined();
    expect(outcome.settled).toBe(true);
    expect(await call).toEqual({ ok: true });
    expect(calls).toBe(2);
  });

  it("a step back during an attempt does not refund the deadline", async () => {
    let calls = 0;
    const c = client({
      timeoutMs: 1_000,
      deadlineMs: 3_000,
      retry: { retries: 20, minDelayMs: 100, maxDelayMs: 100 },
      fetch: async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 500));
        return new Response("busy", { status: 503 });
      },
    });
    const outcome = track(c.get({ operation: "flaky", path: "/flaky", signal: stop.signal }));
    await advance(250);
    vi.setSystemTime(Date.now() - HOUR);
    for (let i = 0; i < 40 && !outcome.settled; i++) await advance(100);
    // 3 s of deadline at ≥ 550 ms per attempt and backoff: a handful of attempts, not 21.
    expect(outcome.settled).toBe(true);
    expect(calls).toBeLessThanOrEqual(6);
    expect(ToolweaveError.isInstance(outcome.error)).toBe(true);
  });

  it("a throttle pause ends on time after a step back, and pausedUntil stays in epoch ms", async () => {
    const throttle = createThrottle(1, Infinity);
    throttle.pauseFor(1_000);
    vi.setSystemTime(Date.now() - HOUR);
    expect(throttle.pausedUntil - Date.now()).toBeGreaterThan(0);
    expect(throttle.pausedUntil - Date.now()).toBeLessThanOrEqual(1_000);
    let ran = false;
    const run = throttle.run(async () => void (ran = true), stop.signal);
    track(run);
    await advance(999);
    expect(ran).toBe(false);
    await advance(1);
    expect(ran).toBe(true);
    await run;
  });
});
