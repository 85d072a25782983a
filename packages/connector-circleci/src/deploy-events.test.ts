import { useMswServer } from "@toolweave/core/testing";
import { InvalidInputError, ServiceError } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import * as fx from "./__fixtures__/index.js";
import { BASE, testClient } from "./test-utils.js";

const { server, requests } = useMswServer();
const [p1207, p1206, p1205, p1204] = fx.pipelines as [(typeof fx.pipelines)[0], (typeof fx.pipelines)[0], (typeof fx.pipelines)[0], (typeof fx.pipelines)[0]];
const since = new Date("2026-02-27T00:00:00.000Z");
const until = new Date("2026-03-02T12:00:00.000Z");
const workflowsOf = (id: string, extra: Record<string, object[]> = {}) => [...(fx.workflowsByPipeline[id] ?? []), ...(extra[id] ?? [])];
const workflowRequests = () => requests.filter((r) => /\/pipeline\/[^/]+\/workflow/.test(new URL(r.url).pathname)).map((r) => new URL(r.url).pathname.split("/")[4]);

function handlers(options: { extra?: Record<string, object[]>; failing?: string; twoPages?: boolean } = {}) {
  return [
    http.get(`${BASE}/project/gh/acme/checkout/pipeline`, ({ request }) => {
      if (!options.twoPages) return HttpResponse.json(fx.page(fx.pipelines));
      const token = new URL(request.url).searchParams.get("page-token");
      return token === null ? HttpResponse.json(fx.page(fx.pipelines.slice(0, 2), "page-2")) : HttpResponse.json(fx.page(fx.pipelines.slice(2), null));
    }),
    http.get(`${BASE}/pipeline/:id/workflow`, ({ params }) => {
      if (params.id === options.failing) return HttpResponse.json({ message: "unavailable" }, { status: 503 });
      const items = workflowsOf(String(params.id), options.extra);
      return items.length ? HttpResponse.json(fx.page(items)) : HttpResponse.json({ message: "Not found" }, { status: 404 });
    }),
  ];
}

