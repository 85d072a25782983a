import { useMswServer } from "@toolweave/core/testing";
import { InvalidInputError, PermissionError } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { APP, TOKEN, testClient, url } from "./test-utils.js";

const { server } = useMswServer();

describe("request(): endpoints the connector does not wrap", () => {
  it("lists brokers (not wrapped) with the token and app-name headers and the connector's User-Agent", async () => {
    let headers: Headers | undefined;
    server.use(
      http.get(url("/broker"), ({ request }) => {
        headers = request.headers;
        return HttpResponse.json([{ _cid: "/broker/1", _name: "Ashburn, VA, US", _type: "circonus" }]);
      }),
    );
    const brokers = z.array(z.object({ _cid: z.string(), _name: z.string() }));
    const { data } = await testClient().request({ path: "broker", schema: brokers });
    expect(data).toEqual([{ _cid: "/broker/1", _name: "Ashburn, VA, US" }]);
    expect(headers?.get("x-circonus-auth-token")).toBe(TOKEN);
    expect(headers?.get("x-circonus-app-name")).toBe(APP);
    expect(headers?.get("user-agent")).toMatch(/^toolweave-circonus\//);
  });

  it("refuses a write with a read-only token before sending, like the wrapped writes", async () => {
    const error = await testClient({ privilege: "read-only" })
      .request({ method: "POST", path: "graph", body: { title: "x" } })
      .catch((e: unknown) => e);
    expect(PermissionError.isInstance(error)).toBe(true);
  });

  it("refuses a path leaving the API root", async () => {
    const error = await testClient().request({ path: "../v1/account" }).catch((e: unknown) => e);
    expect(InvalidInputError.isInstance(error)).toBe(true);
  });
});
