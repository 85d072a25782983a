import { describe, expect, it } from "vitest";
import { adviceCheck, buildVerifyReport, failedCheck, rotationCheck, verifyOk } from "./verify-report.js";
import { Secret } from "./secret.js";
import { AuthenticationError, AbortedError, NetworkError } from "./errors.js";
import { verifyReportProblems } from "./verify-conformance.js";

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
    expect(expired).toMatchObject({ ok: false, kind: "authentication", fix: "Create a new token." });
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
  it("keeps a toolweave error's kind, status and fix, and redacts anything else", () => {
    expect(failedCheck("auth", new AuthenticationError("rejected", { status: 401, fix: "Use another token." }))).toMatchObject({ ok: false, kind: "authentication", status: 401, fix: "Use another token." });
    expect(failedCheck("auth", new NetworkError("reset")).status).toBeUndefined();
    Secret.from("tok_known_secret_98765");
    const foreign = failedCheck("auth", new Error("echoed tok_known_secret_98765 back"));
    expect(foreign.detail).not.toContain("tok_known_secret_98765");
    // Even an error that names no fix gives the check one: a failed check always says what to do.
    expect(foreign).toMatchObject({ kind: "unknown", fix: expect.stringContaining("run verify again") });
  });
  it("says a check in its own words and keeps the error's kind and status", () => {
    const error = new AuthenticationError("me: HTTP 401.", { status: 401, fix: "Check the token." });
    expect(failedCheck("project:gh/a/b", error, { detail: "Not checked: the token was not accepted.", fix: "Fix the authentication check first." })).toEqual({
      name: "project:gh/a/b",
      ok: false,
      kind: "authentication",
      status: 401,
      detail: "Not checked: the token was not accepted.",
      fix: "Fix the authentication check first.",
    });
  });
  it("builds reports that keep the conformance rule, advice included", () => {
    const c = credential({});
    const advice = adviceCheck("privilege", "Declared admin; the owner is Read Only.", "Declare read-only.");
    expect(advice).toMatchObject({ ok: false, advisory: true });
    const works = buildVerifyReport({ provider: "x", credential: c, checks: [{ name: "auth", ok: true, detail: "fine" }, advice] });
    expect(works.ok).toBe(true);
    const refused = buildVerifyReport({ provider: "x", credential: c, checks: [failedCheck("auth", new AuthenticationError("no", { status: 401 })), advice] });
    expect(refused.ok).toBe(false);
    for (const report of [works, refused]) expect(verifyReportProblems(report)).toEqual([]);
    // A hand-built failed check says neither its kind nor its fix: the rule names both.
    expect(verifyReportProblems({ ...works, ok: false, checks: [{ name: "auth", ok: false, detail: "no" }] })).toEqual([
      'failed check "auth" has no fix',
      'failed check "auth" has no kind (build it with failedCheck)',
    ]);
    expect(verifyReportProblems({ ...works, ok: true, checks: [failedCheck("auth", new AuthenticationError("no"))] })[0]).toMatch(/^ok is true, but the checks say false/);
  });
  it("does not turn a cancellation into a failed check: the caller's abort is rethrown", () => {
    const aborted = new AbortedError("circleci me: cancelled by the caller's signal.");
    expect(() => failedCheck("authentication", aborted)).toThrow(aborted);
  });
});
