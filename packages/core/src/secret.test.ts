import { inspect, format } from "node:util";
import { describe, expect, it } from "vitest";
import { Secret, maskSecretValue } from "./secret.js";
import { ToolweaveError, ConfigurationError } from "./errors.js";
import { redactText, redactUrl } from "./redact.js";

const CANARY = "CCIPAT_canary7Xq9_0123456789abcdef0123456789abcdef01234567";

describe("Secret", () => {
  const secret = new Secret(CANARY, { label: "CIRCLECI_TOKEN" });

  it("masks in String(), template literals, JSON, inspect and console formatting", () => {
    const outputs = [
      String(secret),
      `${secret}`,
      JSON.stringify({ token: secret }),
      inspect(secret),
      inspect({ nested: { secret } }, { depth: 5, showHidden: true }),
      format("%s %o %O %j", secret, secret, secret, secret),
      "" + secret,
    ];
    for (const out of outputs) expect(out).not.toContain(CANARY);
    expect(String(secret)).toBe("CCIPAT_****4567");
    expect(inspect(secret)).toBe("Secret(CIRCLECI_TOKEN CCIPAT_****4567)");
  });

  it("reveals the raw value only through reveal()", () => {
    expect(secret.reveal()).toBe(CANARY);
    expect(Object.keys(secret)).not.toContain("value");
    expect(Object.values(secret)).not.toContain(CANARY);
  });

  it("masks short values without a tail and keeps kind prefixes", () => {
    expect(maskSecretValue("abc")).toBe("****");
    expect(maskSecretValue("5b7f3c1e-9a2d-4e8b-b1c4-0d2e6f8a9c11")).toBe("****9c11");
    expect(maskSecretValue("")).toBe("(empty)");
  });

  it("is recognised across copies by marker, and from() does not double-wrap", () => {
    expect(Secret.isInstance(secret)).toBe(true);
    expect(Secret.isInstance({ masked: "x" })).toBe(false);
    expect(Secret.from(secret)).toBe(secret);
    expect(Secret.from("plain-value-123").reveal()).toBe("plain-value-123");
  });

  it("scrubs registered secrets from error messages, fixes and free text", () => {
    const error = new ConfigurationError(`bad token ${CANARY}`, { fix: `replace ${CANARY}`, problems: [{ name: "X", problem: CANARY, fix: CANARY }] });
    expect(error.message).not.toContain(CANARY);
    expect(error.stack).not.toContain(CANARY);
    expect(JSON.stringify(error)).not.toContain(CANARY);
    expect(inspect(error)).not.toContain(CANARY);
    expect(redactText(`x ${CANARY} y`)).toBe("x CCIPAT_****4567 y");
    expect(ToolweaveError.isInstance(error)).toBe(true);
  });

  it("redacts URLs: user-info, sensitive query parameters and known secrets", () => {
    const url = redactUrl(`https://user:pw@circleci.com/api/v2/me?circle-token=${CANARY}&branch=main`);
    expect(url).toBe("https://circleci.com/api/v2/me?circle-token=REDACTED&branch=main");
  });
});
