import { createHub, DEFAULT_SUSPECT_WINDOW_MS, type CallMemo, type Connector, type ServiceEvent, type Suspect, type Timeline } from "@toolweave/core";
import { z } from "zod";
import type { ServiceEntry } from "../catalog.js";
import { answerHead, serviceArgument, type CommandContext, type JsonBody } from "../command.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { gap, shortSha, table, time } from "../format/index.js";
import type { Painter } from "../io.js";
import { header, incompleteWithProvider, isoDate, serviceEntry, serviceEvent, suspectLink } from "../output-schema-parts.js";
import type { Mode, Providers } from "../providers.js";
import { banner, renderIncomplete } from "../render.js";

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration flag: `90m`, `24h`, `7d` (minutes, hours, days; a whole number). Throws a
 * `UsageError` naming the flag otherwise.
 */
export function parseDuration(value: string, flag: string): number {
  const match = /^(\d+)([mhd])$/.exec(value.trim());
  if (!match || Number(match[1]) <= 0) throw new UsageError(`${flag} must be a duration such as 90m, 24h or 7d (got "${value}").`);
  const ms = Number(match[1]) * UNITS[match[2]!]!;
  // Longer is no window any tool keeps, and past a point no date an ISO string can hold.
  if (ms > MAX_DURATION_MS) throw new UsageError(`${flag} must be at most 3650d (10 years) (got "${value}").`);
  return ms;
}

const MAX_DURATION_MS = 3650 * 86_400_000;
/** The instants an answer can name: ISO 8601 with a four-digit year, from the Unix epoch on. */
const EARLIEST = Date.parse("1970-01-01T00:00:00Z");
const LATEST = Date.parse("9999-12-31T23:59:59.999Z");

/** `--since`/`--until`: a duration back from now (`24h`) or an ISO 8601 date-time. */
export function parseInstant(value: string, flag: string, now: number): Date {
  const text = value.trim();
  if (/^\d+[mhd]$/.test(text)) return new Date(now - parseDuration(text, flag));
  const t = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(t)) {
    throw new UsageError(`${flag} must be a duration back from now (e.g. 24h, 7d) or an ISO date-time such as 2026-11-25T08:00:00Z (got "${value}").`);
  }
  if (t < EARLIEST || t > LATEST) throw new UsageError(`${flag} must be between 1970-01-01 and 9999-12-31 (got "${value}").`);
  return new Date(t);
}

/** The window and suspect rule a `timeline` run uses. */
export interface TimelineWindow {
  since: Date;
  until: Date;
  windowMs: number;
}

/** Reads `--since` (default 24h), `--until` (default now) and `--window` (default 60m). */
export function timelineWindow(flags: { since?: string | undefined; until?: string | undefined; window?: string | undefined }, now: number): TimelineWindow {
  const until = flags.until === undefined ? new Date(now) : parseInstant(flags.until, "--until", now);
  const since = flags.since === undefined ? new Date(until.getTime() - 24 * UNITS.h!) : parseInstant(flags.since, "--since", now);
  if (since.getTime() > until.getTime()) throw new UsageError(`--since (${since.toISOString()}) is after --until (${until.toISOString()}).`);
  const windowMs = flags.window === undefined ? DEFAULT_SUSPECT_WINDOW_MS : parseDuration(flags.window, "--window");
  return { since, until, windowMs };
}

/** The connectors a service's timeline reads: CircleCI with the service's convention overrides, and Circonus. */
export function timelineConnectors(providers: Providers, service: ServiceEntry): Connector[] {
  const circleci = providers.circleciFor(service);
  return [...(circleci ? [circleci] : []), ...(providers.circonus ? [providers.circonus] : [])];
}

/**
 * The service's timeline: every configured tool's events in the window, merged by the hub
 * (`hub.timeline`), with each alert linked to the deploys that went live to its env within
 * `windowMs` before it.
 */
export async function runTimeline(providers: Providers, service: ServiceEntry, env: string | undefined, window: TimelineWindow, signal?: AbortSignal, memo?: CallMemo): Promise<Timeline> {
  const hub = createHub({ connectors: timelineConnectors(providers, service) });
  return hub.timeline(
    { service: service.name, repo: service.repo, ...(env ? { env } : {}) },
    { since: window.since, until: window.until, suspectWindowMs: window.windowMs, ...(signal ? { signal } : {}), ...(memo ? { memo } : {}) },
  );
}

/** The annotation that marks a deploy (`demo annotate --apply` writes one per deploy), shown as a property of that deploy. */
export interface DeployMarker {
  provider: string;
  id: string;
  title: string;
  start: string;
  url?: string;
}

/** A timeline event; a deploy may carry the annotation that marks it. */
export type MarkedEvent = ServiceEvent & { marker?: DeployMarker };

const eventKey = (e: { provider: string; id: string }) => `${e.provider}\u0000${e.id}`;

