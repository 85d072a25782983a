import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { http, HttpResponse, passthrough } from "msw";
import { setupServer } from "msw/node";
import { z } from "zod";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createHttpClient } from "./http-client.js";
import type { HttpClientSettings, HttpHooks } from "./types.js";
import {
  ConfigurationError,
  InvalidInputError,
  InvalidResponseError,
  NetworkError,
  RateLimitedError,
  RedirectError,
  ServiceError,
  TimeoutError,
  ToolweaveError,
} from "../errors.js";
import { Secret } from "../secret.js";
import { encodePath } from "./encode-path.js";
import { runOnFakeClock } from "../testing.js";

const BASE = "https://api.example.test/v2";
const TOKEN = new Secret("tok_0123456789abcdef0123456789", { label: "TEST_TOKEN" });
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = (extra: Partial<HttpClientSettings> = {}) =>
  createHttpClient({
    provider: "example",
    displayName: "Example",
    baseUrl: BASE,
    authenticate: (h) => h.set("x-token", TOKEN.reveal()),
    retry: { retries: 3, minDelayMs: 1, maxDelayMs: 5 },
    throttle: false,
    ...extra,
  });

const item = z.object({ id: z.string(), created_at: z.string() });

describe("response.url", () => {
  it("is the redacted URL, worked out when read (sensitive query parameters masked, also in JSON)", async () => {
    server.use(http.get(`${BASE}/things`, () => HttpResponse.json({ ok: true })));
    const response = await client().request({ operation: "things", path: "things", query: { api_key: "k_0123456789abcdef", page: 2 } });
    expect(response.url).toBe(`${BASE}/things?api_key=REDACTED&page=2`);
    expect(JSON.stringify(response)).toContain('"url":"https://api.example.test/v2/things?api_key=REDACTED&page=2"');
    expect(JSON.stringify(response)).not.toContain("k_0123456789abcdef");
  });
});

describe("base URL", () => {
  it("requires https except for loopback, and normalises the trailing slash", () => {
    expect(() => client({ baseUrl: "http://api.example.test/v2" })).toThrowError(ConfigurationError);
    expect(() => client({ baseUrl: "not a url" })).toThrowError(/baseUrl is not a valid URL/);
    expect(() => client({ baseUrl: "https://user:pw@api.example.test" })).toThrowError(/user name or password/);
    expect(client({ baseUrl: "http://127.0.0.1:8080/api" }).baseUrl.href).toBe("http://127.0.0.1:8080/api/");
    expect(client({ baseUrl: "http://localhost:1/" }).baseUrl.href).toBe("http://localhost:1/");
  });

  it("joins paths under the base path and encodes user input", async () => {
    let seen = "";
    server.use(http.get(`${BASE}/project/:a/:b`, ({ request }) => ((seen = request.url), HttpResponse.json({}))));
    await client().get({ operation: "op", path: encodePath`/project/${"a/../b"}/${"x?y#z"}` });
    expect(seen).toBe(`${BASE}/project/a%2F..%2Fb/x%3Fy%23z`);
  });
});

describe("requests", () => {
  it("sends auth, Accept and JSON bodies; appends query values; validates the response", async () => {
    let headers: Headers | undefined;
    let body: unknown;
    let url = "";
    server.use(
      http.post(`${BASE}/things`, async ({ request }) => {
        headers = request.headers;
        body = await request.json();
        url = request.url;
        return HttpResponse.json({ id: "1", created_at: "2026-01-01" });
      }),
    );
    const data = await client().request({
      operation: "createThing",
      method: "POST",
      path: "/things",
      query: { a: 1, b: undefined, c: null, tag: ["x", "y"] },
      body: { name: "n" },
      schema: item,
    });
    expect(data.data).toEqual({ id: "1", created_at: "2026-01-01" });
    expect(headers!.get("x-token")).toBe(TOKEN.reveal());
    expect(headers!.get("accept")).toBe("application/json");
    expect(headers!.get("content-type")).toBe("application/json");
    expect(body).toEqual({ name: "n" });
    expect(url).toBe(`${BASE}/things?a=1&tag=x&tag=y`);
  });

  it("merges header names case-insensitively (a connector's Accept replaces the default)", async () => {
    let accept: string | null = null;
    server.use(http.get(`${BASE}/h`, ({ request }) => ((accept = request.headers.get("accept")), HttpResponse.json({}))));
    await client({ headers: { Accept: "application/vnd.example+json" } }).get({ operation: "h", path: "/h" });
    expect(accept).toBe("application/vnd.example+json");
  });

  it("names the operation and field path on schema drift, with a redacted excerpt", async () => {
    server.use(http.get(`${BASE}/list`, () => HttpResponse.json({ items: [{ id: "1", created_at: "x" }, { id: 2, created_at: null }] })));
    const error = await client()
      .get({ operation: "listThings", path: "/list", schema: z.object({ items: z.array(item) }) })
      .catch((e: unknown) => e);
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Example listThings: unexpected response shape at items\[1\]\.id: .*\(got number\)/);
    expect((error as Error).message).toMatch(/items\[1\]\.created_at/);
  });

  it("turns a non-JSON body into InvalidResponseError and an empty body into undefined", async () => {
    server.use(http.get(`${BASE}/html`, () => new HttpResponse("<html>login</html>", { status: 200 })));
    server.use(http.delete(`${BASE}/thing`, () => new HttpResponse(null, { status: 204 })));
    await expect(client().get({ operation: "html", path: "/html" })).rejects.toSatisfy((e: unknown) => InvalidResponseError.isInstance(e));
    expect((await client().request({ operation: "del", method: "DELETE", path: "/thing" })).data).toBeUndefined();
  });
});

