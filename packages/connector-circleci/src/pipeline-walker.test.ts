import { useMswServer } from "@toolweave/core/testing";
import { AbortedError, createCallMemo, ServiceError } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { envPipelinePages, envPipelines, envWorkflowsByPipeline } from "./__fixtures__/env-pipelines.js";
import { BASE, testContext } from "./test-utils.js";
import { walkPipelines, WALK_CONCURRENCY, type WalkPipelinesOptions, type WalkStep } from "./pipeline-walker.js";
import { parseProjectSlug } from "./project-slug.js";

const { server, requests } = useMswServer();
const project = parseProjectSlug("gh/acme/checkout");
const LIST = `${BASE}/project/gh/acme/checkout/pipeline`;
type RawPipeline = (typeof envPipelines)[number];

/** Serves `pages` of pipelines (a page given as a number is that HTTP status) and the fixtures' workflows. */
function serve(pages: (readonly RawPipeline[] | number)[], workflows: Record<string, object[] | number> = envWorkflowsByPipeline) {
  server.use(
    http.get(LIST, ({ request }) => {
      const token = new URL(request.url).searchParams.get("page-token");
      const n = token === null ? 0 : Number(token.replace("page-", ""));
      const page = pages[n];
      if (page === undefined || typeof page === "number") return HttpResponse.json({ message: "unavailable" }, { status: typeof page === "number" ? page : 404 });
      return HttpResponse.json({ items: page, next_page_token: n + 1 < pages.length ? `page-${n + 1}` : null });
    }),
    http.get(`${BASE}/pipeline/:id/workflow`, ({ params }) => {
      const items = workflows[String(params.id)];
      if (typeof items === "number") return HttpResponse.json({ message: "unavailable" }, { status: items });
      return items ? HttpResponse.json({ items, next_page_token: null }) : HttpResponse.json({ message: "Not found" }, { status: 404 });
    }),
  );
}

async function walk(options: Partial<WalkPipelinesOptions>, onStep?: (step: WalkStep) => void, ctx = testContext({ retry: false })) {
  const steps: WalkStep[] = [];
  const summary = await walkPipelines(ctx, { project, maxPipelines: 50, ...options }, (step) => {
    steps.push(step);
    onStep?.(step);
  });
  return { summary, steps, numbers: steps.map((s) => s.pipeline.number), read: steps.filter((s) => s.workflows).map((s) => s.pipeline.number) };
}

const workflowReads = () => requests.filter((r) => /\/pipeline\/[^/]+\/workflow$/.test(new URL(r.url).pathname)).map((r) => new URL(r.url).pathname.split("/")[4]!);
const listReads = () => requests.filter((r) => new URL(r.url).pathname.endsWith("/pipeline")).length;
const numberOf = (id: string) => envPipelines.find((p) => p.id === id)?.number;
const [first, second] = envPipelinePages;

