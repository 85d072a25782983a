import { describe, expect, it } from "vitest";
import { buildVerifyReport, failedCheck, rotationCheck, verifyOk } from "./verify-report.js";
import { Secret } from "./secret.js";
import { AuthenticationError, AbortedError } from "./errors.js";

const now = new Date("2026-06-01T00:00:00Z");
const day = 86_400_000;
const credential = (dates: { createdAt?: Date; expiresAt?: Date }) => ({ provider: "x", kind: "personal", secret: Secret.from("tok_canary_123456"), ...dates });
const rotation = (dates: { createdAt?: Date; expiresAt?: Date }) => rotationCheck(credential(dates), { variable: "X_TOKEN", fix: "Create a new token.", now });

describe("verifyOk", () => {
  it("is true only when every check passed or failed as advisory", () => {
    expect(verifyOk([])).toBe(true);
    expect(verifyOk([{ name: "a", ok: true, detail: "" }])).toBe(true);
    expect(verifyOk([{ name: "a", ok: false, detail: "", advisory: true }])).toBe(true);
    expect(verifyOk([{ name: "a", ok: true, detail: "" }, { name: "b", ok: false, detail: "" }])).toBe(false);
  });
});

describe("rotationCheck", () => {
  it("fails an expired token for real, and a due rotation only as advice", () => {
    const expired = rotation({ expiresAt: new Date(now.getTime() - day) });
    expect(expired).toMatchObject({ ok: false, fix: "Create a new token." });
    expect(expired.advisory).toBeUndefined();
    expect(rotation({ expiresAt: new Date(now.getTime() + 3 * day) })).toMatchObject({ ok: false, advisory: true });
    expect(rotation({ createdAt: new Date(now.getTime() - 90 * day) })).toMatchObject({ ok: false, advisory: true });
    expect(rotation({ createdAt: new Date(now.getTime() - 40 * day) })).toMatchObject({ ok: true });
    expect(rotation({})).toMatchObject({ ok: true, detail: expect.stringContaining("X_TOKEN_CREATED_AT") });
  });
});

describe("buildVerifyReport", () => {
  it("derives ok from the checks and never carries the secret", () => {
    const c = credential({ expiresAt: new Date(now.getTime() - day) });
    const report = buildVerifyReport({ provider: "x", credential: c, checks: [{ name: "auth", ok: true, detail: "fine" }, rotationCheck(c, { variable: "X_TOKEN", fix: "f", now })] });
    expect(report.ok).toBe(false);
    expect(JSON.stringify(report)).not.toContain("tok_canary_123456");
    expect(report.credential.masked).not.toContain("canary");
  });
  it("keeps a toolweave error's fix and redacts anything else", () => {
    expect(failedCheck("auth", new AuthenticationError("rejected", { fix: "Use another token." }))).toMatchObject({ ok: false, fix: "Use another token." });
    Secret.from("tok_known_secret_98765");
    expect(failedCheck("auth", new Error("echoed tok_known_secret_98765 back")).detail).not.toContain("tok_known_secret_98765");
  });
  it("does not turn a cancellation into a failed check: the caller's abort is rethrown", () => {
    const aborted = new AbortedError("circleci me: cancelled by the caller's signal.");
    expect(() => failedCheck("authentication", aborted)).toThrow(aborted);
  });
});
