import { createCallMemo, DEFAULT_SUSPECT_WINDOW_MS, type HttpRequestEvent } from "@toolweave/core";
// The demo's own page code, so the figure is what `demo serve` sends (bundled from source; the demo publishes no library).
import { SIMULATED_CATALOG } from "../../../apps/demo/src/catalog.js";
import { runStatus } from "../../../apps/demo/src/commands/status.js";
import { runTimeline } from "../../../apps/demo/src/commands/timeline.js";
import { setupProviders } from "../../../apps/demo/src/providers.js";
import { loadServiceView, serviceQuery } from "../../../apps/demo/src/serve/service-view.js";
import { printTable, runIfMain, writeResult } from "./report.js";

/** The simulated clock the demo's tests use, so the page's data is the same every run. */
const NOW = Date.parse("2026-11-25T12:00:00Z");
const SERVICE = "checkout";
const SINCE = "24h";

/** CircleCI requests sent (every attempt, retries included), by what they read. */
function tally(sent: readonly HttpRequestEvent[]) {
  const reads = sent.filter((e) => e.attempt === 1).map((e) => `${e.operation} ${e.url}`);
  const of = (operation: string) => sent.filter((e) => e.operation === operation).length;
  return {
    total: sent.length,
    pipelinePages: of("listPipelines"),
    workflowLists: of("listPipelineWorkflows"),
    distinctWorkflowLists: new Set(sent.filter((e) => e.operation === "listPipelineWorkflows").map((e) => e.url)).size,
    other: sent.length - of("listPipelines") - of("listPipelineWorkflows"),
    readTwice: reads.length - new Set(reads).size,
  };
}

/**
 * How many CircleCI requests one service page of `demo serve` makes: the demo's real
 * `loadServiceView` (timeline and status at once, sharing one `CallMemo`) for `checkout`,
 * both envs, 24 h, on the demo's simulation; then the same two halves each with a memo of its
 * own, to show what sharing one saves. The simulation's one 429 on insights counts (its retry
 * is a request).
 */
export async function runPageRequests() {
  const sent: HttpRequestEvent[] = [];
  const providers = await setupProviders({
    env: {},
    simulated: true,
    catalog: SIMULATED_CATALOG,
    now: NOW,
    hooks: { onRequest: (event) => void (event.provider === "circleci" && sent.push(event)) },
  });
  try {
    const service = SIMULATED_CATALOG.services.find((s) => s.name === SERVICE)!;
    const query = serviceQuery(service, undefined, SINCE);
    const view = await loadServiceView(providers, query, NOW);
    if (!view.complete) throw new Error("page-requests: the simulated page is incomplete; the figure would not be comparable.");
    const page = tally(sent);

    sent.length = 0;
    const window = { since: new Date(NOW - query.sinceMs), until: new Date(NOW), windowMs: DEFAULT_SUSPECT_WINDOW_MS };
    await Promise.all([runTimeline(providers, service, undefined, window, undefined, createCallMemo()), runStatus(providers, service, undefined, undefined, createCallMemo())]);
    const apart = tally(sent);

    const rows = [
      ["one page, one memo (loadServiceView)", page],
      ["timeline and status, a memo each", apart],
    ].map(([name, t]) => {
      const c = t as ReturnType<typeof tally>;
      return [name as string, c.total, c.pipelinePages, `${c.workflowLists} (${c.distinctWorkflowLists} pipelines)`, c.other, c.readTwice];
    });
    printTable(`CircleCI requests for one service page (${SERVICE}, both envs, ${SINCE}, simulation)`, ["variant", "requests", "pipeline pages", "workflow lists", "other", "reads made twice"], rows);
    writeResult("page-requests", { service: SERVICE, since: SINCE, page, apart });
    return { page, apart };
  } finally {
    await providers.close();
  }
}

runIfMain("page-requests", runPageRequests);
