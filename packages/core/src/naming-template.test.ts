import { describe, expect, it } from "vitest";
import { namingTemplate } from "./naming-template.js";
import { ConfigurationError, InvalidInputError } from "./errors.js";
import { normalizeKeys } from "./correlation-keys.js";

describe("namingTemplate", () => {
  const context = namingTemplate("svc-{service}-{env}");

  it("formats and parses as exact inverses, with hyphenated service names", () => {
    expect(context.format({ service: "web-shop", env: "prod" })).toBe("svc-web-shop-prod");
    expect(context.parse("svc-web-shop-prod")).toEqual({ service: "web-shop", env: "prod" });
    expect(context.parse("svc-checkout-staging")).toEqual({ service: "checkout", env: "staging" });
  });

  it("returns null for names that break the convention (no guessing)", () => {
    for (const name of ["checkout-prod", "svc-Checkout-prod", "svc-checkout", "svc--prod", "svc-checkout-prod-", "xsvc-a-b"]) {
      expect(context.parse(name), name).toBeNull();
      expect(context.matches(name)).toBe(false);
    }
  });

  it("refuses to format without a needed key", () => {
    expect(() => context.format({ service: "checkout" })).toThrowError(InvalidInputError);
  });

  it("rejects unknown placeholders, duplicates, stray braces and templates without placeholders", () => {
    for (const bad of ["svc-{name}", "{service}-{service}", "svc-{service", "static-name"]) {
      expect(() => namingTemplate(bad), bad).toThrowError(ConfigurationError);
    }
  });

  it("escapes regex characters in the literal parts", () => {
    const t = namingTemplate("deploy.{service}+{env}");
    expect(t.parse("deploy.api+prod")).toEqual({ service: "api", env: "prod" });
    expect(t.parse("deployXapi+prod")).toBeNull();
  });
});

describe("normalizeKeys", () => {
  it("lower-cases and trims, keeping repo case (opaque ids)", () => {
    expect(normalizeKeys({ service: " Checkout ", env: "PROD", repo: "circleci/43G3kM5RtfFE7v5sa4nWAU/44n9pujWcTnVZ2b5S8Fnat" })).toEqual({
      service: "checkout",
      env: "prod",
      repo: "circleci/43G3kM5RtfFE7v5sa4nWAU/44n9pujWcTnVZ2b5S8Fnat",
    });
  });

  it("lists every bad key in one error", () => {
    try {
      normalizeKeys({ service: "web shop", env: "pr-od", team: "a--b" });
      expect.unreachable();
    } catch (error) {
      expect(InvalidInputError.isInstance(error)).toBe(true);
      const message = (error as Error).message;
      expect(message).toContain("service:");
      expect(message).toContain("env:");
      expect(message).toContain("team:");
    }
  });

  it("refuses unknown keys", () => {
    expect(() => normalizeKeys({ service: "a", owner: "b" } as never)).toThrowError(InvalidInputError);
  });
});
