import type { ServiceEvent, Suspect, Timeline } from "@toolweave/core";
import { gap, shortSha, time } from "../format/index.js";
import type { MarkedEvent } from "../commands/timeline.js";
import { escapeHtml, eventAnchor } from "./html.js";

/**
 * The timeline chart of the `serve` page: inline SVG, drawn on the server from a hub
 * `Timeline`. One lane per env; in each lane a deploy track (deploys as markers, failed
 * deploys as crosses, annotations as flags) and alert rows (an alert as a span from open to
 * clear, or to the end of the window while still open). Severity is shown three ways: colour,
 * a fill pattern and a `S1`…`S5` label, so the chart reads without colour. A dashed line joins
 * each alert to its suspect deploy. Every mark is a link to its row in the events table, with
 * a `<title>` saying what it is. Nothing here runs in the browser.
 */

/** Chart geometry, in SVG user units (the SVG scales to the page width). */
const WIDTH = 960;
const LEFT = 96;
const RIGHT = 24;
const AXIS = 32;
const DEPLOY_TRACK = 46;
const ALERT_ROW = 26;
const LANE_GAP = 14;
const PLOT = WIDTH - LEFT - RIGHT;

/** Fill per severity: the pattern id (defined in the chart's `<defs>`) and the colour behind it. */
export const SEVERITY_STYLE: Record<number, { pattern: string; color: string; words: string }> = {
  1: { pattern: "tw-sev1", color: "#b42318", words: "solid" },
  2: { pattern: "tw-sev2", color: "#c4320a", words: "diagonal stripes" },
  3: { pattern: "tw-sev3", color: "#a15c07", words: "dots" },
  4: { pattern: "tw-sev4", color: "#175cd3", words: "horizontal lines" },
  5: { pattern: "tw-sev5", color: "#475467", words: "outline" },
};

/** The style for a severity; an unknown or missing one is drawn as severity 5. */
export const severityStyle = (severity: number | undefined) => SEVERITY_STYLE[severity ?? 5] ?? SEVERITY_STYLE[5]!;

/** The pattern definitions shared by the chart and its legend. */
export function severityDefs(): string {
  return `<defs>
<pattern id="tw-sev1" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#b42318"/></pattern>
<pattern id="tw-sev2" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fcd9bd"/><rect width="3" height="6" fill="#c4320a"/></pattern>
<pattern id="tw-sev3" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#fef0c7"/><circle cx="3" cy="3" r="1.6" fill="#a15c07"/></pattern>
<pattern id="tw-sev4" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#d1e9ff"/><rect y="2" width="6" height="1.5" fill="#175cd3"/></pattern>
<pattern id="tw-sev5" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#f2f4f7"/></pattern>
<marker id="tw-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#101828"/></marker>
</defs>`;
}

const TICK_STEPS_MS = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * 60_000);

/** Tick positions for the axis: a round step giving at most 8 ticks over the window. */
export function axisTicks(since: number, until: number): number[] {
  const span = Math.max(until - since, 1);
  const step = TICK_STEPS_MS.find((s) => span / s <= 8) ?? TICK_STEPS_MS[TICK_STEPS_MS.length - 1]!;
  const ticks: number[] = [];
  for (let t = Math.ceil(since / step) * step; t <= until; t += step) ticks.push(t);
  return ticks;
}

function tickLabel(t: number, step: number): string {
  const iso = new Date(t).toISOString();
  const hhmm = iso.slice(11, 16);
  const day = new Date(t).toLocaleDateString("en-GB", { month: "short", day: "numeric", timeZone: "UTC" });
  return step >= 86_400_000 || hhmm === "00:00" ? day : hhmm;
}

const num = (n: number) => (Math.round(n * 10) / 10).toString();

interface AlertSpan {
  event: ServiceEvent;
  from: number;
  to: number;
  open: boolean;
  /** Opened before the window (only its clearing is in it). */
  clipped: boolean;
  row: number;
}

