import { useMswServer } from "@toolweave/core/testing";
import { createCallMemo, createHub, type CallMemo } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import * as fx from "./__fixtures__/index.js";
import { BASE, testClient } from "./test-utils.js";
import type { CircleCIClient } from "./create-circleci.js";

const { server, requests } = useMswServer();
const project = "gh/acme/checkout";
const since = new Date("2026-02-27T00:00:00.000Z");
const until = new Date("2026-03-03T00:00:00.000Z");

/** The project, its pipelines in two pages (1207 and 1206, then 1205 and 1204), their workflows; `failing` answers 503. */
function serve(failing?: string) {
  server.use(
    http.get(`${BASE}/project/gh/acme/checkout`, () => HttpResponse.json(fx.project)),
    http.get(`${BASE}/project/gh/acme/checkout/pipeline`, ({ request }) => {
      const token = new URL(request.url).searchParams.get("page-token");
      return token === null ? HttpResponse.json(fx.page(fx.pipelines.slice(0, 2), "page-2")) : HttpResponse.json(fx.page(fx.pipelines.slice(2), null));
    }),
    http.get(`${BASE}/pipeline/:id/workflow`, ({ params }) => {
      if (params.id === failing) return HttpResponse.json({ message: "Service unavailable" }, { status: 503 });
      const items = fx.workflowsByPipeline[String(params.id)];
      return items ? HttpResponse.json(fx.page(items)) : HttpResponse.json({ message: "Not found" }, { status: 404 });
    }),
  );
}

/** What a status page asks CircleCI for one service: the latest pipeline, the last deploy per env (on the default branch), the deploys of a window. */
function answer(client: CircleCIClient, memo?: CallMemo) {
  const shared = memo ? { memo } : {};
  return Promise.all([
    client.latestPipelineStatus(project, shared),
    client.lastDeploy({ project, service: "checkout", env: "prod", branch: "main", ...shared }),
    client.lastDeploy({ project, service: "checkout", env: "staging", branch: "main", ...shared }),
    client.deployEvents({ project, service: "checkout", since, until, ...shared }),
  ]);
}

/** Each URL sent, with how many times. */
function sent(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(r.url, (counts.get(r.url) ?? 0) + 1);
  return counts;
}

describe("calls sharing a CallMemo", () => {
  it("read each pipeline page, each pipeline's workflows and the project once across lastDeploy, deployEvents and latestPipelineStatus, with the same answers", async () => {
    serve();
    const client = testClient();
    const shared = await answer(client, createCallMemo());
    const once = sent();
    expect([...once.values()].every((n) => n === 1)).toBe(true);
    expect([...once.keys()].filter((url) => url.endsWith("/workflow"))).toHaveLength(fx.pipelines.length);

    requests.length = 0;
    const alone = await answer(client);
    // Without one, each call reads for itself: the same pages and workflows again.
    expect(requests.length).toBeGreaterThan(once.size);
    expect(shared).toEqual(alone);
  });

  it("does not retry a failed read within the memo, and reports it the same way in each answer", async () => {
    const failing = fx.pipelines[0]!.id;
    serve(failing);
    const client = testClient({ retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 } });
    const workflowsOfFailing = () => requests.filter((r) => r.url === `${BASE}/pipeline/${failing}/workflow`).length;

    const [status, prod, staging, events] = await answer(client, createCallMemo());
    // One read, sent twice (the first attempt and its one retry), for the four calls.
    expect(workflowsOfFailing()).toBe(2);
    const lookup = "workflows of pipeline #1207 (gh/acme/checkout)";
    expect(status.incomplete).toEqual([expect.objectContaining({ lookup, error: expect.objectContaining({ kind: "service", status: 503 }), retryable: true })]);
    expect(prod.incomplete).toEqual([expect.objectContaining({ lookup: `${lookup}, which could hold a later-finishing deploy-checkout`, error: status.incomplete[0]!.error })]);
    expect(events.incomplete).toEqual([expect.objectContaining({ lookup: `${lookup}, which could hold a deploy-checkout run in the window`, error: status.incomplete[0]!.error })]);

    requests.length = 0;
    const alone = await answer(client);
    expect(workflowsOfFailing()).toBe(6);
    expect([status, prod, staging, events]).toEqual(alone);
  });

  it("are shared by the hub: a timeline and a find of one answer read the project's pipelines once", async () => {
    serve();
    server.use(http.get(`${BASE}/context`, () => HttpResponse.json(fx.page([]))));
    const client = testClient();
    const hub = createHub({ connectors: [client] });
    const memo = createCallMemo();
    const keys = { service: "checkout", repo: project, env: "prod" };
    const [timeline, found] = await Promise.all([hub.timeline(keys, { since, until, memo }), hub.correlate(keys, { memo })]);
    expect(timeline.complete).toBe(true);
    expect(found[0]).toMatchObject({ ok: true, value: { incomplete: [] } });
    expect([...sent().values()].every((n) => n === 1)).toBe(true);
  });
});
