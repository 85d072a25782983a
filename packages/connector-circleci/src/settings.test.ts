import { Secret } from "@toolweave/core";
import { configurationErrorOf } from "@toolweave/core/testing";
import { describe, expect, it } from "vitest";
import { createCircleCI } from "./create-circleci.js";
import { resolveSettings } from "./settings.js";
import { TOKEN } from "./test-utils.js";

const configError = configurationErrorOf;

describe("settings", () => {
  it("applies the documented defaults", () => {
    const s = resolveSettings({ token: TOKEN });
    expect(s.baseUrl.href).toBe("https://circleci.com/api/v2/");
    expect(s.v1BaseUrl.href).toBe("https://circleci.com/api/v1.1/");
    expect(s.appUrl).toBe("https://app.circleci.com");
    expect(s.cloud).toBe(true);
    expect(s.authScheme).toBe("circle-token");
    expect(s.conventions).toEqual({ context: "svc-{service}-{env}", buildWorkflow: "build-{component}", deployWorkflow: "deploy-{service}" });
  });

  it("derives v1.1 and the web host from a CircleCI Server base URL", () => {
    const s = resolveSettings({ token: TOKEN, baseUrl: "https://circleci.internal.example.com/api/v2" });
    expect(s.v1BaseUrl.href).toBe("https://circleci.internal.example.com/api/v1.1/");
    expect(s.appUrl).toBe("https://circleci.internal.example.com");
    expect(s.cloud).toBe(false);
    expect(resolveSettings({ token: TOKEN, baseUrl: "https://ci.example.com/api/v2", appUrl: "https://ui.example.com/" }).appUrl).toBe(
      "https://ui.example.com",
    );
  });

  it("names the setting, the variable and the fix when the token is missing or empty", () => {
    for (const settings of [{}, { token: "" }, { token: 42 }]) {
      const error = configError(() => resolveSettings(settings));
      expect(error.problems[0]?.name).toBe("token");
      expect(String(error)).toMatch(/CIRCLECI_TOKEN/);
      expect(error.fix).toMatch(/app\.circleci\.com\/settings\/user\/tokens/);
    }
  });

  it("requires https and the /api/v2 root for baseUrl", () => {
    const http = configError(() => resolveSettings({ token: TOKEN, baseUrl: "http://circleci.example.com/api/v2" }));
    expect(http.problems[0]?.name).toBe("baseUrl (CIRCLECI_BASE_URL)");
    expect(http.message).toMatch(/https/);
    const root = configError(() => resolveSettings({ token: TOKEN, baseUrl: "https://circleci.example.com" }));
    expect(root.message).toMatch(/must end with \/api\/v2/);
    expect(root.fix).toMatch(/"https:\/\/circleci\.example\.com\/api\/v2"/);
    expect(root.message).toMatch(/CIRCLECI_BASE_URL/);
  });

  it("names CircleCI, the baseUrl setting and CIRCLECI_BASE_URL in every base URL problem", () => {
    for (const baseUrl of ["http://circleci.example.com/api/v2", "https://circleci.example.com", "not a url", "https://u:p@circleci.example.com/api/v2", 42, null, "  "]) {
      const error = configError(() => resolveSettings({ token: TOKEN, baseUrl }));
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]?.name).toBe("baseUrl (CIRCLECI_BASE_URL)");
      expect(error.problems[0]?.problem).toMatch(/^CircleCI baseUrl \(CIRCLECI_BASE_URL\) /);
      expect(error.problems[0]?.fix).toMatch(/CIRCLECI_BASE_URL/);
      expect(error.provider).toBe("circleci");
    }
  });

  it("reports a query string on baseUrl as a query string, not as a missing /api/v2", () => {
    for (const baseUrl of ["https://circleci.com/api/v2?x=1", "https://circleci.com/api/v2/?circle-token=abc", "https://circleci.com/api?x=1"]) {
      const error = configError(() => resolveSettings({ token: TOKEN, baseUrl }));
      expect(error.problems[0]?.problem).toMatch(/has a query string/);
      expect(error.message).not.toMatch(/must end with/);
      expect(error.message).not.toContain("circle-token=abc");
    }
  });

  it.each([
    ["a line feed", "CCIPAT_abc\ndef_0123456789abcdef0123", /line feed \(LF\)/],
    ["a carriage return", "CCIPAT_abc\rdef_0123456789abcdef0123", /carriage return \(CR\)/],
    ["a NUL", "CCIPAT_abc\u0000def_0123456789abcdef0123", /NUL/],
    ["a space", "CCIPAT_abc def_0123456789abcdef0123", /a space/],
    ["a control character", "CCIPAT_abc\u001bdef_0123456789abcdef0123", /control character/],
  ])("refuses a token with %s, showing the mask and never the value", (_what, token, reason) => {
    for (const value of [token, Secret.from(token)]) {
      const error = configError(() => createCircleCI({ token: value, tokenKind: "personal" }));
      expect(error.problems[0]?.name).toBe("token");
      expect(error.problems[0]?.problem).toMatch(reason);
      expect(error.problems[0]?.problem).toContain("CCIPAT_****0123");
      const shown = JSON.stringify({ message: error.message, json: error.toJSON(), stack: error.stack });
      expect(shown).not.toContain("abc");
      expect(shown).not.toContain("0123456789abcdef");
    }
  });

  it("refuses a whitespace-only token and wrong-typed settings, naming each setting", () => {
    expect(configError(() => resolveSettings({ token: "   " })).problems[0]).toMatchObject({ name: "token", problem: "token is empty" });
    const types = configError(() => resolveSettings({ token: TOKEN, authScheme: 1, appUrl: 2, tokenSource: "", maxPages: -1 }));
    expect(types.problems.map((p) => p.name).sort()).toEqual(["appUrl", "authScheme", "maxPages", "tokenSource"]);
    expect(configError(() => resolveSettings({ token: TOKEN, tokenSource: "   " })).problems.map((p) => p.name)).toEqual(["tokenSource"]);
    expect(configError(() => resolveSettings({ token: TOKEN, appUrl: "  " })).problems[0]?.problem).toMatch(/appUrl \(CIRCLECI_APP_URL\) is empty/);
    // A web UI root is named as one, not as "the API root".
    expect(configError(() => resolveSettings({ token: TOKEN, appUrl: "https://app.circleci.com/#x" })).problems[0]?.problem).toBe("CircleCI appUrl (CIRCLECI_APP_URL) has a fragment (#…); the web UI root takes none");
  });

  it("refuses unknown settings and wrong enum values with the accepted values", () => {
    const unknown = configError(() => resolveSettings({ token: TOKEN, circleToken: "x" }));
    expect(unknown.message).toMatch(/circleToken/);
    expect(unknown.fix).toMatch(/known settings are/);
    const scheme = configError(() => resolveSettings({ token: TOKEN, authScheme: "basic" }));
    expect(scheme.fix).toMatch(/"circle-token" \(default\) or "bearer"/);
    const date = configError(() => resolveSettings({ token: TOKEN, tokenExpiresAt: "next year" }));
    expect(date.fix).toMatch(/ISO date/);
    const retry = configError(() => resolveSettings({ token: TOKEN, retry: { retries: -1 } }));
    expect(retry.problems[0]?.name).toBe("retry.retries");
  });

  it("refuses tokenScope on a personal token, and an unrecognised token format without tokenKind", () => {
    expect(configError(() => createCircleCI({ token: TOKEN, tokenScope: "admin" })).message).toMatch(/project tokens only/);
    const format = configError(() => createCircleCI({ token: "not-a-circleci-token-value" }));
    expect(format.fix).toMatch(/tokenKind: "personal"/);
    expect(createCircleCI({ token: "not-a-circleci-token-value", tokenKind: "personal" }).credential.format).toBe("declared");
  });

  it("refuses a tokenKind that contradicts the prefix", () => {
    expect(configError(() => createCircleCI({ token: TOKEN, tokenKind: "project" })).message).toMatch(/prefix says it is a personal token/);
  });

  it("accepts a Secret and dates as ISO strings", () => {
    const client = createCircleCI({
      token: Secret.from(TOKEN, { label: "CIRCLECI_TOKEN" }),
      tokenCreatedAt: "2026-01-01",
      tokenExpiresAt: "2026-12-31T00:00:00Z",
      tokenSource: "CIRCLECI_TOKEN (env)",
    });
    expect(client.credential.kind).toBe("personal");
    expect(client.credential.createdAt?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(client.credential.source).toBe("CIRCLECI_TOKEN (env)");
  });

  it("validates naming templates", () => {
    expect(() => createCircleCI({ token: TOKEN, conventions: { context: "ctx-{svc}" } })).toThrow(/unknown placeholder/);
  });
});
