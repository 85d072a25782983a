import type { DeliveryReport, ServiceEvent, ServiceEventKind } from "@toolweave/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findService, SIMULATED_CATALOG } from "../catalog.js";
import { setupProviders, type Providers } from "../providers.js";
import { CIRCONUS_DOWN, FIXTURE_EVIDENCE, fixtureDelivery, fixtureDeliveryCirconusDown, fixtureDeliveryWithoutAlerts, NO_ALERT_READER } from "./delivery-fixture.js";
import { renderDeliveryPanel } from "./delivery-panel.js";
import { renderServicePage } from "./page.js";
import { startServeServer } from "./server.js";
import { DELIVERY_WINDOW_MS, loadServiceView, serviceQuery, serviceSummaries, type ServiceView } from "./service-view.js";
import { FIXTURE_EVENTS, fixtureTimeline, fixtureView } from "./timeline-fixture.js";

const SERVICES = [{ name: "checkout", repo: "gh/acme/checkout", envs: ["staging", "prod"], team: "payments" }];

/** The figures table's rows: `data-figure` → its row header, cells and whether it says it is complete. */
function figures(html: string): Record<string, { complete: string; name: string; cells: string[] }> {
  const rows = [...html.matchAll(/<tr data-figure="([^"]+)" data-complete="(true|false)"><th scope="row">([^<]*)<\/th>(.*?)<\/tr>/g)];
  return Object.fromEntries(rows.map((m) => [m[1]!, { complete: m[2]!, name: m[3]!, cells: [...m[4]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!) }]));
}
/** Each row of the figures table and the report's figure it shows. */
const FIGURE_KEYS = {
  deployments: "deployments",
  "change-failure-rate": "changeFailureRate",
  "failed-deployment-recovery": "failedDeploymentRecovery",
  "time-to-restore": "timeToRestore",
  "trigger-to-live": "triggerToLive",
  "lead-time": "leadTimeForChanges",
} as const;
const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("renderDeliveryPanel (hand-built report)", () => {
  const html = renderDeliveryPanel(fixtureDelivery(), { events: fixtureTimeline().events });
  const rows = figures(html);

  it("is a section with a heading it is labelled by, and a real table with row and column headers", () => {
    expect(html).toMatch(/^<section class="card" id="delivery" aria-labelledby="delivery-title"><h2 id="delivery-title">Delivery health <span class="sub">last 30 days<\/span><\/h2>/);
    expect(html).toMatch(/<table class="delivery-figures"><caption>[^<]+<\/caption><thead><tr>(<th scope="col">[^<]+<\/th>){4}<\/tr><\/thead>/);
    expect(Object.values(rows).map((r) => r.name)).toEqual(["Deployments", "Change failure rate", "Failed deployment recovery", "Time to restore", "Trigger to live", "Lead time for changes"]);
    expect(html).toMatch(/<h3 id="delivery-failures-title">Failed deployments \(2\)<\/h3>.*<ul class="delivery-failures" aria-labelledby="delivery-failures-title">/);
  });

  it("shows each figure with the counts behind it", () => {
    expect(text(rows.deployments!.cells[0]!)).toBe("6 (1.4 per week)");
    expect(text(rows.deployments!.cells[1]!)).toBe("On 4 days with a deploy. 1 failed pipeline never went live (not counted).");
    expect(text(rows["change-failure-rate"]!.cells[0]!)).toBe("33%");
    expect(text(rows["change-failure-rate"]!.cells[1]!)).toBe("2 of 6 deployments failed (an alert attributed, or rolled back).");
    expect(rows["failed-deployment-recovery"]!.cells[0]).toBe("median 20 min · p90 1 h");
    expect(rows["failed-deployment-recovery"]!.cells[1]).toBe("2 failed deployments.");
    expect(rows["time-to-restore"]!.cells[0]).toBe("median 48 min · p90 3 h 20 min");
    expect(rows["time-to-restore"]!.cells[1]).toBe("4 alerts opened, 2 still open at the end (not in the median).");
    expect(rows["trigger-to-live"]!.cells[0]).toBe("median 8 min · p90 2 h 5 min");
    expect(rows["trigger-to-live"]!.cells[1]).toBe("From the pipeline trigger to live, over 3 of 6 deployments.");
  });

  it("says n/a with the reason where a figure has no value (lead time without commit times)", () => {
    expect(rows["lead-time"]!.cells[0]).toBe("n/a");
    expect(text(rows["lead-time"]!.cells[1]!)).toBe("No deployment&#39;s commit carries a commit time (CircleCI reports none), so lead time for changes is not measured; trigger to live (pipeline trigger to deploy live) is measured instead.");
  });

  it("marks every figure complete in words when nothing is missing", () => {
    for (const row of Object.values(rows)) expect([row.complete, row.cells[2]]).toEqual(["true", `<span class="figure-complete">complete</span>`]);
    expect(html).not.toContain("incomplete");
  });

  it("states the rules in the caption: the window, the env, the failure window and nearest-rank", () => {
    const caption = /<caption>([^<]+)<\/caption>/.exec(html)![1];
    expect(caption).toBe(
      "2026-10-26 12:00 UTC → 2026-11-25 12:00 UTC · every env (each rule applied within one env) · failure window 1 h after a deploy, inclusive · medians and p90 nearest-rank over the samples listed",
    );
    const prod = renderDeliveryPanel(fixtureDelivery({ rules: { ...fixtureDelivery().rules, env: "prod", failureWindowMs: 30 * 60_000 } }), { events: [] });
    expect(/<caption>([^<]+)<\/caption>/.exec(prod)![1]).toContain(" · env prod · failure window 30 min after a deploy, inclusive · ");
  });

  it("lists each failed deploy with its alert or rollback from the report's evidence, linked to the timeline's rows and the events' own http(s) URLs", () => {
    const items = [...html.matchAll(/<li data-deploy-id="([^"]+)" data-because="([^"]+)">(.*?)<\/li>/g)].map((m) => ({ id: m[1], because: m[2], html: m[3]! }));
    expect(items.map((i) => [i.id, i.because])).toEqual([
      ["wf-old-1", "rollback"],
      ["wf-prod-2", "alert"],
    ]);
    // Before the timeline's window: no row to link to, but its title, time and own page (the evidence's).
    expect(items[0]!.html).toBe(
      `Deploy deploy-checkout #1012 (prod, 2026-11-05 12:00 UTC) <a href="https://app.circleci.com/pipelines/github/acme/checkout/1012/workflows/wf-old-1" rel="noreferrer noopener" aria-label="deploy in CircleCI">in CircleCI</a> → <strong>failed: rolled back</strong>: rolled back by deploy-checkout #1011 &lt;rerun&gt; (prod, 2026-11-05 12:20 UTC)`,
    );
    const prod = items[1]!.html;
    expect(prod).toContain(
      `Deploy <a href="#event-circleci-wf-prod-2">deploy-checkout #1043</a> (prod, 2026-11-25 08:50 UTC) <a href="https://app.circleci.com/pipelines/github/acme/checkout/1043/workflows/wf-prod-2" rel="noreferrer noopener" aria-label="deploy in CircleCI">in CircleCI</a> → <strong>failed: alert</strong>: `,
    );
    // The alert's title is escaped, and its `javascript:` URL is shown as text, never linked.
    expect(prod).toContain(`alert <a href="#event-circonus-cid-12_3a_opened">p99 latency &gt; 800ms &lt;script&gt;alert(1)&lt;/script&gt;</a> (prod, 2026-11-25 09:02 UTC) in Circonus; `);
    expect(prod).toContain(`rolled back by <a href="#event-circleci-wf-prod-4">deploy-checkout #1041 (rollback)</a> (prod, 2026-11-25 10:25 UTC)`);
    expect(html).not.toMatch(/javascript:|<script/i);
    expect(html).toContain("A deploy or alert outside this page's timeline window has no row there to link to.");
    // Every anchor is a row of the timeline's events.
    const rows = new Set(fixtureTimeline().events.map((e) => `#event-${e.provider}-${e.id.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`)}`));
    for (const [, href] of html.matchAll(/href="(#event-[^"]+)"/g)) expect(rows.has(href!)).toBe(true);
  });

  it("links every failure's event from the evidence, whatever the timeline shows: with no timeline events, no row anchor but every http(s) page", () => {
    const out = renderDeliveryPanel(fixtureDelivery(), { events: [] });
    expect(out).not.toContain('href="#event-');
    const hrefs = [...out.matchAll(/href="(https?:[^"]+)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual(FIXTURE_EVIDENCE.filter((e) => e.url?.startsWith("https://")).map((e) => e.url));
    for (const e of FIXTURE_EVIDENCE) expect(out).toContain(`${e.title.replace(/</g, "&lt;").replace(/>/g, "&gt;")} (prod, `);
    // An id the evidence lacks is named by itself (and its provider, when the report names it).
    const bare = renderDeliveryPanel(fixtureDelivery({ evidence: FIXTURE_EVIDENCE.filter((e) => e.id !== "wf-old-2") }), { events: [] });
    expect(bare).toContain("rolled back by <code>wf-old-2</code> (CircleCI)</li>");
    // Complete evidence on the timeline: no "outside" note.
    const onTimeline = renderDeliveryPanel(fixtureDelivery({ changeFailureRate: { ...fixtureDelivery().changeFailureRate, failures: [fixtureDelivery().changeFailureRate.failures[1]!] } }), { events: FIXTURE_EVIDENCE });
    expect(onTimeline).not.toContain("outside this page's timeline window");
  });

  it("escapes hostile ids and titles, and links no non-http(s) URL", () => {
    const hostile: ServiceEvent = { id: `x"><img src=x onerror=alert(1)>`, provider: "circleci", kind: "deploy", start: "2026-11-25T10:00:00Z", env: "prod", title: "<b>ship</b>", url: "javascript:alert(document.cookie)", keys: { service: "checkout" } };
    const dataUrl: ServiceEvent = { id: "alert-2", provider: "circonus", kind: "alert-opened", start: "2026-11-25T10:05:00Z", env: "prod", title: "ok", url: "data:text/html,<script>alert(1)</script>", keys: { service: "checkout" } };
    const report = fixtureDelivery({
      evidence: [hostile, dataUrl],
      rules: { ...fixtureDelivery().rules, env: `<i>prod</i>` },
      changeFailureRate: { ...fixtureDelivery().changeFailureRate, failures: [{ deployId: hostile.id, provider: "circleci", because: "alert", alertIds: [dataUrl.id, "<svg onload=alert(1)>"] }] },
    });
    const out = renderDeliveryPanel(report, { events: [hostile, dataUrl] });
    expect(out).not.toMatch(/<img|<b>|<i>|<svg|<script|javascript:|data:text/);
    expect(out).toContain(`data-deploy-id="x&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"`);
    expect(out).toContain(`Deploy <a href="#event-circleci-x_22__3e__3c_img_20_src_3d_x_20_onerror_3d_alert_28_1_29__3e_">&lt;b&gt;ship&lt;/b&gt;</a> (prod, 2026-11-25 10:00 UTC) in CircleCI →`);
    expect(out).toContain(`alerts <a href="#event-circonus-alert-2">ok</a> (prod, 2026-11-25 10:05 UTC) in Circonus, <code>&lt;svg onload=alert(1)&gt;</code>`);
    expect(out).toContain("env &lt;i&gt;prod&lt;/i&gt;");
    // Every href is an in-page anchor or http(s).
    for (const [, href] of out.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(#[\w-]+|https?:\/\/)/);
  });

  it("says n/a with its reason for every figure of an env with no deployments (never 0 %)", () => {
    const none = "No deployment to prod in the window";
    const empty: DeliveryReport = fixtureDelivery({
      rules: { ...fixtureDelivery().rules, env: "prod" },
      deployments: { complete: true, incomplete: [], count: 0, deployDays: 0, perWeek: 0, ids: [], failedPipelines: 0 },
      changeFailureRate: { complete: true, incomplete: [], value: null, reason: `${none}: a change failure rate needs at least one.`, failed: 0, total: 0, failures: [] },
      failedDeploymentRecovery: { complete: true, incomplete: [], medianMs: null, p90Ms: null, samples: [], reason: "No failed deployment in the window." },
      timeToRestore: { complete: true, incomplete: [], medianMs: null, p90Ms: null, samples: [{ alertId: "a1", ms: null }], reason: "Every alert that opened in the window was still open at until." },
      triggerToLive: { complete: true, incomplete: [], medianMs: null, p90Ms: null, samples: [], reason: `${none}.` },
      leadTimeForChanges: { complete: true, incomplete: [], medianMs: null, p90Ms: null, samples: [], reason: `${none}.` },
    });
    const out = renderDeliveryPanel(empty, { events: [] });
    const r = figures(out);
    expect(text(r.deployments!.cells[0]!)).toBe("0 (0.0 per week)");
    expect(r["change-failure-rate"]!.cells).toEqual(["n/a", `<span class="reason">${none}: a change failure rate needs at least one.</span>`, expect.any(String)]);
    expect(r["failed-deployment-recovery"]!.cells.slice(0, 2)).toEqual(["n/a", `<span class="reason">No failed deployment in the window.</span>`]);
    expect(r["time-to-restore"]!.cells.slice(0, 2)).toEqual(["n/a", `1 alert opened, 1 still open at the end (not in the median). <span class="reason">Every alert that opened in the window was still open at until.</span>`]);
    expect(r["trigger-to-live"]!.cells.slice(0, 2)).toEqual(["n/a", `<span class="reason">${none}.</span>`]);
    expect(out).not.toContain("0%");
    expect(out).toContain(`<p class="none">No failed deployment in the window.</p>`);
    // A window of no length has no rate per week, and says so.
    const instant = renderDeliveryPanel(fixtureDelivery({ deployments: { ...fixtureDelivery().deployments, perWeek: null } }), { events: [] });
    expect(text(figures(instant).deployments!.cells[1]!)).toContain("No rate per week: the window has no length.");
  });

  it("marks in words, naming the provider, the figures that depend on a provider that could not be read", () => {
    const out = renderDeliveryPanel(fixtureDeliveryCirconusDown(), { events: FIXTURE_EVENTS });
    const r = figures(out);
    const incomplete = `<strong class="figure-incomplete">incomplete</strong>: Circonus could not be read in full (see <a href="#incomplete">Incomplete</a>)`;
    for (const id of ["change-failure-rate", "failed-deployment-recovery", "time-to-restore"]) expect([id, r[id]!.complete, r[id]!.cells[2]]).toEqual([id, "false", incomplete]);
    for (const id of ["deployments", "trigger-to-live", "lead-time"]) expect([id, r[id]!.complete, text(r[id]!.cells[2]!)]).toEqual([id, "true", "complete"]);
    expect(out).toContain(`<p class="sub"><strong>Incomplete:</strong> some parts could not be read;`);
    expect(out).toContain(`with the alerts attributed to it or the deploy that rolled it back, as far as could be read (see <a href="#incomplete">Incomplete</a>).`);
  });

  it("says what no connector reads (the hub's part), never that a tool could not be read, for a tool that is not configured", () => {
    const out = renderDeliveryPanel(fixtureDeliveryWithoutAlerts(NO_ALERT_READER), { events: FIXTURE_EVENTS });
    const r = figures(out);
    for (const id of ["change-failure-rate", "failed-deployment-recovery", "time-to-restore"]) {
      expect([id, r[id]!.complete, r[id]!.cells[2]]).toEqual([id, "false", `<strong class="figure-incomplete">incomplete</strong>: no connector reads alerts (see <a href="#incomplete">Incomplete</a>)`]);
    }
    for (const id of ["deployments", "trigger-to-live", "lead-time"]) expect([id, r[id]!.complete, text(r[id]!.cells[2]!)]).toEqual([id, "true", "complete"]);
    expect(out).not.toMatch(/could not be read in full|\bhub\b/i);
    // A tool that failed and a kind no connector reads, on one figure: each in its own words.
    const both = { ...fixtureDeliveryCirconusDown(), changeFailureRate: { ...fixtureDelivery().changeFailureRate, complete: false, incomplete: [CIRCONUS_DOWN, { ...NO_ALERT_READER, kinds: ["deploy", "deploy-failed"] satisfies ServiceEventKind[], lookup: "deploys" }] } };
    expect(text(figures(renderDeliveryPanel(both, { events: [] }))["change-failure-rate"]!.cells[2]!)).toBe("incomplete: Circonus could not be read in full; no connector reads deploys (see Incomplete)");
  });
});

describe("the service page with its delivery panel (hand-built view)", () => {
  it("places the panel on the page, and lists delivery health's lost parts under Incomplete once", () => {
    const page = renderServicePage(fixtureView({ delivery: fixtureDeliveryCirconusDown() }), SERVICES);
    expect(page).toContain(`<section class="card" id="delivery" aria-labelledby="delivery-title">`);
    expect(page.indexOf('id="delivery-title"')).toBeGreaterThan(page.indexOf('id="timeline-title"'));
    expect(page).toContain("<strong>Circonus: events from Circonus (delivery health)</strong> — Circonus answered 503 &lt;Service Unavailable&gt;.");
    // A part the timeline lost too is listed once, as the timeline's.
    const both = fixtureView({ timeline: fixtureTimeline({ incomplete: [CIRCONUS_DOWN], complete: false }), delivery: fixtureDeliveryCirconusDown() });
    const once = renderServicePage(both, SERVICES);
    expect(once.match(/Circonus: events from Circonus/g)).toHaveLength(1);
    expect(once).not.toContain("(delivery health)");
  });

  it("lists the hub's part (no connector reads alerts) under Incomplete with its fix", () => {
    const page = renderServicePage(fixtureView({ delivery: fixtureDeliveryWithoutAlerts(NO_ALERT_READER) }), SERVICES);
    const card = /<section class="card problems" id="incomplete"[^]*?<\/section>/.exec(page)![0];
    expect(card.match(/none of the hub&#39;s connectors reads them/g)).toHaveLength(1);
    expect(card).toContain("Give the hub a connector whose correlator reads alerts");
  });
});

describe("the service page's delivery panel over the simulated world", { timeout: 120_000 }, () => {
  const NOW = Date.parse("2026-11-25T12:00:00Z");
  const checkout = findService(SIMULATED_CATALOG, "checkout");
  let providers: Providers;
  let all: ServiceView;
  let prod: ServiceView;
  beforeAll(async () => {
    providers = await setupProviders({ env: {}, simulated: true, catalog: SIMULATED_CATALOG, now: NOW });
    [all, prod] = await Promise.all([loadServiceView(providers, serviceQuery(checkout, undefined, "24h"), NOW), loadServiceView(providers, serviceQuery(checkout, "prod", "6h"), NOW)]);
  }, 60_000);
  afterAll(() => providers?.close());

  it("measures the 30 days up to the page's end, in the page's env (every env without one), whatever the timeline's window", () => {
    for (const [view, env] of [
      [all, null],
      [prod, "prod"],
    ] as const) {
      expect(view.delivery).toMatchObject({ since: new Date(NOW - DELIVERY_WINDOW_MS).toISOString(), until: view.timeline.until, rules: { env, service: "checkout", failureWindowMs: 3_600_000, percentiles: "nearest-rank" } });
      expect(view.complete).toBe(view.timeline.complete && view.delivery.complete && view.providers.every((p) => p.ok && p.data.incomplete.length === 0));
    }
    expect(all.delivery.deployments.count).toBeGreaterThanOrEqual(prod.delivery.deployments.count);
    expect(prod.delivery.deployments.count).toBeGreaterThan(0);
  });

  it("puts the report in the page's JSON (/api/services/<name>), with the page's complete including it", async () => {
    const server = await startServeServer({ providers, catalog: SIMULATED_CATALOG, port: 0, now: () => NOW, schemaVersion: 2 });
    try {
      const body = (await (await fetch(`${server.url}api/services/checkout?env=prod&since=6h`)).json()) as { ok: boolean; complete: boolean; delivery: DeliveryReport };
      expect(body.ok).toBe(true);
      expect(body.delivery).toEqual(JSON.parse(JSON.stringify(prod.delivery)));
      expect(body.complete).toBe(prod.complete);
    } finally {
      await server.close();
    }
  });

  it("renders every figure and every failure of the report, linking those in the timeline to their rows", () => {
    for (const view of [all, prod]) {
      const page = renderServicePage(view, serviceSummaries(SIMULATED_CATALOG));
      const panel = /<section class="card" id="delivery"[^]*?<\/section>/.exec(page)![0];
      const rows = figures(panel);
      expect(Object.keys(rows)).toEqual(Object.keys(FIGURE_KEYS));
      expect(text(rows.deployments!.cells[0]!)).toMatch(new RegExp(`^${view.delivery.deployments.count} \\(\\d+\\.\\d per week\\)$`));
      expect(rows["lead-time"]!.cells[0]).toBe("n/a");
      for (const [id, key] of Object.entries(FIGURE_KEYS)) expect([id, rows[id]!.complete]).toEqual([id, String(view.delivery[key].complete)]);
      const items = [...panel.matchAll(/<li data-deploy-id="([^"]+)" data-because="(alert|rollback)">/g)].map((m) => m[1]);
      expect(items).toEqual(view.delivery.changeFailureRate.failures.map((f) => f.deployId));
      // Every anchor the panel links to is a row of the events table.
      for (const [, anchor] of panel.matchAll(/href="#(event-[^"]+)"/g)) expect(page).toContain(`<tr id="${anchor}"`);
      // Every failure's event with a page is linked, on the timeline or not (the 30 days reach past the timeline's window).
      expect(view.delivery.evidence.length).toBeGreaterThan(0);
      for (const e of view.delivery.evidence) if (e.url?.startsWith("https://")) expect(panel).toContain(`<a href="${e.url.replace(/&/g, "&amp;")}" rel="noreferrer noopener"`);
    }
  });
});

describe("the service page's delivery panel when Circonus is down (simulation)", { timeout: 120_000 }, () => {
  const NOW = Date.parse("2026-11-25T12:00:00Z");
  let providers: Providers;
  let view: ServiceView;
  beforeAll(async () => {
    providers = await setupProviders({ env: {}, simulated: true, catalog: SIMULATED_CATALOG, now: NOW, fault: "circonus-down" });
    view = await loadServiceView(providers, serviceQuery(findService(SIMULATED_CATALOG, "checkout"), "prod", "24h"), NOW);
  }, 60_000);
  afterAll(() => providers?.close());

  it("keeps the figures on deploys complete and marks those on alerts incomplete, naming Circonus", () => {
    expect(view.delivery.complete).toBe(false);
    expect(view.complete).toBe(false);
    expect(view.delivery.incomplete.map((p) => p.provider)).toEqual(expect.arrayContaining(["circonus"]));
    const page = renderServicePage(view, serviceSummaries(SIMULATED_CATALOG));
    const rows = figures(/<section class="card" id="delivery"[^]*?<\/section>/.exec(page)![0]);
    for (const id of ["deployments", "trigger-to-live", "lead-time"]) expect([id, rows[id]!.complete, text(rows[id]!.cells[2]!)]).toEqual([id, "true", "complete"]);
    for (const id of ["change-failure-rate", "failed-deployment-recovery", "time-to-restore"]) {
      expect([id, rows[id]!.complete, text(rows[id]!.cells[2]!)]).toEqual([id, "false", "incomplete: Circonus could not be read in full (see Incomplete)"]);
    }
    expect(page).toContain('<section class="card problems" id="incomplete"');
  });
});
