import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../errors.js";
import { checkBaseUrl, normalizeBaseUrl } from "./base-url.js";

const circonus = { provider: "Circonus", variable: "CIRCONUS_API_URL", example: "https://api.circonus.com/v2", apiPath: "/v2" };

function problemOf(input: unknown, spec = circonus) {
  const result = checkBaseUrl(input, spec);
  if (result.ok) throw new Error(`accepted ${String(input)}`);
  return result.problem;
}

describe("base URL problems", () => {
  it("name the provider, the setting and the variable it came from, with a fix", () => {
    const p = problemOf("http://api.circonus.com/v2");
    expect(p.name).toBe("baseUrl (CIRCONUS_API_URL)");
    expect(p.problem).toMatch(/^Circonus baseUrl \(CIRCONUS_API_URL\) must use https:/);
    expect(p.fix).toContain("Set baseUrl (or CIRCONUS_API_URL)");
  });

  it("report a query string as a query string, before the API path rule", () => {
    const p = problemOf("https://api.circonus.com/v2?x=1");
    expect(p.problem).toContain("has a query string");
    expect(p.problem).not.toMatch(/must end with/);
    expect(p.fix).toContain('"https://api.circonus.com/v2"');
    expect(problemOf("https://api.circonus.com/v2?").problem).toContain("query string");
    expect(problemOf("https://api.circonus.com/v2#top").problem).toContain("fragment");
  });

  it("refuse a base URL without its API path, suggesting the one for that host", () => {
    const p = problemOf("https://api.inside.example.com");
    expect(p.problem).toContain("must end with /v2, the API root path");
    expect(p.fix).toContain('"https://api.inside.example.com/v2"');
    expect(checkBaseUrl("https://api.inside.example.com/v2", circonus)).toMatchObject({ ok: true });
  });

  it("never echo credentials and describe a non-string by its type", () => {
    const p = problemOf("https://user:hunter2secret@api.circonus.com/v2");
    expect(JSON.stringify(p)).not.toContain("hunter2secret");
    const unparsable = problemOf("https://user:hunter2secret@exa mple.com/v2");
    expect(unparsable.problem).toContain("is not a valid URL");
    expect(JSON.stringify(unparsable)).not.toContain("hunter2secret");
    expect(problemOf(42).problem).toContain("must be a string or a URL (got a number)");
    expect(problemOf("   ").problem).toContain("is empty");
  });

  it("normalizeBaseUrl throws a ConfigurationError carrying the problem", () => {
    let error: unknown;
    try {
      normalizeBaseUrl("https://api.circonus.com/v2?x=1", circonus);
    } catch (e) {
      error = e;
    }
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).problems[0]?.name).toBe("baseUrl (CIRCONUS_API_URL)");
    expect((error as ConfigurationError).provider).toBe("circonus");
    expect(normalizeBaseUrl("https://api.example.com/v2").href).toBe("https://api.example.com/v2/");
  });
});
