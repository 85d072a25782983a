import { describe, expect, it } from "vitest";
import { CONTRACT_VERSION, assertCompatible } from "@toolweave/core";
import { circonusConnector } from "./descriptor.js";
import { TOKEN } from "./test-utils.js";

describe("circonusConnector descriptor", () => {
  it("declares the env variables, their settings and schemas", () => {
    assertCompatible(circonusConnector);
    expect(circonusConnector.contractVersion).toBe(CONTRACT_VERSION);
    expect(circonusConnector.id).toBe("circonus");
    const env = Object.fromEntries(circonusConnector.env.map((e) => [e.name, e]));
    expect(Object.keys(env)).toEqual([
      "CIRCONUS_API_TOKEN",
      "CIRCONUS_API_APP",
      "CIRCONUS_API_URL",
      "CIRCONUS_UI_URL",
      "CIRCONUS_API_TOKEN_PRIVILEGE",
    ]);
    expect(env.CIRCONUS_UI_URL).toMatchObject({ setting: "uiUrl" });
    expect(env.CIRCONUS_UI_URL!.schema.safeParse("https://example-ops.circonus.com/").success).toBe(true);
    expect(env.CIRCONUS_UI_URL!.schema.safeParse("https://example-ops.circonus.com/?token=x").success).toBe(false);
    expect(env.CIRCONUS_API_TOKEN).toMatchObject({ setting: "token", secret: true, required: true });
    expect(env.CIRCONUS_API_APP).toMatchObject({ setting: "appName", required: true });
    expect(env.CIRCONUS_API_URL).toMatchObject({ setting: "baseUrl", defaultValue: "https://api.circonus.com/v2" });
    expect(env.CIRCONUS_API_TOKEN!.schema.safeParse(TOKEN).success).toBe(true);
    expect(env.CIRCONUS_API_TOKEN!.schema.safeParse("abc").success).toBe(false);
    expect(env.CIRCONUS_API_APP!.schema.safeParse("bad name").success).toBe(false);
    expect(env.CIRCONUS_API_URL!.schema.safeParse("https://api.circonus.com/v2").success).toBe(true);
    expect(env.CIRCONUS_API_URL!.schema.safeParse("not a url").success).toBe(false);
    expect(env.CIRCONUS_API_TOKEN_PRIVILEGE!.schema.safeParse("read-only").success).toBe(true);
  });

  it("CIRCONUS_API_URL is checked like the baseUrl setting: query string, missing /v2 and http named as such", () => {
    const url = circonusConnector.env.find((e) => e.name === "CIRCONUS_API_URL")!;
    const message = (value: string) => url.schema.safeParse(value).error?.issues.map((i) => i.message).join("; ");
    expect(message("https://api.circonus.com/v2?x=1")).toMatch(/query string/);
    expect(message("https://api.circonus.com")).toMatch(/must end with \/v2/);
    expect(message("http://api.circonus.com/v2")).toMatch(/https/);
    expect(url.schema.safeParse("api.inside.example.com").success).toBe(true);
  });

  it("validates credentials strictly and creates a connector", () => {
    expect(circonusConnector.credentialSchema.safeParse({ token: TOKEN, appName: "acme-toolweave" }).success).toBe(true);
    expect(circonusConnector.credentialSchema.safeParse({ token: TOKEN }).success).toBe(false);
    expect(circonusConnector.credentialSchema.safeParse({ token: TOKEN, appName: "a", other: 1 }).success).toBe(false);
    const client = circonusConnector.create({ token: TOKEN, appName: "acme-toolweave" });
    expect(client).toMatchObject({ id: "circonus", displayName: "Circonus", appName: "acme-toolweave" });
    expect(client.correlator.provider).toBe("circonus");
  });
});
