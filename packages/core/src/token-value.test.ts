import { describe, expect, it } from "vitest";
import { tokenProblem } from "./token-value.js";

describe("tokenProblem", () => {
  it("accepts printable ASCII tokens", () => {
    expect(tokenProblem("CCIPAT_abc_0123456789abcdef")).toBeUndefined();
    expect(tokenProblem("0b5c7f1e-1111-4222-8333-944455556666")).toBeUndefined();
  });

  it.each([
    ["abc\ndef", "a line feed (LF)"],
    ["abc\rdef", "a carriage return (CR)"],
    ["abc\0def", "a NUL character"],
    ["abc def", "a space"],
    ["abc\tdef", "a tab"],
    ["abc\u0007def", "a control character (U+0007)"],
    ["abc\u00a0def", "a non-ASCII space"],
    ["abc\u201cdef", "a non-ASCII character"],
  ])("names what is wrong with %j without quoting it", (value, name) => {
    const problem = tokenProblem(value);
    expect(problem).toContain(`contains ${name}`);
    expect(problem).not.toContain("abc");
  });

  it("refuses empty, blank and non-string values by type only", () => {
    expect(tokenProblem("")).toBe("is empty");
    expect(tokenProblem("  ")).toBe("is only whitespace");
    expect(tokenProblem(42)).toBe("is not a string (got a number)");
  });
});

describe("tokenSecret", () => {
  it("returns the given Secret when nothing is trimmed, and a trimmed copy keeping its label", async () => {
    const { Secret } = await import("./secret.js");
    const { tokenSecret } = await import("./token-value.js");
    const given = new Secret("tok_0123456789abcdef", { label: "MY_TOKEN" });
    expect(tokenSecret(given, "FALLBACK")).toEqual({ secret: given });
    const padded = tokenSecret(new Secret(" tok_0123456789abcdef\n", { label: "MY_TOKEN" }), "FALLBACK");
    expect("secret" in padded && padded.secret.reveal()).toBe("tok_0123456789abcdef");
    expect("secret" in padded && padded.secret.label).toBe("MY_TOKEN");
    const fromString = tokenSecret("tok_0123456789abcdef", "FALLBACK");
    expect("secret" in fromString && fromString.secret.label).toBe("FALLBACK");
  });

  it("reports a problem with the mask only, never the value", async () => {
    const { tokenSecret } = await import("./token-value.js");
    const result = tokenSecret("tok_01234\n56789abcdef", "X");
    expect(result).toEqual({ problem: expect.stringMatching(/line feed.*\(got \*\*\*\*cdef\)$/) });
    expect(JSON.stringify(result)).not.toContain("tok_01234");
  });
});
