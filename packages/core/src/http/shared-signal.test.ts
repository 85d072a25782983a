/**
 * Many parallel requests on one caller's signal add one abort listener to it, not one per
 * request (attempt, throttle slot, pace and retry sleeps): Node warns
 * "MaxListenersExceededWarning: Possible EventTarget memory leak detected" past 10.
 * Real loopback server, real fetch.
 */
import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHttpClient } from "./http-client.js";
import { AbortedError } from "../errors.js";
import { useLoopbackOrigin } from "../test-support/loopback-origin.js";

let warnings: Error[] = [];
const onWarning = (warning: Error) => void warnings.push(warning);

beforeEach(() => {
  warnings = [];
  process.on("warning", onWarning);
});
afterEach(async () => {
  process.off("warning", onWarning);
});

const serve = useLoopbackOrigin();

/** Warnings are emitted on a later tick. */
const leakWarnings = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  return warnings.filter((w) => w.name === "MaxListenersExceededWarning");
};

describe("parallel requests sharing one caller's signal", () => {
  it.each([11, 50])("%i calls (with throttle waits and retry sleeps) keep one abort listener on it", async (count) => {
    const signal = new AbortController().signal;
    let most = 0;
    const seen = new Set<string>();
    const base = await serve((req, res) => {
      most = Math.max(most, getEventListeners(signal, "abort").length);
      // Each path fails once (a retry sleep), then answers.
      const first = !seen.has(req.url!);
      seen.add(req.url!);
      res.writeHead(first ? 503 : 200, { "content-type": "application/json" });
      res.end(first ? "{}" : JSON.stringify({ path: req.url }));
    });
    // Default throttle: 8 in flight, the rest queued, starts spaced by the adaptive rate.
    const client = createHttpClient({ provider: "example", baseUrl: base, retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 } });
    const results = await Promise.all(Array.from({ length: count }, (_, n) => client.get({ operation: "item", path: `/item/${n}`, signal })));
    expect(results).toHaveLength(count);
    expect((await leakWarnings()).map((w) => w.message)).toEqual([]);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(1);
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  }, 60_000);

  it("aborting the shared signal still cancels all 50 (in flight, waiting to start and queued)", async () => {
    let arrived!: () => void;
    const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
    const base = await serve(() => arrived()); // never answers
    const controller = new AbortController();
    const client = createHttpClient({ provider: "example", baseUrl: base, retry: false });
    const calls = Array.from({ length: 50 }, (_, n) => client.get({ operation: "item", path: `/item/${n}`, signal: controller.signal }).catch((e: unknown) => e));
    await firstArrived;
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    controller.abort(new Error("shutting down"));
    const errors = await Promise.all(calls);
    expect(errors.every((e) => AbortedError.isInstance(e))).toBe(true);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    expect((await leakWarnings()).map((w) => w.message)).toEqual([]);
  });
});
