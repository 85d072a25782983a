import type { ServiceEvent } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import { escapeHtml, eventAnchor, safeHref } from "./html.js";
import { renderErrorPage, renderIndexPage, renderServicePage } from "./page.js";
import { axisTicks, renderTimelineSvg } from "./timeline-svg.js";
import { fixtureTimeline, fixtureView, SUSPECT_SHA } from "./timeline-fixture.js";

const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern.source, "g"))?.length ?? 0;
const SERVICES = [{ name: "checkout", repo: "gh/acme/checkout", envs: ["staging", "prod"], team: "payments" }];

describe("renderTimelineSvg (hand-made timeline)", () => {
  const svg = renderTimelineSvg(fixtureTimeline(), { label: "Timeline of checkout", envs: ["staging", "prod"] });

  it("draws one lane per env, deploys as markers and alerts as spans with their severity", () => {
    expect(svg).toMatch(/^<svg class="tw-chart"[^>]* role="group" aria-label="Timeline of checkout"/);
    expect(count(svg, /<g class="tw-lane" data-env="[a-z]+">/)).toBe(2);
    expect(count(svg, /class="tw-mark tw-deploy" data-kind="deploy"/)).toBe(3);
    expect(count(svg, /class="tw-mark tw-deploy-failed"/)).toBe(1);
    expect(count(svg, /class="tw-mark tw-annotation"/)).toBe(1);
    // Four alerts opened (one before the window, clipped to its start); their clearings are their spans' ends.
    expect([...svg.matchAll(/class="tw-mark tw-alert" data-kind="alert-opened" data-severity="(\d)"/g)].map((m) => m[1])).toEqual(["4", "3", "1", "2"]); // staging lane first, then prod
    // Severity reads without colour: a pattern per level and an S-label on every span.
    for (const n of [1, 2, 3, 4]) expect(svg).toContain(`fill="url(#tw-sev${n})"`);
    expect(count(svg, /class="tw-span-label"[^>]*>S\d</)).toBe(4);
  });

  it("gives every mark a <title> and a link to its row in the events table", () => {
    const marks = [...svg.matchAll(/<a href="#([^"]+)" class="tw-mark [^"]+"[^>]*><title>([^<]+)<\/title>/g)];
    expect(marks).toHaveLength(3 + 1 + 1 + 4 + 1);
    expect(marks.map((m) => m[1])).toContain(eventAnchor({ provider: "circleci", id: "wf-prod-2" }));
    expect(svg).toContain(`<title>Deploy 2026-11-25 08:50 UTC to prod: commit b7c1e0f “Retry payment calls &lt;fast&gt;” deploy-checkout #1043 by alice</title>`);
    expect(svg).toMatch(/<title>Alert, severity 1: error rate &gt; 2% on checkout-api\. Opened 2026-11-25 04:00 UTC, still open\.<\/title>/);
  });

  it("links the alert to its suspect deploy with a dashed arrow pointing at the deploy", () => {
    const link = /<a href="#([^"]+)" class="tw-mark tw-suspect" data-alert-id="cid-12:opened" data-deploy-id="wf-prod-2"><title>([^<]+)<\/title>.*?marker-end="url\(#tw-arrow\)"/.exec(svg);
    expect(link?.[1]).toBe("event-circleci-wf-prod-2");
    expect(link?.[2]).toBe("Alert “p99 latency &gt; 800ms &lt;script&gt;alert(1)&lt;/script&gt;” (sev 2, prod) → suspect deploy b7c1e0f “Retry payment calls &lt;fast&gt;”, 12 min before");
  });

  it("escapes every value from the tools", () => {
    expect(svg).not.toMatch(/<script|<b>|<fast>/);
    expect(svg).toContain("Load test &lt;b&gt;started&lt;/b&gt;");
  });

  it("says so when the window has no events, and still draws the asked envs' lanes", () => {
    const empty = renderTimelineSvg(fixtureTimeline({ events: [], suspects: [] }), { label: "x", envs: ["prod"] });
    expect(empty).toContain("No deploys, alerts or annotations in this window.");
    expect(count(empty, /<g class="tw-lane"/)).toBe(1);
  });

  it("never calls an empty chart quiet when a tool could not be read", () => {
    const part = { provider: "circonus", lookup: "events from Circonus", error: { kind: "service" as const, message: "HTTP 503", isRetryable: true }, retryable: true };
    const empty = renderTimelineSvg(fixtureTimeline({ events: [], suspects: [], incomplete: [part], complete: false }), { label: "x", envs: ["prod"] });
    expect(empty).toContain("None found, but some events could not be read (see Incomplete).");
    expect(empty).not.toContain("No deploys, alerts or annotations");
  });

  it("puts round ticks on the axis", () => {
    const since = Date.parse("2026-11-24T12:10:00Z");
    const ticks = axisTicks(since, since + 24 * 3_600_000).map((t) => new Date(t).toISOString().slice(11, 16));
    expect(ticks).toEqual(["15:00", "18:00", "21:00", "00:00", "03:00", "06:00", "09:00", "12:00"]);
  });
});

