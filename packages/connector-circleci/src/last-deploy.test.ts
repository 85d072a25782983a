import { useMswServer } from "@toolweave/core/testing";
import { PaginationLimitError } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import * as fx from "./__fixtures__/index.js";
import { BASE, testClient } from "./test-utils.js";

const { server, requests } = useMswServer();
const SERVER_API = "https://circleci.internal.example.com/api/v2";

function handlers(base: string) {
  return [
    http.get(`${base}/project/gh/acme/checkout`, () => HttpResponse.json(fx.project)),
    http.get(`${base}/project/gh/acme/checkout/pipeline`, ({ request }) => {
      const token = new URL(request.url).searchParams.get("page-token");
      // Two pages: 1207 and 1206 first, then 1205 and 1204.
      return token === null ? HttpResponse.json(fx.page(fx.pipelines.slice(0, 2), "page-2")) : HttpResponse.json(fx.page(fx.pipelines.slice(2), null));
    }),
    http.get(`${base}/pipeline/:id/workflow`, ({ params }) => {
      const items = fx.workflowsByPipeline[String(params.id)];
      return items ? HttpResponse.json(fx.page(items)) : HttpResponse.json({ message: "Not found" }, { status: 404 });
    }),
  ];
}

describe("lastDeploy", () => {
  it("finds the most recent successful deploy run with commit SHA, actor and deep links", async () => {
    server.use(...handlers(BASE));
    const { deploy, incomplete } = await testClient().lastDeploy({ project: "gh/acme/checkout", service: "checkout", env: "prod" });
    expect(incomplete).toEqual([]);
    expect(deploy).not.toBeNull();
    expect(deploy!.workflow).toMatchObject({ id: "bb22cc33-dd44-4e55-9f66-007788990011", name: "deploy-checkout", status: "success" });
    expect(deploy!.pipeline.number).toBe(1207);
    expect(deploy!.commitSha).toBe("f454a02b5d10fcccfd7d9dd7608a76d6493a98b4");
    expect(deploy!.actor).toBe("jdoe");
    expect(deploy!.deployedAt).toBe("2026-03-02T10:15:42.000Z");
    expect(deploy!.links).toEqual({
      workflow: "https://app.circleci.com/pipelines/github/acme/checkout/1207/workflows/bb22cc33-dd44-4e55-9f66-007788990011",
      pipeline: "https://app.circleci.com/pipelines/github/acme/checkout/1207",
      project: "https://app.circleci.com/pipelines/github/acme/checkout",
      commit: "https://github.com/acme/checkout/commit/f454a02b5d10fcccfd7d9dd7608a76d6493a98b4",
    });
    // Older pipelines created within maxRerunAgeDays of that deploy could hold a later rerun,
    // so the second page is read too.
    expect(requests.filter((r) => r.url.includes("page-token"))).toHaveLength(1);
  });

  it("picks the deploy that finished last: a rollback re-run of an older pipeline wins", async () => {
    const rollback = {
      ...(fx.workflowsByPipeline[fx.pipelines[3]!.id]![0] as object),
      id: "ff66aa77-1188-4c99-8d00-e11223344556",
      created_at: "2026-03-02T11:02:00.000Z",
      stopped_at: "2026-03-02T11:09:30.000Z",
    };
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page(fx.pipelines))),
      http.get(`${BASE}/pipeline/:id/workflow`, ({ params }) => {
        const items = fx.workflowsByPipeline[String(params.id)];
        if (params.id === fx.pipelines[3]!.id) return HttpResponse.json(fx.page([...items!, rollback]));
        return items ? HttpResponse.json(fx.page(items)) : HttpResponse.json({ message: "Not found" }, { status: 404 });
      }),
    );
    const { deploy, incomplete } = await testClient().lastDeploy({ project: "gh/acme/checkout", service: "checkout", env: "prod" });
    expect(incomplete).toEqual([]);
    expect(deploy).toMatchObject({ workflow: { id: "ff66aa77-1188-4c99-8d00-e11223344556" }, pipeline: { number: 1204 }, deployedAt: "2026-03-02T11:09:30.000Z" });
    expect(deploy!.commitSha).toBe("9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b");
  });

  it("never presents an older deploy as complete when the newest pipeline's workflows fail past retries (429)", async () => {
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page(fx.pipelines))),
      http.get(`${BASE}/pipeline/:id/workflow`, ({ params }) => {
        if (params.id === fx.pipelines[0]!.id) return HttpResponse.json({ message: "Rate limit exceeded." }, { status: 429, headers: { "retry-after": "0" } });
        const items = fx.workflowsByPipeline[String(params.id)];
        return items ? HttpResponse.json(fx.page(items)) : HttpResponse.json({ message: "Not found" }, { status: 404 });
      }),
    );
    const { deploy, incomplete } = await testClient().lastDeploy({ project: "gh/acme/checkout", service: "checkout", env: "prod" });
    expect(deploy?.pipeline.number).toBe(1204);
    expect(incomplete).toEqual([
      {
        lookup: "workflows of pipeline #1207 (gh/acme/checkout), which could hold a later-finishing deploy-checkout",
        error: expect.objectContaining({ kind: "rate_limited", status: 429, isRetryable: true }),
        retryable: true,
      },
    ]);
  });

  it.each([
    ["a 503", () => HttpResponse.json({ message: "unavailable" }, { status: 503 })],
    ["a timeout", async () => (await new Promise((r) => setTimeout(r, 300)), HttpResponse.json(fx.page([])))],
  ])("marks the answer incomplete when the newest pipeline's workflows fail with %s", async (_label, fail) => {
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page(fx.pipelines))),
      http.get(`${BASE}/pipeline/:id/workflow`, ({ params }) => {
        if (params.id === fx.pipelines[0]!.id) return fail();
        const items = fx.workflowsByPipeline[String(params.id)];
        return items ? HttpResponse.json(fx.page(items)) : HttpResponse.json({ message: "Not found" }, { status: 404 });
      }),
    );
    const result = await testClient({ timeoutMs: 50, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 } }).lastDeploy({ project: "gh/acme/checkout", service: "checkout" });
    expect(result.incomplete.map((i) => i.lookup)).toEqual(["workflows of pipeline #1207 (gh/acme/checkout), which could hold a later-finishing deploy-checkout"]);
    expect(result.incomplete[0]!.retryable).toBe(true);
  });

  it("stops reading pipelines created before the deploy found minus maxRerunAgeDays", async () => {
    const old = { ...fx.pipelines[3]!, id: "0a0b0c0d-1e1f-4a2b-8c3d-4e5f6a7b8c9d", number: 1100, created_at: "2026-01-10T08:00:00.000Z" };
    const workflowCalls: string[] = [];
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page([...fx.pipelines, old]))),
      http.get(`${BASE}/pipeline/:id/workflow`, ({ params }) => {
        workflowCalls.push(String(params.id));
        const items = fx.workflowsByPipeline[String(params.id)];
        return items ? HttpResponse.json(fx.page(items)) : HttpResponse.json({ message: "Not found" }, { status: 404 });
      }),
    );
    const result = await testClient().lastDeploy({ project: "gh/acme/checkout", service: "checkout", maxRerunAgeDays: 7 });
    expect(result.deploy?.pipeline.number).toBe(1207);
    expect(workflowCalls).not.toContain(old.id);
    expect(result.pipelinesScanned).toBe(4);
    expect(result.incomplete).toEqual([]);
  });

  it("says so when maxPipelines is reached before older pipelines are ruled out", async () => {
    server.use(...handlers(BASE));
    const result = await testClient().lastDeploy({ project: "gh/acme/checkout", service: "checkout", maxPipelines: 1 });
    expect(result.deploy?.pipeline.number).toBe(1207);
    expect(result.incomplete).toEqual([
      expect.objectContaining({ lookup: "pipelines of gh/acme/checkout beyond the first 1", retryable: false, error: expect.objectContaining({ fix: expect.stringMatching(/Raise maxPipelines/) }) }),
    ]);
  });

  it("builds links from the caller's slug when the API echoes one it cannot parse", async () => {
    const echoed = "gitlab/acme/platform/checkout";
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page(fx.pipelines.map((p) => ({ ...p, project_slug: echoed }))))),
      http.get(`${BASE}/pipeline/:id/workflow`, ({ params }) => {
        const items = fx.workflowsByPipeline[String(params.id)];
        return items ? HttpResponse.json(fx.page(items.map((w) => ({ ...w, project_slug: echoed })))) : HttpResponse.json({ message: "Not found" }, { status: 404 });
      }),
    );
    const { deploy } = await testClient().lastDeploy({ project: "gh/acme/checkout", service: "checkout" });
    expect(deploy?.links.pipeline).toBe("https://app.circleci.com/pipelines/github/acme/checkout/1207");
    expect(deploy?.project).toBe("gh/acme/checkout");
  });

  it("filters by the env pipeline parameter and goes to later pages", async () => {
    server.use(...handlers(BASE));
    const staging = await testClient().lastDeploy({ project: "gh/acme/checkout", workflow: "deploy-checkout", env: "staging" });
    expect(staging).toEqual({ deploy: null, incomplete: [], pipelinesScanned: 4 });
    const older = await testClient().lastDeploy({ project: "gh/acme/checkout", workflow: "deploy-checkout", branch: "main", maxPipelines: 50 });
    expect(older.deploy?.pipeline.number).toBe(1207);
  });

  it("returns null when no successful run exists within maxPipelines", async () => {
    server.use(...handlers(BASE));
    expect((await testClient().lastDeploy({ project: "gh/acme/checkout", workflow: "deploy-payments" })).deploy).toBeNull();
    expect((await testClient().lastDeploy({ project: "gh/acme/checkout", service: "checkout", maxPipelines: 1 })).deploy).not.toBeNull();
  });

  it("does not present 'no deploy' as complete when maxPipelines stopped the scan before the list ended", async () => {
    server.use(...handlers(BASE));
    const capped = await testClient().lastDeploy({ project: "gh/acme/checkout", workflow: "deploy-payments", maxPipelines: 2 });
    expect(capped.deploy).toBeNull();
    expect(capped.incomplete).toHaveLength(1);
    expect(capped.incomplete[0]!.lookup).toMatch(/beyond the first 2/);
    // Every pipeline read and none deployed: a complete "none".
    const all = await testClient().lastDeploy({ project: "gh/acme/checkout", workflow: "deploy-payments" });
    expect(all).toMatchObject({ deploy: null, incomplete: [] });
  });

  it("uses the configured Server host for deep links, never app.circleci.com", async () => {
    server.use(...handlers(SERVER_API));
    const { deploy } = await testClient({ baseUrl: SERVER_API }).lastDeploy({ project: "gh/acme/checkout", service: "checkout" });
    expect(deploy!.links.workflow).toBe(
      "https://circleci.internal.example.com/pipelines/github/acme/checkout/1207/workflows/bb22cc33-dd44-4e55-9f66-007788990011",
    );
    expect(JSON.stringify(deploy)).not.toContain("app.circleci.com");
  });

  it("validates its options", async () => {
    await expect(testClient().lastDeploy({ project: "gh/acme/checkout" } as never)).rejects.toThrow(/exactly one of workflow or service/);
    await expect(testClient().lastDeploy({ project: "acme/checkout", service: "checkout" })).rejects.toMatchObject({ fix: expect.stringMatching(/gh\/<org>\/<repo>/) });
  });
});