/** Alerts as spans, each opened alert with its end (or the window's end), packed into rows that do not overlap. */
function alertSpans(events: readonly ServiceEvent[], since: number, until: number): AlertSpan[] {
  const opened = events.filter((e) => e.kind === "alert-opened");
  const spans: Omit<AlertSpan, "row">[] = opened.map((event) => {
    const end = event.end ? Date.parse(event.end) : Number.NaN;
    return { event, from: Math.max(Date.parse(event.start), since), to: Number.isNaN(end) ? until : Math.min(end, until), open: Number.isNaN(end), clipped: Date.parse(event.start) < since };
  });
  // A clearing whose opening is not in the window (it opened earlier) still shows as a span from the window's start.
  for (const cleared of events.filter((e) => e.kind === "alert-cleared")) {
    const matched = opened.some((o) => o.provider === cleared.provider && o.env === cleared.env && o.end !== undefined && Date.parse(o.end) === Date.parse(cleared.start));
    if (!matched) spans.push({ event: cleared, from: since, to: Math.max(since, Date.parse(cleared.start)), open: false, clipped: true });
  }
  const rowEnds: number[] = [];
  const spacing = ((until - since) / PLOT) * 6; // 6 units between spans on one row
  return spans
    .filter((s) => !Number.isNaN(s.from) && !Number.isNaN(s.to))
    .sort((a, b) => a.from - b.from || a.to - b.to)
    .map((span) => {
      let row = rowEnds.findIndex((end) => end + spacing <= span.from);
      if (row === -1) row = rowEnds.push(span.to) - 1;
      else rowEnds[row] = span.to;
      return { ...span, row };
    });
}

/** A lane's env label: the event's env, or "(no env)". */
const envOf = (e: { env?: string }) => e.env ?? "";

/** Words for an alert span's `<title>`. */
function alertWords(span: AlertSpan): string {
  const e = span.event;
  const sev = `severity ${e.severity ?? "unknown"}`;
  if (e.kind === "alert-cleared") return `Alert cleared ${time(e.start)} (opened before this window), ${sev}: ${e.title}`;
  return `Alert, ${sev}: ${e.title}. Opened ${time(e.start)}${span.open ? ", still open" : `, cleared ${time(e.end)}`}.`;
}

function deployWords(e: MarkedEvent): string {
  const what = e.kind === "deploy" ? "Deploy" : e.kind === "deploy-failed" ? "Failed deploy" : "Annotation";
  const commit = e.commit ? ` commit ${shortSha(e.commit.sha)}${e.commit.subject ? ` “${e.commit.subject}”` : ""}` : "";
  const marked = e.marker ? `; marked by annotation “${e.marker.title}”` : "";
  return `${what} ${time(e.start)}${e.env ? ` to ${e.env}` : ""}:${commit} ${e.title}${e.actor ? ` by ${e.actor}` : ""}${marked}`.replace(/\s+/g, " ").trim();
}

/** A rectangle in the chart's units. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const intersects = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
const inflate = (b: Box, by: number): Box => ({ x1: b.x1 - by, y1: b.y1 - by, x2: b.x2 + by, y2: b.y2 + by });
const boxOf = (points: readonly [number, number][]): Box => ({
  x1: Math.min(...points.map((p) => p[0])),
  y1: Math.min(...points.map((p) => p[1])),
  x2: Math.max(...points.map((p) => p[0])),
  y2: Math.max(...points.map((p) => p[1])),
});

/** The point at `t` (0…1) of a cubic Bézier curve. */
function bezierAt([p0, p1, p2, p3]: readonly [number, number][], t: number): [number, number] {
  const u = 1 - t;
  const at = (i: 0 | 1) => u * u * u * p0![i] + 3 * u * u * t * p1![i] + 3 * u * t * t * p2![i] + t * t * t * p3![i];
  return [at(0), at(1)];
}

/** Width of a character of the labels' 10-unit monospace font (0.6 em), with a little room. */
export const LABEL_CHAR_WIDTH = 6.2;

/** Where a deploy's label may go, in order of preference: below the mark, to its right, to its left (clear of a suspect ring). */
function labelSpots(cx: number, y: number, text: string): { x: number; baseline: number; anchor: "middle" | "start" | "end"; below: boolean; box: Box }[] {
  const w = text.length * LABEL_CHAR_WIDTH;
  return [
    { x: cx, baseline: y + 21, anchor: "middle", below: true, box: { x1: cx - w / 2 - 1, y1: y + 12, x2: cx + w / 2 + 1, y2: y + 23 } },
    { x: cx + 16, baseline: y + 1, anchor: "start", below: false, box: { x1: cx + 15, y1: y - 8, x2: cx + 17 + w, y2: y + 3 } },
    { x: cx - 16, baseline: y + 1, anchor: "end", below: false, box: { x1: cx - 17 - w, y1: y - 8, x2: cx - 15, y2: y + 3 } },
  ];
}

/** Options of {@link renderTimelineSvg}. */
export interface TimelineSvgOptions {
  /** Accessible name of the chart, e.g. "Timeline of checkout, last 24 hours". */
  label: string;
  /** Which envs get a lane, in order (envs without events still get an empty lane). Default: the events' envs. */
  envs?: readonly string[];
}