describe("page helpers", () => {
  it("escape HTML and refuse links that are not http(s)", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;");
    expect(safeHref("javascript:alert(1)")).toBeUndefined();
    expect(safeHref("data:text/html,<b>")).toBeUndefined();
    expect(safeHref("https://app.circleci.com/a?b=1&c=<2>")).toBe("https://app.circleci.com/a?b=1&amp;c=%3C2%3E");
  });

  it("make a distinct fragment id per provider and event id", () => {
    expect(eventAnchor({ provider: "circonus", id: "/alert/12:opened" })).toBe("event-circonus-_2f_alert_2f_12_3a_opened");
    expect(eventAnchor({ provider: "a", id: "b_c" })).not.toBe(eventAnchor({ provider: "a", id: "b/c" }));
  });
});

describe("renderServicePage", () => {
  const page = renderServicePage(fixtureView(), SERVICES);

  it("says the data is simulated, and has a skip link, headings and the current service marked", () => {
    expect(page).toContain('<a class="skip" href="#content">Skip to content</a>');
    expect(page).toContain('<main id="content" tabindex="-1">');
    expect(page).toMatch(/<title>checkout — toolweave \(simulated\)<\/title>/);
    expect(page).toContain("<strong>Simulated data.</strong>");
    expect(page).toContain('<a href="/services/checkout" aria-current="page">');
    expect([...page.matchAll(/<h2 id="([a-z-]+)"/g)].map((m) => m[1])).toEqual(["incomplete-title", "suspects-title", "timeline-title", "delivery-title", "pipeline-title", "alerts-title", "events-title"]);
  });

  it("lists the suspect with a link to the deploy's row, and that row exists", () => {
    const item = /<li data-alert-id="cid-12:opened" data-deploy-id="wf-prod-2">(.*?)<\/li>/.exec(page)?.[1] ?? "";
    expect(item).toMatch(/<a class="suspect-link" href="#event-circleci-wf-prod-2"[^>]*>suspect deploy <code>b7c1e0f<\/code> “Retry payment calls &lt;fast&gt;”<\/a>, 12 min before/);
    expect(item).toContain('<a href="https://github.com/acme/checkout/commit/b7c1e0f" rel="noreferrer noopener">commit b7c1e0f</a>');
    expect(page).toContain(`<tr id="event-circleci-wf-prod-2" data-kind="deploy" data-event-id="wf-prod-2">`);
    expect(page).toContain(SUSPECT_SHA.slice(0, 7));
  });

  it("says outright which alerts have no suspect deploy, in the suspects card and on the alert's row", () => {
    const item = /<li data-alert-id="cid-9:opened" data-suspect="none">(.*?)<\/li>/.exec(page)?.[1] ?? "";
    expect(item).toContain("(sev 1, prod, opened 2026-11-25 04:00 UTC, <strong>still open</strong>): <strong>no suspect deploy</strong>, no deploy to prod in the 1 h before.");
    expect(page).toContain('<h3 id="unexplained-title">Alerts with no suspect deploy (3)</h3>');
    const row = /<tr id="event-circonus-cid-9_3a_opened"[^>]*>(.*?)<\/tr>/.exec(page)?.[1] ?? "";
    expect(row).toContain("still open · <strong>no suspect deploy</strong>");
    const suspectRow = /<tr id="event-circonus-cid-12_3a_opened"[^>]*>(.*?)<\/tr>/.exec(page)?.[1] ?? "";
    expect(suspectRow).toContain('suspect deploy <a href="#event-circleci-wf-prod-2"><code>b7c1e0f</code></a>');
  });

  it("shows each part that could not be read with its fix, and the other tool's part", () => {
    expect(page).toMatch(/<strong>Circonus: Circonus status<\/strong> — Circonus refused the token &lt;admin&gt;\.<span class="fix"><strong>Fix:<\/strong> Approve the app toolweave-demo in Circonus\.<\/span>/);
    expect(page).toContain("Pipeline #1045</a> on <code>main</code>");
    expect(page).toContain('<h2 id="incomplete-title">Incomplete: 1 part(s) could not be read</h2>');
  });

  it("says an empty answer may be incomplete when a tool could not be read", () => {
    const part = { provider: "circonus", lookup: "events from Circonus", error: { kind: "service" as const, message: "Circonus listAlerts failed: HTTP 503.", fix: "Retry later.", isRetryable: true }, retryable: true };
    const partial = renderServicePage(fixtureView({ timeline: fixtureTimeline({ events: [], suspects: [], incomplete: [part], complete: false }) }), SERVICES);
    expect(partial).toContain('after a deploy to its env, as far as could be read: some events could not be read (see <a href="#incomplete">Incomplete</a>).');
    expect(partial).toContain('None found, but some events could not be read (see <a href="#incomplete">Incomplete</a>).');
    expect(partial).toMatch(/<strong>Circonus: events from Circonus<\/strong> — Circonus listAlerts failed: HTTP 503\.<span class="fix"><strong>Fix:<\/strong> Retry later\.<\/span>/);
    expect(partial).toContain('<h2 id="incomplete-title">Incomplete: 2 part(s) could not be read</h2>');
  });

  it("escapes what the tools sent and never links a javascript: URL", () => {
    expect(page).not.toMatch(/<script|<b>|javascript:/);
    expect(page).toContain("p99 latency &gt; 800ms &lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("keeps the window form's choices, and an unusual window the user asked for", () => {
    const custom = renderServicePage(fixtureView({ since: "90m", env: "prod" }), SERVICES);
    expect(custom).toContain('<option value="90m" selected>last 90m</option>');
    expect(custom).toContain('<option value="prod" selected>prod</option>');
  });

  it("renders the start page and error pages with the same frame", () => {
    expect(renderIndexPage("live", SERVICES, "catalog.json")).toMatch(/<th scope="row"><a href="\/services\/checkout">checkout<\/a><\/th>/);
    expect(renderIndexPage("live", SERVICES, "catalog.json")).not.toContain("Simulated data");
    expect(renderErrorPage("simulated", SERVICES, "Unknown service", 'Service "<x>" is not in the catalog.', "Use one of: checkout.")).toContain("Service &quot;&lt;x&gt;&quot; is not in the catalog.");
  });
});

describe("renderTimelineSvg: deploy labels stay clear of the suspect arrow and of other deploys' lines", () => {
  // The README's screenshot: checkout's suspect deploy 12 min before its alert, and the rollback 35 min after it.
  const T = Date.parse("2026-11-25T02:00:00Z");
  const iso = (minutes: number) => new Date(T + minutes * 60_000).toISOString();
  const keys = { service: "checkout" };
  const SHA = "090f25c0123456789abcdef0123456789abcdef0";
  const events: ServiceEvent[] = [
    { id: "wf-1042", provider: "circleci", kind: "deploy", start: iso(-600), env: "prod", title: "deploy-checkout deployed #1042", keys, commit: { sha: "5e1f00d0123456789abcdef0123456789abcdef0" } },
    { id: "wf-1043", provider: "circleci", kind: "deploy", start: iso(0), env: "prod", title: "deploy-checkout deployed #1043", keys, commit: { sha: SHA } },
    { id: "a-1:opened", provider: "circonus", kind: "alert-opened", start: iso(12), end: iso(40), env: "prod", title: "duration = 1730", keys, severity: 2 },
    { id: "wf-1044", provider: "circleci", kind: "deploy", start: iso(35), env: "prod", title: "deploy-checkout rollback to #1041", keys, commit: { sha: "a1b2c3d0123456789abcdef0123456789abcdef0" }, attributes: { rollback: true } },
    { id: "a-1:cleared", provider: "circonus", kind: "alert-cleared", start: iso(40), env: "prod", title: "duration = 1730", keys, severity: 2 },
  ];
  const timeline = fixtureTimeline({
    since: "2026-11-24T12:00:00.000Z",
    until: "2026-11-25T12:00:00.000Z",
    events,
    suspects: [{ alertId: "a-1:opened", alertProvider: "circonus", deployId: "wf-1043", provider: "circleci", env: "prod", commit: { sha: SHA }, gapMs: 12 * 60_000 }],
  });
  const svg = renderTimelineSvg(timeline, { label: "Timeline of checkout in prod", envs: ["prod"] });

  type Box = { x1: number; y1: number; x2: number; y2: number };
  const inside = (b: Box, [px, py]: [number, number], margin = 0) => px > b.x1 - margin && px < b.x2 + margin && py > b.y1 - margin && py < b.y2 + margin;
  const overlap = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  // A 10-unit monospace font: 0.6 em a character; the text sits from 8 units above its baseline to 2 below.
  const labels = [...svg.matchAll(/<text(?: class="[^"]*")? x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)" font-size="10" font-family="ui-monospace[^"]*"[^>]*>([^<]*)<\/text>/g)].map((m) => {
    const [x, y, anchor, text] = [Number(m[1]), Number(m[2]), m[3], m[4]!];
    const w = text.length * 6;
    const x1 = anchor === "middle" ? x - w / 2 : anchor === "end" ? x - w : x;
    return { text, box: { x1, y1: y - 8, x2: x1 + w, y2: y + 2 } };
  });
  const arrow = /<path class="tw-shape" d="M([\d.]+),([\d.]+) C([\d.]+),([\d.]+) ([\d.]+),([\d.]+) ([\d.]+),([\d.]+)"[^>]*marker-end="url\(#tw-arrow\)"/.exec(svg);
  const lines = [...svg.matchAll(/<line x1="([\d.]+)" y1="([\d.]+)" x2="\1" y2="([\d.]+)" stroke="#067647"[^>]*stroke-dasharray="2 3"\/>/g)].map((m) => ({ x: Number(m[1]), y1: Number(m[2]), y2: Number(m[3]) }));

  it("labels the suspect deploy and the rollback", () => {
    expect(labels.map((l) => l.text)).toEqual(expect.arrayContaining(["090f25c", "↺ a1b2c3d"]));
  });

  it("draws no label under the suspect arrow's line or head", () => {
    const [ax, ay, c1x, c1y, c2x, c2y, ex, ey] = arrow!.slice(1).map(Number) as [number, number, number, number, number, number, number, number];
    const at = (t: number): [number, number] => {
      const u = 1 - t;
      return [u * u * u * ax + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * ex, u * u * u * ay + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * ey];
    };
    const curve = Array.from({ length: 201 }, (_, i) => at(i / 200));
    // The arrowhead (marker 7 × stroke 1.75 units, tip at 0.9 of its length) along the curve's end direction.
    const length = 7 * 1.75;
    const [dx, dy] = [ex - c2x, ey - c2y];
    const norm = Math.hypot(dx, dy) || 1;
    const [ux, uy] = [dx / norm, dy / norm];
    const tip: [number, number] = [ex + 0.1 * length * ux, ey + 0.1 * length * uy];
    const base: [number, number] = [ex - 0.9 * length * ux, ey - 0.9 * length * uy];
    const head: [number, number][] = [];
    for (let i = 0; i <= 20; i++) for (let j = 0; j <= 20 - i; j++) {
      const [s, t] = [i / 20, j / 20];
      const side = (t - 0.5 * (1 - s)) * length; // across the head, narrowing to the tip
      head.push([base[0] + s * (tip[0] - base[0]) - uy * side, base[1] + s * (tip[1] - base[1]) + ux * side]);
    }
    for (const label of labels) {
      expect(curve.filter((p) => inside(label.box, p, 1)), `the arrow's line crosses label ${label.text}`).toEqual([]);
      expect(head.filter((p) => inside(label.box, p)), `the arrowhead covers label ${label.text}`).toEqual([]);
    }
  });

  it("runs no deploy's dotted line through a label, and overlaps no two labels", () => {
    for (const label of labels) {
      for (const line of lines) expect(line.x > label.box.x1 - 1 && line.x < label.box.x2 + 1 && line.y1 < label.box.y2 && line.y2 > label.box.y1, `a line at x=${line.x} crosses label ${label.text}`).toBe(false);
      for (const other of labels) if (other !== label) expect(overlap(label.box, other.box), `${label.text} overlaps ${other.text}`).toBe(false);
    }
  });
});
