/**
 * A rate-limit reset header (`X-RateLimit-Remaining: 0` + `X-RateLimit-Reset`) is bounded like
 * `Retry-After`: a wait over `retry.maxRetryAfterMs` fails at once, the client-wide pause it asks
 * for is capped at that bound, and a call held by a server-asked pause counts that wait against
 * its deadline (waiting for a concurrency or rate slot still does not). A reset an hour ahead used
 * to hold the whole client for the hour, past every deadline. On vitest's fake clock.
 */
import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RateLimitedError, TimeoutError } from "../errors.js";
import { runOnFakeClock, useMswServer } from "../testing.js";
import { AdaptiveRate } from "./adaptive-rate.js";
import { createHttpClient } from "./http-client.js";
import { createMemoryStores } from "./memory-stores.js";
import { createThrottle } from "./throttle.js";
import type { HttpClientSettings } from "./types.js";

const BASE = "https://api.ratelimit.test/v2";
const { server } = useMswServer();

const client = (extra: Partial<HttpClientSettings> = {}) => createHttpClient({ provider: "example", baseUrl: BASE, ...extra });
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
/** An epoch reset (seconds) `seconds` from now. */
const resetIn = (seconds: number) => String(Math.floor(Date.now() / 1000) + seconds);
const exhausted = (reset: string) => ({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset });

