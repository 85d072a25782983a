import {
  createHub,
  type CallMemo,
  type DeliveryFigure,
  type DeliveryIncompletePart,
  type DeliveryReport,
  type DurationFigure,
  type ServiceEvent,
  type ServiceEventKind,
} from "@toolweave/core";
import { z } from "zod";
import type { ServiceEntry } from "../catalog.js";
import { answerHead, serviceArgument, type CommandContext, type JsonBody } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { gap, percent, table, time } from "../format/index.js";
import type { Painter } from "../io.js";
import { eventKind, header, incompleteWithProvider, isoDate, serviceEntry, serviceEvent } from "../output-schema-parts.js";
import type { Mode, Providers } from "../providers.js";
import { banner, renderIncomplete } from "../render.js";
import { timelineConnectors, timelineWindow, type TimelineWindow } from "./timeline.js";

const DAY_MS = 86_400_000;
/** Delivery is read over weeks: the window when `--since` is not given. */
export const DEFAULT_DELIVERY_SINCE_MS = 30 * DAY_MS;

/**
 * `--since` (default: 30 days before `--until`), `--until` (default now) and `--window` (how
 * long after a deploy an alert or a rollback counts against it, default 60m), read as
 * `timeline` reads them.
 */
export function deliveryWindow(flags: { since?: string | undefined; until?: string | undefined; window?: string | undefined }, now: number): TimelineWindow {
  const window = timelineWindow(flags, now);
  return flags.since === undefined ? { ...window, since: new Date(window.until.getTime() - DEFAULT_DELIVERY_SINCE_MS) } : window;
}

/**
 * The service's delivery health (`hub.delivery`) through the timeline's connectors, in `env`
 * (every env when absent: each rule applied within one env). The report carries the events its
 * failures name (`evidence`), so their titles and links cost no request of their own.
 */
export function runDelivery(providers: Providers, service: ServiceEntry, env: string | undefined, window: TimelineWindow, signal?: AbortSignal, memo?: CallMemo): Promise<DeliveryReport> {
  return createHub({ connectors: timelineConnectors(providers, service) }).delivery(
    { service: service.name, repo: service.repo, ...(env ? { env } : {}) },
    { since: window.since, until: window.until, failureWindowMs: window.windowMs, ...(env ? { env } : {}), ...(signal ? { signal } : {}), ...(memo ? { memo } : {}) },
  );
}

/**
 * Finds an event of `report.evidence`: by provider when the report names it (a failed deploy),
 * else the first with that kind and id (an alert or a rollback, named by id alone).
 */
export function evidenceFinder(report: DeliveryReport): (kind: ServiceEventKind, id: string, provider?: string) => ServiceEvent | undefined {
  return (kind, id, provider) => {
    const same = report.evidence.filter((e) => e.kind === kind && e.id === id);
    return same.find((e) => e.provider === provider) ?? same[0];
  };
}

/**
 * What a part the hub adds for kinds no connector reads (`provider: "hub"`) is about, in words:
 * `alerts`, `deploys`. Such a part is no tool failing to answer, so it is never said as one.
 */
export function unreadWords(part: DeliveryIncompletePart): string {
  const kinds = part.kinds ?? [];
  const what = [kinds.includes("deploy") ? "deploys" : undefined, kinds.includes("alert-opened") ? "alerts" : undefined].filter(Boolean);
  return what.length ? what.join(" and ") : kinds.length ? kinds.join(", ") : "some events";
}

/** The provider of the parts the hub adds for kinds no connector reads. */
export const HUB_PROVIDER = "hub";

// The text: one row per figure, each marked when a part it depends on could not be read; then
// each failed deployment with its links; then the rules and what could not be read.

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const clock = (iso: string | undefined) => time(iso, { zone: false });

