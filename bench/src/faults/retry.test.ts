import { AuthenticationError, InvalidInputError, InvalidResponseError, NotFoundError, PermissionError, RateLimitedError, ServiceError, ToolweaveError } from "@toolweave/core";
import { runOnFakeClock } from "@toolweave/core/testing";
import { describe, expect, it, vi } from "vitest";
import type { FaultKind } from "../test-server/index.js";
import { DRIVERS, Observed, RUNTIME, hits, thrown, useFaultServer } from "./harness.js";

const server = await useFaultServer();

/** Retryable faults, each firing `times` in a row before the server answers normally. */
const RETRYABLE: { name: string; fault: FaultKind; times: number; runtime?: { timeoutMs: number } }[] = [
  { name: "502", fault: { kind: "status", status: 502 }, times: 2 },
  { name: "503", fault: { kind: "status", status: 503 }, times: 2 },
  { name: "504", fault: { kind: "status", status: 504 }, times: 2 },
  { name: "429 Retry-After: 0", fault: { kind: "rate-limit", retryAfter: "0" }, times: 2 },
  { name: "429 Retry-After: 1", fault: { kind: "rate-limit", retryAfter: "1" }, times: 1 },
  { name: "connection reset", fault: { kind: "reset" }, times: 2 },
  { name: "body cut short of its Content-Length", fault: { kind: "truncated-body" }, times: 2 },
  // The attempt timeout (300 ms) fires long before the body's second half (3 s); both run on the fake clock.
  { name: "slow body past the attempt timeout", fault: { kind: "slow-body", delayMs: 3_000 }, times: 1, runtime: { timeoutMs: 300 } },
];

/** Faults that must fail at once (one request, no retry) with this error type. */
const NON_RETRYABLE: { name: string; fault: FaultKind; type: { isInstance(v: unknown): boolean }; kind: string }[] = [
  { name: "400", fault: { kind: "status", status: 400, body: { message: "Bad request" } }, type: InvalidInputError, kind: "invalid_input" },
  { name: "401", fault: { kind: "status", status: 401, body: { message: "Invalid token provided." } }, type: AuthenticationError, kind: "authentication" },
  { name: "403", fault: { kind: "status", status: 403, body: { message: "Forbidden" } }, type: PermissionError, kind: "permission" },
  { name: "404", fault: { kind: "status", status: 404, body: { message: "Not found" } }, type: NotFoundError, kind: "not_found" },
  { name: "500", fault: { kind: "status", status: 500 }, type: ServiceError, kind: "service" },
  { name: "429 with Retry-After above maxRetryAfterMs", fault: { kind: "rate-limit", retryAfter: "3600" }, type: RateLimitedError, kind: "rate_limited" },
  { name: "invalid JSON", fault: { kind: "invalid-json" }, type: InvalidResponseError, kind: "invalid_response" },
  { name: "JSON cut in the middle", fault: { kind: "truncated-json" }, type: InvalidResponseError, kind: "invalid_response" },
];

describe.each(DRIVERS)("$provider retry policy", (driver) => {
  it.each(RETRYABLE)("recovers from $name within the deadline", async ({ fault, times, runtime }) => {
    const reference = await driver.create(server, new Observed()).get();
    server.reset();
    server.inject({ ...fault, provider: driver.provider, path: driver.getPath, count: times });
    const observed = new Observed();
    const c = driver.create(server, observed, runtime);
    // Backoff, Retry-After, the attempt timeout and the test server's delays run on vitest's
    // fake clock (the loopback requests are real): exact at any machine load.
    vi.useFakeTimers();
    try {
      expect(await runOnFakeClock(c.get())).toEqual(reference);
    } finally {
      vi.useRealTimers();
    }
    expect(server.faultsFired()).toEqual([times]);
    expect(hits(server, driver, driver.getPath)).toHaveLength(times + 1);
    expect(observed.retries()).toBe(times);
  });

  it.each(NON_RETRYABLE)("fails fast on $name with the right error type", async ({ fault, type, kind }) => {
    server.inject({ ...fault, provider: driver.provider, path: driver.getPath, count: Infinity });
    const observed = new Observed();
    const error = await thrown(() => driver.create(server, observed).get());
    expect(ToolweaveError.isInstance(error)).toBe(true);
    expect(type.isInstance(error)).toBe(true);
    expect((error as ToolweaveError).kind).toBe(kind);
    expect((error as ToolweaveError).isRetryable === true && kind !== "rate_limited" && kind !== "service").toBe(false);
    expect(hits(server, driver, driver.getPath)).toHaveLength(1);
    expect(observed.retries()).toBe(0);
  });

  it("gives up on a persistent 503 after the configured retries, with a ServiceError", async () => {
    server.inject({ kind: "status", status: 503, provider: driver.provider, path: driver.getPath, count: Infinity });
    const observed = new Observed();
    const error = await thrown(() => driver.create(server, observed).get());
    expect(ServiceError.isInstance(error)).toBe(true);
    expect(hits(server, driver, driver.getPath)).toHaveLength(RUNTIME.retry.retries + 1);
    expect(observed.retries()).toBe(RUNTIME.retry.retries);
  });
});
