import { useMswServer } from "@toolweave/core/testing";
import { PermissionError, Secret } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { detectTokenKind } from "./credential.js";
import { BASE, LEGACY_TOKEN, PROJECT_TOKEN, TOKEN, testClient } from "./test-utils.js";
import * as fx from "./__fixtures__/index.js";

const { server, requests } = useMswServer();

describe("detectTokenKind", () => {
  it.each([
    [TOKEN, "personal", "CCIPAT"],
    [PROJECT_TOKEN, "project", "CCIPRJ"],
    [LEGACY_TOKEN, "personal", "legacy-hex"],
  ])("detects %s from a string and from a Secret", (token, kind, format) => {
    expect(detectTokenKind(token)).toEqual({ kind, format });
    expect(detectTokenKind(Secret.from(token))).toEqual({ kind, format });
  });
  it("returns undefined for other formats", () => {
    expect(detectTokenKind("abc123")).toBeUndefined();
    expect(detectTokenKind(Secret.from("abcdefghijklmnopqrstuvwxyz0123456789WXYZ"))).toBeUndefined();
  });
});

describe("project tokens on API v2", () => {
  const client = () => testClient({ token: PROJECT_TOKEN, tokenScope: "read-only" });

  it("refuses every v2 operation before sending anything, saying to use a personal token", async () => {
    const c = client();
    const calls: Array<() => Promise<unknown>> = [
      () => c.me(),
      () => c.getProject("gh/acme/checkout"),
      () => c.listPipelines("gh/acme/checkout").toArray(),
      () => c.listPipelines({ orgSlug: "gh/acme" }).toArray(),
      () => c.getPipelineByNumber("gh/acme/checkout", 1207),
      () => c.getPipeline(fx.pipelines[0]!.id),
      () => c.listPipelineWorkflows(fx.pipelines[0]!.id).toArray(),
      () => c.getWorkflow("fda08377-fe7e-46b1-8992-3a7aaecac9c3"),
      () => c.listWorkflowJobs("fda08377-fe7e-46b1-8992-3a7aaecac9c3").toArray(),
      () => c.getJobDetails("gh/acme/checkout", 4512),
      () => c.getWorkflowInsights("gh/acme/checkout").toArray(),
      () => c.listWorkflowRuns("gh/acme/checkout", "deploy-checkout").toArray(),
      () => c.listContexts({ ownerSlug: "gh/acme" }).toArray(),
      () => c.listContextVariables("0a1b2c3d-4e5f-4061-8273-9485a6b7c8d9").toArray(),
      () => c.listProjectEnvVars("gh/acme/checkout").toArray(),
      () => c.lastDeploy({ project: "gh/acme/checkout", service: "checkout" }),
      () => c.successRate("gh/acme/checkout", "deploy-checkout"),
    ];
    for (const call of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(PermissionError.isInstance(error), String(error)).toBe(true);
      expect((error as PermissionError).message).toMatch(/project tokens .* do not work on API v2/);
      expect((error as PermissionError).fix).toMatch(/personal API token at https:\/\/app\.circleci\.com\/settings\/user\/tokens/);
      expect((error as PermissionError).isRetryable).toBe(false);
    }
    expect(requests).toHaveLength(0);
  });

  it("names the v1.1 call that would work with this project token", async () => {
    const error = (await client()
      .getJobDetails("github/acme/checkout", 4512)
      .catch((e: unknown) => e)) as PermissionError;
    expect(error.fix).toMatch(/API v1\.1 GET https:\/\/circleci\.com\/api\/v1\.1\/project\/github\/acme\/checkout\/4512 would work/);
    const server = testClient({ token: PROJECT_TOKEN, baseUrl: "https://ci.example.com/api/v2" });
    const onServer = (await server.listPipelines("gh/acme/checkout").toArray().catch((e: unknown) => e)) as PermissionError;
    expect(onServer.fix).toMatch(/https:\/\/ci\.example\.com\/settings\/user\/tokens/);
    expect(onServer.fix).toMatch(/https:\/\/ci\.example\.com\/api\/v1\.1\/project\/github\/acme\/checkout/);
    // A status-scoped token cannot read builds, so no v1.1 alternative is offered.
    const status = testClient({ token: PROJECT_TOKEN, tokenScope: "status" });
    const e = (await status.getProject("gh/acme/checkout").catch((x: unknown) => x)) as PermissionError;
    expect(e.fix).not.toMatch(/v1\.1/);
    expect(requests).toHaveLength(0);
  });

  it("verify() reports the token kind and what to do, without a request", async () => {
    const report = await client().verify({ projects: ["gh/acme/checkout"] });
    expect(report.ok).toBe(false);
    expect(report.credential).toMatchObject({ kind: "project", scope: "read-only", masked: expect.stringMatching(/^CCIPRJ_\*{4}/) });
    expect(report.checks[0]).toMatchObject({ name: "token-kind", ok: false });
    expect(report.checks[0]?.fix).toMatch(/personal API token/);
    expect(requests).toHaveLength(0);
  });

  it("cannot be relabelled after creation: the credential is frozen, so the refusal stands", async () => {
    const c = client();
    expect(() => {
      (c.credential as { kind: string }).kind = "personal";
    }).toThrow(TypeError);
    expect(PermissionError.isInstance(await c.getProject("gh/acme/checkout").catch((e: unknown) => e))).toBe(true);
    expect(requests).toHaveLength(0);
  });

  it("verify() says the same refusal, kind and fix as every v2 operation with that token", async () => {
    const c = client();
    const refusal = (await c.listContexts({ ownerSlug: "gh/acme" }).toArray().catch((e: unknown) => e)) as PermissionError;
    const report = await c.verify({ projects: ["gh/acme/checkout"] });
    expect(report.checks[0]).toMatchObject({ name: "token-kind", ok: false, kind: "permission", fix: refusal.fix });
  });
});

