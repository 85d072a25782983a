import { ToolweaveError } from "@toolweave/core";
import { recordingHooks, secretLeakCheck, settle, useMswServer } from "@toolweave/core/testing";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { BASE, TOKEN, testClient } from "./test-utils.js";

const { server } = useMswServer();

/**
 * Pads before the token, so the cuts in messages (40 characters for received values, 80 for
 * slugs and paths) land before, inside and after it.
 */
const PADS = [0, 1, 7, 20, 33, 39, 45, 52, 60, 66, 72, 79];
const pad = (n: number) => "a".repeat(n);

const { expectNoTokenIn, expectRedactedError } = secretLeakCheck(TOKEN);

describe("a registered token in user input is masked before any message cuts it", () => {
  it("listPipelines with a slug holding the token (segment, prefix and segment-count errors)", async () => {
    const client = testClient();
    for (const n of PADS) {
      for (const slug of [`gh/acme/${pad(n)}${TOKEN}?`, `${pad(n)}${TOKEN}/acme/checkout`, `${pad(n)}${TOKEN}`, `gh/${pad(n)}${TOKEN}/x?y`]) {
        const error = await settle(() => client.listPipelines(slug));
        expectRedactedError(error, `listPipelines(${JSON.stringify(slug.slice(0, 12))}… pad ${n})`);
      }
    }
  });

  it("getJobDetails with the token where a job number belongs", async () => {
    const client = testClient();
    for (const n of PADS) {
      const error = await settle(() => client.getJobDetails("gh/acme/checkout", `${pad(n)}${TOKEN}` as unknown as number));
      expectRedactedError(error, `getJobDetails pad ${n}`);
    }
  });

  it("request() with a path leaving the API root", async () => {
    const client = testClient();
    for (const n of PADS) {
      const error = await settle(() => client.request({ path: `../${pad(n)}${TOKEN}` }));
      expectRedactedError(error, `request ../ pad ${n}`);
    }
  });

  it("request() with the token as the method", async () => {
    const client = testClient();
    for (const n of [0, 1, 7, 20, 33]) {
      const error = await settle(() => client.request({ path: "me", method: `${pad(n)}${TOKEN}` as "GET" }));
      expectRedactedError(error, `request method pad ${n}`);
    }
  });
});

describe("request(): the operation name built from the path is redacted", () => {
  it("in err.request.operation and every hook event of a failed call (404)", async () => {
    server.use(http.all(`${BASE}/*`, () => HttpResponse.json({ message: "Not found" }, { status: 404 })));
    for (const n of [0, 7, 45, 79]) {
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
    await client.request({ path: "thing", operation: `schedules for ${TOKEN}` });
    expect(events.filter((e) => e.startsWith("onResponse"))).toHaveLength(2);
    for (const event of events) expectNoTokenIn("hook event", event);
  });
});
