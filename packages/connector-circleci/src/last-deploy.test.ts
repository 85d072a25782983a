import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import * as fx from "./__fixtures__/index.js";
import { API, testClient, useServer } from "./__fixtures__/test-kit.js";

const { server, requests } = useServer();
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
    server.use(...handlers(API));
    const deploy = await testClient().lastDeploy({ project: "gh/acme/checkout", service: "checkout", env: "prod" });
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
    // Found on the first page: the second page was not fetched.
    expect(requests.filter((r) => r.url.includes("page-token"))).toHaveLength(0);
  });

  it("filters by the env pipeline parameter and goes to later pages", async () => {
    server.use(...handlers(API));
    const staging = await testClient().lastDeploy({ project: "gh/acme/checkout", workflow: "deploy-checkout", env: "staging" });
    expect(staging).toBeNull();
    const older = await testClient().lastDeploy({ project: "gh/acme/checkout", workflow: "deploy-checkout", branch: "main", maxPipelines: 50 });
    expect(older?.pipeline.number).toBe(1207);
  });

  it("returns null when no successful run exists within maxPipelines", async () => {
    server.use(...handlers(API));
    expect(await testClient().lastDeploy({ project: "gh/acme/checkout", workflow: "deploy-payments" })).toBeNull();
    expect(await testClient().lastDeploy({ project: "gh/acme/checkout", service: "checkout", maxPipelines: 1 })).not.toBeNull();
  });

  it("uses the configured Server host for deep links, never app.circleci.com", async () => {
    server.use(...handlers(SERVER_API));
    const deploy = await testClient({ baseUrl: SERVER_API }).lastDeploy({ project: "gh/acme/checkout", service: "checkout" });
    expect(deploy!.links.workflow).toBe(
      "https://circleci.internal.example.com/pipelines/github/acme/checkout/1207/workflows/bb22cc33-dd44-4e55-9f66-007788990011",
    );
    expect(JSON.stringify(deploy)).not.toContain("app.circleci.com");
  });

  it("validates its options", async () => {
    await expect(testClient().lastDeploy({ project: "gh/acme/checkout" } as never)).rejects.toThrow(/exactly one of workflow or service/);
    await expect(testClient().lastDeploy({ project: "acme/checkout", service: "checkout" })).rejects.toThrow(/gh\/<org>\/<repo>/);
  });
});

describe("successRate", () => {
  it("reads a workflow's success rate from insights", async () => {
    server.use(http.get(`${API}/insights/gh/acme/checkout/workflows`, () => HttpResponse.json(fx.page(fx.workflowMetrics))));
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
});

describe("latestPipelineStatus", () => {
  it("shows the latest default-branch pipeline with its workflows (newest rerun per name)", async () => {
    server.use(...handlers(API));
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
  });
});