/** The `{ provider, id }` an annotation's `attributes.marks` names (Circonus reads it from the annotation's description), if any. */
function marksOf(event: ServiceEvent): { provider: string; id: string } | undefined {
  const marks = event.attributes?.marks as { provider?: unknown; id?: unknown } | undefined;
  return typeof marks?.provider === "string" && typeof marks.id === "string" ? { provider: marks.provider, id: marks.id } : undefined;
}

/**
 * The timeline with each deploy marker folded into its deploy: an annotation whose
 * `attributes.marks` names a deploy (or failed deploy) in view becomes that deploy's `marker`
 * and is no longer a row of its own, so a marked deploy is not shown twice. An annotation that
 * marks no deploy in view stays a row (as does a second marker of the same deploy).
 */
export function foldDeployMarkers(timeline: Timeline): Timeline {
  const deploys = new Set(timeline.events.filter((e) => e.kind === "deploy" || e.kind === "deploy-failed").map(eventKey));
  const markerOf = new Map<string, ServiceEvent>();
  for (const e of timeline.events) {
    const marks = e.kind === "annotation" ? marksOf(e) : undefined;
    if (marks && deploys.has(eventKey(marks)) && !markerOf.has(eventKey(marks))) markerOf.set(eventKey(marks), e);
  }
  if (markerOf.size === 0) return timeline;
  const folded = new Set(markerOf.values());
  const events: MarkedEvent[] = timeline.events
    .filter((e) => !folded.has(e))
    .map((e) => {
      const m = e.kind === "annotation" ? undefined : markerOf.get(eventKey(e));
      return m ? { ...e, marker: { provider: m.provider, id: m.id, title: m.title, start: m.start, ...(m.url ? { url: m.url } : {}) } } : e;
    });
  return { ...timeline, events };
}

/** An alert that opened with no deploy to its env in the suspect window before it. */
export interface UnexplainedAlert {
  alertId: string;
  alertProvider: string;
  env?: string;
  /** Still open at the end of the window. */
  open: boolean;
}

/** The opened alerts with no suspect deploy, in timeline order: said outright, not left for the reader to infer. */
export function alertsWithoutSuspect(timeline: Timeline): UnexplainedAlert[] {
  const linked = new Set(timeline.suspects.map((s) => `${s.alertProvider}\u0000${s.alertId}`));
  return timeline.events
    .filter((e) => e.kind === "alert-opened" && !linked.has(eventKey(e)))
    .map((e) => ({ alertId: e.id, alertProvider: e.provider, ...(e.env ? { env: e.env } : {}), open: e.end === undefined }));
}

const KIND_STYLE: Record<ServiceEvent["kind"], "green" | "red" | "yellow" | "cyan" | "gray"> = {
  deploy: "green",
  "deploy-failed": "red",
  "alert-opened": "red",
  "alert-cleared": "gray",
  annotation: "cyan",
};

/** `2026-11-25 08:50`: the column's heading says UTC. */
const clock = (iso: string | undefined) => time(iso, { zone: false });

/** How a suspect reads: `deploy f454a02 (#1207, circleci) 12 min before`. */
export function suspectWords(suspect: Suspect, deploy: ServiceEvent | undefined): string {
  const sha = suspect.commit ? shortSha(suspect.commit.sha) : undefined;
  const number = deploy?.attributes?.pipelineNumber;
  const what = [sha, number === undefined ? undefined : `#${String(number)}`].filter(Boolean).join(" ");
  return `deploy ${what || suspect.deployId} (${suspect.provider}${deploy?.actor ? `, by ${deploy.actor}` : ""}) ${gap(suspect.gapMs)} before`;
}

/**
 * The timeline as text: one line per event (time, provider, kind, env, title), each alert's
 * suspects under it marked `⚠ suspect:` (readable without colour), then what could not be read.
 */
