import { useMswServer } from "@toolweave/core/testing";
import { InvalidInputError, normalizeKeys } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { CircleCIResource } from "./ports.js";
import * as fx from "../__fixtures__/index.js";
import { BASE, testClient } from "../test-utils.js";
import type { Context } from "../schemas/context.js";
import type { Pipeline } from "../schemas/pipeline.js";
import { pipelineSchema } from "../schemas/pipeline.js";
import { workflowSchema, type Workflow } from "../schemas/workflow.js";

const { server } = useMswServer();
const pipelines = fx.pipelines.map((p) => pipelineSchema.parse(p));
const workflows = Object.values(fx.workflowsByPipeline).flat().map((w) => workflowSchema.parse(w));
const ctx = (c: Context): CircleCIResource => ({ kind: "context", data: c, orgSlug: "gh/acme" });
const wf = (w: Workflow): CircleCIResource => ({ kind: "workflow", data: w });
const pl = (p: Pipeline): CircleCIResource => ({ kind: "pipeline", data: p });

describe("correlator.resolve", () => {
  it("maps keys to the project, context, workflows and pipeline parameters", () => {
    const { correlator } = testClient();
    const locators = correlator.resolve(normalizeKeys({ service: "checkout", env: "prod", component: "api", repo: "github/acme/checkout" }));
    expect(locators.map((l) => [l.kind, l.value])).toEqual([
      ["project", "gh/acme/checkout"],
      ["context", "svc-checkout-prod"],
      ["workflow", "build-api"],
      ["workflow", "deploy-checkout"],
      ["pipeline-parameter", "service=checkout"],
      ["pipeline-parameter", "env=prod"],
      ["pipeline-parameter", "component=api"],
    ]);
    expect(locators.every((l) => l.provider === "circleci" && l.rule.length > 0)).toBe(true);
  });

  it("uses configured templates", () => {
    const { correlator } = testClient({ conventions: { context: "{env}-{service}", deployWorkflow: "release-{service}" } });
    const values = correlator.resolve(normalizeKeys({ service: "checkout", env: "prod" })).map((l) => l.value);
    expect(values).toContain("prod-checkout");
    expect(values).toContain("release-checkout");
  });

  it("refuses a repo without a VCS prefix instead of guessing one", () => {
    const { correlator } = testClient();
    expect(() => correlator.resolve(normalizeKeys({ service: "checkout", repo: "acme/checkout" }))).toThrow(InvalidInputError);
    expect(() => correlator.resolve(normalizeKeys({ service: "checkout", repo: "acme/checkout" }))).toThrow(expect.objectContaining({ fix: expect.stringMatching(/"gh\/acme\/checkout"/) }));
  });
});

describe("correlator.extract", () => {
  const { correlator } = testClient();
  it("reads keys from context names", () => {
    expect(correlator.extract(ctx(fx.contexts[0]!))).toEqual({ service: "checkout", env: "prod" });
    expect(correlator.extract(ctx(fx.contexts[3]!))).toEqual({});
  });
  it("reads keys from workflow and job names", () => {
    expect(correlator.extract(wf(workflows[0]!))).toEqual({ component: "api" });
    expect(correlator.extract(wf(workflows[1]!))).toEqual({ service: "checkout" });
    expect(correlator.extract({ kind: "job", data: { ...fx.workflowJobs[0]!, dependencies: [], name: "build-api" } as never })).toEqual({ component: "api" });
  });
  it("reads keys from pipeline parameters (ignoring nested objects and malformed values)", () => {
    expect(correlator.extract(pl(pipelines[0]!))).toEqual({ service: "checkout", env: "prod", repo: "gh/acme/checkout" });
    expect(correlator.extract(pl(pipelines[1]!))).toEqual({ repo: "gh/acme/checkout" });
    // "Checkout" is normalised to lower case; "environment" is not a convention key.
    expect(correlator.extract(pl(pipelines[2]!))).toEqual({ service: "checkout", repo: "gh/acme/checkout" });
  });
});

