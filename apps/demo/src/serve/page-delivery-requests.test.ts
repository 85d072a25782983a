import { createCallMemo, DEFAULT_SUSPECT_WINDOW_MS, type HttpRequestEvent } from "@toolweave/core";
import { beforeAll, describe, expect, it } from "vitest";
import { findService, SIMULATED_CATALOG } from "../catalog.js";
import { runStatus } from "../commands/status.js";
import { runTimeline } from "../commands/timeline.js";
import { setupProviders, type Providers } from "../providers.js";
import { DELIVERY_WINDOW_MS, loadDelivery, loadServiceView, serviceQuery } from "./service-view.js";

// What the delivery panel costs the service page: the page reads no pipeline (nor anything
// else) twice, and reads nothing beyond what it read before the panel plus what delivery
// health reads on its own. Each count is taken on a simulation of its own (no client cache
// or memo shared between them); the simulation's history may grow, so no count is fixed here.

const NOW = Date.parse("2026-11-25T12:00:00Z");
const checkout = findService(SIMULATED_CATALOG, "checkout");

/** Every first attempt (a retry is the same read again) `run` makes, as `provider operation path?query`. */
async function readsOf(run: (providers: Providers) => Promise<unknown>): Promise<string[]> {
  const sent: HttpRequestEvent[] = [];
  const providers = await setupProviders({ env: {}, simulated: true, catalog: SIMULATED_CATALOG, now: NOW, hooks: { onRequest: (event) => void sent.push(event) } });
  try {
    await run(providers);
  } finally {
    await providers.close();
  }
  // Each simulation listens on a port of its own: a read is its path and query.
  return sent.filter((e) => e.attempt === 1).map((e) => `${e.provider} ${e.operation} ${new URL(e.url).pathname}${new URL(e.url).search}`);
}

const duplicates = (reads: readonly string[]) => reads.filter((read, i) => reads.indexOf(read) !== i);

/** The reads of the page before the panel (the timeline and the status sharing one memo), of delivery health alone, and of the page now. */
async function measure(env: string | undefined) {
  const before = await readsOf(async (providers) => {
    const memo = createCallMemo();
    await Promise.all([runTimeline(providers, checkout, env, { since: new Date(NOW - 86_400_000), until: new Date(NOW), windowMs: DEFAULT_SUSPECT_WINDOW_MS }, undefined, memo), runStatus(providers, checkout, env, undefined, memo)]);
  });
  const delivery = await readsOf((providers) => loadDelivery(providers, checkout, env, { since: new Date(NOW - DELIVERY_WINDOW_MS), until: new Date(NOW) }));
  let complete: boolean | undefined;
  const page = await readsOf(async (providers) => {
    complete = (await loadServiceView(providers, serviceQuery(checkout, env, "24h"), NOW)).complete;
  });
  return { before, delivery, page, complete };
}

/** `reads` of one provider. */
const of = (provider: string, reads: readonly string[]) => reads.filter((r) => r.startsWith(`${provider} `));

describe("the service page with delivery health (simulation, checkout, 24 h)", { timeout: 120_000 }, () => {
  for (const env of [undefined, "prod"]) {
    const where = env ?? "every env";
    let m: Awaited<ReturnType<typeof measure>>;
    beforeAll(async () => {
      m = await measure(env);
      expect(m.complete).toBe(true);
    }, 120_000);

    it(`reads no CircleCI pipeline page or workflow list twice, and none beyond the page before it plus delivery health alone (${where})`, () => {
      const [before, delivery, page] = [m.before, m.delivery, m.page].map((reads) => of("circleci", reads)) as [string[], string[], string[]];
      expect(duplicates(page)).toEqual([]);
      expect(page.filter((r) => r.startsWith("circleci listPipelineWorkflows ")).length).toBeGreaterThan(0);
      const known = new Set([...before, ...delivery]);
      expect(page.filter((r) => !known.has(r))).toEqual([]);
      expect(page.length).toBeLessThanOrEqual(new Set(before).size + new Set(delivery.filter((r) => !before.includes(r))).size);
      // And it still makes every read the page made before.
      expect(before.filter((r) => !page.includes(r))).toEqual([]);
    });

    // Fails until Circonus's alert searches go through the answer's memo: the timeline's walk
    // and delivery health's search the same 30-day windows (anchored at until) and each sends them.
    it(`reads nothing twice from any provider, and nothing beyond the page before it plus delivery health alone (${where})`, () => {
      const { before, delivery, page } = m;
      expect(duplicates(page)).toEqual([]);
      const known = new Set([...before, ...delivery]);
      expect(page.filter((r) => !known.has(r))).toEqual([]);
      expect(page.length).toBeLessThanOrEqual(new Set(before).size + new Set(delivery.filter((r) => !before.includes(r))).size);
    });
  }
});