export function renderTimeline(mode: Mode, service: ServiceEntry, env: string | undefined, timeline: Timeline, notConfigured: readonly { displayName: string; variables: string[] }[], p: Painter): string {
  const lines: string[] = [];
  const head = banner(mode, p);
  if (head) lines.push(head.trimEnd());
  lines.push(
    `${p.paint("bold", `${service.name}${env ? ` (${env})` : ""}`)} — timeline ${clock(timeline.since)} → ${clock(timeline.until)} UTC · suspects: deploys to the same env up to ${gap(timeline.suspectWindowMs)} before an alert`,
  );
  const byKey = new Map(timeline.events.map((e) => [`${e.provider}\u0000${e.id}`, e]));
  const suspectsOf = new Map<string, Suspect[]>();
  for (const s of timeline.suspects) {
    const key = `${s.alertProvider}\u0000${s.alertId}`;
    suspectsOf.set(key, [...(suspectsOf.get(key) ?? []), s]);
  }
  const suspectDeploys = new Set(timeline.suspects.map((s) => `${s.provider}\u0000${s.deployId}`));
  if (timeline.events.length === 0) {
    lines.push(`  No events in this window${timeline.complete ? "" : " (but some lookups failed, see below)"}.`);
  } else {
    const rows: string[][] = [];
    for (const event of timeline.events) {
      const key = `${event.provider}\u0000${event.id}`;
      const rollback = event.attributes?.rollback === true ? p.paint("yellow", " [rollback]") : "";
      const blamed = suspectDeploys.has(key) ? p.paint(["bold", "yellow"], " [suspect]") : "";
      const who = event.actor ? p.paint("gray", ` · by ${event.actor}`) : "";
      const until = event.kind === "alert-opened" ? p.paint("gray", event.end ? ` · cleared ${clock(event.end)}` : " · still open") : "";
      const marker = (event as MarkedEvent).marker;
      const marked = marker ? p.paint("cyan", ` · marked: ${marker.provider} annotation ${marker.id}`) : "";
      rows.push([clock(event.start), event.provider, p.paint(KIND_STYLE[event.kind], event.kind), event.env ?? "-", `${event.title}${rollback}${blamed}${who}${marked}${until}`]);
      for (const s of suspectsOf.get(key) ?? []) {
        rows.push(["", "", "", "", p.paint(["bold", "yellow"], `⚠ suspect: ${suspectWords(s, byKey.get(`${s.provider}\u0000${s.deployId}`))}`)]);
      }
    }
    lines.push(table(rows, "  "));
  }
  const alerts = timeline.events.filter((e) => e.kind === "alert-opened");
  const linked = new Set(timeline.suspects.map((s) => `${s.alertProvider}\u0000${s.alertId}`));
  lines.push(
    `  ${alerts.length} alert(s) opened; ${linked.size} with a suspect deploy, ${alerts.length - linked.size} with no deploy to the same env in the ${gap(timeline.suspectWindowMs)} before.`,
  );
  for (const missing of notConfigured) lines.push(`  ${p.paint("yellow", `${missing.displayName} not configured`)} (set ${missing.variables.join(", ")}): its events are not shown.`);
  if (!timeline.complete) {
    const providers = [...new Set(timeline.incomplete.map((part) => part.provider))];
    for (const provider of providers) {
      lines.push(`  ${provider}:`);
      lines.push(renderIncomplete(timeline.incomplete.filter((part) => part.provider === provider), p, "  "));
    }
  }
  return `${lines.join("\n")}\n`;
}

// The `timeline` command: the window and the lookups above, its text, its `--json` answer.

export const name = "timeline";
export const summary = "Deploys, alerts and annotations on one timeline, each alert with the deploys just before it to the same env (suspects)";
export const positionals = ["<service>"];
export const flags = { env: {}, since: { default: "24h" }, until: {}, window: { default: "60m" } };

/** What `timeline` found, and the providers not configured (their events are missing). */
export interface TimelineAnswer {
  service: ServiceEntry;
  timeline: Timeline;
  notConfigured: Providers["notConfigured"];
}

export async function run(ctx: CommandContext): Promise<TimelineAnswer> {
  const providers = await ctx.providers();
  const service = serviceArgument(ctx, "timeline needs a service name: toolweave-demo timeline <service>.");
  // A deploy and the annotation marking it are one row: the marker is the deploy's property.
  const timeline = foldDeployMarkers(await runTimeline(providers, service, ctx.args.env, timelineWindow(ctx.args, ctx.now), ctx.signal));
  return { service, timeline, notConfigured: providers.notConfigured };
}

export const exitCode = (answer: TimelineAnswer): number => (answer.timeline.complete ? EXIT.ok : EXIT.incomplete);

export function envelope(answer: TimelineAnswer, ctx: CommandContext): JsonBody<typeof output> {
  return {
    ...answerHead("timeline", ctx),
    service: answer.service,
    env: ctx.args.env ?? null,
    ...answer.timeline,
    notConfigured: answer.notConfigured.map((m) => ({ id: m.id, displayName: m.displayName, missing: m.variables })),
  };
}

export function render(answer: TimelineAnswer, ctx: CommandContext): string {
  return renderTimeline(ctx.mode, answer.service, ctx.args.env, answer.timeline, answer.notConfigured, ctx.out);
}

/** `timeline --json`. */
export const output = z.strictObject({
  ...header("timeline"),
  generatedAt: isoDate,
  service: serviceEntry,
  env: z.string().nullable(),
  keys: z.looseObject({ service: z.string() }),
  since: isoDate,
  until: isoDate,
  suspectWindowMs: z.number().int().nonnegative(),
  /** Every provider's events, ascending by start (same instant: deploy, deploy-failed, annotation, alert-opened, alert-cleared; then provider, id). */
  events: z.array(serviceEvent),
  /** Per alert, most recent deploy first. */
  suspects: z.array(suspectLink),
  incomplete: z.array(incompleteWithProvider),
  complete: z.boolean(),
  notConfigured: z.array(z.strictObject({ id: z.string(), displayName: z.string(), missing: z.array(z.string()) })),
});