describe("correlator.audit", () => {
  const { correlator } = testClient();
  it("reports contexts breaking the convention with a suggested name", () => {
    const findings = correlator.audit(fx.contexts.map(ctx));
    expect(findings).toHaveLength(2);
    const bad = findings.find((f) => f.resource.name === "Checkout_Production")!;
    expect(bad).toMatchObject({ provider: "circleci", rule: "context-name", severity: "error", suggestion: "svc-checkout-prod", service: "checkout" });
    expect(bad.resource.url).toBe("https://app.circleci.com/settings/organization/github/acme/contexts/2c3d4e5f-6071-4283-94a5-b6c7d8e9f0a2");
    const shared = findings.find((f) => f.resource.name === "org-global")!;
    expect(shared.severity).toBe("warning");
    expect(shared.suggestion).toBeUndefined();
  });

  it("reports workflows breaking the conventions, once per name, skipping setup workflows", () => {
    const extra = workflowSchema.parse({ ...fx.workflowsByPipeline[fx.pipelines[0]!.id]![0], name: "Deploy_Checkout", id: "x1" });
    const findings = correlator.audit([...workflows, extra, extra].map(wf));
    expect(findings.map((f) => [f.resource.name, f.suggestion])).toEqual([
      ["Build_And_Test", undefined],
      ["Deploy_Checkout", "deploy-checkout"],
    ]);
    expect(findings[0]?.severity).toBe("warning");
    expect(findings[1]).toMatchObject({ rule: "workflow-name", severity: "error", service: "checkout" });
    expect(findings[1]?.resource.url).toBe("https://app.circleci.com/pipelines/github/acme/checkout/1207/workflows/x1");
  });

  it("reports pipeline parameters with wrong names or values", () => {
    const findings = correlator.audit(pipelines.map(pl));
    const rules = findings.map((f) => [f.rule, f.message, f.suggestion]);
    expect(rules).toEqual([
      ["pipeline-parameter-value", "Pipeline parameter service=Checkout is not lower-case words joined by hyphens.", "service=checkout"],
      ["pipeline-parameter-name", 'Pipeline parameter "environment" should be named "env".', "env"],
    ]);
    expect(findings[0]?.resource).toMatchObject({ kind: "pipeline", name: "gh/acme/checkout #1205", url: "https://app.circleci.com/pipelines/github/acme/checkout/1205" });
    expect(findings.every((f) => f.service === "checkout")).toBe(true);
  });
});