function mark(figure: DeliveryFigure, p: Painter): string {
  if (figure.complete) return "";
  const providers = [...new Set(figure.incomplete.filter((part) => part.provider !== HUB_PROVIDER).map((part) => part.provider))];
  const unread = [...new Set(figure.incomplete.filter((part) => part.provider === HUB_PROVIDER).map((part) => `no connector reads ${unreadWords(part)}`))];
  const words = [providers.length ? `${providers.join(", ")} not read in full` : undefined, ...unread].filter(Boolean).join("; ");
  return `  ${p.paint(["bold", "yellow"], `! incomplete: ${words}`)}`;
}

function medianP90(figure: DurationFigure<unknown>): string {
  return figure.medianMs === null || figure.p90Ms === null ? `n/a — ${figure.reason ?? "no sample"}` : `median ${gap(figure.medianMs)} · p90 ${gap(figure.p90Ms)}`;
}

function figureRows(report: DeliveryReport, p: Painter): string[][] {
  const { deployments: d, changeFailureRate: cfr, failedDeploymentRecovery: recovery, timeToRestore: restore, triggerToLive: trigger, leadTimeForChanges: lead } = report;
  const stillFailing = recovery.samples.filter((s) => s.ms === null).length;
  const stillOpen = restore.samples.filter((s) => s.ms === null).length;
  const counted = (figure: DurationFigure<unknown>, what: string) => (figure.medianMs === null ? "" : ` · ${plural(figure.samples.length, what)}`);
  return [
    [
      "Deployments",
      [
        `${d.count}`,
        d.perWeek === null ? undefined : `${d.perWeek.toFixed(1)} per week`,
        `on ${plural(d.deployDays, "day")}`,
        d.failedPipelines ? `${plural(d.failedPipelines, "failed pipeline")} (never went live, not counted)` : undefined,
      ]
        .filter(Boolean)
        .join(" · ") + mark(d, p),
    ],
    ["Change failure rate", (cfr.value === null ? `n/a — ${cfr.reason ?? "no deployment"}` : `${percent(cfr.value)} · ${cfr.failed} of ${plural(cfr.total, "deployment")} failed`) + mark(cfr, p)],
    ["Failed deployment recovery", `${medianP90(recovery)}${counted(recovery, "failed deployment")}${stillFailing && recovery.medianMs !== null ? ` (${stillFailing} still failing, not in the median)` : ""}${mark(recovery, p)}`],
    ["Time to restore", `${medianP90(restore)}${counted(restore, "alert")}${stillOpen && restore.medianMs !== null ? ` (${stillOpen} still open, not in the median)` : ""}${mark(restore, p)}`],
    ["Trigger to live", `${medianP90(trigger)}${counted(trigger, "deployment")}${mark(trigger, p)}`],
    ["Lead time for changes", `${medianP90(lead)}${counted(lead, "deployment")}${mark(lead, p)}`],
  ];
}

/** `deploy-checkout deployed #1043 (090c25c) to prod  https://…`, or the bare id when the report carries no such event. */
function linkWords(event: ServiceEvent | undefined, id: string): string {
  if (!event) return id;
  return `${clock(event.start)}  ${event.title}${event.url ? `  ${event.url}` : " (no link)"}`;
}

function failureLines(report: DeliveryReport, p: Painter): string[] {
  const { failures } = report.changeFailureRate;
  if (failures.length === 0) return [];
  const find = evidenceFinder(report);
  const recovery = new Map(report.failedDeploymentRecovery.samples.map((s) => [s.deployId, s.ms]));
  const lines = [`  ${p.paint("bold", `${plural(failures.length, "failed deployment")}:`)}`];
  for (const f of failures) {
    const window = gap(report.rules.failureWindowMs);
    const why = [
      f.alertIds.length ? `${plural(f.alertIds.length, "alert")} opened within ${window} after it went live` : undefined,
      f.rollbackDeployId ? `rolled back within ${window}` : undefined,
    ]
      .filter(Boolean)
      .join(", and ");
    const ms = recovery.get(f.deployId);
    const recovered = ms === undefined ? "" : ms === null ? "; still failing" : `; recovered after ${gap(ms)}`;
    lines.push(`  - ${p.paint("red", `failed (${f.because})`)}: ${why}${recovered}`);
    const rows: string[][] = [["deploy", linkWords(find("deploy", f.deployId, f.provider), f.deployId)]];
    for (const alertId of f.alertIds) rows.push(["alert", linkWords(find("alert-opened", alertId), alertId)]);
    if (f.rollbackDeployId) rows.push(["rollback", linkWords(find("deploy", f.rollbackDeployId, f.provider), f.rollbackDeployId)]);
    lines.push(table(rows, "      "));
  }
  return lines;
}

