import { CONTRACT_VERSION } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import { circleciConnector } from "./descriptor.js";
import { LEGACY_TOKEN, PROJECT_TOKEN, TOKEN } from "./test-utils.js";

describe("circleciConnector", () => {
  it("describes the connector and its environment variables", () => {
    expect(circleciConnector).toMatchObject({ id: "circleci", displayName: "CircleCI", contractVersion: CONTRACT_VERSION });
    const [token, baseUrl] = circleciConnector.env;
    expect(token).toMatchObject({ name: "CIRCLECI_TOKEN", setting: "token", secret: true, required: true });
    expect(token?.fix).toMatch(/https:\/\/app\.circleci\.com\/settings\/user\/tokens/);
    expect(baseUrl).toMatchObject({ name: "CIRCLECI_BASE_URL", setting: "baseUrl", required: false, defaultValue: "https://circleci.com/api/v2" });
  });

  it("validates variable values", () => {
    const [token, baseUrl] = circleciConnector.env;
    for (const ok of [TOKEN, LEGACY_TOKEN, PROJECT_TOKEN]) expect(token!.schema.safeParse(ok).success).toBe(true);
    for (const bad of ["", "hunter2", "Bearer " + TOKEN]) expect(token!.schema.safeParse(bad).success).toBe(false);
    expect(baseUrl!.schema.safeParse("https://circleci.example.com/api/v2").success).toBe(true);
    expect(baseUrl!.schema.safeParse("https://circleci.example.com").success).toBe(false);
    expect(baseUrl!.schema.safeParse("not a url").success).toBe(false);
  });

  it("reports a query string in CIRCLECI_BASE_URL as a query string, not as a missing /api/v2", () => {
    const [, baseUrl] = circleciConnector.env;
    const result = baseUrl!.schema.safeParse("https://circleci.example.com/api/v2?x=1");
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message).join("; ");
    expect(messages).toMatch(/query string/);
    expect(messages).not.toMatch(/must end with/);
    expect(baseUrl!.schema.safeParse("http://circleci.example.com/api/v2").error?.issues[0]?.message).toMatch(/must use https/);
  });

  it("creates a client from resolved settings", () => {
    const client = circleciConnector.create({ token: TOKEN });
    expect(client.id).toBe("circleci");
    expect(client.correlator.provider).toBe("circleci");
    expect(circleciConnector.credentialSchema.safeParse({ token: TOKEN }).success).toBe(true);
    expect(circleciConnector.credentialSchema.safeParse({ token: TOKEN, baseUrl: "x" }).success).toBe(false);
  });
});
