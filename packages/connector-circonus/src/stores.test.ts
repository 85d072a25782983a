import { useMswServer } from "@toolweave/core/testing";
import { createMemoryStores } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { testClient, url } from "./test-utils.js";

const { server } = useMswServer();

describe("the stores setting", () => {
  it("shares one GET cache between clients of one token, and not with another token", async () => {
    const tokens: (string | null)[] = [];
    server.use(
      http.get(url("/broker"), ({ request }) => {
        tokens.push(request.headers.get("x-circonus-auth-token"));
        return HttpResponse.json([]);
      }),
    );
    const stores = createMemoryStores();
    const cache = { ttlMs: 60_000 };
    const other = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    await testClient({ stores, cache }).request({ path: "broker" });
    await testClient({ stores, cache }).request({ path: "broker" });
    await testClient({ stores, cache, token: other }).request({ path: "broker" });
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).toBe(other);
  });
});
