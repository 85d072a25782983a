import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { describeReceived } from "./describe-received.js";
import { NotFoundError, ToolweaveError } from "./errors.js";
import { createConnectorRequest } from "./http/connector-request.js";
import { createHttpClient } from "./http/http-client.js";
import type { HttpHooks } from "./http/types.js";
import { redactExcerpt } from "./redact.js";
import { Secret } from "./secret.js";
import { recordingHooks, secretLeakCheck, useMswServer } from "./testing.js";

const BASE = "https://api.example.test/v2";
const RAW = "cut_canary_7Hq2Lm9Xv4Rt8Wz1Pk6N";
const token = new Secret(RAW);
const { server, requests } = useMswServer();
const PADS = [0, 1, 7, 20, 33, 39, 45, 60, 72, 79];
const pad = (n: number) => "a".repeat(n);
const { expectNoTokenIn, expectRedactedError } = secretLeakCheck(RAW);

function escapeHatch(hooks?: HttpHooks) {
  const client = createHttpClient({
    provider: "example",
    displayName: "Example",
    baseUrl: BASE,
    authenticate: (h) => h.set("x-token", token.reveal()),
    retry: { retries: 1, minDelayMs: 1, maxDelayMs: 1 },
    throttle: false,
    ...(hooks ? { hooks } : {}),
  });
  return createConnectorRequest({ http: client, displayName: "Example" });
}

describe("user input is redacted before it is cut", () => {
  it("describeReceived masks a token in a string before cutting it to 40 characters", () => {
    for (const n of PADS) {
      const shown = describeReceived(`${pad(n)}${RAW}`);
      expectNoTokenIn(`describeReceived pad ${n}`, shown);
      expect(shown).toMatch(/^the string "a*/);
    }
    expect(describeReceived("x".repeat(50))).toBe(`the string "${"x".repeat(40)}…"`);
  });

  it("redactExcerpt can keep whitespace as typed (for quoting a caller's value)", () => {
    expect(redactExcerpt(`a\n\tb ${RAW}`, 200, { foldWhitespace: false })).toBe(`a\n\tb ${token.masked}`);
    expect(redactExcerpt(`a\n\tb ${RAW}`)).toBe(`a b ${token.masked}`);
    for (const n of PADS) expectNoTokenIn(`redactExcerpt pad ${n}`, redactExcerpt(`${pad(n)}\n${RAW}`, 40, { foldWhitespace: false }));
  });

  it("request() refuses a path leaving the API root, or an unknown method, without quoting a piece of the token", async () => {
    const request = escapeHatch();
    for (const n of PADS) {
      expectRedactedError(await request({ path: `../${pad(n)}${RAW}` }).catch((e: unknown) => e), `path pad ${n}`);
      expectRedactedError(await request({ path: "me", method: `${pad(n)}${RAW}` as "GET" }).catch((e: unknown) => e), `method pad ${n}`);
    }
    expect(await request({ path: "me", method: 42 as unknown as "GET" }).catch((e: unknown) => (e as Error).message)).toMatch(/method must be one of GET.*got the number 42/);
    expect(requests).toHaveLength(0);
  });
});

describe("request(): the operation name is redacted", () => {
  it("in err.request.operation and every hook event, for the default name and a caller's own", async () => {
    server.use(http.all(`${BASE}/*`, () => HttpResponse.json({ message: "gone" }, { status: 404 })));
    for (const n of [0, 7, 45]) {
      const { hooks, events } = recordingHooks();
      const request = escapeHatch(hooks);
      const byPath = await request({ path: `thing/${pad(n)}${RAW}` }).catch((e: unknown) => e);
      expectRedactedError(byPath, `default name pad ${n}`);
      expect(NotFoundError.isInstance(byPath) && byPath.request?.operation).toBe(`request GET thing/${pad(n)}${token.masked}`);
      const byName = await request({ path: "thing", operation: `schedules of ${RAW}` }).catch((e: unknown) => e);
      expectRedactedError(byName, `caller's name pad ${n}`);
      expect(events.filter((e) => e.startsWith("onError"))).toHaveLength(2);
      for (const event of events) expectNoTokenIn("hook event", event);
    }
  });

  it("a ToolweaveError redacts the operation and URL of the request summary it is given", () => {
    const error = new ToolweaveError("failed", { request: { operation: `get ${RAW}`, method: "GET", url: `https://x.test/a/${RAW}?token=abc`, attempts: 1 } });
    expect(error.request).toEqual({ operation: `get ${token.masked}`, method: "GET", url: `https://x.test/a/${token.masked}?token=REDACTED`, attempts: 1 });
  });
});
