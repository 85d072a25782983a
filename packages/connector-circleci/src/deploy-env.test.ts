import { useMswServer } from "@toolweave/core/testing";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { envPipelinePages, envPipelines, envWorkflowsByPipeline } from "./__fixtures__/env-pipelines.js";
import { BASE, testClient } from "./test-utils.js";

const { server, requests } = useMswServer();
const PROJECT = "gh/acme/checkout";
const since = new Date("2026-03-01T00:00:00.000Z");
const until = new Date("2026-03-11T00:00:00.000Z");

function handlers() {
  return [
    http.get(`${BASE}/project/gh/acme/checkout/pipeline`, ({ request }) => {
      const token = new URL(request.url).searchParams.get("page-token");
      if (token === null) return HttpResponse.json(envPipelinePages[0]);
      if (token === envPipelinePages[0].next_page_token) return HttpResponse.json(envPipelinePages[1]);
      return HttpResponse.json({ message: "Not found" }, { status: 404 });
    }),
    http.get(`${BASE}/pipeline/:id/workflow`, ({ params }) => {
      const items = envWorkflowsByPipeline[String(params.id)];
      return items ? HttpResponse.json({ items, next_page_token: null }) : HttpResponse.json({ message: "Not found" }, { status: 404 });
    }),
  ];
}

/** What the test expects an env to be, worked out here from the raw payloads (not by the code under test). */
const normalized = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim().toLowerCase() : undefined);

type RawWorkflow = { id: string; name: string; status: string; stopped_at: string | null; pipeline_id: string };

/** The deploy-checkout runs that finished in [from, to] as success, failed or error, for pipelines of `env` (all when undefined). */
function expectedEventIds(env: string | undefined, from: Date, to: Date): string[] {
  const ids: string[] = [];
  for (const p of envPipelines) {
    if (env !== undefined && normalized(p.trigger_parameters.env) !== normalized(env)) continue;
    for (const w of (envWorkflowsByPipeline[p.id] ?? []) as RawWorkflow[]) {
      if (w.name !== "deploy-checkout" || !w.stopped_at || !["success", "failed", "error"].includes(w.status)) continue;
      const at = Date.parse(w.stopped_at);
      if (at >= from.getTime() && at <= to.getTime()) ids.push(w.id);
    }
  }
  return ids.sort();
}

const workflowReads = () => requests.filter((r) => /\/pipeline\/[^/]+\/workflow$/.test(new URL(r.url).pathname)).map((r) => new URL(r.url).pathname.split("/")[4]!);

