import { useMswServer } from "@toolweave/core/testing";
import { AbortedError } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { circonusFixtures as fx } from "./__fixtures__/index.js";
import { testClient, url } from "./test-utils.js";

const { server } = useMswServer();

describe("verify() cancelled by its caller", () => {
  it("rejects with an AbortedError (never the signal's raw reason), before or during its calls", async () => {
    server.use(
      http.get(url("/account/current"), () => HttpResponse.json(fx.accountCurrent)),
      http.get(url("/user/current"), () => HttpResponse.json(fx.userCurrent)),
    );
    const before = new AbortController();
    before.abort(new Error("stop"));
    const early = await testClient().verify({ signal: before.signal }).catch((e: unknown) => e);
    expect(AbortedError.isInstance(early)).toBe(true);
    const during = new AbortController();
    const pending = testClient().verify({ signal: during.signal }).catch((e: unknown) => e);
    during.abort(new Error("stop"));
    expect(AbortedError.isInstance(await pending)).toBe(true);
  });
});
