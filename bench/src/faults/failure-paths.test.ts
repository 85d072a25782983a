/**
 * Cross-connector regressions for the runtime's failure paths (issue #11 items 1, 3, 4, 6, 9,
 * 11), driven through both connectors against the loopback test server.
 */
import { AbortedError, ConfigurationError, InvalidResponseError, ToolweaveError, type HttpHooks, type RuntimeSettings } from "@toolweave/core";
import { createCircleCI } from "@toolweave/connector-circleci";
import { createCirconus } from "@toolweave/connector-circonus";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CIRCONUS_APP, type TestServer } from "../test-server/index.js";
import { DRIVERS, Observed, RUNTIME, SERVER_OPTIONS, createTestServer, hits, thrown, type Driver } from "./harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer(SERVER_OPTIONS);
});
afterAll(() => server.close());
beforeEach(() => server.reset());

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
  it("completes every request: waiting for a throttle slot does not count against deadlineMs", async () => {
    // 300 requests paced at 100/s take 3 s, longer than the 2 s deadline; each attempt alone has
    // the whole 2 s (the attempt timeout the other fault tests allow too), a wide margin over the
    // few milliseconds a loopback request takes even on a loaded machine.
    const runtime: RuntimeSettings = { ...RUNTIME, deadlineMs: 2_000, throttle: { maxConcurrency: 2, requestsPerSecond: 100 } };
    const c = driver.create(server, new Observed(), runtime);
    const started = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 300 }, () => getWith(driver, c.client)));
    expect(Date.now() - started).toBeGreaterThan(2_000); // the burst outlasts one deadline (a lower bound: load only adds to it)
    expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
  });
});

describe.each(DRIVERS)("$provider: a 429 pause (item 9)", (driver) => {
  it("holds back every queued request until Retry-After has passed", async () => {
    server.inject({ kind: "rate-limit", retryAfter: "1", provider: driver.provider, path: driver.getPath });
    // Timed on the client, in the order its hooks fire: the pause starts once the 429 has been
    // read (between its onResponse and its onError), so every request sent after that onError
    // must wait until 1 s after that onResponse. A request whose start slot (100 ms apart) came
    // before the client had read the 429, as on a loaded machine, is not held back and not
    // counted; the server's arrival times alone cannot tell the two apart.
    const log: { hook: "request" | "429 read" | "429 failed"; at: number }[] = [];
    const hooks: HttpHooks = {
      onRequest: () => void log.push({ hook: "request", at: Date.now() }),
      onResponse: (e) => void (e.status === 429 && log.push({ hook: "429 read", at: Date.now() })),
      onError: (e) => void (e.error.status === 429 && log.push({ hook: "429 failed", at: Date.now() })),
    };
    const c = driver.create(server, new Observed(), { retry: false, hooks, throttle: { maxConcurrency: 8, requestsPerSecond: 10 } });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => getWith(driver, c.client)));
    expect(hits(server, driver, driver.getPath).filter((r) => r.outcome === 429)).toHaveLength(1);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(9);
    const read = log.find((e) => e.hook === "429 read")!;
    const failedAt = log.findIndex((e) => e.hook === "429 failed");
    expect(failedAt).toBeGreaterThan(-1);
    // Normally 8 or 9 of the 10 requests are still queued when the 429 is read.
    const heldBack = log.slice(failedAt).filter((e) => e.hook === "request");
    // A lower bound only (a slow machine makes them later, never earlier), with 100 ms of slack
    // for clock granularity.
    expect(heldBack.filter((e) => e.at - read.at < 900)).toEqual([]);
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
