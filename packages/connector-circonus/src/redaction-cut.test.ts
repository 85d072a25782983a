import { ToolweaveError } from "@toolweave/core";
import { recordingHooks, secretLeakCheck, settle, useMswServer } from "@toolweave/core/testing";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createCirconus } from "./create-circonus.js";
import { metricTag } from "./metric-query.js";
import { BASE, TOKEN, testClient } from "./test-utils.js";

const { server } = useMswServer();

/**
 * Pads before the token, so the cuts in messages (40 characters for received values and
 * names, 60 for tags, 80 for CIDs and paths) land before, inside and after it.
 */
const PADS = [0, 1, 4, 10, 20, 30, 39, 44, 50, 59, 64, 75];
const pad = (n: number) => "a".repeat(n);

const { expectNoTokenIn, expectRedactedError } = secretLeakCheck(TOKEN);

describe("a registered token in user input is masked before any message cuts it", () => {
  const client = testClient();
  const cases: Record<string, (input: string) => unknown> = {
    "getCheckBundle with a CID of another type": (input) => client.getCheckBundle(`/x/${input}`),
    "getCheckBundle with a non-numeric id": (input) => client.getCheckBundle(input),
    "search tag": (input) => client.listCheckBundles({ search: { tags: [input] } }),
    "search text": (input) => client.listCheckBundles({ search: { text: `(${input}` } }),
    "search term field": (input) => client.listCheckBundles({ search: { terms: { [input]: "x" } } }),
    "search unknown key": (input) => client.listCheckBundles({ search: { [input]: "x" } as never }),
    "unknown list option": (input) => client.listChecks({ [input]: 1 } as never),
    "list order": (input) => client.listChecks({ order: input }),
    "filter field": (input) => client.listChecks({ filter: [{ field: input, value: 1 }] }),
    "searchMetrics unknown option": (input) => client.searchMetrics({ service: "web" }, { [input]: 1 } as never),
    "metricTag category": (input) => metricTag(`${input}!`, "web"),
    "metricTag value": (input) => metricTag("service", `${input} x`),
    "appName setting": (input) => createCirconus({ token: TOKEN, appName: `${input}!`, baseUrl: BASE }),
    "request path leaving the API root": (input) => client.request({ path: `../${input}` }),
  };
  for (const [name, call] of Object.entries(cases)) {
    it(name, async () => {
      for (const n of PADS) expectRedactedError(await settle(() => call(`${pad(n)}${TOKEN}`)), `${name}, pad ${n}`);
    });
  }

  it("request() with the token as the method", async () => {
    for (const n of [0, 1, 4, 10, 20, 30]) {
      const error = await settle(() => client.request({ path: "account/current", method: `${pad(n)}${TOKEN}` as "GET" }));
      expectRedactedError(error, `request method pad ${n}`);
    }
  });
});

describe("request(): the operation name built from the path is redacted", () => {
  it("in err.request.operation and every hook event of a failed call (404)", async () => {
    server.use(http.all(`${BASE}/*`, () => HttpResponse.json({ code: "ObjectError.NotFound", message: "not found" }, { status: 404 })));
    for (const n of [0, 4, 44, 75]) {
      const { hooks, events } = recordingHooks();
      const error = await settle(() => testClient({ hooks }).request({ path: `thing/${pad(n)}${TOKEN}` }));
      expectRedactedError(error, `request 404 pad ${n}`);
      expect((error as ToolweaveError).request?.operation).toMatch(/^request GET thing\//);
      expect(events.some((e) => e.startsWith("onError"))).toBe(true);
      for (const event of events) expectNoTokenIn("hook event", event);
    }
  });

  it("in onRetry events and the error after retries (503)", async () => {
    server.use(http.all(`${BASE}/*`, () => HttpResponse.json({ message: "busy" }, { status: 503 })));
    const { hooks, events } = recordingHooks();
    const error = await settle(() => testClient({ hooks }).request({ path: `thing/${TOKEN}`, query: { q: TOKEN } }));
    expectRedactedError(error, "request 503");
    expect(events.filter((e) => e.startsWith("onRetry"))).toHaveLength(2);
    for (const event of events) expectNoTokenIn("hook event", event);
  });

  it("in onRequest and onResponse events of a call that succeeds, and in a caller's own operation name", async () => {
    server.use(http.all(`${BASE}/*`, () => HttpResponse.json({ ok: true })));
    const { hooks, events } = recordingHooks();
    const client = testClient({ hooks });
    await client.request({ path: `thing/${TOKEN}` });
    await client.request({ path: "thing", operation: `brokers for ${TOKEN}` });
    expect(events.filter((e) => e.startsWith("onResponse"))).toHaveLength(2);
    for (const event of events) expectNoTokenIn("hook event", event);
  });

  it("in the read-only refusal of a write (details.operation)", async () => {
    const error = await settle(() => testClient({ privilege: "read-only" }).request({ method: "POST", path: `graph/${TOKEN}`, body: { title: "x" } }));
    expectRedactedError(error, "read-only POST");
  });
});