describe("retries", () => {
  const sequence = (responses: (() => Response)[]) => {
    let i = 0;
    const calls = { count: 0 };
    server.use(
      http.all(`${BASE}/r`, () => {
        calls.count += 1;
        return responses[Math.min(i++, responses.length - 1)]!();
      }),
    );
    return calls;
  };

  it("retries 429 with Retry-After in seconds and as an HTTP-date, and 502/503/504", async () => {
    const past = new Date(Date.now() - 5000).toUTCString();
    const calls = sequence([
      () => HttpResponse.json({}, { status: 429, headers: { "retry-after": "0" } }),
      () => HttpResponse.json({}, { status: 429, headers: { "retry-after": past } }),
      () => HttpResponse.json({}, { status: 503 }),
      () => HttpResponse.json({ ok: true }),
    ]);
    expect(await client().get({ operation: "r", path: "/r" })).toEqual({ ok: true });
    expect(calls.count).toBe(4);
  });

  it("waits for Retry-After before the next attempt", async () => {
    const times: number[] = [];
    server.use(
      http.get(`${BASE}/r`, () => {
        times.push(Date.now());
        return times.length === 1 ? HttpResponse.json({}, { status: 429, headers: { "retry-after": "1" } }) : HttpResponse.json({});
      }),
    );
    await client().get({ operation: "r", path: "/r" });
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it("fails fast with RateLimitedError when Retry-After exceeds the cap", async () => {
    const calls = sequence([() => HttpResponse.json({ message: "Rate limit exceeded." }, { status: 429, headers: { "retry-after": "3600" } })]);
    const error = await client().get({ operation: "r", path: "/r" }).catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect((error as RateLimitedError).retryAfterMs).toBe(3_600_000);
    expect((error as Error).message).toContain("Rate limit exceeded.");
    expect(calls.count).toBe(1);
  });

  it("gives up after the configured retries with the last error", async () => {
    const calls = sequence([() => HttpResponse.json({ message: "down" }, { status: 503 })]);
    const error = await client().get({ operation: "r", path: "/r" }).catch((e: unknown) => e);
    expect(ServiceError.isInstance(error)).toBe(true);
    expect((error as ToolweaveError).status).toBe(503);
    expect(calls.count).toBe(4);
  });

  it.each([400, 401, 403, 404, 500])("never retries HTTP %i", async (status) => {
    const calls = sequence([() => HttpResponse.json({ message: "nope" }, { status })]);
    await expect(client().get({ operation: "r", path: "/r" })).rejects.toSatisfy((e: unknown) => ToolweaveError.isInstance(e));
    expect(calls.count).toBe(1);
  });

  it("does not retry 503 or network errors on POST, but does retry 429", async () => {
    const calls = sequence([() => HttpResponse.json({}, { status: 503 })]);
    await expect(client().request({ operation: "p", method: "POST", path: "/r", body: {} })).rejects.toSatisfy((e: unknown) => ServiceError.isInstance(e));
    expect(calls.count).toBe(1);
    const calls2 = sequence([() => HttpResponse.error()]);
    await expect(client().request({ operation: "p", method: "POST", path: "/r", body: {} })).rejects.toSatisfy((e: unknown) => NetworkError.isInstance(e));
    expect(calls2.count).toBe(1);
    const calls3 = sequence([() => HttpResponse.json({}, { status: 429, headers: { "retry-after": "0" } }), () => HttpResponse.json({ id: 1 })]);
    await client().request({ operation: "p", method: "POST", path: "/r", body: {} });
    expect(calls3.count).toBe(2);
  });

  it("retries network errors on GET", async () => {
    const calls = sequence([() => HttpResponse.error(), () => HttpResponse.json({ ok: 1 })]);
    expect(await client().get({ operation: "r", path: "/r" })).toEqual({ ok: 1 });
    expect(calls.count).toBe(2);
  });

  it("maps 400 to InvalidInputError with the vendor message", async () => {
    sequence([() => HttpResponse.json({ message: "Unexpected request body provided." }, { status: 400 })]);
    const error = await client().get({ operation: "r", path: "/r" }).catch((e: unknown) => e);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("Unexpected request body provided.");
  });

  it("lets the provider's mapError replace the default error", async () => {
    sequence([() => new HttpResponse("app not approved", { status: 401 })]);
    const c = client({
      mapError: (ctx) => new ConfigurationError(`custom ${ctx.status} ${ctx.text}`, { status: ctx.status }),
    });
    await expect(c.get({ operation: "r", path: "/r" })).rejects.toThrowError("custom 401 app not approved");
  });
});

describe("timeouts and cancellation", () => {
  const slow = (ms: number) =>
    server.use(
      http.get(`${BASE}/slow`, async () => {
        await new Promise((r) => setTimeout(r, ms));
        return HttpResponse.json({ late: true });
      }),
    );

  it("times out an attempt and retries it, then reports TimeoutError", async () => {
    // On vitest's fake clock: the 30 ms attempt timeout and the handler's 300 ms run in fake
    // time, so the test is exact at any machine load.
    vi.useFakeTimers();
    try {
      let calls = 0;
      server.use(
        http.get(`${BASE}/slow`, async () => {
          calls += 1;
          await new Promise((r) => setTimeout(r, 300));
          return HttpResponse.json({});
        }),
      );
      const error = await runOnFakeClock(
        client({ timeoutMs: 30, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 1 } })
          .get({ operation: "slow", path: "/slow" })
          .catch((e: unknown) => e),
      );
      expect(TimeoutError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain("30 ms");
      expect(calls).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });


  it("stops at the overall deadline", async () => {
    slow(1000);
    const error = await client({ timeoutMs: 5000, deadlineMs: 80 }).get({ operation: "slow", path: "/slow" }).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("deadlineMs");
  });

  it("honours the caller's signal with its own reason", async () => {
    slow(1000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await client().get({ operation: "slow", path: "/slow", signal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
  });
});

describe("redirects", () => {
  it("follows same-origin redirects with the credential", async () => {
    let auth: string | null = null;
    server.use(
      http.get(`${BASE}/old`, () => new HttpResponse(null, { status: 301, headers: { location: "/v2/new" } })),
      http.get(`${BASE}/new`, ({ request }) => ((auth = request.headers.get("x-token")), HttpResponse.json({ moved: true }))),
    );
    expect(await client().get({ operation: "r", path: "/old" })).toEqual({ moved: true });
    expect(auth).toBe(TOKEN.reveal());
  });

  it("refuses cross-origin redirects before sending anything there", async () => {
    let reached = false;
    server.use(
      http.get(`${BASE}/old`, () => new HttpResponse(null, { status: 307, headers: { location: "https://evil.test/collect" } })),
      http.get("https://evil.test/collect", () => ((reached = true), HttpResponse.json({}))),
    );
    const error = await client().get({ operation: "r", path: "/old" }).catch((e: unknown) => e);
    expect(RedirectError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("https://evil.test");
    expect(reached).toBe(false);
  });

  it("stops redirect loops", async () => {
    server.use(http.get(`${BASE}/loop`, () => new HttpResponse(null, { status: 302, headers: { location: `${BASE}/loop` } })));
    await expect(client().get({ operation: "r", path: "/loop" })).rejects.toThrowError(/more than 5 redirects/);
  });
});

describe("hooks", () => {
  it("see redacted URLs and no headers", async () => {
    const events: unknown[] = [];
    const hooks: HttpHooks = {
      onRequest: (e) => events.push(e),
      onResponse: (e) => events.push(e),
      onRetry: (e) => events.push(e),
      onError: (e) => events.push({ ...e, error: e.error.toJSON() }),
    };
    server.use(http.get(`${BASE}/h`, () => HttpResponse.json({ message: "nope" }, { status: 503 })));
    await client({ hooks, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 1 } })
      .get({ operation: "h", path: "/h", query: { "api-token": TOKEN.reveal(), q: "1" } })
      .catch(() => undefined);
    const text = JSON.stringify(events);
    expect(text).not.toContain(TOKEN.reveal());
    expect(text).toContain("api-token=REDACTED");
    expect(events.map((e) => Object.keys(e as object))).not.toContainEqual(expect.arrayContaining(["headers"]));
    expect((events as { attempt: number }[]).filter((e) => "delayMs" in e)).toHaveLength(1);
  });

  it("a throwing hook never breaks the request", async () => {
    server.use(http.get(`${BASE}/h`, () => HttpResponse.json({ ok: 1 })));
    const hooks: HttpHooks = {
      onRequest: () => {
        throw new Error("logger down");
      },
    };
    expect(await client({ hooks }).get({ operation: "h", path: "/h" })).toEqual({ ok: 1 });
  });
});

describe("cache", () => {
  it("de-duplicates concurrent identical GETs and reuses results within the TTL", async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/c`, async () => {
        calls += 1;
        await new Promise((r) => setTimeout(r, 20));
        return HttpResponse.json({ n: calls });
      }),
    );
    const c = client({ cache: { ttlMs: 60_000 } });
    const [a, b] = await Promise.all([c.get({ operation: "c", path: "/c" }), c.get({ operation: "c", path: "/c" })]);
    expect(a).toEqual({ n: 1 });
    expect(b).toEqual({ n: 1 });
    expect(await c.get({ operation: "c", path: "/c" })).toEqual({ n: 1 });
    expect(calls).toBe(1);
    expect(await c.get({ operation: "c", path: "/c", noCache: true })).toEqual({ n: 2 });
  });

  it("expires entries and never caches failures", async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/c`, () => {
        calls += 1;
        return calls === 1 ? HttpResponse.json({}, { status: 404 }) : HttpResponse.json({ n: calls });
      }),
    );
    const c = client({ cache: { ttlMs: 30 } });
    await expect(c.get({ operation: "c", path: "/c" })).rejects.toThrow();
    expect(await c.get({ operation: "c", path: "/c" })).toEqual({ n: 2 });
    await new Promise((r) => setTimeout(r, 50));
    expect(await c.get({ operation: "c", path: "/c" })).toEqual({ n: 3 });
  });
});

describe("throttle", () => {
  it("keeps at most maxConcurrency requests in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    // The first requests are held until three are in flight, so reaching the limit does not
    // depend on how fast the machine is (with a 15 ms handler alone, a stalled event loop could
    // finish one before the third arrived). Exceeding it is still caught by `peak`.
    let open!: () => void;
    const three = new Promise<void>((resolve) => (open = resolve));
    server.use(
      http.get(`${BASE}/t/:n`, async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        if (inFlight === 3) open();
        await three;
        await new Promise((r) => setTimeout(r, 15));
        inFlight -= 1;
        return HttpResponse.json({});
      }),
    );
    const c = client({ throttle: { maxConcurrency: 3, requestsPerSecond: 10_000 } });
    await Promise.all(Array.from({ length: 12 }, (_, n) => c.get({ operation: "t", path: `/t/${n}` })));
    expect(peak).toBe(3);
  });

  it("spaces request starts by the configured rate", async () => {
    // On vitest's fake clock: a lower bound on wall-clock gaps flaked under load (68 ms seen
    // for 100 ms of spacing), while fake time measures the throttle's own spacing exactly.
    vi.useFakeTimers();
    try {
      const starts: number[] = [];
      server.use(http.get(`${BASE}/t/:n`, () => (starts.push(Date.now()), HttpResponse.json({}))));
      const c = client({ throttle: { maxConcurrency: 10, requestsPerSecond: 50 } });
      await runOnFakeClock(Promise.all(Array.from({ length: 6 }, (_, n) => c.get({ operation: "t", path: `/t/${n}` }))), { stepMs: 1 });
      // 6 starts at 50/s: each at least 20 ms after the one before.
      expect(starts).toHaveLength(6);
      const sorted = [...starts].sort((a, b) => a - b);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!, `gap ${i}`).toBeGreaterThanOrEqual(20);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("bodies cut short", () => {
  it("retries a body that ends before its Content-Length, then reports InvalidResponseError", async () => {
    let calls = 0;
    const origin = createServer((_req, res) => {
      calls += 1;
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"items":[');
      setTimeout(() => res.socket?.destroy(), 5);
    });
    await new Promise<void>((r) => origin.listen(0, "127.0.0.1", () => r()));
    const base = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
    server.use(http.get(`${base}/*`, () => passthrough()));
    try {
      const error = await client({ baseUrl: base }).get({ operation: "cut", path: "/cut" }).catch((e: unknown) => e);
      expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toContain("cut short");
      expect((error as ToolweaveError).isRetryable).toBe(true);
      expect(calls).toBe(4);
    } finally {
      origin.closeAllConnections();
      await new Promise((r) => origin.close(r));
    }
  });
});