describe("successRate", () => {
  it("reads a workflow's success rate from insights", async () => {
    server.use(http.get(`${BASE}/insights/gh/acme/checkout/workflows`, () => HttpResponse.json(fx.page(fx.workflowMetrics))));
    const rate = await testClient().successRate("gh/acme/checkout", "deploy-checkout", { reportingWindow: "last-30-days" });
    expect(rate).toEqual({
      workflow: "deploy-checkout",
      successRate: 0.9,
      totalRuns: 40,
      successfulRuns: 36,
      failedRuns: 4,
      meanDurationMs: 130_000,
      windowStart: "2026-01-31T00:00:00.000Z",
      windowEnd: "2026-03-01T23:59:59.000Z",
      reportingWindow: "last-30-days",
      branch: "all",
    });
    expect(new URL(requests[0]!.url).searchParams.get("all-branches")).toBe("true");
    expect(await testClient().successRate("gh/acme/checkout", "never-ran", { branch: "main" })).toBeNull();
  });

  it("accepts items whose untyped, unused project_id is not a string", async () => {
    const odd = fx.workflowMetrics.map((m, i) => ({ ...m, project_id: [42, null, { id: "x" }][i % 3] }));
    server.use(http.get(`${BASE}/insights/gh/acme/checkout/workflows`, () => HttpResponse.json(fx.page(odd))));
    expect((await testClient().successRate("gh/acme/checkout", "deploy-checkout"))?.successRate).toBe(0.9);
  });

  it("does not answer null when the list ended early without the workflow: it rejects, retryable", async () => {
    server.use(
      http.get(`${BASE}/insights/gh/acme/checkout/workflows`, ({ request }) =>
        new URL(request.url).searchParams.get("page-token")
          ? HttpResponse.json({ message: "Not Found" }, { status: 404 })
          : HttpResponse.json(fx.page(fx.workflowMetrics.slice(1), "dead-token")),
      ),
    );
    const error = await testClient().successRate("gh/acme/checkout", "deploy-checkout").catch((e: unknown) => e);
    expect(PaginationLimitError.isInstance(error), String(error)).toBe(true);
    expect((error as PaginationLimitError).isRetryable).toBe(true);
  });
});

