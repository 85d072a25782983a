/**
 * Regression tests for the failure paths an adversarial review found (issue #11): each one
 * failed on the runtime before the fix.
 */
import { getEventListeners } from "node:events";
import { inspect } from "node:util";
import { http, HttpResponse, delay } from "msw";
import { z } from "zod";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createHttpClient } from "./http-client.js";
import type { HttpClientSettings, HttpErrorEvent } from "./types.js";
import { AbortedError, ConfigurationError, InvalidInputError, InvalidResponseError, ToolweaveError, TimeoutError } from "../errors.js";
import { Secret } from "../secret.js";
import { runOnFakeClock, useMswServer } from "../testing.js";
import { runtimeSettingsShape } from "../runtime-settings.js";

const BASE = "https://api.example.test/v2";
const { server, requests } = useMswServer();

const client = (extra: Partial<HttpClientSettings> = {}) =>
  createHttpClient({
    provider: "example",
    displayName: "Example",
    baseUrl: BASE,
    retry: { retries: 3, minDelayMs: 1, maxDelayMs: 5 },
    throttle: false,
    ...extra,
  });

async function failure(promise: Promise<unknown>): Promise<ToolweaveError> {
  try {
    await promise;
  } catch (error) {
    return error as ToolweaveError;
  }
  throw new Error("expected a failure");
}

const everything = (error: unknown) => [String(error), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error), (error as Error).stack ?? ""].join("\n");

describe("secrets in credentials (item 1)", () => {
  it("refuses at creation a token that no header can carry, showing neither the token nor a raw TypeError", () => {
    const raw = "tok_line1\nline2_0123456789abcdef";
    const token = new Secret(raw);
    let thrown: unknown;
    try {
      client({ authenticate: (h) => h.set("x-token", token.reveal()) });
    } catch (error) {
      thrown = error;
    }
    expect(ConfigurationError.isInstance(thrown)).toBe(true);
    expect(everything(thrown)).not.toContain("line2_0123456789abcdef");
    expect((thrown as ConfigurationError).fix).toMatch(/line breaks/);
  });

  it("turns a credential that fails to write at request time into a redacted ToolweaveError", async () => {
    const raw = "tok_padded\u0000secret_0123456789";
    let calls = 0;
    const c = client({
      authenticate: (h) => {
        calls += 1;
        // Valid when probed at creation, invalid later (a rotated value read lazily).
        h.set("x-token", calls === 1 ? "fine" : ` ${raw} `);
      },
    });
    const error = await failure(c.get({ operation: "me", path: "/me" }));
    expect(ToolweaveError.isInstance(error)).toBe(true);
    expect(error.kind).toBe("configuration");
    expect(everything(error)).not.toContain("secret_0123456789");
    expect(requests).toHaveLength(0);
  });
});

