/**
 * Cross-connector regressions for the runtime's failure paths (issue #11 items 1, 3, 4, 6, 9,
 * 11), driven through both connectors against the loopback test server.
 */
import { AbortedError, ConfigurationError, InvalidResponseError, ToolweaveError, type RuntimeSettings } from "@toolweave/core";
import { runOnFakeClock } from "@toolweave/core/testing";
import { createCircleCI } from "@toolweave/connector-circleci";
import { createCirconus } from "@toolweave/connector-circonus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CIRCONUS_APP } from "../test-server/index.js";
import { DRIVERS, Observed, RUNTIME, hits, thrown, useFaultServer, type Driver } from "./harness.js";

const server = await useFaultServer();

/** The single GET of each connector, with a signal. */
function getWith(driver: Driver, client: object, signal?: AbortSignal): Promise<unknown> {
  const options = signal ? { signal } : {};
  return driver.provider === "circleci"
    ? (client as ReturnType<typeof createCircleCI>).me(options)
    : (client as ReturnType<typeof createCirconus>).getAccount(options);
}

/** Every 8-character piece of the canary, in any case, that shows up in `text`. */
function canaryPieces(canary: string, text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  for (let i = 0; i + 8 <= canary.length; i++) {
    const piece = canary.slice(i, i + 8).toLowerCase();
    if (lower.includes(piece)) out.push(piece);
  }
  return out;
}

describe.each(DRIVERS)("$provider: a token no header can carry (item 1)", (driver) => {
  it.each(["\n", "\r\n", "\u0000"])("is refused at creation with a ConfigurationError that shows no part of it (%j)", (bad) => {
    const token = `${driver.canary}${bad}Injected: yes`;
    let error: unknown;
    try {
      if (driver.provider === "circleci") createCircleCI({ token, baseUrl: server.circleciBaseUrl, ...RUNTIME });
      else createCirconus({ token, appName: CIRCONUS_APP, baseUrl: server.circonusBaseUrl, ...RUNTIME });
    } catch (e) {
      error = e;
    }
    expect(ConfigurationError.isInstance(error)).toBe(true);
    const observed = new Observed();
    observed.outputs.push(error);
    expect(canaryPieces(driver.canary, observed.rendered())).toEqual([]);
    expect(server.counters.total).toBe(0);
  });
});

describe.each(DRIVERS)("$provider: a token echoed across an excerpt's cut (item 3)", (driver) => {
  it("shows no part of it, in any case, in errors, JSON or hook events", async () => {
    const observed = new Observed();
    const c = driver.create(server, observed, { retry: false });
    for (let padding = 40; padding <= 330; padding += 9) {
      for (const upperCase of [false, true]) {
        for (const text of [false, true]) {
          server.inject({ kind: "echo-credentials", status: padding % 2 ? 400 : 500, padding, upperCase, text, provider: driver.provider, path: driver.getPath });
          observed.outputs.push(await thrown(() => c.get()));
        }
      }
    }
    expect(observed.outputs.every((o) => ToolweaveError.isInstance(o))).toBe(true);
    expect(canaryPieces(driver.canary, observed.rendered())).toEqual([]);
  });
});

describe.each(DRIVERS)("$provider: shared cached requests (item 4)", (driver) => {
  it("one caller's abort leaves the other callers' shared request running", async () => {
    server.inject({ kind: "slow-body", delayMs: 120, provider: driver.provider, path: driver.getPath });
    const c = driver.create(server, new Observed(), { cache: { ttlMs: 10_000 } });
    const first = new AbortController();
    const a = getWith(driver, c.client, first.signal);
    const b = getWith(driver, c.client);
    setTimeout(() => first.abort(), 20);
    const [ra, rb] = await Promise.allSettled([a, b]);
    expect(ra.status).toBe("rejected");
    expect(AbortedError.isInstance((ra as PromiseRejectedResult).reason)).toBe(true);
    expect(rb.status).toBe("fulfilled");
    expect(hits(server, driver, driver.getPath)).toHaveLength(1);
  });
});

describe.each(DRIVERS)("$provider: a burst longer than the deadline (item 6)", (driver) => {
  // On vitest's fake clock (the runtime's throttle, deadline and timeouts, and the test server's
  // clock): the loopback requests are real, their timing is exact at any machine load.
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("completes every request: waiting for a throttle slot does not count against deadlineMs", async () => {
    // 300 requests paced at 200/s take 1.5 s, longer than the 1 s deadline.
    const runtime: RuntimeSettings = { ...RUNTIME, deadlineMs: 1_000, throttle: { maxConcurrency: 2, requestsPerSecond: 200 } };
    const c = driver.create(server, new Observed(), runtime);
    const started = Date.now();
    const results = await runOnFakeClock(Promise.allSettled(Array.from({ length: 300 }, () => getWith(driver, c.client))));
    expect(Date.now() - started).toBeGreaterThan(1_000); // the burst outlasts one deadline (fake time)
    expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
  });
});

describe.each(DRIVERS)("$provider: a 429 pause (item 9)", (driver) => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("holds back every queued request until Retry-After has passed", async () => {
    // On vitest's fake clock, shared by the client and the test server's arrival times: the
    // 429 is read at once, while the other requests wait for their start slots (100 ms apart).
    server.inject({ kind: "rate-limit", retryAfter: "1", provider: driver.provider, path: driver.getPath });
    const c = driver.create(server, new Observed(), { retry: false, throttle: { maxConcurrency: 8, requestsPerSecond: 10 } });
    const results = await runOnFakeClock(Promise.allSettled(Array.from({ length: 10 }, () => getWith(driver, c.client))));
    const seen = hits(server, driver, driver.getPath);
    const limited = seen.find((r) => r.outcome === 429)!;
    const duringPause = seen.filter((r) => r.at > limited.at && r.at < limited.at + 1_000);
    expect(duringPause).toHaveLength(0);
    expect(seen).toHaveLength(10);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(9);
  });
});

describe.each(DRIVERS)("$provider: programming errors are not network errors (item 11)", (driver) => {
  it("a malformed Location header fails at once as InvalidResponseError, not retried", async () => {
    server.inject({ kind: "redirect", to: "malformed", provider: driver.provider, path: driver.getPath, count: Infinity });
    const error = await thrown(() => driver.create(server, new Observed()).get());
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect(hits(server, driver, driver.getPath)).toHaveLength(1);
  });
});
