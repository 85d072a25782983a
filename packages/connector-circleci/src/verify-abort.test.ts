import { useMswServer } from "@toolweave/core/testing";
import { AbortedError } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import * as fx from "./__fixtures__/index.js";
import { BASE, testClient } from "./test-utils.js";

const { server } = useMswServer();

describe("verify() cancelled by its caller", () => {
  it("rejects with an AbortedError instead of reporting the token as not accepted", async () => {
    server.use(
      http.get(`${BASE}/me`, () => HttpResponse.json(fx.user)),
      http.get(`${BASE}/project/gh/acme/checkout`, () => HttpResponse.json(fx.project)),
    );
    const before = new AbortController();
    before.abort(new Error("stop"));
    const early = await testClient().verify({ signal: before.signal, projects: ["gh/acme/checkout"] }).catch((e: unknown) => e);
    expect(AbortedError.isInstance(early)).toBe(true);
  });
});