describe("correlator.find", () => {
  it("looks up the project, matching contexts and recent workflows, with deep links", async () => {
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout`, () => HttpResponse.json(fx.project)),
      http.get(`${BASE}/context`, ({ request }) =>
        new URL(request.url).searchParams.get("owner-id") === fx.ORG_ID ? HttpResponse.json(fx.page(fx.contexts)) : HttpResponse.json({ message: "?" }, { status: 400 }),
      ),
      http.get(`${BASE}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page(fx.pipelines))),
      http.get(`${BASE}/pipeline/:id/workflow`, ({ params }) => {
        const items = fx.workflowsByPipeline[String(params.id)];
        if (params.id === fx.pipelines[2]!.id) return HttpResponse.json({ message: "boom" }, { status: 500 });
        return items ? HttpResponse.json(fx.page(items)) : HttpResponse.json({ message: "Not found" }, { status: 404 });
      }),
    );
    const { resources: refs, incomplete } = await testClient({ retry: false }).correlator.find(
      normalizeKeys({ service: "checkout", env: "prod", component: "api", repo: "gh/acme/checkout" }),
    );
    const summary = refs.map((r) => [r.kind, r.name]);
    expect(summary).toEqual([
      ["project", "gh/acme/checkout"],
      ["context", "svc-checkout-prod"],
      ["workflow", "build-api"],
      ["workflow", "deploy-checkout"],
      ["pipeline", "gh/acme/checkout #1207"],
      ["pipeline", "gh/acme/checkout #1205"],
      ["pipeline", "gh/acme/checkout #1204"],
    ]);
    expect(refs[0]?.url).toBe("https://app.circleci.com/pipelines/github/acme/checkout");
    // The pipeline whose workflows failed is reported, not skipped silently.
    expect(incomplete).toEqual([
      {
        lookup: "workflows of pipeline #1205 (gh/acme/checkout)",
        // A 500 is not retried by the runtime (only 502/503/504), so it is not marked retryable.
        error: expect.objectContaining({ kind: "service", status: 500, isRetryable: false }),
        retryable: false,
      },
    ]);
    expect(refs[1]?.url).toBe(`https://app.circleci.com/settings/organization/github/acme/contexts/${fx.contexts[0]!.id}`);
    expect(refs[3]?.url).toMatch(/\/pipelines\/github\/acme\/checkout\/1207\/workflows\/aa11bb22-/);
  });

  it("reports a pipeline whose workflows fail past retries (429) in incomplete, keeping what was found", async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout`, () => HttpResponse.json(fx.project)),
      http.get(`${BASE}/context`, () => HttpResponse.json(fx.page(fx.contexts))),
      http.get(`${BASE}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page(fx.pipelines))),
      http.get(`${BASE}/pipeline/:id/workflow`, ({ params }) => {
        if (params.id === fx.pipelines[0]!.id) {
          calls += 1;
          return HttpResponse.json({ message: "Rate limit exceeded." }, { status: 429, headers: { "retry-after": "0" } });
        }
        const items = fx.workflowsByPipeline[String(params.id)];
        return items ? HttpResponse.json(fx.page(items)) : HttpResponse.json({ message: "Not found" }, { status: 404 });
      }),
    );
    const result = await testClient().correlator.find(normalizeKeys({ service: "checkout", env: "prod", repo: "gh/acme/checkout" }));
    expect(calls).toBe(3);
    expect(result.incomplete).toEqual([
      { lookup: "workflows of pipeline #1207 (gh/acme/checkout)", error: expect.objectContaining({ kind: "rate_limited", status: 429 }), retryable: true },
    ]);
    // The deploy workflow of the older pipeline is still there.
    expect(result.resources.find((r) => r.kind === "workflow")).toMatchObject({ name: "deploy-checkout", attributes: { pipelineNumber: 1204 } });
  });

  it("lists with the caller's slug and builds links from it when the API echoes a slug form it cannot parse", async () => {
    // GitLab subgroups give slugs with more segments than gh/<org>/<repo>.
    const echoed = "gitlab/acme/platform/checkout";
    const listed: string[] = [];
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout`, () => HttpResponse.json({ ...fx.project, slug: echoed })),
      http.get(`${BASE}/context`, () => HttpResponse.json(fx.page(fx.contexts))),
      http.get(`${BASE}/project/*`, ({ request }) => {
        listed.push(new URL(request.url).pathname);
        return HttpResponse.json(fx.page(fx.pipelines.map((p) => ({ ...p, project_slug: echoed }))));
      }),
      http.get(`${BASE}/pipeline/:id/workflow`, ({ params }) => {
        const items = fx.workflowsByPipeline[String(params.id)];
        return items ? HttpResponse.json(fx.page(items.map((w) => ({ ...w, project_slug: echoed })))) : HttpResponse.json({ message: "Not found" }, { status: 404 });
      }),
    );
    const result = await testClient().correlator.find(normalizeKeys({ service: "checkout", repo: "gh/acme/checkout" }));
    expect(listed).toEqual(["/api/v2/project/gh/acme/checkout/pipeline"]);
    expect(result.incomplete).toEqual([]);
    expect(result.resources[0]).toMatchObject({ kind: "project", name: echoed, url: "https://app.circleci.com/pipelines/github/acme/checkout" });
    expect(result.resources.find((r) => r.kind === "workflow")?.url).toMatch(/^https:\/\/app\.circleci\.com\/pipelines\/github\/acme\/checkout\/1207\/workflows\//);
  });

  it("needs a repo", async () => {
    await expect(testClient().correlator.find(normalizeKeys({ service: "checkout" }))).rejects.toMatchObject({ fix: expect.stringMatching(/Pass repo/) });
  });
});