describe("verify()", () => {
  it("reports identity, token kind and per-project reachability", async () => {
    server.use(
      http.get(`${BASE}/me`, () => HttpResponse.json(fx.user)),
      http.get(`${BASE}/project/gh/acme/checkout`, () => HttpResponse.json(fx.project)),
      http.get(`${BASE}/project/gh/acme/secret-repo`, () => HttpResponse.json(fx.projectNotFound, { status: 404 })),
    );
    const report = await testClient({ tokenCreatedAt: new Date(Date.now() - 5 * 86_400_000) }).verify({
      projects: ["gh/acme/checkout", "gh/acme/secret-repo"],
    });
    expect(report.identity).toBe("jdoe (Jane Doe)");
    expect(report.credential.kind).toBe("personal");
    expect(report.credential.masked).toMatch(/^CCIPAT_\*{4}/);
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(byName["token-kind"]?.ok).toBe(true);
    expect(byName.authentication?.ok).toBe(true);
    expect(byName.rotation?.ok).toBe(true);
    expect(byName["project:gh/acme/checkout"]?.ok).toBe(true);
    expect(byName["project:gh/acme/secret-repo"]).toMatchObject({ ok: false });
    expect(byName["project:gh/acme/secret-repo"]?.detail).toMatch(/project not found or not visible to this token/);
    expect(report.ok).toBe(false);
  });

  it("says a legacy token may be a project token when a project answers 404", async () => {
    server.use(http.get(`${BASE}/me`, () => HttpResponse.json(fx.user)), http.get(`${BASE}/project/gh/acme/checkout`, () => HttpResponse.json(fx.projectNotFound, { status: 404 })));
    const report = await testClient({ token: LEGACY_TOKEN }).verify({ projects: ["gh/acme/checkout"] });
    expect(report.checks.find((c) => c.name === "token-kind")?.detail).toMatch(/legacy 40-hex/);
    const project = report.checks.find((c) => c.name === "project:gh/acme/checkout");
    expect(project?.detail).toMatch(/project not found or not visible to this token/);
    expect(project?.fix).toMatch(/legacy 40-hex format/);
  });

  it("reports a rejected token with the variable to fix", async () => {
    server.use(http.get(`${BASE}/me`, () => HttpResponse.json(fx.invalidToken, { status: 401 })));
    const report = await testClient().verify({ projects: ["gh/acme/checkout"] });
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === "authentication")?.fix).toMatch(/CIRCLECI_TOKEN/);
    expect(report.checks.find((c) => c.name === "project:gh/acme/checkout")?.detail).toMatch(/Not checked/);
    // A project left unchecked fails for the token's reason: the same kind and status.
    expect(report.checks.find((c) => c.name === "project:gh/acme/checkout")).toMatchObject({ ok: false, kind: "authentication", status: 401 });
  });
});

describe("detectTokenKind given a wrong type", () => {
  it("returns undefined for a value that is neither a string nor a Secret, never a TypeError", () => {
    for (const value of [null, undefined, 42, {}]) expect(detectTokenKind(value as never)).toBeUndefined();
  });
});
