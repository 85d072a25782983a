import { http, HttpResponse } from "msw";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { createHttpClient } from "./http-client.js";
import { createConnectorRequest } from "./connector-request.js";
import { InvalidInputError, PermissionError } from "../errors.js";
import { Secret } from "../secret.js";
import { useMswServer } from "../testing.js";

const BASE = "https://api.example.test/v2";
const { server, requests } = useMswServer();
const token = new Secret("hatch_token_0123456789abcdef");
const client = createHttpClient({ provider: "example", displayName: "Example", baseUrl: BASE, authenticate: (h) => h.set("x-token", token.reveal()), retry: false, throttle: false });

describe("a connector's request() escape hatch", () => {
  it("calls an endpoint the connector does not wrap, with its credential, validating with the given schema", async () => {
    server.use(http.get(`${BASE}/insights/pages`, ({ request }) => HttpResponse.json({ seen: request.headers.get("x-token"), q: new URL(request.url).searchParams.get("q") })));
    const request = createConnectorRequest({ http: client, displayName: "Example" });
    const response = await request({ path: "insights/pages", query: { q: "a b" }, schema: z.object({ seen: z.string(), q: z.string() }) });
    expect(response.data).toEqual({ seen: token.reveal(), q: "a b" });
    expect(response.status).toBe(200);
  });

  it.each(["https://evil.example/x", "//evil.example/x", "../../admin", "%2e%2e/%2e%2e/admin", "a\\..\\b"])("refuses %s before sending: the credential stays on the API", async (path) => {
    const request = createConnectorRequest({ http: client, displayName: "Example" });
    const error = await request({ path }).catch((e: unknown) => e);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect(requests).toHaveLength(0);
  });

  it("lets the connector refuse writes before sending (a read-only token)", async () => {
    const request = createConnectorRequest({
      http: client,
      displayName: "Example",
      beforeWrite: (operation) => {
        throw new PermissionError(`${operation}: read-only token`);
      },
    });
    const error = await request({ method: "POST", path: "things", body: { a: 1 } }).catch((e: unknown) => e);
    expect(PermissionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("request POST things");
    expect(requests).toHaveLength(0);
  });
});
