import { AbortedError } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import * as fx from "./__fixtures__/index.js";
import { API, testClient, useServer } from "./__fixtures__/test-kit.js";

const { server } = useServer();

describe("verify() cancelled by its caller", () => {
  it("rejects with an AbortedError instead of reporting the token as not accepted", async () => {
    server.use(
      http.get(`${API}/me`, () => HttpResponse.json(fx.user)),
      http.get(`${API}/project/gh/acme/checkout`, () => HttpResponse.json(fx.project)),
    );
    const before = new AbortController();
    before.abort(new Error("stop"));
    const early = await testClient().verify({ signal: before.signal, projects: ["gh/acme/checkout"] }).catch((e: unknown) => e);
    expect(AbortedError.isInstance(early)).toBe(true);
  });
});