describe("lastDeploy and deployEvents on one set of pipelines", () => {
  it.each([
    ["prod-eu", 2],
    ["PROD", 2],
    ["prod", 2],
    [" Prod-EU ", 2],
    ["staging", 0],
    [undefined, 5],
  ] as const)("agree on the env filter for env %j", async (env, successfulRuns) => {
    server.use(...handlers());
    const client = testClient();
    const envOption = env === undefined ? {} : { env };
    const last = await client.lastDeploy({ project: PROJECT, service: "checkout", ...envOption });
    const events = await client.deployEvents({ project: PROJECT, service: "checkout", ...envOption, since, until });

    expect(last.incomplete).toEqual([]);
    expect(events.incomplete).toEqual([]);
    // deployEvents answers exactly the runs of the pipelines whose env is this one, no more, no fewer.
    const expected = expectedEventIds(env, since, until);
    expect(events.events.map((e) => e.id).sort()).toEqual(expected);
    expect(events.events.filter((e) => e.kind === "deploy")).toHaveLength(successfulRuns);
    if (env !== undefined) expect(events.events.every((e) => e.env === normalized(env))).toBe(true);

    // The deploy lastDeploy picks is among deployEvents' deploys, and it finished last among them.
    const deploys = events.events.filter((e) => e.kind === "deploy");
    if (successfulRuns === 0) {
      expect(last.deploy).toBeNull();
      return;
    }
    expect(last.deploy).not.toBeNull();
    const picked = deploys.find((e) => e.id === last.deploy!.workflow.id);
    expect(picked, `lastDeploy picked ${last.deploy!.workflow.id} (#${last.deploy!.pipeline.number}); deployEvents has ${deploys.map((e) => e.id).join(", ")}`).toBeDefined();
    expect(picked!.start).toBe(last.deploy!.deployedAt);
    expect(deploys.at(-1)!.id).toBe(last.deploy!.workflow.id);

    // And in a window that holds only that moment.
    const at = new Date(last.deploy!.deployedAt);
    const narrow = await client.deployEvents({ project: PROJECT, service: "checkout", ...envOption, since: at, until: at });
    expect(narrow.incomplete).toEqual([]);
    expect(narrow.events.map((e) => e.id)).toEqual([last.deploy!.workflow.id]);
  });

  it("reads the env from the pipeline parameter the same way: trimmed and lower-cased, hyphens kept", async () => {
    server.use(...handlers());
    const { events } = await testClient().deployEvents({ project: PROJECT, service: "checkout", env: "prod-eu", since, until });
    expect(events.map((e) => [e.attributes?.pipelineNumber, e.kind, e.env])).toEqual([
      [1310, "deploy", "prod-eu"],
      [1314, "deploy-failed", "prod-eu"],
      [1314, "deploy", "prod-eu"],
    ]);
    expect(events[0]!.title).toBe("deploy-checkout deployed #1310 (f8e7d6c) to prod-eu");
    // Correlation keys name an env only in core's one-word form; the event's env is the pipeline's.
    expect(events[0]!.keys).toEqual({ service: "checkout", repo: "gh/acme/checkout" });
    // Only pipelines of that env are read (#1316's deploy is still running); #1250 is older than the cut-off.
    expect(workflowReads().sort()).toEqual([envPipelines[0]!.id, envPipelines[2]!.id, envPipelines[6]!.id].sort());
  });

  it.each([
    ["a later page of pipelines that fails", 503],
    ["the pipeline list cut short (404 for the next page token)", 404],
  ])("report %s the same way, keeping what they found", async (_label, status) => {
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout/pipeline`, ({ request }) =>
        new URL(request.url).searchParams.get("page-token") === null ? HttpResponse.json(envPipelinePages[0]) : HttpResponse.json({ message: "unavailable" }, { status }),
      ),
      ...handlers().slice(1),
    );
    const client = testClient({ retry: false });
    const last = await client.lastDeploy({ project: PROJECT, service: "checkout", env: "prod-eu" });
    const events = await client.deployEvents({ project: PROJECT, service: "checkout", env: "prod-eu", since, until });
    expect(last.deploy?.workflow.id).toBe("e5f6a7b8-c9d0-4e4b-8f5c-a6db7c8d9ea4");
    expect(events.events.map((e) => e.id)).toContain("e5f6a7b8-c9d0-4e4b-8f5c-a6db7c8d9ea4");
    const lookups = [expect.objectContaining({ lookup: "pipelines of gh/acme/checkout older than the 4 read", retryable: true })];
    expect(last.incomplete).toEqual(lookups);
    expect(events.incomplete).toEqual(lookups);
    expect([last.pipelinesScanned, events.pipelinesScanned]).toEqual([4, 4]);
  });

  it("both report a pipeline of the env whose workflows cannot be read", async () => {
    const failing = envPipelines[2]!.id; // #1314, prod-eu
    server.use(
      ...handlers().slice(0, 1),
      http.get(`${BASE}/pipeline/:id/workflow`, ({ params }) => {
        if (params.id === failing) return HttpResponse.json({ message: "unavailable" }, { status: 503 });
        const items = envWorkflowsByPipeline[String(params.id)];
        return items ? HttpResponse.json({ items, next_page_token: null }) : HttpResponse.json({ message: "Not found" }, { status: 404 });
      }),
    );
    const client = testClient({ retry: false });
    const last = await client.lastDeploy({ project: PROJECT, service: "checkout", env: "prod-eu" });
    const events = await client.deployEvents({ project: PROJECT, service: "checkout", env: "prod-eu", since, until });
    expect(last.deploy?.pipeline.number).toBe(1310);
    expect(last.incomplete.map((i) => i.lookup)).toEqual(["workflows of pipeline #1314 (gh/acme/checkout), which could hold a later-finishing deploy-checkout"]);
    expect(events.incomplete.map((i) => i.lookup)).toEqual(["workflows of pipeline #1314 (gh/acme/checkout), which could hold a deploy-checkout run in the window"]);
    expect([...last.incomplete, ...events.incomplete].every((i) => i.retryable && i.error.status === 503)).toBe(true);
  });
});
