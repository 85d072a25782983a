import { describe, expect, it } from "vitest";
import { createConnectorHttpClient } from "./create-connector-http-client.js";

const base = { provider: "acme", displayName: "Acme", baseUrl: "https://api.acme.example/v1", runtime: {} };

describe("createConnectorHttpClient", () => {
  it("sends the connector's own product token first, then the app's userAgent", async () => {
    let userAgent: string | null = null;
    const fetch: typeof globalThis.fetch = async (_url, init) => {
      userAgent = new Headers(init?.headers).get("user-agent");
      return new Response("{}", { headers: { "content-type": "application/json" } });
    };
    const http = createConnectorHttpClient({ ...base, product: "toolweave-acme/1.2.3", runtime: { fetch, userAgent: "acme-portal/2.3", maxPages: 3 } });
    await http.get({ operation: "ping", path: "ping" });
    expect(userAgent).toBe("toolweave-acme/1.2.3 acme-portal/2.3");
  });

  it.each(["", "toolweave-core/0.1.0", "acme/1.0", "toolweave-acme", "toolweave-acme/1.0 extra/2"])("refuses %j as the connector's product token", (product) => {
    expect(() => createConnectorHttpClient({ ...base, product })).toThrow(/toolweave-<id>\/<version>/);
  });
});