/** Fake-clock times (performance.now) at which each path was sent. */
function record(answer: (path: string, n: number) => Response | Promise<Response>): Map<string, number[]> {
  const sends = new Map<string, number[]>();
  server.use(
    http.get(`${BASE}/:name`, ({ request }) => {
      const path = new URL(request.url).pathname.slice("/v2/".length);
      const times = sends.get(path) ?? [];
      times.push(performance.now());
      sends.set(path, times);
      return answer(path, times.length);
    }),
  );
  return sends;
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe("a 429 with a rate-limit reset is bounded like Retry-After", () => {
  it("a reset an hour ahead fails at once with RateLimitedError naming the wait (default throttle, deadlineMs 700)", async () => {
    const sends = record(() => HttpResponse.json({ message: "slow" }, { status: 429, headers: exhausted(resetIn(3600)) }));
    const c = client({ timeoutMs: 200, deadlineMs: 700, retry: { retries: 3, minDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 5_000 } });
    const started = performance.now();
    const error = await runOnFakeClock(failure(c.get({ operation: "p", path: "p" })), { limitMs: 20_000 });
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(3_599_000 - 1);
    expect((error as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(3_600_000);
    expect(sends.get("p")).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(700);
  });

  it("the whole-client pause it asks for is capped at maxRetryAfterMs", async () => {
    const sends = record((path) => (path === "limited" ? HttpResponse.json({}, { status: 429, headers: exhausted(resetIn(3600)) }) : HttpResponse.json({})));
    const c = client({ retry: { retries: 3, minDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 5_000 } });
    expect(RateLimitedError.isInstance(await runOnFakeClock(failure(c.get({ operation: "limited", path: "limited" })), { limitMs: 20_000 }))).toBe(true);
    await runOnFakeClock(c.get({ operation: "next", path: "next" }), { limitMs: 20_000, stepMs: 1 });
    const waited = sends.get("next")![0]! - sends.get("limited")![0]!;
    expect(waited).toBeGreaterThanOrEqual(4_990);
    expect(waited).toBeLessThan(5_100);
  });

  it("a reset within maxRetryAfterMs is waited before the retry, with the throttle off too", async () => {
    const retries: number[] = [];
    const sends = record((_, n) => (n === 1 ? HttpResponse.json({}, { status: 429, headers: exhausted("2") }) : HttpResponse.json({})));
    const c = client({ throttle: false, hooks: { onRetry: (e) => retries.push(e.delayMs) }, retry: { retries: 3, minDelayMs: 10, maxDelayMs: 50 } });
    await runOnFakeClock(c.get({ operation: "p", path: "p" }), { limitMs: 20_000, stepMs: 1 });
    expect(retries).toEqual([2_000]);
    const [first, second] = sends.get("p")!;
    expect(second! - first!).toBeGreaterThanOrEqual(2_000);
  });

  it("a reset over maxRetryAfterMs fails at once with a fixed rate too", async () => {
    const sends = record(() => HttpResponse.json({}, { status: 429, headers: { "ratelimit-remaining": "0", "ratelimit-reset": "10" } }));
    const c = client({ throttle: { requestsPerSecond: 10 }, retry: { retries: 3, minDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 5_000 } });
    const error = await runOnFakeClock(failure(c.get({ operation: "p", path: "p" })), { limitMs: 20_000 });
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect((error as RateLimitedError).retryAfterMs).toBe(10_000);
    expect(sends.get("p")).toHaveLength(1);
  });

  it("Retry-After still wins over a reset on the same 429", async () => {
    const retries: number[] = [];
    record((_, n) => (n === 1 ? HttpResponse.json({}, { status: 429, headers: { "retry-after": "1", ...exhausted("3") } }) : HttpResponse.json({})));
    const c = client({ throttle: false, hooks: { onRetry: (e) => retries.push(e.delayMs) } });
    await runOnFakeClock(c.get({ operation: "p", path: "p" }), { limitMs: 20_000 });
    expect(retries).toEqual([1_000]);
  });
});

describe("an answer that says nothing is left (Remaining: 0) pauses the client, capped", () => {
  it("a 200 with a reset an hour ahead holds the next request maxRetryAfterMs, not the hour", async () => {
    const sends = record((path) => (path === "first" ? HttpResponse.json({}, { headers: exhausted(resetIn(3600)) }) : HttpResponse.json({})));
    const c = client({ retry: { maxRetryAfterMs: 5_000 } });
    await runOnFakeClock(c.get({ operation: "first", path: "first" }), { limitMs: 20_000 });
    await runOnFakeClock(c.get({ operation: "next", path: "next" }), { limitMs: 20_000, stepMs: 1 });
    const waited = sends.get("next")![0]! - sends.get("first")![0]!;
    expect(waited).toBeGreaterThanOrEqual(4_990);
    expect(waited).toBeLessThan(5_100);
  });

  it("the throttle caps a header pause at the observation's maxPauseMs (one hour when not given)", () => {
    const headers = new Headers(exhausted(resetIn(7200)));
    const capped = createThrottle(8);
    capped.observe({ sentAt: Date.now(), status: 200, headers, maxPauseMs: 5_000 });
    expect(capped.pausedUntil - Date.now()).toBeGreaterThan(4_000);
    expect(capped.pausedUntil - Date.now()).toBeLessThanOrEqual(5_000);
    const rate = new AdaptiveRate();
    expect(rate.observe({ sentAt: Date.now(), status: 200, headers, maxPauseMs: 5_000 })).toBe(5_000);
    expect(rate.observe({ sentAt: Date.now(), status: 200, headers })).toBe(3_600_000);
  });
});

describe("the deadline and a server-asked pause", () => {
  it.each([
    ["a local throttle", {}],
    ["a shared memory store", { stores: createMemoryStores() }],
  ])("a call held by a 429 pause longer than its deadline fails at once, naming the wait (%s)", async (_, extra) => {
    const sends = record((path) => (path === "a" ? HttpResponse.json({}, { status: 429, headers: { "retry-after": "5" } }) : HttpResponse.json({})));
    const c = client({ ...extra, deadlineMs: 1_000, throttle: { maxConcurrency: 1 }, retry: { retries: 3, minDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 10_000 } });
    const started = performance.now();
    const [a, b] = await runOnFakeClock(Promise.all([failure(c.get({ operation: "a", path: "a" })), failure(c.get({ operation: "b", path: "b" }))]), { limitMs: 20_000 });
    expect(RateLimitedError.isInstance(a)).toBe(true);
    expect(RateLimitedError.isInstance(b)).toBe(true);
    expect((b as RateLimitedError).message).toContain("deadlineMs");
    expect((b as RateLimitedError).retryAfterMs).toBeGreaterThan(4_000);
    expect((b as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(5_000);
    expect(sends.get("b")).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("the time a call is held by a pause counts against its deadline", async () => {
    record(async (path, n) => {
      if (path === "a" && n === 1) return HttpResponse.json({}, { status: 429, headers: { "retry-after": "2" } });
      if (path === "b") await new Promise((resolve) => setTimeout(resolve, 10_000));
      return HttpResponse.json({});
    });
    const c = client({ deadlineMs: 3_000, timeoutMs: 10_000, throttle: { maxConcurrency: 1 }, retry: { retries: 3, minDelayMs: 10, maxDelayMs: 50 } });
    const started = performance.now();
    let bEnded = 0;
    // a takes the slot first; its 429 pauses b, queued behind it, for 2 s of b's 3 s.
    const a = c.get({ operation: "a", path: "a" });
    const b = failure(c.get({ operation: "b", path: "b" })).finally(() => (bEnded = performance.now() - started));
    const [, errorB] = await runOnFakeClock(Promise.all([a, b]), { limitMs: 20_000, stepMs: 1 });
    expect(TimeoutError.isInstance(errorB)).toBe(true);
    expect((errorB as TimeoutError).message).toContain("deadlineMs");
    expect(bEnded).toBeGreaterThanOrEqual(3_000);
    expect(bEnded).toBeLessThan(3_100);
  });

  it("waiting for a concurrency or rate slot is not counted", async () => {
    record(async (path) => {
      if (path.startsWith("slow")) await new Promise((resolve) => setTimeout(resolve, 500));
      return HttpResponse.json({});
    });
    const byRate = client({ deadlineMs: 700, throttle: { requestsPerSecond: 1 } });
    await runOnFakeClock(Promise.all([0, 1, 2].map((n) => byRate.get({ operation: "r", path: `r${n}` }))), { limitMs: 20_000 });
    const bySlot = client({ deadlineMs: 700, throttle: { maxConcurrency: 1 } });
    await runOnFakeClock(Promise.all([0, 1, 2].map((n) => bySlot.get({ operation: "slow", path: `slow${n}` }))), { limitMs: 20_000 });
  });
});
