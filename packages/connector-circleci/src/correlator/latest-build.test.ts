import { useMswServer } from "@toolweave/core/testing";
import { AbortedError, createCallMemo, InvalidInputError, normalizeKeys, NotFoundError } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import * as fx from "../__fixtures__/index.js";
import { BASE, testClient } from "../test-utils.js";

const { server, requests } = useMswServer();
const SERVER_APP = "https://circleci.example.com";
const keys = normalizeKeys({ service: "checkout", repo: "gh/acme/checkout" });

function handlers(base = BASE, workflows: "ok" | "fail" = "ok") {
  return [
    http.get(`${base}/project/gh/acme/checkout`, () => HttpResponse.json(fx.project)),
    http.get(`${base}/project/gh/acme/checkout/pipeline`, ({ request }) => {
      const branch = new URL(request.url).searchParams.get("branch");
      return HttpResponse.json(fx.page(fx.pipelines.filter((p) => !branch || p.vcs?.branch === branch)));
    }),
    http.get(`${base}/pipeline/:id/workflow`, ({ params }) => {
      if (workflows === "fail") return HttpResponse.json({ message: "unavailable" }, { status: 503 });
      const items = fx.workflowsByPipeline[String(params.id)];
      return items ? HttpResponse.json(fx.page(items)) : HttpResponse.json({ message: "Not found" }, { status: 404 });
    }),
  ];
}

describe("correlator.latestBuild", () => {
  it("is the latest pipeline of the default branch, with its outcome, link and revision", async () => {
    server.use(...handlers());
    const result = await testClient().correlator.latestBuild(keys);
    expect(result).toEqual({
      build: {
        provider: "circleci",
        id: fx.pipelines[0]!.id,
        label: "pipeline #1207 on main",
        // The failed deploy-checkout was rerun and passed: the newest run of each workflow counts.
        outcome: "success",
        branch: "main",
        at: fx.pipelines[0]!.created_at,
        url: "https://app.circleci.com/pipelines/github/acme/checkout/1207",
        sha: fx.pipelines[0]!.vcs!.revision,
      },
      incomplete: [],
    });
    expect(new URL(requests[1]!.url).searchParams.get("branch")).toBe("main");
  });

  it("links to the CircleCI Server host", async () => {
    server.use(...handlers(`${SERVER_APP}/api/v2`));
    const { build } = await testClient({ baseUrl: `${SERVER_APP}/api/v2` }).correlator.latestBuild(keys);
    expect(build?.url).toBe(`${SERVER_APP}/pipelines/github/acme/checkout/1207`);
  });

  it("says the outcome is unknown, with the workflows in incomplete, when they cannot be read", async () => {
    server.use(...handlers(BASE, "fail"));
    const { build, incomplete } = await testClient({ retry: false }).correlator.latestBuild(keys);
    expect(build).toMatchObject({ label: "pipeline #1207 on main", outcome: "unknown" });
    expect(incomplete).toEqual([
      { lookup: "workflows of pipeline #1207 (gh/acme/checkout)", error: expect.objectContaining({ kind: "service", status: 503 }), retryable: true },
    ]);
  });

  it("answers null when the default branch has no pipeline", async () => {
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout`, () => HttpResponse.json({ ...fx.project, vcs_info: { ...fx.project.vcs_info, default_branch: "trunk" } })),
      http.get(`${BASE}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page([]))),
    );
    expect(await testClient().correlator.latestBuild(keys)).toEqual({ build: null, incomplete: [] });
  });

  it("reads the project and pipelines once for every call of one answer that shares its memo", async () => {
    server.use(...handlers());
    const memo = createCallMemo();
    const client = testClient();
    await client.correlator.latestBuild(keys, { memo });
    const sent = requests.length;
    await client.correlator.latestBuild(keys, { memo });
    expect(requests).toHaveLength(sent);
  });

  it("rejects with InvalidInputError without a repo (or with one without a VCS prefix), before any request", async () => {
    const client = testClient();
    const none = await client.correlator.latestBuild(normalizeKeys({ service: "checkout" })).catch((e: unknown) => e);
    expect(InvalidInputError.isInstance(none)).toBe(true);
    expect((none as InvalidInputError).fix).toMatch(/repo/);
    const bare = await client.correlator.latestBuild(normalizeKeys({ service: "checkout", repo: "acme/checkout" })).catch((e: unknown) => e);
    expect(InvalidInputError.isInstance(bare)).toBe(true);
    expect(requests).toEqual([]);
  });

  it("rejects when the project cannot be read: there is nothing to report", async () => {
    server.use(http.get(`${BASE}/project/gh/acme/checkout`, () => HttpResponse.json(fx.projectNotFound, { status: 404 })));
    const error = await testClient().correlator.latestBuild(keys).catch((e: unknown) => e);
    expect(NotFoundError.isInstance(error), String(error)).toBe(true);
  });

  it("rejects with AbortedError when the caller's signal has aborted", async () => {
    server.use(...handlers());
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    const error = await testClient().correlator.latestBuild(keys, { signal: controller.signal }).catch((e: unknown) => e);
    expect(AbortedError.isInstance(error), String(error)).toBe(true);
  });
});
