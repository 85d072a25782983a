/**
 * A 429 with `Retry-After` pauses the whole client before its throttle slot goes to the next
 * queued request: the pause used to start only after the slot was handed on, so the queued
 * request went out inside it, every time. On vitest's fake clock (exact at any load).
 */
import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createHttpClient } from "./http-client.js";
import { runOnFakeClock, useMswServer } from "../testing.js";

const BASE = "https://api.example.test/v2";
const { server } = useMswServer();

describe("a 429 Retry-After pause and the requests queued behind it", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("with maxConcurrency 1, the request queued behind the 429 is not sent before the pause ends", async () => {
    const sends: { path: string; at: number }[] = [];
    server.use(
      http.get(`${BASE}/item/:n`, ({ request }) => {
        sends.push({ path: new URL(request.url).pathname, at: performance.now() });
        if (sends.length === 1) return new HttpResponse(null, { status: 429, headers: { "retry-after": "1" } });
        return HttpResponse.json({});
      }),
    );
    const client = createHttpClient({
      provider: "example",
      baseUrl: BASE,
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
      throttle: { maxConcurrency: 1, requestsPerSecond: Infinity },
    });
    const started = performance.now();
    await runOnFakeClock(Promise.all([client.get({ operation: "item", path: "/item/1" }), client.get({ operation: "item", path: "/item/2" })]), { stepMs: 1 });
    expect(sends.map((s) => s.path).sort()).toEqual(["/v2/item/1", "/v2/item/1", "/v2/item/2"]);
    const [limited, ...after] = sends;
    expect(limited!.at - started).toBeLessThan(1_000);
    for (const send of after) expect(send.at - started, `${send.path} sent inside the 1 s pause`).toBeGreaterThanOrEqual(1_000);
  });
});
