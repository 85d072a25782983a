import { inspect } from "node:util";
import { configurationErrorOf } from "@toolweave/core/testing";
import { describe, expect, it, vi } from "vitest";
import { Secret } from "@toolweave/core";
import { createCirconus } from "./create-circonus.js";
import { resolveSettings } from "./settings.js";
import { TOKEN } from "./test-utils.js";

const configError = configurationErrorOf;

describe("settings", () => {
  it("a missing app name is a ConfigurationError naming CIRCONUS_API_APP, before any call", () => {
    const fetch = vi.fn();
    const error = configError(() => createCirconus({ token: TOKEN, fetch } as never));
    expect(fetch).not.toHaveBeenCalled();
    expect(error.message).toMatch(/appName is missing/);
    expect(error.fix).toMatch(/CIRCONUS_API_APP/);
    expect(error.problems.map((p) => p.name)).toEqual(["appName"]);
  });

  it("lists every problem at once, never echoing the token", () => {
    const error = configError(() => createCirconus({ token: "not-a-uuid-but-a-secret-value", appName: "bad name!", pageSize: 5000, extra: 1 } as never));
    expect(error.problems.map((p) => p.name).sort()).toEqual(["appName", "pageSize", "settings", "token"]);
    const error2 = configError(() => createCirconus({ token: "not-a-uuid-but-a-secret-value", appName: "bad name!" }));
    expect(error2.problems.map((p) => p.name)).toEqual(["token", "appName"]);
    expect(error2.fix).toMatch(/CIRCONUS_API_TOKEN/);
    for (const e of [error, error2]) {
      expect(JSON.stringify(e)).not.toContain("not-a-uuid-but-a-secret-value");
      expect(inspect(e)).not.toContain("not-a-uuid-but-a-secret-value");
    }
  });

  it("applies defaults", () => {
    const s = resolveSettings({ token: TOKEN, appName: "acme-toolweave" });
    expect(s.baseUrl).toBe("https://api.circonus.com/v2");
    expect(s.pageSize).toBe(100);
    expect(s.conventions).toEqual({ service: "service", env: "env", component: "component", team: "team" });
    expect(Secret.isInstance(s.token)).toBe(true);
  });

  it("accepts a Secret, dates, kind and privilege", () => {
    const s = resolveSettings({
      token: Secret.from(TOKEN),
      appName: "acme.toolweave_1",
      tokenKind: "account",
      privilege: "read-only",
      tokenCreatedAt: "2025-01-31",
      tokenExpiresAt: new Date("2026-01-31T00:00:00Z"),
    });
    expect(s).toMatchObject({ tokenKind: "account", privilege: "read-only" });
    expect(s.tokenCreatedAt?.toISOString()).toBe("2025-01-31T00:00:00.000Z");
  });

  it("refuses an expiry that is not after the creation date, as every connector does", () => {
    const error = configError(() => resolveSettings({ token: TOKEN, appName: "toolweave", tokenCreatedAt: "2026-02-01", tokenExpiresAt: "2026-01-31" }));
    expect(error.problems?.map((p) => p.problem)).toEqual(["tokenExpiresAt is not after tokenCreatedAt"]);
    expect(error.fix).toContain("tokenExpiresAt");
  });

  it("rejects unknown kinds and privileges with the allowed values", () => {
    const error = configError(() => resolveSettings({ token: TOKEN, appName: "a", privilege: "superuser" }));
    expect(error.fix).toMatch(/"admin", "normal" or "read-only"/);
  });

  it("rejects plain http for a non-loopback host, and a bare host name means https://<host>/v2", () => {
    configError(() => createCirconus({ token: TOKEN, appName: "a", baseUrl: "http://api.circonus.com/v2" }));
    expect(createCirconus({ token: TOKEN, appName: "a", baseUrl: "api.inside.example.com" }).baseUrl.href).toBe("https://api.inside.example.com/v2/");
    expect(createCirconus({ token: TOKEN, appName: "a", baseUrl: "http://localhost:8080/v2" }).baseUrl.href).toBe("http://localhost:8080/v2/");
  });

  it("names Circonus, the baseUrl setting and CIRCONUS_API_URL in every base URL problem", () => {
    for (const baseUrl of ["http://api.circonus.com/v2", "not a url", "https://u:p@api.circonus.com/v2", "https://api.circonus.com/v2?x=1", 42, null, ""]) {
      const error = configError(() => createCirconus({ token: TOKEN, appName: "a", baseUrl } as never));
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]?.name).toBe("baseUrl (CIRCONUS_API_URL)");
      expect(error.problems[0]?.problem).toMatch(/^Circonus baseUrl \(CIRCONUS_API_URL\) /);
      expect(error.problems[0]?.fix).toMatch(/CIRCONUS_API_URL/);
      expect(error.provider).toBe("circonus");
    }
  });

  it("reports a query string on baseUrl as a query string", () => {
    const error = configError(() => resolveSettings({ token: TOKEN, appName: "a", baseUrl: "https://api.circonus.com/v2?api_key=abc" }));
    expect(error.problems[0]?.problem).toMatch(/has a query string/);
    expect(error.fix).toContain('"https://api.circonus.com/v2"');
    expect(JSON.stringify(error)).not.toContain("api_key=abc");
  });

  it("refuses a base URL without the /v2 API path at creation, instead of a later 404", () => {
    const fetch = vi.fn();
    for (const baseUrl of ["https://api.circonus.com", "https://api.circonus.com/", "https://api.inside.example.com/api"]) {
      const error = configError(() => createCirconus({ token: TOKEN, appName: "a", baseUrl, fetch }));
      expect(error.problems[0]?.problem).toMatch(/must end with \/v2/);
      expect(error.fix).toMatch(/"https:\/\/api\.[a-z.]+\/v2"/);
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    ["a line feed", "\n", /line feed \(LF\)/],
    ["a carriage return", "\r", /carriage return \(CR\)/],
    ["a NUL", "\u0000", /NUL/],
    ["a space", " ", /a space/],
    ["a control character", "\u001b", /control character/],
  ])("refuses a token with %s by name, showing the mask and never the value", (_what, char, reason) => {
    const token = `${TOKEN.slice(0, 8)}${char}${TOKEN.slice(8)}`;
    for (const value of [token, Secret.from(token)]) {
      const error = configError(() => createCirconus({ token: value, appName: "a" }));
      expect(error.problems.map((p) => p.name)).toEqual(["token"]);
      expect(error.problems[0]?.problem).toMatch(reason);
      expect(error.problems[0]?.problem).toContain(`****${TOKEN.slice(-4)}`);
      const shown = JSON.stringify({ message: error.message, json: error.toJSON(), stack: error.stack });
      expect(shown).not.toContain(TOKEN.slice(0, 8));
    }
  });

  it("refuses careless values: empty or blank token and appName, numbers for strings, huge page sizes", () => {
    const error = configError(() => resolveSettings({ token: "  ", appName: " ", pageSize: 1e9 }));
    expect(error.problems.map((p) => p.name).sort()).toEqual(["appName", "pageSize", "token"]);
    expect(error.problems.find((p) => p.name === "token")?.problem).toMatch(/empty|whitespace/);
    for (const nothing of [null, undefined, {}]) {
      const missing = configError(() => createCirconus(nothing as never));
      expect(missing.problems.map((p) => p.problem)).toEqual(["token is missing", "appName is missing (Circonus needs an app name with every token)"]);
    }
    const wrongToken = configError(() => resolveSettings({ token: [TOKEN], appName: "a", pageSize: 2 ** 53 } as never));
    expect(wrongToken.problems.map((p) => p.problem)).toEqual([
      "token must be a string or a Secret (got an array)",
      "pageSize must be a whole number from 1 to 1000",
    ]);
    expect(JSON.stringify(wrongToken)).not.toContain(TOKEN);
    const types = configError(() => resolveSettings({ token: 42, appName: 7, tokenSource: "" } as never));
    expect(types.problems.map((p) => p.name).sort()).toEqual(["appName", "token", "tokenSource"]);
  });

  it("validates uiUrl up front", () => {
    const error = configError(() => resolveSettings({ token: TOKEN, appName: "a", uiUrl: "http://example-ops.circonus.com/" }));
    expect(error.problems.map((p) => p.name)).toEqual(["uiUrl"]);
    // Worded as every URL setting is (CircleCI's appUrl alike): the variable named, the check's own fix first.
    const query = configError(() => resolveSettings({ token: TOKEN, appName: "a", uiUrl: "https://example-ops.circonus.com/?x=1" })).problems[0]!;
    expect(query.problem).toBe("Circonus uiUrl (CIRCONUS_UI_URL) has a query string; the web UI root takes none");
    expect(query.fix).toMatch(/^Set uiUrl \(or CIRCONUS_UI_URL\) to the web UI root without "\?…"/);
  });

  it("validates tag conventions", () => {
    configError(() => resolveSettings({ token: TOKEN, appName: "a", conventions: { env: "Environment" } }));
    configError(() => resolveSettings({ token: TOKEN, appName: "a", conventions: { env: "service" } }));
    expect(resolveSettings({ token: TOKEN, appName: "a", conventions: { env: "environment" } }).conventions.env).toBe("environment");
  });
});