describe("latestPipelineStatus", () => {
  it("shows the latest default-branch pipeline with its workflows (newest rerun per name)", async () => {
    server.use(...handlers(BASE));
    const status = await testClient().latestPipelineStatus("gh/acme/checkout");
    expect(new URL(requests[1]!.url).searchParams.get("branch")).toBe("main");
    expect(status.branch).toBe("main");
    expect(status.pipeline?.number).toBe(1207);
    expect(status.workflows.map((w) => [w.name, w.status])).toEqual([
      ["build-api", "success"],
      ["deploy-checkout", "success"],
    ]);
    expect(status.outcome).toBe("success");
    expect(status.project.url).toBe("https://app.circleci.com/pipelines/github/acme/checkout");
    expect(status.incomplete).toEqual([]);
  });

  it("says the workflows are missing (outcome unknown) when they fail past retries, instead of throwing or claiming no workflows", async () => {
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout`, () => HttpResponse.json(fx.project)),
      http.get(`${BASE}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page(fx.pipelines))),
      http.get(`${BASE}/pipeline/:id/workflow`, () => HttpResponse.json({ message: "unavailable" }, { status: 503 })),
    );
    const status = await testClient().latestPipelineStatus("gh/acme/checkout");
    expect(status.outcome).toBe("unknown");
    expect(status.pipeline?.number).toBe(1207);
    expect(status.incomplete).toEqual([
      { lookup: "workflows of pipeline #1207 (gh/acme/checkout)", error: expect.objectContaining({ kind: "service", status: 503 }), retryable: true },
    ]);
  });

  it("does not blame the caller when the API echoes a slug it cannot parse", async () => {
    const echoed = "gitlab/acme/platform/checkout";
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout`, () => HttpResponse.json({ ...fx.project, slug: echoed })),
      http.get(`${BASE}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page(fx.pipelines.map((p) => ({ ...p, project_slug: echoed }))))),
      http.get(`${BASE}/pipeline/:id/workflow`, ({ params }) => {
        const items = fx.workflowsByPipeline[String(params.id)] ?? [];
        return HttpResponse.json(fx.page(items.map((w) => ({ ...w, project_slug: echoed }))));
      }),
    );
    const status = await testClient().latestPipelineStatus("gh/acme/checkout");
    expect(status.project.url).toBe("https://app.circleci.com/pipelines/github/acme/checkout");
    expect(status.pipeline?.url).toBe("https://app.circleci.com/pipelines/github/acme/checkout/1207");
    expect(status.workflows[0]?.url).toMatch(/\/pipelines\/github\/acme\/checkout\/1207\/workflows\//);
  });
});