describe("walkPipelines", () => {
  it("walks newest first across pages, folding every pipeline, and reads workflows only of the env asked for", async () => {
    serve([first.items, second.items]);
    const { summary, numbers, read, steps } = await walk({ env: " PROD-eu", cutoff: Date.parse("2026-02-15T00:00:00.000Z") });
    expect(numbers).toEqual([1316, 1315, 1314, 1313, 1312, 1311, 1310, 1309]);
    expect(read).toEqual([1316, 1314, 1310]);
    expect(steps.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(steps.find((s) => s.pipeline.number === 1314)!.workflows!.map((w) => w.status)).toEqual(["failed", "success"]);
    expect(summary).toEqual({ scanned: 8, stop: "cutoff", gaps: [] });
    expect(workflowReads().map(numberOf).sort()).toEqual([1310, 1314, 1316]);
  });

  it("passes over pipelines created after createdUntil without counting them", async () => {
    serve([first.items, second.items]);
    const { summary, numbers } = await walk({ createdUntil: Date.parse("2026-03-10T12:00:00.000Z"), cutoff: Date.parse("2026-03-06T00:00:00.000Z") });
    expect(numbers).toEqual([1314, 1313, 1312, 1311]);
    expect(summary).toMatchObject({ scanned: 4, stop: "cutoff" });
    expect(workflowReads().map(numberOf)).not.toContain(1316);
  });

  it("asks a moving cut-off again before each chunk, so what one chunk taught spares the next", async () => {
    const base = Date.parse("2026-03-10T12:00:00.000Z");
    const many = Array.from({ length: 10 }, (_, i) => ({ ...envPipelines[1]!, id: `9${i}d3192a-b5c6-47e8-89fa-b1c2d3e4f5a6`, number: 1400 - i, created_at: new Date(base - i * 3_600_000).toISOString() }));
    serve([many], {});
    let cutoff = Number.NEGATIVE_INFINITY;
    const { summary, read } = await walk({ cutoff: () => cutoff }, (step) => {
      // Learnt from the newest pipeline: nothing created more than 3.5 hours before it matters.
      if (step.index === 0) cutoff = base - 3.5 * 3_600_000;
    });
    expect(read).toEqual([1400, 1399, 1398, 1397]);
    expect(summary).toEqual({ scanned: WALK_CONCURRENCY, stop: "cutoff", gaps: [] });
    expect(workflowReads()).toHaveLength(WALK_CONCURRENCY);
  });

  it("reads at most WALK_CONCURRENCY workflow lists at a time", async () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ ...envPipelines[1]!, id: `8${i}d3192a-b5c6-47e8-89fa-b1c2d3e4f5a6`, number: 1400 - i }));
    let inFlight = 0;
    let most = 0;
    server.use(
      http.get(LIST, () => HttpResponse.json({ items: many, next_page_token: null })),
      http.get(`${BASE}/pipeline/:id/workflow`, async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        return HttpResponse.json({ items: [], next_page_token: null });
      }),
    );
    const { summary } = await walk({});
    expect(summary.scanned).toBe(11);
    expect(most).toBeLessThanOrEqual(WALK_CONCURRENCY);
    expect(workflowReads()).toHaveLength(11);
  });

  it("walks a pipeline listed again on the next page once, and reads no pipeline's workflows twice, across walks sharing a memo too", async () => {
    // The list shifted between two page reads: #1313 comes again at the top of page 2.
    serve([first.items, [first.items[3]!, ...second.items]]);
    // One client's walks sharing one memo, as the calls of one answer do.
    const ctx = testContext({ retry: false });
    const memo = createCallMemo();
    const all = await walk({ memo }, undefined, ctx);
    expect(all.numbers).toEqual([1316, 1315, 1314, 1313, 1312, 1311, 1310, 1309, 1250]);
    expect(all.summary.scanned).toBe(9);
    const reads = workflowReads();
    expect(new Set(reads).size).toBe(reads.length);
    expect(reads).toHaveLength(9);

    requests.length = 0;
    const prod = await walk({ env: "prod", memo }, undefined, ctx);
    expect(listReads()).toBe(0);
    expect(prod.read).toEqual([1315, 1312, 1309]);
    expect(workflowReads()).toEqual([]);
    expect(prod.steps.find((s) => s.pipeline.number === 1315)!.workflows).toHaveLength(1);
  });

  it("reports a pipeline whose workflows fail, and gives its fold what was read (nothing)", async () => {
    serve([first.items], { ...envWorkflowsByPipeline, [envPipelines[1]!.id]: 503 });
    const { summary, steps } = await walk({});
    expect(summary.gaps).toEqual([{ kind: "workflows", pipeline: expect.objectContaining({ number: 1315 }), error: expect.objectContaining({ status: 503 }) }]);
    expect(steps.find((s) => s.pipeline.number === 1315)!.workflows).toEqual([]);
    expect(summary.stop).toBe("end");
  });

  it("reports reaching maxPipelines before the cut-off, but only when another pipeline follows", async () => {
    serve([first.items, second.items]);
    expect((await walk({ maxPipelines: 4 })).summary).toEqual({ scanned: 4, stop: "limit", gaps: [{ kind: "limit" }] });
    expect((await walk({ maxPipelines: 9 })).summary).toEqual({ scanned: 9, stop: "end", gaps: [] });
    // The cut-off comes first: not a limit.
    expect((await walk({ maxPipelines: 4, cutoff: Date.parse("2026-03-09T12:00:00.000Z") })).summary).toEqual({ scanned: 4, stop: "cutoff", gaps: [] });
  });

  it("with newestOnly, ends on the last pipeline wanted without fetching another page, and the limit is no gap", async () => {
    serve([first.items.slice(0, 1), first.items.slice(1)]);
    const { summary, numbers } = await walk({ maxPipelines: 1, newestOnly: true });
    expect(numbers).toEqual([1316]);
    expect(summary).toEqual({ scanned: 1, stop: "limit", gaps: [] });
    expect(listReads()).toBe(1);
  });

  it("reports the pipeline list cut short (404 for a later page token) or failing after some pages, keeping what was walked", async () => {
    serve([first.items, 404]);
    const cut = await walk({});
    expect(cut.numbers).toEqual([1316, 1315, 1314, 1313]);
    expect(cut.summary).toEqual({ scanned: 4, stop: "end", gaps: [{ kind: "list-truncated", error: expect.objectContaining({ status: 404, isRetryable: true }) }] });

    serve([first.items, 503]);
    const failed = await walk({});
    expect(failed.summary).toEqual({ scanned: 4, stop: "end", gaps: [{ kind: "list-failed", error: expect.objectContaining({ status: 503 }) }] });
  });

  it("rejects when the first page of pipelines fails: nothing was read", async () => {
    serve([503]);
    const error = await walk({}).catch((e: unknown) => e);
    expect(ServiceError.isInstance(error), String(error)).toBe(true);
  });

  it("rejects when cancelled, instead of reporting what it did not read as a gap", async () => {
    serve([first.items, second.items]);
    const controller = new AbortController();
    const error = await walk({ signal: controller.signal }, () => controller.abort()).catch((e: unknown) => e);
    expect(error instanceof Error && /abort/i.test(`${error.name} ${error.message}`), String(error)).toBe(true);
    expect(listReads()).toBe(1);

    // Cancelled while workflows are being read.
    const during = new AbortController();
    server.use(
      http.get(`${BASE}/pipeline/:id/workflow`, () => {
        during.abort();
        return HttpResponse.json({ message: "unavailable" }, { status: 503 });
      }),
    );
    const reading = await walk({ signal: during.signal }).catch((e: unknown) => e);
    expect(AbortedError.isInstance(reading) || (reading instanceof Error && reading.name === "AbortError"), String(reading)).toBe(true);
  });

  it("never takes a pipeline whose created_at cannot be read for one outside the bounds", async () => {
    const odd = { ...envPipelines[8]!, created_at: "yesterday" };
    serve([[...first.items, odd]]);
    const { numbers } = await walk({ createdUntil: Date.parse("2026-03-11T00:00:00.000Z"), cutoff: Date.parse("2026-03-01T00:00:00.000Z") });
    expect(numbers).toEqual([1316, 1315, 1314, 1313, 1250]);
  });
});