/**
 * Renders a hub `Timeline` as an inline SVG chart (markup only; the page's stylesheet styles
 * the focus ring). Every value taken from the timeline is escaped.
 */
export function renderTimelineSvg(timeline: Timeline, options: TimelineSvgOptions): string {
  const since = Date.parse(timeline.since);
  const until = Date.parse(timeline.until);
  const x = (t: number) => LEFT + ((Math.min(Math.max(t, since), until) - since) / Math.max(until - since, 1)) * PLOT;
  const events = timeline.events;
  const envs = [...new Set([...(options.envs ?? []), ...events.map(envOf)])];
  if (envs.length === 0) envs.push("");
  const byKey = new Map(events.map((e) => [`${e.provider}\u0000${e.id}`, e]));

  const parts: string[] = [];
  const lanes: { env: string; top: number; deployY: number; alertTop: number; height: number; spans: AlertSpan[] }[] = [];
  let top = AXIS;
  for (const env of envs) {
    const laneEvents = events.filter((e) => envOf(e) === env);
    const spans = alertSpans(laneEvents, since, until);
    const rows = Math.max(1, ...spans.map((s) => s.row + 1));
    const height = DEPLOY_TRACK + rows * ALERT_ROW + 8;
    lanes.push({ env, top, deployY: top + 16, alertTop: top + DEPLOY_TRACK, height, spans });
    top += height + LANE_GAP;
  }
  const height = top + 4;

  // Axis: ticks and grid lines over every lane.
  const ticks = axisTicks(since, until);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : until - since;
  parts.push(`<g class="tw-axis" aria-hidden="true">`);
  for (const t of ticks) {
    parts.push(`<line x1="${num(x(t))}" y1="${AXIS - 6}" x2="${num(x(t))}" y2="${height - 4}" stroke="#eaecf0" stroke-width="1"/>`);
    parts.push(`<text x="${num(x(t))}" y="${AXIS - 12}" text-anchor="middle" font-size="11" fill="#475467">${escapeHtml(tickLabel(t, step))}</text>`);
  }
  parts.push(`<text x="${LEFT - 30}" y="${AXIS - 12}" text-anchor="end" font-size="11" font-weight="600" fill="#475467">UTC</text>`);
  parts.push(`</g>`);

  for (const lane of lanes) {
    const laneEvents = events.filter((e) => envOf(e) === lane.env);
    parts.push(`<g class="tw-lane" data-env="${escapeHtml(lane.env)}">`);
    parts.push(`<rect x="${LEFT}" y="${lane.top}" width="${PLOT}" height="${lane.height}" fill="#f9fafb" stroke="#d0d5dd" stroke-width="1" rx="4"/>`);
    parts.push(`<text x="${LEFT - 10}" y="${lane.top + 20}" text-anchor="end" font-size="13" font-weight="600" fill="#101828">${escapeHtml(lane.env || "(no env)")}</text>`);
    parts.push(`<text x="${LEFT - 10}" y="${lane.deployY + 20}" text-anchor="end" font-size="10" fill="#667085">deploys</text>`);
    parts.push(`<text x="${LEFT - 10}" y="${lane.alertTop + 15}" text-anchor="end" font-size="10" fill="#667085">alerts</text>`);
    parts.push(`<line x1="${LEFT}" y1="${lane.alertTop - 2}" x2="${LEFT + PLOT}" y2="${lane.alertTop - 2}" stroke="#eaecf0" stroke-width="1"/>`);

    // Alert spans.
    for (const span of lane.spans) {
      const style = severityStyle(span.event.severity);
      const x1 = x(span.from);
      const w = Math.max(x(span.to) - x1, 4);
      const y = lane.alertTop + span.row * ALERT_ROW + 3;
      const label = `S${span.event.severity ?? "?"}`;
      // The severity label sits on a white chip inside a wide span, after a narrow one: readable on any pattern.
      let lx = w >= 34 ? x1 + 4 : x1 + w + (span.open ? 9 : 3);
      if (lx + 20 > WIDTH - 2) lx = x1 - 23; // no room after it at the window's end: before it
      const text = `<rect x="${num(lx)}" y="${y + 3}" width="20" height="13" rx="2" fill="#ffffff" opacity="0.92"/><text class="tw-span-label" x="${num(lx + 10)}" y="${y + 13.5}" text-anchor="middle" font-size="10.5" font-weight="700" fill="#101828">${escapeHtml(label)}</text>`;
      const openMark = span.open ? `<path d="M${num(x1 + w)},${y} l7,9.5 l-7,9.5 z" fill="${style.color}"/>` : "";
      parts.push(
        `<a href="#${eventAnchor(span.event)}" class="tw-mark tw-alert" data-kind="${span.event.kind}" data-severity="${escapeHtml(span.event.severity ?? "")}" data-event-id="${escapeHtml(span.event.id)}"><title>${escapeHtml(alertWords(span))}</title>` +
          `<rect class="tw-shape" x="${num(x1)}" y="${y}" width="${num(w)}" height="19" rx="3" fill="url(#${style.pattern})" stroke="${style.color}" stroke-width="1.5"${span.clipped ? ' stroke-dasharray="4 2"' : ""}/>${openMark}${text}</a>`,
      );
    }

    // Suspect links first (geometry only): the deploy labels are placed clear of them.
    const links: { suspect: Suspect; alert: ServiceEvent; deploy: ServiceEvent; path: string; dx: number }[] = [];
    // What a label must not touch; `of` is the mark a box belongs to (its own label may touch it).
    const obstacles: { box: Box; of?: ServiceEvent }[] = [];
    for (const suspect of timeline.suspects.filter((s) => (s.env ?? "") === lane.env)) {
      const alert = byKey.get(`${suspect.alertProvider}\u0000${suspect.alertId}`);
      const deploy = byKey.get(`${suspect.provider}\u0000${suspect.deployId}`);
      const span = lane.spans.find((s) => s.event === alert);
      if (!alert || !deploy || !span) continue;
      const ax = x(span.from);
      const ay = lane.alertTop + span.row * ALERT_ROW + 3;
      const dx = x(Date.parse(deploy.start));
      // Ends under the suspect's ring (whose bottom is at deployY + 9), the arrowhead below it.
      const points: [number, number][] = [[ax, ay], [ax, lane.deployY + 14], [dx, ay - 4], [dx, lane.deployY + 10]];
      links.push({ suspect, alert, deploy, dx, path: `M${num(ax)},${ay} C${num(ax)},${lane.deployY + 14} ${num(dx)},${ay - 4} ${num(dx)},${lane.deployY + 10}` });
      // The curve as boxes around points along it (its white halo is 5 units wide), its arrowhead (about 12 units up to the end) and the ring.
      for (let i = 0; i <= 40; i++) obstacles.push({ box: inflate(boxOf([bezierAt(points, i / 40)]), 4) });
      obstacles.push({ box: { x1: dx - 7, y1: lane.deployY + 8, x2: dx + 7, y2: lane.deployY + 23 } }, { box: { x1: dx - 14, y1: lane.deployY - 16, x2: dx + 14, y2: lane.deployY + 10 } });
    }

    // Deploys, failed deploys and annotations on the deploy track. Every mark and every deploy's
    // dotted line is an obstacle; each short-SHA label goes below its mark, else to its right or
    // left, wherever it touches no mark, line, suspect link or other label, else it is left out
    // (the mark's title and the table still say it).
    const track = laneEvents.filter((ev) => ev.kind === "deploy" || ev.kind === "deploy-failed" || ev.kind === "annotation").map((e) => ({ e: e as MarkedEvent, cx: x(Date.parse(e.start)) }));
    const y = lane.deployY;
    const bottom = lane.top + lane.height - 4;
    const markBox = (cx: number): Box => ({ x1: cx - 8, y1: y - 18, x2: cx + 11, y2: y + 5 });
    for (const { e, cx } of track) {
      obstacles.push({ box: markBox(cx), of: e });
      if (e.kind === "deploy") obstacles.push({ box: { x1: cx - 1, y1: y, x2: cx + 1, y2: bottom }, of: e });
    }
    for (const { e, cx } of track) {
      const text = e.kind === "annotation" ? "note" : e.attributes?.rollback === true ? `↺ ${shortSha(e.commit?.sha)}` : e.commit ? shortSha(e.commit.sha) : "";
      const place = text ? labelSpots(cx, y, text).find((spot) => spot.box.x1 >= LEFT + 1 && spot.box.x2 <= LEFT + PLOT - 1 && !obstacles.some((o) => o.of !== e && intersects(o.box, spot.box))) : undefined;
      if (place) obstacles.push({ box: place.box });
      let shape: string;
      if (e.kind === "deploy") {
        const rollback = e.attributes?.rollback === true;
        // The dotted line starts under a label placed below the mark, so it never runs through it.
        const lineTop = place?.below ? place.box.y2 + 2 : y + 4;
        shape = `<line x1="${num(cx)}" y1="${lineTop}" x2="${num(cx)}" y2="${bottom}" stroke="#067647" stroke-width="1" stroke-dasharray="2 3"/><path class="tw-shape" d="M${num(cx - 7)},${y - 9} L${num(cx + 7)},${y - 9} L${num(cx)},${y + 4} z" fill="${rollback ? "#ffffff" : "#067647"}" stroke="#067647" stroke-width="2"/>`;
      } else if (e.kind === "deploy-failed") {
        shape = `<path class="tw-shape" d="M${num(cx - 6)},${y - 9} L${num(cx + 6)},${y + 3} M${num(cx + 6)},${y - 9} L${num(cx - 6)},${y + 3}" stroke="#b42318" stroke-width="3" stroke-linecap="round" fill="none"/><rect x="${num(cx - 8)}" y="${y - 11}" width="16" height="16" fill="transparent"/>`;
      } else {
        shape = `<path class="tw-shape" d="M${num(cx)},${y + 4} L${num(cx)},${y - 10} L${num(cx + 9)},${y - 6} L${num(cx)},${y - 2}" stroke="#6941c6" stroke-width="2" fill="#e9d7fe"/>`;
      }
      // A deploy's marker annotation is a small flag on the deploy itself, not a second mark.
      const marker = e.marker ? `<path class="tw-marker" d="M${num(cx + 5)},${y - 9} L${num(cx + 5)},${y - 17} L${num(cx + 11)},${y - 14.5} L${num(cx + 5)},${y - 12}" stroke="#6941c6" stroke-width="1.5" fill="#e9d7fe"/>` : "";
      const label = place
        ? `<text class="tw-deploy-label" x="${num(place.x)}" y="${place.baseline}" text-anchor="${place.anchor}" font-size="10" font-family="ui-monospace, SFMono-Regular, Menlo, monospace" fill="#344054">${escapeHtml(text)}</text>`
        : "";
      parts.push(
        `<a href="#${eventAnchor(e)}" class="tw-mark tw-${e.kind}" data-kind="${e.kind}" data-event-id="${escapeHtml(e.id)}"${e.marker ? ' data-marked="true"' : ""}><title>${escapeHtml(deployWords(e))}</title>${shape}${marker}${label}</a>`,
      );
    }

    // Suspect links: from the alert's start, up to the deploy it follows.
    for (const { suspect, alert, deploy, path, dx } of links) {
      parts.push(
        `<a href="#${eventAnchor(deploy)}" class="tw-mark tw-suspect" data-alert-id="${escapeHtml(alert.id)}" data-deploy-id="${escapeHtml(deploy.id)}"><title>${escapeHtml(suspectWords(suspect, alert, deploy))}</title>` +
          `<path d="${path}" fill="none" stroke="#ffffff" stroke-width="5" opacity="0.8"/><path class="tw-shape" d="${path}" fill="none" stroke="#101828" stroke-width="1.75" stroke-dasharray="5 3" marker-end="url(#tw-arrow)"/>` +
          // A ring around the suspect deploy, so it stands out even when the gap is a few pixels wide.
          `<circle cx="${num(dx)}" cy="${lane.deployY - 3}" r="12" fill="none" stroke="#b42318" stroke-width="2"/></a>`,
      );
    }
    parts.push(`</g>`);
  }

  // The window's end ("now" when the window ends now).
  parts.push(`<line x1="${num(x(until))}" y1="${AXIS - 4}" x2="${num(x(until))}" y2="${height - 4}" stroke="#101828" stroke-width="1" stroke-dasharray="1 3" aria-hidden="true"/>`);
  // An empty chart is only "nothing happened" when every tool answered.
  const emptyWords = timeline.complete ? "No deploys, alerts or annotations in this window." : "None found, but some events could not be read (see Incomplete).";
  const empty = events.length === 0 ? `<text x="${LEFT + PLOT / 2}" y="${AXIS + 40}" text-anchor="middle" font-size="13" fill="#475467">${emptyWords}</text>` : "";
  return (
    `<svg class="tw-chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="group" aria-label="${escapeHtml(options.label)}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">` +
    `<title>${escapeHtml(options.label)}</title>${severityDefs()}${parts.join("")}${empty}</svg>`
  );
}

/** "Alert <title> (sev 2, prod) → suspect deploy abc1234 “subject”, 12 min before". */
export function suspectWords(suspect: Suspect, alert: ServiceEvent, deploy: ServiceEvent): string {
  const sha = suspect.commit?.sha ?? deploy.commit?.sha;
  const subject = suspect.commit?.subject ?? deploy.commit?.subject;
  return `Alert “${alert.title}” (sev ${alert.severity ?? "?"}${alert.env ? `, ${alert.env}` : ""}) → suspect deploy ${shortSha(sha)}${subject ? ` “${subject}”` : ""}, ${gap(suspect.gapMs)} before`;
}