describe("cancellation (items 4, 7, 12)", () => {
  it("one caller's abort does not cancel the shared cached request for the others", async () => {
    server.use(http.get(`${BASE}/slow`, async () => (await delay(80), HttpResponse.json({ ok: true }))));
    const c = client({ cache: { ttlMs: 10_000 } });
    const first = new AbortController();
    const a = c.get({ operation: "slow", path: "/slow", signal: first.signal });
    const b = c.get({ operation: "slow", path: "/slow" });
    setTimeout(() => first.abort(), 10);
    const [ra, rb] = await Promise.allSettled([a, b]);
    expect(ra.status).toBe("rejected");
    expect(AbortedError.isInstance((ra as PromiseRejectedResult).reason)).toBe(true);
    expect(rb).toEqual({ status: "fulfilled", value: { ok: true } });
    expect(requests).toHaveLength(1);
  });

  it("a later waiter's own signal ends its wait at once, while the first caller still gets the answer", async () => {
    // The server answers only when the test releases it, so "at once" is checked by order (b
    // fails while the shared request is still unanswered), not by a wall-clock bound.
    let arrived!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    let answer!: () => void;
    const released = new Promise<void>((resolve) => (answer = resolve));
    server.use(http.get(`${BASE}/slow`, async () => (arrived(), await released, HttpResponse.json({ ok: true }))));
    const c = client({ cache: { ttlMs: 10_000 } });
    let aSettled = false;
    const a = c.get({ operation: "slow", path: "/slow" }).finally(() => (aSettled = true));
    await reached;
    const second = new AbortController();
    const b = c.get({ operation: "slow", path: "/slow", signal: second.signal });
    // Let b start waiting for the shared request (which cannot finish: the server is held).
    await new Promise((r) => setTimeout(r, 20));
    second.abort();
    const error = await failure(b);
    expect(AbortedError.isInstance(error)).toBe(true);
    expect(aSettled).toBe(false);
    answer();
    expect(await a).toEqual({ ok: true });
    expect(requests).toHaveLength(1);
  });

  it("the shared request is aborted once every waiter has gone", async () => {
    let aborted = false;
    let arrived!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    server.use(
      http.get(`${BASE}/slow`, async ({ request }) => {
        // Holds the answer until the request is aborted (if it never is, the poll below fails).
        await new Promise<void>((resolve) => {
          request.signal.addEventListener("abort", () => ((aborted = true), resolve()));
          arrived();
        });
        return HttpResponse.json({ ok: true });
      }),
    );
    const c = client({ cache: { ttlMs: 10_000 } });
    const x = new AbortController();
    const y = new AbortController();
    const a = failure(c.get({ operation: "slow", path: "/slow", signal: x.signal }));
    const b = failure(c.get({ operation: "slow", path: "/slow", signal: y.signal }));
    // Abort only once the shared request is at the server (on a loaded machine the 10-20 ms
    // timers this test used could fire before it got there, and then it tested nothing).
    await reached;
    // Let both join the shared request (which cannot finish before it is aborted).
    await new Promise((r) => setTimeout(r, 20));
    x.abort();
    await a;
    expect(aborted).toBe(false); // y still waits for it
    y.abort();
    await b;
    // The abort reaches the handler's request asynchronously: poll with a generous limit.
    await expect.poll(() => aborted, { timeout: 20_000 }).toBe(true);
  });

  it("an abort leaves as a typed AbortedError (named AbortError) the hub can report", async () => {
    server.use(http.get(`${BASE}/slow`, async () => (await delay(200), HttpResponse.json({}))));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const error = await failure(client().get({ operation: "slow", path: "/slow", signal: controller.signal }));
    expect(ToolweaveError.isInstance(error)).toBe(true);
    expect(error.kind).toBe("aborted");
    expect(error.name).toBe("AbortError");
    expect(error.isRetryable).toBe(false);
  });

  it("leaves no listener on a long-lived caller signal and never hands it to AbortSignal.any (nodejs/node#55351)", async () => {
    server.use(http.get(`${BASE}/me`, () => HttpResponse.json({})));
    const shutdown = new AbortController();
    const any = vi.spyOn(AbortSignal, "any");
    const c = client({ throttle: { maxConcurrency: 4, requestsPerSecond: Infinity } });
    for (let i = 0; i < 20; i++) await c.get({ operation: "me", path: "/me", signal: shutdown.signal });
    const passedTheCallerSignal = any.mock.calls.some(([signals]) => [...signals].includes(shutdown.signal));
    any.mockRestore();
    expect(passedTheCallerSignal).toBe(false);
    expect(getEventListeners(shutdown.signal, "abort")).toHaveLength(0);
  });
});