/** What `delivery` found, and the providers not configured (their events are missing). */
export interface DeliveryAnswer {
  service: ServiceEntry;
  env: string | undefined;
  report: DeliveryReport;
  notConfigured: Providers["notConfigured"];
}

/** The report as text: the figures, each failure with its links, the rules used, what could not be read. */
export function renderDelivery(mode: Mode, answer: DeliveryAnswer, p: Painter): string {
  const { service, env, report } = answer;
  const lines: string[] = [];
  const head = banner(mode, p);
  if (head) lines.push(head.trimEnd());
  const where = env ? ` (${env})` : ` (every env: ${service.envs.join(", ")}; each rule within one env)`;
  const length = Date.parse(report.until) - Date.parse(report.since);
  lines.push(`${p.paint("bold", `${service.name}${where}`)} — delivery health ${clock(report.since)} → ${clock(report.until)} UTC (${gap(length)})`);
  lines.push(table(figureRows(report, p), "  "));
  lines.push(...failureLines(report, p));
  const window = gap(report.rules.failureWindowMs);
  lines.push(
    p.paint(
      "gray",
      `  Rules: a deployment is a deploy that went live${env ? ` to ${env}` : ""}. It failed when an alert opened in its env at most ${window} after it with no deploy in between (the timeline's first suspect), or when the next deploy, within ${window}, shipped a commit that was live there before (a rollback). Medians and p90 are nearest-rank.`,
    ),
  );
  for (const missing of answer.notConfigured) lines.push(`  ${p.paint("yellow", `${missing.displayName} not configured`)} (set ${missing.variables.join(", ")}): its events are not read, so no figure counts them.`);
  if (!report.complete) {
    for (const provider of new Set(report.incomplete.map((part) => part.provider))) {
      // The hub's own parts are no tool's: the kinds that no configured tool reads.
      lines.push(`  ${provider === HUB_PROVIDER ? "read by no configured tool" : provider}:`);
      lines.push(renderIncomplete(report.incomplete.filter((part) => part.provider === provider), p, "  "));
    }
  }
  return `${lines.join("\n")}\n`;
}

// The `delivery` command: the window, the report, its text, its `--json` answer.

export const name = "delivery";
export const summary =
  "Delivery health of one service (DORA keys): deployments, change failure rate, recovery and restore times, each failed deploy with its deploy and alert links; every env unless --env (each rule within one env)";
export const positionals = ["<service>"];
export const flags = { env: {}, since: { default: "30d" }, until: {}, window: { default: "60m" } };

export async function run(ctx: CommandContext): Promise<DeliveryAnswer> {
  // A bad --since, --until or --window is refused before any tool is set up.
  const window = deliveryWindow(ctx.args, ctx.now);
  const providers = await ctx.providers();
  const service = serviceArgument(ctx, "delivery needs a service name: toolweave-demo delivery <service>.");
  const report = await runDelivery(providers, service, ctx.args.env, window, ctx.signal);
  return { service, env: ctx.args.env, report, notConfigured: providers.notConfigured };
}

export const exitCode = (answer: DeliveryAnswer): number => (answer.report.complete ? EXIT.ok : EXIT.incomplete);

