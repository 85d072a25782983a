import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createHttpClient } from "./http-client.js";
import { ConfigurationError } from "../errors.js";
import { useMswServer } from "../testing.js";
import { runtimeSettingsShape } from "../runtime-settings.js";

const BASE = "https://api.example.test/v2";
const { server } = useMswServer();

describe("User-Agent", () => {
  it("identifies the connector, then the app when it adds its own token", async () => {
    const seen: (string | null)[] = [];
    server.use(http.get(`${BASE}/me`, ({ request }) => (seen.push(request.headers.get("user-agent")), HttpResponse.json({}))));
    await createHttpClient({ provider: "x", baseUrl: BASE, product: "toolweave-example/1.2.3" }).get({ operation: "me", path: "me" });
    await createHttpClient({ provider: "x", baseUrl: BASE, product: "toolweave-example/1.2.3", userAgent: "acme-portal/2.3" }).get({ operation: "me", path: "me" });
    await createHttpClient({ provider: "x", baseUrl: BASE }).get({ operation: "me", path: "me" });
    expect(seen[0]).toBe("toolweave-example/1.2.3");
    expect(seen[1]).toBe("toolweave-example/1.2.3 acme-portal/2.3");
    expect(seen[2]).toMatch(/^toolweave-core\/\S+$/);
  });

  it.each(["acme\nportal", "", "two  spaces", "é/1"])("refuses userAgent %j with the fix", (userAgent) => {
    expect(() => createHttpClient({ provider: "x", baseUrl: BASE, userAgent })).toThrowError(ConfigurationError);
    expect(runtimeSettingsShape.userAgent.safeParse(userAgent).success).toBe(false);
  });
});