describe("cache contents (item 5)", () => {
  it("does not cache a 200 whose body is not JSON", async () => {
    let n = 0;
    server.use(http.get(`${BASE}/thing`, () => (++n === 1 ? new HttpResponse("<html>proxy hiccup</html>", { status: 200 }) : HttpResponse.json({ id: "1" }))));
    const c = client({ cache: { ttlMs: 60_000 } });
    expect(InvalidResponseError.isInstance(await failure(c.get({ operation: "thing", path: "/thing" })))).toBe(true);
    expect(await c.get({ operation: "thing", path: "/thing" })).toEqual({ id: "1" });
  });

  it("does not cache a body that fails validation", async () => {
    let n = 0;
    server.use(http.get(`${BASE}/thing`, () => HttpResponse.json(++n === 1 ? { id: 1 } : { id: "1" })));
    const c = client({ cache: { ttlMs: 60_000 } });
    const schema = z.object({ id: z.string() });
    expect(InvalidResponseError.isInstance(await failure(c.get({ operation: "thing", path: "/thing", schema })))).toBe(true);
    expect(await c.get({ operation: "thing", path: "/thing", schema })).toEqual({ id: "1" });
  });

  it("a write to a path drops cached reads of that path, below it and its parent list", async () => {
    let version = 1;
    server.use(
      http.get(`${BASE}/check_bundle/7`, () => HttpResponse.json({ version })),
      http.get(`${BASE}/check_bundle`, () => HttpResponse.json([{ version }])),
      http.put(`${BASE}/check_bundle/7`, () => ((version += 1), HttpResponse.json({ version }))),
      http.get(`${BASE}/other`, () => HttpResponse.json({ version })),
    );
    const c = client({ cache: { ttlMs: 60_000 } });
    await c.get({ operation: "one", path: "/check_bundle/7" });
    await c.get({ operation: "list", path: "/check_bundle", query: { size: 5 } });
    await c.get({ operation: "other", path: "/other" });
    await c.request({ operation: "update", method: "PUT", path: "/check_bundle/7", body: { x: 1 } });
    expect(await c.get({ operation: "one", path: "/check_bundle/7" })).toEqual({ version: 2 });
    expect(await c.get({ operation: "list", path: "/check_bundle", query: { size: 5 } })).toEqual([{ version: 2 }]);
    expect(await c.get({ operation: "other", path: "/other" })).toEqual({ version: 1 });
  });
});

describe("deadline vs queue (item 6)", () => {
  // On vitest's fake clock: the handlers' delays, the deadline and the throttle all run in fake
  // time, so these are exact at any machine load.
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("time spent waiting for a throttle slot does not count against the deadline", async () => {
    server.use(http.get(`${BASE}/item/:n`, async () => (await delay(20), HttpResponse.json({}))));
    const c = client({ deadlineMs: 150, throttle: { maxConcurrency: 1, requestsPerSecond: Infinity } });
    const started = Date.now();
    const results = await runOnFakeClock(Promise.allSettled(Array.from({ length: 15 }, (_, n) => c.get({ operation: "item", path: `/item/${n}` }))));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300); // 15 requests of 20 ms in a row (fake time): the queue outlasts the 150 ms deadline
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
  });

  it("a deadline error reports the attempts really made", async () => {
    server.use(http.get(`${BASE}/flaky`, async () => (await delay(15), new HttpResponse(null, { status: 503 }))));
    const c = client({ deadlineMs: 100, retry: { retries: 20, minDelayMs: 5, maxDelayMs: 5 } });
    const error = await runOnFakeClock(failure(c.get({ operation: "flaky", path: "/flaky" })));
    expect(error.request?.attempts).toBe(requests.length);
    expect(requests.length).toBeGreaterThan(1);
  });
});

describe("settings that cannot work (item 8)", () => {
  it.each([Infinity, 0, -5, Number.NaN])("refuses timeoutMs: %s with a ConfigurationError", (timeoutMs) => {
    expect(() => client({ timeoutMs })).toThrowError(ConfigurationError);
    expect(() => client({ timeoutMs })).toThrowError(/timeoutMs/);
  });

  it.each([Infinity, 0, Number.NaN])("refuses deadlineMs: %s", (deadlineMs) => {
    expect(() => client({ deadlineMs })).toThrowError(/deadlineMs/);
  });

  it("accepts throttle.requestsPerSecond: Infinity (no rate limit) in code and in the settings schema", () => {
    expect(() => client({ throttle: { requestsPerSecond: Infinity } })).not.toThrow();
    expect(runtimeSettingsShape.throttle.safeParse({ requestsPerSecond: Infinity }).success).toBe(true);
    expect(runtimeSettingsShape.throttle.safeParse({ requestsPerSecond: -1 }).success).toBe(false);
  });
});