export function envelope(answer: DeliveryAnswer, ctx: CommandContext): JsonBody<typeof output> {
  const { report } = answer;
  return {
    ...answerHead("delivery", ctx),
    service: answer.service,
    env: answer.env ?? null,
    ...report,
    notConfigured: answer.notConfigured.map((m) => ({ id: m.id, displayName: m.displayName, missing: m.variables })),
  };
}

export function render(answer: DeliveryAnswer, ctx: CommandContext): string {
  return renderDelivery(ctx.mode, answer, ctx.out);
}

const ms = z.number().int().nonnegative();
/** A lookup that could not be made, with the kinds of event its provider supplies (absent: every figure depends on it). */
const deliveryIncomplete = incompleteWithProvider.extend({ kinds: z.array(eventKind).optional() });
const figure = {
  complete: z.boolean().describe("False when a part this figure depends on could not be read."),
  incomplete: z.array(deliveryIncomplete).describe("The report's incomplete parts this figure depends on."),
};
const durations = <T extends z.ZodType>(sample: T) =>
  z.strictObject({
    ...figure,
    medianMs: ms.nullable().describe("Nearest-rank median of the samples with a number; null when there is none (see reason)."),
    p90Ms: ms.nullable().describe("Nearest-rank p90 of the samples with a number."),
    samples: z.array(sample),
    reason: z.string().optional(),
  });

/** `delivery --json`: core's `DeliveryReport` with the service, the failures' events and the providers not configured. */
export const output = z.strictObject({
  ...header("delivery"),
  generatedAt: isoDate,
  service: serviceEntry,
  env: z.string().nullable().describe("The env measured; null: every env, each rule within one env."),
  since: isoDate,
  until: isoDate,
  rules: z.strictObject({
    failureWindowMs: ms.describe("How long after a deploy an alert is attributed to it, and a rollback counts against it (inclusive)."),
    env: z.string().nullable(),
    service: z.string().nullable(),
    percentiles: z.literal("nearest-rank"),
  }),
  deployments: z.strictObject({
    ...figure,
    count: z.number().int().nonnegative().describe("Deploys that went live inside [since, until]."),
    deployDays: z.number().int().nonnegative().describe("UTC days with at least one deploy."),
    perWeek: z.number().nonnegative().nullable(),
    ids: z.array(z.string()),
    failedPipelines: z.number().int().nonnegative().describe("Pipelines whose deploy failed and never went live (not deployments)."),
  }),
  changeFailureRate: z.strictObject({
    ...figure,
    value: z.number().min(0).max(1).nullable().describe("failed / total; null when there was no deployment (see reason)."),
    reason: z.string().optional(),
    failed: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    failures: z.array(
      z.strictObject({
        deployId: z.string(),
        provider: z.string(),
        because: z.enum(["alert", "rollback"]),
        alertIds: z.array(z.string()),
        rollbackDeployId: z.string().optional(),
      }),
    ),
  }),
  failedDeploymentRecovery: durations(z.strictObject({ deployId: z.string(), ms: ms.nullable() })).describe("From a failed deploy going live to its recovery; ms null while still failing at until."),
  timeToRestore: durations(z.strictObject({ alertId: z.string(), ms: ms.nullable() })).describe("From an alert opening to its clearing; ms null while open at until."),
  triggerToLive: durations(z.strictObject({ deployId: z.string(), ms })).describe("From the pipeline's trigger (or the rerun) to the deploy going live."),
  leadTimeForChanges: durations(z.strictObject({ deployId: z.string(), ms })).describe("From the commit to the deploy going live; null with a reason when no commit time is known."),
  evidence: z
    .array(serviceEvent)
    .describe("The events the failures name (each failed deploy, the alerts attributed to it, the deploy that rolled it back), once each, in timeline order, with their titles and pages."),
  incomplete: z.array(deliveryIncomplete),
  complete: z.boolean(),
  notConfigured: z.array(z.strictObject({ id: z.string(), displayName: z.string(), missing: z.array(z.string()) })),
});
