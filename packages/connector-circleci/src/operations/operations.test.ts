import { useMswServer } from "@toolweave/core/testing";
import { InvalidInputError } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import * as fx from "../__fixtures__/index.js";
import { BASE, TOKEN, testClient } from "../test-utils.js";

const { server, requests } = useMswServer();
const P = `${BASE}/project/gh/acme/checkout`;
const PIPELINE_ID = fx.pipelines[0]!.id;
const WORKFLOW_ID = "fda08377-fe7e-46b1-8992-3a7aaecac9c3";

describe("operations", () => {
  it("me: GET /me with the Circle-Token header and Accept: application/json", async () => {
    server.use(http.get(`${BASE}/me`, () => HttpResponse.json(fx.user)));
    const user = await testClient().me();
    expect(user).toEqual({ id: fx.USER_ID, login: "jdoe", name: "Jane Doe", avatar_url: null });
    expect(requests[0]?.headers.get("circle-token")).toBe(TOKEN);
    expect(requests[0]?.headers.get("authorization")).toBeNull();
    expect(requests[0]?.headers.get("accept")).toContain("application/json");
    expect(new URL(requests[0]!.url).search).toBe("");
  });

  it("sends Authorization: Bearer when authScheme is bearer, never a query token", async () => {
    server.use(http.get(`${BASE}/me`, () => HttpResponse.json(fx.user)));
    await testClient({ authScheme: "bearer" }).me();
    expect(requests[0]?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(requests[0]?.headers.get("circle-token")).toBeNull();
    expect(requests[0]?.url).not.toMatch(/circle-token/);
  });

  it("getProject: normalises github/ to gh/ and accepts an unknown provider value", async () => {
    server.use(
      http.get(P, () => HttpResponse.json(fx.project)),
      http.get(`${BASE}/project/circleci/43G3kM5RtfFE7v5sa4nWAU/44n9pujWcTnVZ2b5S8Fnat`, () => HttpResponse.json(fx.opaqueProject)),
    );
    const client = testClient();
    expect((await client.getProject("github/acme/checkout")).vcs_info?.default_branch).toBe("main");
    expect((await client.getProject(fx.opaqueProject.slug)).vcs_info?.provider).toBe("GitLab");
  });

  it("listPipelines(project, { branch }) keeps nested trigger parameters, a missing vcs and unknown states", async () => {
    server.use(http.get(`${P}/pipeline`, () => HttpResponse.json(fx.page(fx.pipelines))));
    const pipelines = await testClient().listPipelines("gh/acme/checkout", { branch: "main" }).toArray();
    expect(new URL(requests[0]!.url).searchParams.get("branch")).toBe("main");
    expect(pipelines.map((p) => p.number)).toEqual([1207, 1206, 1205, 1204]);
    expect(pipelines[1]?.trigger_parameters?.circleci).toEqual({ event_type: "push", trigger_type: "github_app" });
    expect(pipelines[1]?.vcs?.revision).toBeNull();
    expect(pipelines[2]?.vcs).toBeUndefined();
    expect(pipelines[2]?.state).toBe("setup-completed");
    expect(pipelines[1]?.errors[0]?.type).toBe("config");
  });

  it("listPipelines(project, { mine: true }) uses /pipeline/mine", async () => {
    server.use(http.get(`${P}/pipeline/mine`, () => HttpResponse.json(fx.page([fx.pipelines[0]]))));
    expect(await testClient().listPipelines("gh/acme/checkout", { mine: true }).toArray()).toHaveLength(1);
    await expect(testClient().listPipelines("gh/acme/checkout", { mine: true, branch: "main" }).toArray()).rejects.toThrow(InvalidInputError);
  });

  it("listPipelines({ orgSlug, mine }) calls GET /pipeline?org-slug=…", async () => {
    server.use(http.get(`${BASE}/pipeline`, () => HttpResponse.json(fx.page(fx.pipelines.slice(0, 2)))));
    const items = await testClient().listPipelines({ orgSlug: "github/acme", mine: false }).toArray();
    expect(items).toHaveLength(2);
    const url = new URL(requests[0]!.url);
    expect(url.searchParams.get("org-slug")).toBe("gh/acme");
    expect(url.searchParams.get("mine")).toBe("false");
  });

  it("getPipelineByNumber and getPipeline", async () => {
    server.use(
      http.get(`${P}/pipeline/1207`, () => HttpResponse.json(fx.pipelines[0])),
      http.get(`${BASE}/pipeline/${PIPELINE_ID}`, () => HttpResponse.json(fx.pipelines[0])),
    );
    const client = testClient();
    expect((await client.getPipelineByNumber("gh/acme/checkout", 1207)).vcs?.revision).toBe("f454a02b5d10fcccfd7d9dd7608a76d6493a98b4");
    expect((await client.getPipeline(PIPELINE_ID)).number).toBe(1207);
    await expect(client.getPipelineByNumber("gh/acme/checkout", 0)).rejects.toThrow(/positive integer/);
  });

  it("listPipelineWorkflows and getWorkflow keep null stopped_at and unknown statuses", async () => {
    const pid = fx.pipelines[3]!.id;
    server.use(
      http.get(`${BASE}/pipeline/${pid}/workflow`, () => HttpResponse.json(fx.page(fx.workflowsByPipeline[pid]!))),
      http.get(`${BASE}/workflow/dd44ee55-ff66-4a77-9b88-c99001122334`, () => HttpResponse.json(fx.workflowsByPipeline[pid]![1])),
    );
    const workflows = await testClient().listPipelineWorkflows(pid).toArray();
    expect(workflows.map((w) => w.name)).toEqual(["deploy-checkout", "Build_And_Test", "setup"]);
    const w = await testClient().getWorkflow("dd44ee55-ff66-4a77-9b88-c99001122334");
    expect(w.status).toBe("paused-for-review");
    expect(w.stopped_at).toBeNull();
  });

  it("listPipelineWorkflows treats 404 as an empty list (pipelines without workflows)", async () => {
    server.use(http.get(`${BASE}/pipeline/${fx.pipelines[1]!.id}/workflow`, () => HttpResponse.json({ message: "Not found" }, { status: 404 })));
    expect(await testClient().listPipelineWorkflows(fx.pipelines[1]!.id).toArray()).toEqual([]);
  });

  it("listWorkflowJobs: approval job without job_number, null started_at, unknown status; 404 = empty", async () => {
    server.use(
      http.get(`${BASE}/workflow/${WORKFLOW_ID}/job`, () => HttpResponse.json(fx.page(fx.workflowJobs))),
      http.get(`${BASE}/workflow/missing-jobs/job`, () => HttpResponse.json({ message: "Not found" }, { status: 404 })),
    );
    const jobs = await testClient().listWorkflowJobs(WORKFLOW_ID).toArray();
    expect(jobs[0]?.job_number).toBe(4512);
    expect(jobs[1]).toMatchObject({ type: "approval", started_at: null, status: "on_hold" });
    expect(jobs[1]?.job_number).toBeUndefined();
    expect(jobs[2]?.status).toBe("waiting-for-capacity");
    expect(jobs[2]?.dependencies).toHaveLength(1);
    expect(await testClient().listWorkflowJobs("missing-jobs").toArray()).toEqual([]);
  });

  it("getJobDetails exposes the duration in milliseconds as duration_ms", async () => {
    server.use(http.get(`${P}/job/4512`, () => HttpResponse.json(fx.jobDetails)));
    const job = await testClient().getJobDetails("gh/acme/checkout", 4512);
    expect(job.duration_ms).toBe(172_000);
    expect("duration" in job).toBe(false);
    expect(job.contexts?.[0]?.name).toBe("svc-checkout-prod");
  });

  it("getWorkflowInsights: all branches unless a branch is given; seconds become *_ms", async () => {
    server.use(http.get(`${BASE}/insights/gh/acme/checkout/workflows`, () => HttpResponse.json(fx.page(fx.workflowMetrics))));
    const client = testClient();
    const metrics = await client.getWorkflowInsights("gh/acme/checkout", { reportingWindow: "last-30-days" }).toArray();
    let query = new URL(requests[0]!.url).searchParams;
    expect(query.get("all-branches")).toBe("true");
    expect(query.get("reporting-window")).toBe("last-30-days");
    expect(metrics[0]?.metrics.duration_metrics_ms).toEqual({ min: 95_000, mean: 130_000, median: 122_000, p95: 240_000, max: 301_000, standard_deviation: 31_500 });
    expect(metrics[0]?.metrics.mttr_ms).toBe(1_860_000);
    expect(metrics[1]?.metrics.mttr_ms).toBeNull();
    expect(metrics[1]?.metrics.total_credits_used).toBeNull();
    await client.getWorkflowInsights("gh/acme/checkout", { branch: "main" }).toArray();
    query = new URL(requests[1]!.url).searchParams;
    expect(query.get("branch")).toBe("main");
    expect(query.has("all-branches")).toBe(false);
    await expect(
      client.getWorkflowInsights("gh/acme/checkout", { reportingWindow: "last-year" as "last-7-days" }).toArray(),
    ).rejects.toMatchObject({ fix: expect.stringMatching(/last-24-hours, last-7-days/) });
    await expect(
      client.getWorkflowInsights("gh/acme/checkout", { branch: "main", allBranches: true } as never).toArray(),
    ).rejects.toThrow(/mutually exclusive/);
  });

  it("listWorkflowRuns encodes the workflow name as one segment and sends dates; duration seconds become duration_ms", async () => {
    server.use(
      http.get(`${BASE}/insights/gh/acme/checkout/workflows/:name`, ({ params }) =>
        params.name === "deploy checkout/eu" ? HttpResponse.json(fx.page(fx.workflowRuns)) : HttpResponse.json({ message: "no" }, { status: 404 }),
      ),
    );
    const runs = await testClient()
      .listWorkflowRuns("gh/acme/checkout", "deploy checkout/eu", { branch: "main", startDate: "2026-02-01", endDate: new Date("2026-03-01T00:00:00Z") })
      .toArray();
    const url = new URL(requests[0]!.url);
    expect(url.pathname).toBe("/api/v2/insights/gh/acme/checkout/workflows/deploy%20checkout%2Feu");
    expect(url.searchParams.get("start-date")).toBe("2026-02-01T00:00:00.000Z");
    expect(url.searchParams.get("end-date")).toBe("2026-03-01T00:00:00.000Z");
    expect(runs[0]?.duration_ms).toBe(107_000);
    expect(runs[2]).toMatchObject({ duration_ms: null, status: null, stopped_at: null, is_approval: true });
    await expect(testClient().listWorkflowRuns("gh/acme/checkout", "x", { endDate: "2026-03-01" }).toArray()).rejects.toThrow(/endDate needs startDate/);
    await expect(
      testClient().listWorkflowRuns("gh/acme/checkout", "x", { startDate: "2025-01-01", endDate: "2026-03-01" }).toArray(),
    ).rejects.toThrow(/at most 90 days/);
    await expect(testClient().listWorkflowRuns("gh/acme/checkout", "..").toArray()).rejects.toThrow(InvalidInputError);
  });

  it("listContexts by ownerSlug or ownerId, exactly one", async () => {
    server.use(http.get(`${BASE}/context`, () => HttpResponse.json(fx.page(fx.contexts))));
    const client = testClient();
    expect(await client.listContexts({ ownerSlug: "github/acme" }).toArray()).toHaveLength(4);
    expect(new URL(requests[0]!.url).searchParams.get("owner-slug")).toBe("gh/acme");
    await client.listContexts({ ownerId: fx.ORG_ID, ownerType: "account" }).toArray();
    const q = new URL(requests[1]!.url).searchParams;
    expect(q.get("owner-id")).toBe(fx.ORG_ID);
    expect(q.get("owner-type")).toBe("account");
    await expect(client.listContexts({} as never).toArray()).rejects.toThrow(/exactly one of ownerSlug or ownerId/);
  });

  it("listContextVariables returns names and dates only", async () => {
    const id = fx.contexts[0]!.id;
    server.use(http.get(`${BASE}/context/${id}/environment-variable`, () => HttpResponse.json(fx.page(fx.contextVariables))));
    const vars = await testClient().listContextVariables(id).toArray();
    expect(vars.map((v) => v.variable)).toEqual(["STRIPE_API_KEY", "DATABASE_URL"]);
    expect(Object.keys(vars[0]!)).not.toContain("value");
  });

  it("listProjectEnvVars keeps masked values as given and the EDN-ish created-at as raw text", async () => {
    server.use(http.get(`${P}/envvar`, () => HttpResponse.json(fx.page(fx.projectEnvVars))));
    const vars = await testClient().listProjectEnvVars("gh/acme/checkout").toArray();
    expect(vars[0]).toEqual({ name: "NPM_TOKEN", value: "xxxx9f2c", created_at_raw: "#joda/inst 2023-04-14T21:20:14+0000" });
    expect(vars[1]?.created_at_raw).toBeNull();
    expect(vars[2]?.created_at_raw).toBeNull();
  });

  it("refuses bad slugs and ids before any request", async () => {
    const client = testClient();
    await expect(client.getProject("acme/checkout")).rejects.toThrow(InvalidInputError);
    await expect(client.listPipelines("gh/acme/..").toArray()).rejects.toThrow(InvalidInputError);
    await expect(client.getPipeline("")).rejects.toThrow(InvalidInputError);
    await expect(client.getWorkflow("..")).rejects.toThrow(InvalidInputError);
    await expect(client.getJobDetails("gh/acme/checkout#x", 1)).rejects.toThrow(InvalidInputError);
    expect(requests).toHaveLength(0);
  });

  it("encodes ids so they stay one path segment", async () => {
    server.use(http.get(`${BASE}/workflow/:id`, () => HttpResponse.json({ message: "Workflow not found" }, { status: 404 })));
    await testClient().getWorkflow("a/../../me?x#y").catch(() => undefined);
    expect(new URL(requests[0]!.url).pathname).toBe("/api/v2/workflow/a%2F..%2F..%2Fme%3Fx%23y");
  });
});
