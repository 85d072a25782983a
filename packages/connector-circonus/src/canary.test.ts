import { useMswServer } from "@toolweave/core/testing";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { http, HttpResponse } from "msw";
import { ToolweaveError } from "@toolweave/core";
import { circonusFixtures as fx } from "./__fixtures__/index.js";
import { TOKEN, testClient, url } from "./test-utils.js";

const { server } = useMswServer();

const leaks = (value: unknown) =>
  [inspect(value, { depth: 10, showHidden: true }), JSON.stringify(value) ?? "", value instanceof Error ? `${value.message}${value.stack}${String(value.cause)}` : ""].some((t) =>
    t.includes(TOKEN),
  );

describe("the token never leaks", () => {
  it("is not in the client, its credential, or its verify report", async () => {
    server.use(
      http.get(url("/account/current"), () => HttpResponse.json(fx.accountCurrent)),
      http.get(url("/user/current"), () => HttpResponse.json(fx.userCurrent)),
    );
    const client = testClient();
    expect(leaks(client)).toBe(false);
    expect(leaks(client.credential)).toBe(false);
    expect(String(client.credential.secret)).toBe("****5ec7");
    expect(leaks(await client.verify())).toBe(false);
  });

  it.each([401, 403, 400, 404, 429, 500])("is not in a %i error, even when the server echoes it", async (status) => {
    const events: unknown[] = [];
    server.use(
      http.get(url("/alert/1"), () =>
        HttpResponse.json({ code: "Echo", message: `token ${TOKEN}`, explanation: TOKEN, tag: TOKEN, server: "api1" }, { status, headers: { "Retry-After": "0" } }),
      ),
    );
    const client = testClient({ retry: false, hooks: { onError: (e) => events.push(e), onRequest: (e) => events.push(e) } });
    const error = await client.getAlert(1).catch((e: unknown) => e);
    expect(ToolweaveError.isInstance(error)).toBe(true);
    expect(leaks(error)).toBe(false);
    expect(leaks((error as ToolweaveError).toJSON())).toBe(false);
    expect(leaks(events)).toBe(false);
  });

  it("is not in a plain-text error body echo", async () => {
    server.use(http.get(url("/alert/1"), () => new HttpResponse(`bad token ${TOKEN}`, { status: 403, headers: { "Content-Type": "text/plain" } })));
    const error = await testClient().getAlert(1).catch((e: unknown) => e);
    expect(leaks(error)).toBe(false);
  });

  it("is not in settings errors", () => {
    let error: unknown;
    try {
      testClient({ appName: "" });
    } catch (e) {
      error = e;
    }
    expect(ToolweaveError.isInstance(error)).toBe(true);
    expect(leaks(error)).toBe(false);
  });
});
