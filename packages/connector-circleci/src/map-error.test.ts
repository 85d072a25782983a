import { useMswServer } from "@toolweave/core/testing";
import { inspect } from "node:util";
import {
  AuthenticationError,
  InvalidInputError,
  InvalidResponseError,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  ToolweaveError,
} from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import * as fx from "./__fixtures__/index.js";
import { BASE, TOKEN, testClient } from "./test-utils.js";

const { server, requests } = useMswServer();
const P = `${BASE}/project/gh/acme/checkout`;

async function failure(call: () => Promise<unknown>): Promise<ToolweaveError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!ToolweaveError.isInstance(error)) throw new Error(`expected a ToolweaveError, got ${String(error)}`);
  return error;
}

describe("errors", () => {
  it("retries 429 after Retry-After, then succeeds", async () => {
    let calls = 0;
    const delays: number[] = [];
    server.use(
      http.get(`${BASE}/me`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json(fx.rateLimited, { status: 429, headers: { "retry-after": "1" } })
          : HttpResponse.json(fx.user);
      }),
    );
    const client = testClient({ hooks: { onRetry: (e) => delays.push(e.delayMs) } });
    expect((await client.me()).login).toBe("jdoe");
    expect(calls).toBe(2);
    // The wait came from Retry-After (1 s), not from the 1–5 ms backoff configured for tests.
    expect(delays).toEqual([1000]);
  });

  it("gives up on 429 with RateLimitedError when Retry-After is too long", async () => {
    server.use(http.get(`${BASE}/me`, () => HttpResponse.json(fx.rateLimited, { status: 429, headers: { "retry-after": "3600" } })));
    const error = await failure(() => testClient().me());
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect((error as RateLimitedError).retryAfterMs).toBe(3_600_000);
    expect(requests).toHaveLength(1);
  });

  it("says 'project not found or not visible to this token' for a 404 on a project route", async () => {
    server.use(http.get(P, () => HttpResponse.json(fx.projectNotFound, { status: 404 })));
    const error = await failure(() => testClient().getProject("gh/acme/checkout"));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/project not found or not visible to this token/);
    expect(error.message).toMatch(/Project not found/);
    expect(error.fix).toMatch(/SSO/);
    expect(error.fix).not.toMatch(/legacy/);
    expect(error.status).toBe(404);
    expect(error.isRetryable).toBe(false);
  });

  it("keeps the default 404 message on other routes", async () => {
    server.use(http.get(`${BASE}/pipeline/abc`, () => HttpResponse.json({ message: "Pipeline not found" }, { status: 404 })));
    const error = await failure(() => testClient().getPipeline("abc"));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/Pipeline not found/);
  });

  it("maps 401 to AuthenticationError naming CIRCLECI_TOKEN and where to create a token", async () => {
    server.use(http.get(`${BASE}/me`, () => HttpResponse.json(fx.invalidToken, { status: 401 })));
    const error = await failure(() => testClient().me());
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.fix).toMatch(/CIRCLECI_TOKEN/);
    expect(error.fix).toMatch(/https:\/\/app\.circleci\.com\/settings\/user\/tokens/);
  });

  it("maps 403 and reads {error} bodies as well as {message}", async () => {
    server.use(http.get(`${BASE}/context`, () => HttpResponse.json({ error: "Permission denied." }, { status: 403 })));
    const error = await failure(() => testClient().listContexts({ ownerSlug: "gh/acme" }).toArray());
    expect(PermissionError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/Permission denied\./);
  });

  it("maps 400 to InvalidInputError with the vendor message", async () => {
    server.use(http.get(`${BASE}/insights/gh/acme/checkout/workflows`, () => HttpResponse.json({ message: "Invalid reporting window" }, { status: 400 })));
    const error = await failure(() => testClient().getWorkflowInsights("gh/acme/checkout").toArray());
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/Invalid reporting window/);
  });

  it("parses JSON even without a Content-Type header (Steampipe observation)", async () => {
    server.use(http.get(`${BASE}/me`, () => new HttpResponse(JSON.stringify(fx.user), { status: 200 })));
    expect((await testClient().me()).login).toBe("jdoe");
  });

  it("reports schema drift with the operation and the field path", async () => {
    server.use(http.get(`${BASE}/pipeline/p1`, () => HttpResponse.json({ ...fx.pipelines[0], number: "1207" })));
    const error = await failure(() => testClient().getPipeline("p1"));
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/getPipeline/);
    expect(error.message).toMatch(/number/);
  });

  it("never shows the token in errors, inspect output or JSON", async () => {
    server.use(
      http.get(`${BASE}/me`, () => HttpResponse.json({ message: `bad token ${TOKEN}` }, { status: 401 })),
      http.get(P, () => HttpResponse.json({ message: `not for ${TOKEN}` }, { status: 404 })),
    );
    const client = testClient();
    const errors = [await failure(() => client.me()), await failure(() => client.getProject("gh/acme/checkout"))];
    for (const error of errors) {
      for (const text of [error.message, error.stack ?? "", String(error.fix), JSON.stringify(error), inspect(error, { depth: 6, showHidden: true })]) {
        expect(text).not.toContain(TOKEN);
      }
    }
    for (const text of [JSON.stringify(client), inspect(client, { depth: 6, showHidden: true }), String(client.credential.secret), JSON.stringify(client.credential)]) {
      expect(text).not.toContain(TOKEN);
    }
    const report = await client.verify();
    expect(JSON.stringify(report)).not.toContain(TOKEN);
  });
});
