import { describe, expect, it } from "vitest";
import { assessRotation, tokenCredential } from "./credential.js";
import { Secret } from "./secret.js";

const now = new Date("2026-11-25T00:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

describe("assessRotation", () => {
  it("judges age against a 30–60 day policy", () => {
    expect(assessRotation({ createdAt: daysAgo(10) }, {}, now).status).toBe("ok");
    expect(assessRotation({ createdAt: daysAgo(35) }, {}, now)).toMatchObject({ status: "rotate-soon", ageDays: 35 });
    expect(assessRotation({ createdAt: daysAgo(90) }, {}, now)).toMatchObject({ status: "rotate-now", ageDays: 90 });
  });

  it("puts expiry first", () => {
    expect(assessRotation({ createdAt: daysAgo(5), expiresAt: daysAgo(-3) }, {}, now)).toMatchObject({ status: "expiring", expiresInDays: 3 });
    expect(assessRotation({ expiresAt: daysAgo(1) }, {}, now).status).toBe("expired");
  });

  it("says how to make age known", () => {
    expect(assessRotation({}, {}, now)).toMatchObject({ status: "unknown" });
    expect(assessRotation({}, {}, now).message).toContain("_CREATED_AT");
  });
});

describe("tokenCredential", () => {
  it("keeps only the dates and source that are known, and cannot be changed afterwards", () => {
    const secret = Secret.from("tok_credential_test_1234");
    const bare = tokenCredential({ token: secret, tokenCreatedAt: undefined, tokenSource: "" }, { provider: "x", kind: "project", scope: "read-only" });
    expect(bare).toEqual({ provider: "x", kind: "project", scope: "read-only", secret });
    const created = new Date("2026-01-31T00:00:00Z");
    expect(tokenCredential({ token: secret, tokenCreatedAt: created, tokenSource: "X_TOKEN (env)" }, { provider: "x", kind: "personal" })).toMatchObject({ createdAt: created, source: "X_TOKEN (env)" });
    expect(Object.isFrozen(bare)).toBe(true);
    expect(() => {
      (bare as { kind: string }).kind = "personal";
    }).toThrow(TypeError);
  });
});
