import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findService, SIMULATED_CATALOG } from "../catalog.js";
import { runAnnotate } from "../commands/annotate.js";
import { setupProviders, type Providers } from "../providers.js";
import { renderServicePage } from "./page.js";
import { loadServiceView, serviceQuery, serviceSummaries, type ServiceView } from "./service-view.js";

// After `annotate --apply`, each deploy has an annotation marking it. The page shows the marker
// as a property of its deploy (its row and its mark on the chart), not as a second event.

const NOW = Date.parse("2026-11-25T12:00:00Z");
const checkout = findService(SIMULATED_CATALOG, "checkout");

describe("the service page after annotate --apply", () => {
  let providers: Providers;
  let view: ServiceView;
  let page: string;
  let marked: string[];
  beforeAll(async () => {
    providers = await setupProviders({ env: {}, simulated: true, catalog: SIMULATED_CATALOG, now: NOW });
    const report = await runAnnotate(providers, checkout, "prod", { since: new Date(NOW - 7 * 86_400_000), until: new Date(NOW), apply: true });
    marked = report.create.map((a) => a.deployId);
    view = await loadServiceView(providers, serviceQuery(checkout, "prod", "24h"), NOW);
    page = renderServicePage(view, serviceSummaries(SIMULATED_CATALOG));
  }, 60_000);
  afterAll(() => providers?.close());

  it("lists each marked deploy once, saying it is marked, with no row for its marker", () => {
    const rows = [...page.matchAll(/<tr id="[^"]+" data-kind="([^"]+)" data-event-id="([^"]+)">(.*?)<\/tr>/g)].map((m) => ({ kind: m[1]!, id: m[2]!, html: m[3]! }));
    const deploys = rows.filter((r) => r.kind === "deploy" && marked.includes(r.id));
    expect(deploys.length).toBeGreaterThan(0);
    for (const row of deploys) expect(row.html).toMatch(/<span class="marker">marked by Circonus annotation “\[deploy\] [^”]+”<\/span>/);
    // The one annotation left is the hand-made one: it marks no deploy.
    expect(rows.filter((r) => r.kind === "annotation").map((r) => r.html)).toEqual([expect.stringContaining("[change] DB pool size raised")]);
  });

  it("draws a marked deploy as one mark with a flag, and no separate annotation mark for it", () => {
    const svg = /<svg class="tw-chart"[^]*?<\/svg>/.exec(page)![0];
    for (const id of marked.filter((d) => view.timeline.events.some((e) => e.id === d))) {
      expect(svg).toMatch(new RegExp(`data-kind="deploy" data-event-id="${id}" data-marked="true"><title>[^<]*; marked by annotation “\\[deploy\\]`));
    }
    expect(svg.match(/class="tw-mark tw-annotation"/g)).toHaveLength(1);
  });

  it("carries the marker on the deploy in the JSON", () => {
    const events = view.timeline.events as (typeof view.timeline.events[number] & { marker?: { provider: string; id: string } })[];
    expect(events.filter((e) => e.marker).map((e) => e.id).sort()).toEqual(events.filter((e) => marked.includes(e.id)).map((e) => e.id).sort());
    expect(events.filter((e) => e.kind === "annotation")).toHaveLength(1);
  });
});
