import { useMswServer } from "@toolweave/core/testing";
import { describe, expect, it } from "vitest";
import { http, HttpResponse } from "msw";
import { AuthenticationError, InvalidInputError, NotFoundError, PermissionError, ServiceError, type ToolweaveError } from "@toolweave/core";
import { circonusFixtures as fx } from "./__fixtures__/index.js";
import { parseCirconusErrorBody } from "./schemas/error-body.js";
import { APP, TOKEN, testClient, url } from "./test-utils.js";

const { server } = useMswServer();

async function failing(status: number, body: unknown, init: { text?: boolean } = {}) {
  let calls = 0;
  server.use(
    http.get(url("/check_bundle/45315"), () => {
      calls += 1;
      return init.text
        ? new HttpResponse(String(body), { status, headers: { "Content-Type": "text/plain" } })
        : HttpResponse.json(body as object, { status });
    }),
  );
  const error = (await testClient().getCheckBundle(45315).catch((e: unknown) => e)) as ToolweaveError;
  return { error, calls };
}

describe("Circonus error mapping", () => {
  it("401 → the app is not approved yet: says where to approve it, not retried", async () => {
    const { error, calls } = await failing(401, fx.errors.notApproved);
    expect(calls).toBe(1);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain(`app "${APP}" is not approved for this token yet`);
    expect(error.fix).toMatch(/Integrations → API Tokens/);
    expect(error.details).toMatchObject({ reason: "app-not-approved", appName: APP, message: "Authorization Required" });
  });

  it("401 with a plain-text body is handled too", async () => {
    const { error } = await failing(401, "Authorization Required", { text: true });
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.details.text).toBe("Authorization Required");
  });

  it("403 Forbidden.BadToken → PermissionError naming CIRCONUS_API_TOKEN, keeping tag and server", async () => {
    const { error, calls } = await failing(403, fx.errors.forbiddenBadToken);
    expect(calls).toBe(1);
    expect(PermissionError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toMatch(/bad or retired token/);
    expect(error.message).toContain("Forbidden.BadToken: invalid authentication token");
    expect(error.fix).toMatch(/CIRCONUS_API_TOKEN/);
    expect(error.details).toMatchObject({
      reason: "bad-token",
      code: "Forbidden.BadToken",
      tag: "7c0bbdc0-8264-11e9-ad0b-acde48001122",
      server: "api1.example.circonus.net",
      reference: "abc123",
      explanation: "The authentication token you supplied is invalid",
    });
    expect(JSON.stringify(error)).toContain("7c0bbdc0-8264-11e9-ad0b-acde48001122");
  });

  it("403 Forbidden.BadApp → PermissionError saying to allow the app name", async () => {
    const { error } = await failing(403, fx.errors.forbiddenBadApp);
    expect(PermissionError.isInstance(error)).toBe(true);
    expect(error.message).toContain(`app "${APP}" is denied`);
    expect(error.fix).toMatch(/API Tokens.*Allow/);
    expect(error.details.reason).toBe("app-denied");
  });

  it("400 invalid search → InvalidInputError with code, tag and server", async () => {
    const { error } = await failing(400, fx.errors.invalidSearch);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect(error.message).toContain("InputError.InvalidValue: invalid search query");
    expect(error.details).toMatchObject({ tag: "2f7a9c10-1b2d-11ee-9a4e-0242ac120002", server: "api2.example.circonus.net" });
  });

  it("400 for a usage limit suggests checking the account's limits (hashicorp/consul#2567)", async () => {
    const { error } = await failing(400, { code: "InputError.LimitExceeded", message: "Host usage limit reached" });
    expect(error.fix).toMatch(/usage limit/);
  });

  it("404 → NotFoundError that mentions visibility", async () => {
    const { error } = await failing(404, { code: "NotFound", message: "not found" });
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/not visible to this token/);
  });

  it("500 with a plain-text body stays a ServiceError and keeps the text", async () => {
    const { error, calls } = await failing(500, "upstream exploded", { text: true });
    expect(calls).toBe(1);
    expect(ServiceError.isInstance(error)).toBe(true);
    expect(error.message).toContain("upstream exploded");
    expect(error.details.text).toBe("upstream exploded");
  });

  it("503 is retried and keeps its body facts when retries run out", async () => {
    const { error, calls } = await failing(503, { code: "Unavailable", message: "try later", tag: "t-1", server: "api3" });
    expect(calls).toBe(3);
    expect(ServiceError.isInstance(error)).toBe(true);
    expect(error.details).toMatchObject({ tag: "t-1", server: "api3" });
  });
});

describe("parseCirconusErrorBody", () => {
  it("reads every known field leniently", () => {
    expect(parseCirconusErrorBody({ code: "X", message: 5, status: "400", tag: null, server: ["a"], error: { message: "inner" } }, "")).toEqual({
      code: "X",
      message: "5",
    });
    expect(parseCirconusErrorBody({ error: { message: "from GoAPI" } }, "")).toEqual({ message: "from GoAPI" });
  });

  it("reads plain text and JSON served as text", () => {
    expect(parseCirconusErrorBody(undefined, "  rate   limit\n")).toEqual({ text: "rate limit" });
    expect(parseCirconusErrorBody(undefined, '{"code":"Forbidden.BadToken"}')).toEqual({ code: "Forbidden.BadToken" });
    expect(parseCirconusErrorBody(undefined, "")).toEqual({});
    expect(parseCirconusErrorBody(["x"], "[]")).toEqual({});
  });
});

describe("a token echoed in an error body (redact first, then cut)", () => {
  // The canary token of the test client, echoed by a careless server right across the point
  // where an excerpt would be cut.
  const pieces = (text: string) => Array.from({ length: TOKEN.length - 7 }, (_, i) => TOKEN.slice(i, i + 8)).filter((p) => text.includes(p));

  it.each([250, 270, 285, 290, 295, 299])("shows no part of a token echoed at offset %i of a JSON message", async (pad) => {
    const { error } = await failing(500, { code: "Internal", message: `${"m".repeat(pad)}${TOKEN} trailing` });
    const seen = [error.message, JSON.stringify(error), String(error.stack), JSON.stringify(error.details)].join("\n");
    expect(pieces(seen)).toEqual([]);
  });

  it.each([250, 285, 299])("shows no part of a token echoed at offset %i of a plain-text body, nor upper-cased", async (pad) => {
    const { error } = await failing(400, `${"t".repeat(pad)}${TOKEN.toUpperCase()} end`, { text: true });
    const seen = [error.message, JSON.stringify(error), String(error.stack)].join("\n").toLowerCase();
    expect(pieces(seen)).toEqual([]);
  });
});