describe("429 pause (item 9)", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("holds back every queued request, including those waiting for their start slot", async () => {
    // On vitest's fake clock (exact at any machine load): the 429 is read at once, while the
    // other requests wait for their start slots (100 ms apart).
    const seen: number[] = [];
    let limitedAt = 0;
    server.use(
      http.get(`${BASE}/item/:n`, () => {
        seen.push(Date.now());
        if (seen.length === 1) {
          limitedAt = Date.now();
          return new HttpResponse(null, { status: 429, headers: { "retry-after": "1" } });
        }
        return HttpResponse.json({});
      }),
    );
    const c = client({ throttle: { maxConcurrency: 8, requestsPerSecond: 10 }, retry: false });
    const results = await runOnFakeClock(Promise.allSettled(Array.from({ length: 12 }, (_, n) => c.get({ operation: "item", path: `/item/${n}` }))));
    expect(results[0]!.status).toBe("rejected");
    const duringPause = seen.filter((t) => t > limitedAt && t < limitedAt + 1_000);
    expect(duringPause).toEqual([]);
    expect(seen).toHaveLength(12);
    expect(results.slice(1).every((r) => r.status === "fulfilled")).toBe(true);
  });
});

describe("onError (item 10)", () => {
  const collect = () => {
    const events: HttpErrorEvent[] = [];
    return { events, hooks: { onError: (e: HttpErrorEvent) => events.push(e) } };
  };

  it("fires exactly once for a deadline timeout", async () => {
    server.use(http.get(`${BASE}/slow`, async () => (await delay(500), HttpResponse.json({}))));
    const { events, hooks } = collect();
    await failure(client({ hooks, timeoutMs: 30, deadlineMs: 80 }).get({ operation: "slow", path: "/slow" }));
    expect(events).toHaveLength(1);
    expect(events[0]!.error.kind).toBe("timeout");
  });

  it("fires exactly once for invalid JSON", async () => {
    server.use(http.get(`${BASE}/x`, () => new HttpResponse("nope", { status: 200 })));
    const { events, hooks } = collect();
    await failure(client({ hooks }).get({ operation: "x", path: "/x" }));
    expect(events.map((e) => e.error.kind)).toEqual(["invalid_response"]);
  });

  it("fires exactly once for schema drift", async () => {
    server.use(http.get(`${BASE}/x`, () => HttpResponse.json({ id: 5 })));
    const { events, hooks } = collect();
    await failure(client({ hooks }).get({ operation: "x", path: "/x", schema: z.object({ id: z.string() }) }));
    expect(events.map((e) => e.error.kind)).toEqual(["invalid_response"]);
  });

  it("fires exactly once for a failure retried several times", async () => {
    server.use(http.get(`${BASE}/x`, () => new HttpResponse(null, { status: 503 })));
    const { events, hooks } = collect();
    await failure(client({ hooks }).get({ operation: "x", path: "/x" }));
    expect(events).toHaveLength(1);
    expect(requests).toHaveLength(4);
  });
});

describe("programming errors are not network errors (item 11)", () => {
  it("a GET with a body fails at once as InvalidInputError, without sending", async () => {
    const error = await failure(client().request({ operation: "x", method: "GET", path: "/x", body: { a: 1 } }));
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(false);
    expect(requests).toHaveLength(0);
  });

  it("a TypeError from fetch that is not a network failure is not retried", async () => {
    let calls = 0;
    const fetch = (async () => {
      calls += 1;
      throw new TypeError("Request with GET/HEAD method cannot have body.");
    }) as typeof globalThis.fetch;
    const error = await failure(client({ fetch }).get({ operation: "x", path: "/x" }));
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect(calls).toBe(1);
  });

  it("a malformed Location header is an InvalidResponseError, not retried", async () => {
    server.use(http.get(`${BASE}/x`, () => new HttpResponse(null, { status: 302, headers: { location: "http://[::1" } })));
    const error = await failure(client().get({ operation: "x", path: "/x" }));
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect(requests).toHaveLength(1);
  });

  it("a real network failure is still a retried NetworkError", async () => {
    server.use(http.get(`${BASE}/x`, () => HttpResponse.error()));
    const error = await failure(client().get({ operation: "x", path: "/x" }));
    expect(error.kind).toBe("network");
    expect(requests).toHaveLength(4);
  });
});

