import { useMswServer } from "@toolweave/core/testing";
import { createMemoryStores } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { BASE, LEGACY_TOKEN, TOKEN, testClient } from "./test-utils.js";

const { server, requests } = useMswServer();

describe("the stores setting", () => {
  it("shares one GET cache between clients of one token, and not with another token", async () => {
    server.use(http.get(`${BASE}/me`, () => HttpResponse.json({ id: "u1", login: "dev", name: "Dev" })));
    const stores = createMemoryStores();
    const cache = { ttlMs: 60_000 };
    await testClient({ stores, cache }).request({ path: "me" });
    await testClient({ stores, cache }).request({ path: "me" });
    await testClient({ stores, cache, token: LEGACY_TOKEN }).request({ path: "me" });
    expect(requests.map((r) => r.headers.get("circle-token"))).toEqual([TOKEN, LEGACY_TOKEN]);
  });
});
