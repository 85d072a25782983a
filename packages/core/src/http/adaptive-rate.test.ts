import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { AdaptiveRate, exhaustedFor } from "./adaptive-rate.js";
import { createHttpClient } from "./http-client.js";
import { createThrottle } from "./throttle.js";
import { useMswServer } from "../testing.js";

const { server } = useMswServer();
const ok = (sentAt: number) => ({ sentAt, status: 200, headers: new Headers() });
const limited = (sentAt: number) => ({ sentAt, status: 429, headers: new Headers({ "retry-after": "1" }) });

describe("AdaptiveRate (no rate configured: learnt from the server)", () => {
  it("slow start: doubles every 250 ms while requests wait for it, and not without demand", () => {
    const rate = new AdaptiveRate({ initialRequestsPerSecond: 10 }, 0);
    rate.noteDemand(0);
    rate.grow(200);
    expect(rate.requestsPerSecond).toBeCloseTo(40);
    rate.grow(3_000); // no demand noted for 2.8 s
    expect(rate.requestsPerSecond).toBeCloseTo(40);
  });

  it("on a 429, the rate becomes 95% of what the server accepted in the second before", () => {
    const rate = new AdaptiveRate({ initialRequestsPerSecond: 150 }, 0);
    rate.noteDemand(900);
    for (let i = 0; i < 100; i++) rate.observe(ok(10 + i * 9), 20 + i * 9); // 100 accepted within ~0.9 s
    rate.observe(limited(905), 930);
    expect(rate.slowStart).toBe(false);
    expect(rate.requestsPerSecond).toBeCloseTo(95);
  });

  it("counts the 429s of one overflow once", () => {
    const rate = new AdaptiveRate({ initialRequestsPerSecond: 200 }, 0);
    for (let i = 0; i < 50; i++) rate.observe(ok(i * 18), i * 18 + 5);
    rate.observe(limited(900), 905);
    const after = rate.requestsPerSecond;
    rate.observe(limited(902), 910);
    rate.observe(limited(904), 915);
    expect(rate.requestsPerSecond).toBe(after);
  });

  it("a 429 while no request waited for the rate halves it at most, instead of collapsing it to the few accepted", () => {
    const rate = new AdaptiveRate({ initialRequestsPerSecond: 40 }, 0);
    rate.observe(ok(100), 120);
    rate.observe(ok(400), 420);
    rate.observe(limited(700), 720);
    expect(rate.requestsPerSecond).toBeCloseTo(20);
  });

  it("fewer than 10 accepted is too small a sample to call it the limit: halved at most (an endpoint's own limit, a one-off)", () => {
    const rate = new AdaptiveRate({ initialRequestsPerSecond: 20 }, 0);
    rate.noteDemand(500);
    for (let i = 0; i < 5; i++) rate.observe(ok(100 * i), 100 * i + 10);
    rate.observe(limited(600), 610);
    expect(rate.requestsPerSecond).toBeCloseTo(10);
  });

  it("never goes above 95% of a rate that overflowed, nor below the floor", () => {
    const rate = new AdaptiveRate({ initialRequestsPerSecond: 10, minRequestsPerSecond: 2 }, 0);
    rate.noteDemand(800);
    for (let i = 0; i < 40; i++) rate.observe(ok(i * 20), i * 20 + 5);
    rate.observe(limited(800), 810);
    expect(rate.requestsPerSecond).toBeCloseTo(9.5);
    const floor = new AdaptiveRate({ initialRequestsPerSecond: 3, minRequestsPerSecond: 2.5 }, 0);
    floor.observe(limited(10), 20);
    expect(floor.requestsPerSecond).toBe(2.5);
  });

  it("probes slowly after the first 429", () => {
    const rate = new AdaptiveRate({ initialRequestsPerSecond: 100 }, 0);
    rate.observe(limited(10), 20);
    const start = rate.requestsPerSecond;
    rate.noteDemand(1_000);
    rate.grow(1_000);
    expect(rate.requestsPerSecond / start).toBeLessThan(1.01);
    expect(rate.requestsPerSecond).toBeGreaterThan(start);
  });
});

describe("rate-limit headers", () => {
  it("Remaining: 0 with a reset in seconds or as an epoch asks for a pause until then", () => {
    expect(exhaustedFor(new Headers({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2" }), 0)).toBe(2_000);
    expect(exhaustedFor(new Headers({ "ratelimit-remaining": "0", "ratelimit-reset": "1700000003" }), 1_700_000_000_000)).toBe(3_000);
    expect(exhaustedFor(new Headers({ "x-ratelimit-remaining": "5", "x-ratelimit-reset": "2" }), 0)).toBeUndefined();
    expect(exhaustedFor(new Headers({ "x-ratelimit-remaining": "0" }), 0)).toBeUndefined();
  });
});

describe("the throttle's rate", () => {
  it("is fixed when configured (a configured rate always wins) and adaptive otherwise", () => {
    expect(createThrottle(8, 50).mode).toBe("fixed");
    expect(createThrottle(8, 50).requestsPerSecond).toBe(50);
    expect(createThrottle(8).mode).toBe("adaptive");
    expect(createThrottle(8, undefined, { initialRequestsPerSecond: 7 }).requestsPerSecond).toBe(7);
  });

  it("learns a server's limit from its 429s with the default settings", async () => {
    let window: number[] = [];
    server.use(
      http.get("https://api.example.test/v2/item/:n", () => {
        const now = Date.now();
        window = window.filter((t) => t > now - 1000);
        if (window.length >= 30) return new HttpResponse(null, { status: 429, headers: { "retry-after": "1" } });
        window.push(now);
        return HttpResponse.json({});
      }),
    );
    const client = createHttpClient({ provider: "x", baseUrl: "https://api.example.test/v2", retry: { retries: 5, minDelayMs: 1, maxDelayMs: 5 } });
    const results = await Promise.allSettled(Array.from({ length: 90 }, (_, n) => client.get({ operation: "item", path: `item/${n}` })));
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    // Real time on purpose (the server's one-second window): ~4 s alone, so a generous limit
    // for a loaded machine. A slower run only sends fewer requests per second.
  }, 60_000);
});