describe("deployEvents", () => {
  it("lists every deploy run that finished in the window, failed runs and reruns included, with commit, actor and links", async () => {
    server.use(...handlers({ twoPages: true }));
    const result = await testClient().deployEvents({ project: "gh/acme/checkout", service: "checkout", env: "prod", since, until });
    expect(result.incomplete).toEqual([]);
    expect(result.events.map((e) => [e.kind, e.start, e.attributes?.pipelineNumber, e.attributes?.rerun])).toEqual([
      ["deploy", "2026-02-28T08:30:00.000Z", 1204, false],
      ["deploy-failed", "2026-03-02T10:13:40.000Z", 1207, false],
      ["deploy", "2026-03-02T10:15:42.000Z", 1207, true],
    ]);
    expect(result.events[2]).toEqual({
      id: "bb22cc33-dd44-4e55-9f66-007788990011",
      provider: "circleci",
      kind: "deploy",
      start: "2026-03-02T10:15:42.000Z",
      env: "prod",
      title: "deploy-checkout deployed #1207 (f454a02) to prod",
      url: "https://app.circleci.com/pipelines/github/acme/checkout/1207/workflows/bb22cc33-dd44-4e55-9f66-007788990011",
      keys: { service: "checkout", env: "prod", repo: "gh/acme/checkout" },
      commit: {
        sha: "f454a02b5d10fcccfd7d9dd7608a76d6493a98b4",
        url: "https://github.com/acme/checkout/commit/f454a02b5d10fcccfd7d9dd7608a76d6493a98b4",
        subject: "Bump payment SDK to 4.2",
      },
      actor: "jdoe",
      // A rerun's trigger is the rerun starting (the workflow's created_at), not the pipeline's old trigger.
      triggeredAt: "2026-03-02T10:13:55.000Z",
      attributes: expect.objectContaining({ workflow: "deploy-checkout", status: "success", pipelineNumber: 1207, rollback: false, pipelineUrl: "https://app.circleci.com/pipelines/github/acme/checkout/1207" }),
    });
    // Pipelines without env=prod are not read.
    expect(workflowRequests().sort()).toEqual([p1207.id, p1204.id].sort());
  });

  it("marks a rerun of an older pipeline's deploy that finishes last as a rollback", async () => {
    const rollback = { ...(fx.workflowsByPipeline[p1204.id]![0] as object), id: "ff66aa77-1188-4c99-8d00-e11223344556", created_at: "2026-03-02T11:02:00.000Z", stopped_at: "2026-03-02T11:09:30.000Z" };
    server.use(...handlers({ extra: { [p1204.id]: [rollback] } }));
    const { events } = await testClient().deployEvents({ project: "gh/acme/checkout", service: "checkout", env: "prod", since, until });
    const last = events.at(-1)!;
    expect(last).toMatchObject({ id: "ff66aa77-1188-4c99-8d00-e11223344556", kind: "deploy", start: "2026-03-02T11:09:30.000Z", commit: { sha: "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b" } });
    expect(last.attributes).toMatchObject({ rollback: true, rerun: true, pipelineNumber: 1204 });
    // Its commit went live before, with the pipeline's first run: delivery health reads that, not the attribute.
    expect(last.commit?.previouslyLiveAt).toBe("2026-02-28T08:30:00.000Z");
    expect(events.filter((e) => e !== last).map((e) => e.commit?.previouslyLiveAt)).toEqual([undefined, undefined, undefined]);
    expect(last.title).toBe("deploy-checkout rollback to #1204 (9a8b7c6) to prod");
  });

  it("carries when each deploy was asked for: the pipeline's trigger received, or the rerun's start", async () => {
    server.use(...handlers());
    const { events } = await testClient().deployEvents({ project: "gh/acme/checkout", service: "checkout", env: "prod", since, until });
    expect(events.map((e) => [e.attributes?.pipelineNumber, e.attributes?.rerun, e.triggeredAt])).toEqual([
      [1204, false, p1204.trigger!.received_at],
      [1207, false, p1207.trigger!.received_at],
      [1207, true, "2026-03-02T10:13:55.000Z"],
    ]);
    // Delivery health's trigger-to-live time runs from it to the deploy going live.
    for (const e of events) expect(Date.parse(e.triggeredAt!)).toBeLessThanOrEqual(Date.parse(e.start));
  });

  it("keeps only runs that finished inside the window and skips pipelines created after it", async () => {
    server.use(...handlers());
    const { events } = await testClient().deployEvents({ project: "gh/acme/checkout", service: "checkout", since: new Date("2026-02-28T08:30:00.000Z"), until: new Date("2026-03-02T10:00:00.000Z") });
    expect(events.map((e) => e.id)).toEqual(["cc33dd44-ee55-4f66-8a77-b88990011223"]);
    expect(workflowRequests()).not.toContain(p1207.id);
  });

  it("stops at the first pipeline created before since minus maxRerunAgeDays", async () => {
    server.use(...handlers());
    const result = await testClient().deployEvents({ project: "gh/acme/checkout", service: "checkout", since: new Date("2026-03-02T10:00:00.000Z"), until, maxRerunAgeDays: 1 });
    expect(result.incomplete).toEqual([]);
    expect(workflowRequests().sort()).toEqual([p1207.id, p1206.id, p1205.id].sort());
    expect(result.pipelinesScanned).toBe(3);
  });

  it("reports reaching maxPipelines before the cut-off instead of presenting a short list as complete", async () => {
    server.use(...handlers());
    const result = await testClient().deployEvents({ project: "gh/acme/checkout", service: "checkout", env: "prod", since, until, maxPipelines: 1 });
    expect(result.events.map((e) => e.attributes?.pipelineNumber)).toEqual([1207, 1207]);
    expect(result.incomplete).toEqual([
      expect.objectContaining({ lookup: "pipelines of gh/acme/checkout beyond the first 1", retryable: false, error: expect.objectContaining({ kind: "pagination_limit", fix: expect.stringMatching(/Raise maxPipelines/) }) }),
    ]);
  });

  it("walks at most eventsMaxPipelines pipelines for the correlator (the hub's timeline and delivery), and names the setting in the fix", async () => {
    server.use(...handlers());
    const keys = { service: "checkout", env: "prod", repo: "gh/acme/checkout" };
    const capped = await testClient({ eventsMaxPipelines: 1 }).correlator.events(keys, { since, until });
    expect(capped.events.map((e) => e.attributes?.pipelineNumber)).toEqual([1207, 1207]);
    expect(capped.incomplete).toEqual([
      expect.objectContaining({ lookup: "pipelines of gh/acme/checkout beyond the first 1", error: expect.objectContaining({ fix: expect.stringMatching(/eventsMaxPipelines setting/) }) }),
    ]);
    const whole = await testClient().correlator.events(keys, { since, until });
    expect(whole.incomplete).toEqual([]);
    expect(() => testClient({ eventsMaxPipelines: 0 })).toThrow(/eventsMaxPipelines/);
  });

  it("reports a pipeline whose workflows stay unavailable and keeps the other deploys", async () => {
    server.use(...handlers({ failing: p1207.id }));
    const result = await testClient().deployEvents({ project: "gh/acme/checkout", service: "checkout", env: "prod", since, until });
    expect(result.events.map((e) => e.attributes?.pipelineNumber)).toEqual([1204]);
    expect(result.incomplete).toHaveLength(1);
    expect(result.incomplete[0]).toMatchObject({ lookup: expect.stringMatching(/^workflows of pipeline #1207 \(gh\/acme\/checkout\)/), retryable: true, error: { status: 503, isRetryable: true } });
  });

  it("rejects when not even the first page of pipelines can be read", async () => {
    server.use(http.get(`${BASE}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json({ message: "unavailable" }, { status: 503 })));
    const error = await testClient().deployEvents({ project: "gh/acme/checkout", service: "checkout", since, until }).catch((e: unknown) => e);
    expect(ServiceError.isInstance(error), String(error)).toBe(true);
  });

  it("reports a later page of pipelines that fails, keeping what was read", async () => {
    server.use(
      http.get(`${BASE}/project/gh/acme/checkout/pipeline`, ({ request }) =>
        new URL(request.url).searchParams.get("page-token") === null ? HttpResponse.json(fx.page(fx.pipelines.slice(0, 1), "page-2")) : HttpResponse.json({ message: "unavailable" }, { status: 503 }),
      ),
      ...handlers().slice(1),
    );
    const result = await testClient().deployEvents({ project: "gh/acme/checkout", service: "checkout", since, until });
    expect(result.events.map((e) => e.attributes?.pipelineNumber)).toEqual([1207, 1207]);
    expect(result.incomplete).toEqual([expect.objectContaining({ lookup: "pipelines of gh/acme/checkout older than the 1 read", retryable: true })]);
  });

  it.each([
    ["since after until", { since: until, until: since }],
    ["a string date", { since: "2026-03-01", until }],
    ["an invalid date", { since: new Date("x"), until }],
    ["no service", { service: undefined }],
    ["an unknown option", { limit: 3 }],
    ["maxPipelines 0", { maxPipelines: 0 }],
  ])("refuses %s before any request", async (_, patch) => {
    const options = { project: "gh/acme/checkout", service: "checkout", since, until, ...patch };
    const error = await testClient().deployEvents(options as never).catch((e: unknown) => e);
    expect(InvalidInputError.isInstance(error), String(error)).toBe(true);
    expect(requests).toHaveLength(0);
  });
});

describe("correlator.events", () => {
  it("reads the deploys of the project named by repo, for the env given", async () => {
    server.use(...handlers());
    const client = testClient();
    const { events, incomplete } = await client.correlator.events({ service: "checkout", env: "prod", repo: "gh/acme/checkout" }, { since, until });
    expect(incomplete).toEqual([]);
    expect(events.map((e) => e.kind)).toEqual(["deploy", "deploy-failed", "deploy"]);
  });

  it("refuses keys without repo, naming the fix", async () => {
    const error = await testClient().correlator.events({ service: "checkout" }, { since, until }).catch((e: unknown) => e);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as InvalidInputError).fix).toMatch(/repo/);
    expect(requests).toHaveLength(0);
  });
});
