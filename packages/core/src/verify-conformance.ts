import { http, HttpResponse, type RequestHandler } from "msw";
import type { SetupServer } from "msw/node";
import { expect, it } from "vitest";
import type { VerifyReport } from "./connector.js";
import { AbortedError } from "./errors.js";
import type { HttpHooks } from "./http/types.js";
import type { RuntimeSettings } from "./runtime-settings.js";
import { verifyOk } from "./verify-report.js";

/** The `verify` case of the conformance suite (see `ConformanceOptions.verify`). */
export interface VerifyConformanceCase<C> {
  handlers(baseUrl: string): RequestHandler[];
  create(args: { baseUrl: string; secret: string; runtime: RuntimeSettings; expiresAt?: Date; createdAt?: Date }): C;
  /** Calls `verify()`, passing `options` (the caller's signal) through. */
  call(client: C, options?: { signal?: AbortSignal }): Promise<VerifyReport>;
}

/**
 * Where a report breaks core's rule: `ok` must be {@link verifyOk} of its checks (true iff no
 * check failed other than as advice), and a failed check must say what to do (`fix`) and, unless
 * it is advice, what kind of failure it is (`kind`, an `ErrorKind`). Empty when it keeps the rule.
 */
export function verifyReportProblems(report: VerifyReport): string[] {
  const problems: string[] = [];
  if (report.ok !== verifyOk(report.checks)) {
    problems.push(`ok is ${String(report.ok)}, but the checks say ${String(verifyOk(report.checks))} (build the report with buildVerifyReport)`);
  }
  for (const check of report.checks) {
    if (check.ok) continue;
    if (!check.fix?.trim()) problems.push(`failed check "${check.name}" has no fix`);
    if (check.advisory !== true && !check.kind) problems.push(`failed check "${check.name}" has no kind (build it with failedCheck)`);
  }
  return problems;
}

/** Every request answered the same way: the refusals a `verify()` must report as failed checks. */
const REFUSALS: readonly { name: string; status?: number; kind: string; answer(): Response }[] = [
  { name: "a rejected token (HTTP 401)", status: 401, kind: "authentication", answer: () => HttpResponse.json({ message: "Unauthorized" }, { status: 401 }) },
  { name: "a refused token (HTTP 403)", status: 403, kind: "permission", answer: () => HttpResponse.json({ message: "Forbidden" }, { status: 403 }) },
  { name: "a server error (HTTP 500)", status: 500, kind: "service", answer: () => HttpResponse.json({ message: "Internal error" }, { status: 500 }) },
  { name: "an unreachable server", kind: "network", answer: () => HttpResponse.error() },
];

/**
 * Registers the `verify()` cases of the conformance suite (inside its `describe`, on its msw
 * server): `ok` keeps its one meaning on a working, an expired and a soon-expiring token and on
 * every refusal in {@link REFUSALS}; a refused token is never `ok` and its failed check carries
 * the refusal's kind and HTTP status; a cancelled `verify()` rejects with an `AbortedError`.
 */
export function runVerifyConformance<C>(args: {
  server: SetupServer;
  baseUrl: string;
  secret: string;
  hooks: HttpHooks;
  verify: VerifyConformanceCase<C> | undefined;
  expectNoCanary(value: unknown, where: string): void;
}): void {
  const v = args.verify;
  const runtime = { retry: false as const, timeoutMs: 2_000, throttle: false as const, hooks: args.hooks };
  const client = (dates: { expiresAt?: Date } = {}) => v!.create({ baseUrl: args.baseUrl, secret: args.secret, runtime, ...dates });
  const expectRule = (report: VerifyReport, where: string) => {
    expect(verifyReportProblems(report), `${where}: ${JSON.stringify(report.checks)}`).toEqual([]);
    args.expectNoCanary(report, `verify report (${where})`);
  };

  it.runIf(v !== undefined)("verify: ok follows core's rule; an expired token is not ok, a token expiring soon is advice", async () => {
    const day = 86_400_000;
    args.server.use(...v!.handlers(args.baseUrl));
    const fine = await v!.call(client());
    expectRule(fine, "a working token");
    expect(fine.ok, `a working token with no dates: ${JSON.stringify(fine.checks)}`).toBe(true);
    const expired = await v!.call(client({ expiresAt: new Date(Date.now() - day) }));
    expectRule(expired, "an expired token");
    expect(expired.ok, `expired: ${JSON.stringify(expired.checks)}`).toBe(false);
    expect(expired.checks.find((c) => c.name === "rotation")).toMatchObject({ ok: false });
    expect(expired.checks.find((c) => c.name === "rotation")?.advisory).not.toBe(true);
    const soon = await v!.call(client({ expiresAt: new Date(Date.now() + 3 * day) }));
    expectRule(soon, "a token expiring in 3 days");
    expect(soon.ok, `expiring in 3 days: ${JSON.stringify(soon.checks)}`).toBe(true);
    expect(soon.checks.find((c) => c.name === "rotation")).toMatchObject({ ok: false, advisory: true });
    const cancelled = new AbortController();
    cancelled.abort(new Error("the caller gave up"));
    const outcome = await v!.call(client(), { signal: cancelled.signal }).then(
      (report) => report,
      (error: unknown) => error,
    );
    expect(AbortedError.isInstance(outcome), `a cancelled verify() must reject with an AbortedError, got ${JSON.stringify(outcome)}`).toBe(true);
  });

  for (const refusal of REFUSALS) {
    it.runIf(v !== undefined)(`verify: ${refusal.name} is a failed check with its kind, status and fix, and the report is not ok`, async () => {
      args.server.use(http.all(`${args.baseUrl}/*`, refusal.answer));
      const report = await v!.call(client());
      expectRule(report, refusal.name);
      expect(report.ok, JSON.stringify(report.checks)).toBe(false);
      const failed = report.checks.filter((c) => !c.ok && c.advisory !== true);
      expect(failed.map((c) => ({ kind: c.kind, status: c.status })), JSON.stringify(report.checks)).toContainEqual({ kind: refusal.kind, status: refusal.status });
    });
  }
}