describe("typed everywhere (item 12)", () => {
  it("wraps a throwing mapError in a ToolweaveError that keeps the HTTP answer as its cause", async () => {
    server.use(http.get(`${BASE}/x`, () => HttpResponse.json({ message: "no" }, { status: 404 })));
    const error = await failure(
      client({
        mapError: () => {
          throw new RangeError("mapper bug");
        },
      }).get({ operation: "x", path: "/x" }),
    );
    expect(ToolweaveError.isInstance(error)).toBe(true);
    expect(error.status).toBe(404);
    expect(error.message).toMatch(/error mapper failed/);
  });

  it("retries 408 on an idempotent request (it is marked retryable)", async () => {
    let n = 0;
    server.use(http.get(`${BASE}/x`, () => (++n === 1 ? new HttpResponse(null, { status: 408 }) : HttpResponse.json({ ok: 1 }))));
    expect(await client().get({ operation: "x", path: "/x" })).toEqual({ ok: 1 });
    expect(requests).toHaveLength(2);
  });

  it.each([
    ["a ReadableStream", () => new ReadableStream()],
    ["a Blob", () => new Blob(["x"])],
    ["URLSearchParams", () => new URLSearchParams("a=1")],
    ["a Map", () => new Map([["a", 1]])],
    ["a Uint8Array", () => new Uint8Array([1, 2])],
    ["a BigInt", () => 10n],
  ])("refuses %s as a request body instead of sending it as {}", async (_, make) => {
    const error = await failure(client().request({ operation: "x", method: "POST", path: "/x", body: make() }));
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect(requests).toHaveLength(0);
  });

  it("still sends plain objects, arrays and values with toJSON (a Date)", async () => {
    const bodies: unknown[] = [];
    server.use(http.post(`${BASE}/x`, async ({ request }) => (bodies.push(await request.json()), HttpResponse.json({}))));
    await client().request({ operation: "x", method: "POST", path: "/x", body: { when: new Date(0) } });
    await client().request({ operation: "x", method: "POST", path: "/x", body: [1, 2] });
    expect(bodies).toEqual([{ when: "1970-01-01T00:00:00.000Z" }, [1, 2]]);
  });
});

describe("timeouts", () => {
  it("an attempt timeout is a TimeoutError that names timeoutMs", async () => {
    server.use(http.get(`${BASE}/slow`, async () => (await delay(300), HttpResponse.json({}))));
    const error = await failure(client({ timeoutMs: 20, retry: false }).get({ operation: "slow", path: "/slow" }));
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/timeoutMs/);
  });
});

describe("found by driving the runtime against misbehaving loopback servers", () => {
  it("refuses a body larger than maxResponseBytes (declared length) without reading it", async () => {
    let calls = 0;
    const fetch = (async () => {
      calls += 1;
      return new Response("x".repeat(2_000), { status: 200, headers: { "content-length": "2000" } });
    }) as typeof globalThis.fetch;
    const error = await failure(client({ fetch, maxResponseBytes: 1_000 }).get({ operation: "big", path: "/big" }));
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/maxResponseBytes/);
    expect(calls).toBe(1);
  });

  it("stops reading a streamed body that never ends once it passes maxResponseBytes", async () => {
    let pulled = 0;
    const fetch = (async () => {
      const chunk = new Uint8Array(64 * 1024).fill(32);
      const stream = new ReadableStream({ pull: (controller) => (pulled++, controller.enqueue(chunk)) });
      return new Response(stream, { status: 200 });
    }) as typeof globalThis.fetch;
    const error = await failure(client({ fetch, maxResponseBytes: 1_000_000 }).get({ operation: "endless", path: "/endless" }));
    expect(error.message).toMatch(/maxResponseBytes/);
    expect(pulled).toBeLessThan(40);
  });

  it("refuses a same-origin redirect whose Location carries credentials", async () => {
    server.use(http.get(`${BASE}/x`, () => new HttpResponse(null, { status: 302, headers: { location: "https://user:pw@api.example.test/v2/y" } })));
    const error = await failure(client().get({ operation: "x", path: "/x" }));
    expect(error.kind).toBe("redirect");
    expect(everything(error)).not.toContain("pw@");
  });

  it.each([Infinity, 0, 1.5])("refuses maxResponseBytes: %s", (maxResponseBytes) => {
    expect(() => client({ maxResponseBytes })).toThrowError(/maxResponseBytes/);
  });
});
