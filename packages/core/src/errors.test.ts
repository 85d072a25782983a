import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  ConfigurationError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ToolweaveError,
} from "./errors.js";

describe("error hierarchy", () => {
  it("has kinds, retryability defaults, and the fix apart from the message", () => {
    const e = new NotFoundError("Project gh/acme/api not found.", { status: 404, fix: "Check the slug." });
    expect(e.kind).toBe("not_found");
    expect(e.isRetryable).toBe(false);
    expect(e.message).toBe("Project gh/acme/api not found.");
    expect(e.fix).toBe("Check the slug.");
    expect(new NetworkError("reset").isRetryable).toBe(true);
    expect(new RateLimitedError("slow", { retryAfterMs: 3000 }).retryAfterMs).toBe(3000);
  });

  it("isInstance works by marker, per class, and across duplicated package copies", () => {
    const e = new AuthenticationError("no");
    expect(AuthenticationError.isInstance(e)).toBe(true);
    expect(ToolweaveError.isInstance(e)).toBe(true);
    expect(NotFoundError.isInstance(e)).toBe(false);
    // A copy from another package version: same marker symbol, different class identity.
    const foreign = Object.assign(new Error("x"), { kind: "authentication" });
    Object.defineProperty(foreign, Symbol.for("@toolweave/core/error"), { value: true });
    expect(AuthenticationError.isInstance(foreign)).toBe(true);
    expect(ToolweaveError.isInstance(new Error("plain"))).toBe(false);
    expect(ToolweaveError.isInstance(null)).toBe(false);
  });

  it("serialises to a redacted plain object without the stack", () => {
    const e = new ConfigurationError("Missing variables.", {
      problems: [{ name: "CIRCLECI_TOKEN", problem: "not set", fix: "export CIRCLECI_TOKEN=..." }],
    });
    const json = e.toJSON();
    expect(json).toMatchObject({ name: "ConfigurationError", kind: "configuration", problems: [{ name: "CIRCLECI_TOKEN" }] });
    expect(JSON.stringify(e)).not.toContain("at ");
  });

  it("keeps the cause", () => {
    const cause = new Error("socket hang up");
    expect(new NetworkError("failed", { cause }).cause).toBe(cause);
  });
});
