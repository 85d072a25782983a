import type { CallMemo } from "./call-memo.js";
import type { Connector } from "./connector.js";
import type { CorrelationKeys } from "./correlation-keys.js";
import { toToolweaveError } from "./to-toolweave-error.js";
import { incompletePart } from "./incomplete-part.js";
import { printableText } from "./printable-text.js";
import type { LatestBuild, PageFocus, PageKind } from "./page-focus.js";
import type { Insight, InsightLink, InsightStatus, PageInsights, PageSubject } from "./page-insights.js";
import { DEFAULT_SUSPECT_WINDOW_MS, type ServiceEvent, type Suspect, type Timeline, type TimelineIncompletePart } from "./service-event.js";
import type { UrlResolution } from "./url-resolution.js";

/** Options of the hub's `insights(resolution)`. */
export interface InsightsOptions {
  /** The clock, in epoch milliseconds: the end of the window. Default `Date.now()`. */
  now?: number;
  /** How far back a page's events are read. Default 7 days. */
  lookbackMs?: number;
  /** How long after a deploy an alert is linked to it. Default 60 minutes (the timeline's). */
  suspectWindowMs?: number;
  signal?: AbortSignal;
  /** Shared by every call made for one answer (pass the one `resolve` used). */
  memo?: CallMemo;
}

/** Default look-back of a page's insights: 7 days. */
export const DEFAULT_INSIGHTS_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;

/** What the insights are computed from: the hub's timeline and the CI connectors' latest builds. */
export interface InsightSources {
  connectors: readonly Connector[];
  /** The hub's `timeline` (so a page's events are read through the same walk and memo). */
  timeline(keys: CorrelationKeys, options: { since: Date; until: Date; suspectWindowMs: number; signal?: AbortSignal; memo?: CallMemo }): Promise<Timeline>;
}

const REPOSITORY_PAGES: ReadonlySet<PageKind> = new Set(["repository", "commit", "branch", "pull-request", "actions-run", "project", "check", "check-bundle", "graph", "rule-set"]);
const DEPLOY_PAGES: ReadonlySet<PageKind> = new Set(["pipeline", "workflow", "job"]);

/** `3 min ago`, `5 h ago`, `2 d ago`, or `in the future` for a clock skew. */
function agoText(ms: number): string {
  if (ms < 0) return "just now";
  const min = Math.round(ms / 60_000);
  if (min < 1) return "just now";
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}

const short = (sha: string | undefined) => (sha ? sha.slice(0, 7) : "unknown commit");
const sameSha = (a: string | undefined, b: string | undefined) => !!a && !!b && a.length >= 7 && b.length >= 7 && (a.toLowerCase().startsWith(b.toLowerCase()) || b.toLowerCase().startsWith(a.toLowerCase()));
const day = (iso: string) => iso.slice(0, 10);
const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;
const utc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** The events the focus is: a deploy workflow's events, a pipeline's deploys, an alert's opening. */
function isFocus(focus: PageFocus, e: ServiceEvent): boolean {
  if (e.provider !== focus.provider) return false;
  const a = focus.attributes;
  if (typeof a.eventId === "string" && (e.id === a.eventId || e.id.startsWith(`${a.eventId}:`))) return true;
  if (focus.kind === "workflow" && e.id === focus.id) return true;
  if (focus.kind === "job" && typeof a.workflowId === "string" && e.id === a.workflowId) return true;
  if (focus.kind === "pipeline" && a.pipelineNumber !== undefined && String(e.attributes?.pipelineNumber) === String(a.pipelineNumber)) return true;
  return e.url !== undefined && e.url === focus.url;
}

function deployLinks(deploy: ServiceEvent): InsightLink[] {
  const links: InsightLink[] = [];
  if (deploy.url) links.push({ text: `workflow: ${deploy.title}`, url: deploy.url });
  if (deploy.commit?.url) links.push({ text: `commit ${short(deploy.commit.sha)}${deploy.commit.subject ? `: ${deploy.commit.subject}` : ""}`, url: deploy.commit.url });
  const pipelineUrl = deploy.attributes?.pipelineUrl;
  if (typeof pipelineUrl === "string") links.push({ text: "pipeline", url: pipelineUrl });
  return links;
}

/** Longest line text and tooltip: a bar item is one line; ToolJump's tooltips hold 500 characters. */
const MAX_TEXT = 300;
const MAX_TOOLTIP = 500;

/**
 * One line as shown: texts from tool data made printable (secrets masked before any cut,
 * control characters and bidi overrides replaced) and cut to a line's length.
 */
function item(insight: Insight): Insight {
  const out: Insight = { topic: insight.topic, status: insight.status, text: printableText(insight.text, MAX_TEXT) };
  if (insight.url) out.url = insight.url;
  if (insight.tooltip) out.tooltip = printableText(insight.tooltip, MAX_TOOLTIP);
  if (insight.provider) out.provider = insight.provider;
  if (insight.env) out.env = insight.env;
  if (insight.links?.length) out.links = insight.links.map((l) => ({ ...l, text: printableText(l.text, MAX_TEXT), ...(l.tooltip ? { tooltip: printableText(l.tooltip, MAX_TOOLTIP) } : {}) }));
  return out;
}

/**
 * Incomplete parts as lines: what is missing, and what to do. Parts of one provider that failed
 * the same way (same kind and status: one outage cutting several lookups) are one line naming
 * how many lookups it cost; every lookup is in its tooltip.
 */
function incompleteInsights(parts: readonly TimelineIncompletePart[]): Insight[] {
  const groups = new Map<string, TimelineIncompletePart[]>();
  for (const part of parts) {
    // One provider failing one way (kind and status) is one outage, whatever operation each message names.
    const key = `${part.provider}\u0000${part.error.kind}\u0000${part.error.status ?? ""}`;
    const group = groups.get(key) ?? [];
    group.push(part);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => {
    const [part] = group as [TimelineIncompletePart, ...TimelineIncompletePart[]];
    const fix = part.error.fix ?? (part.retryable ? "Try again in a moment." : undefined);
    const what = group.length === 1 ? part.lookup : `${part.lookup} and ${group.length - 1} more lookup${group.length === 2 ? "" : "s"}`;
    return item({
      topic: "incomplete",
      status: "important",
      text: `Not read: ${what} (${part.error.message})${fix ? ` Fix: ${fix}` : ""}`,
      tooltip: [`${part.provider}: ${part.error.kind}${part.error.status ? ` ${part.error.status}` : ""}`, ...group.map((p) => p.lookup)].join("; "),
      provider: part.provider,
    });
  });
}

/** The window a page's events are read in: the last `lookbackMs`, or around the focus's own time. */
function windowFor(focus: PageFocus | undefined, now: number, lookbackMs: number, suspectWindowMs: number): { since: number; until: number } {
  const at = typeof focus?.attributes.at === "string" ? Date.parse(focus.attributes.at) : NaN;
  if (!focus || !Number.isFinite(at) || at > now) return { since: now - lookbackMs, until: now };
  if (DEPLOY_PAGES.has(focus.kind)) {
    // Its deploys go live after the pipeline started; what followed them is read up to a look-back later.
    return { since: at, until: Math.min(now, at + lookbackMs) };
  }
  if (focus.kind === "alert") {
    // Its suspects (up to a suspect window before it) and the deploys before them, to roll back to.
    return { since: Math.min(at - suspectWindowMs - lookbackMs, now - lookbackMs), until: now };
  }
  return { since: now - lookbackMs, until: now };
}

/** Per env (the catalog's, then any other a deploy names), its deploys in the window, oldest first. */
function deploysByEnv(events: readonly ServiceEvent[], envs: readonly string[]): { env: string; deploys: ServiceEvent[] }[] {
  const deploys = events.filter((e) => e.kind === "deploy");
  const all = [...new Set([...envs, ...deploys.map((e) => e.env).filter((e): e is string => !!e)])];
  return all.map((env) => ({ env, deploys: deploys.filter((e) => e.env === env) }));
}

/**
 * The hub's `insights(resolution)`: what a person on the page wants to know, as lines with
 * links (see {@link PageInsights}). Every part that could not be read is a line of its own.
 */
export async function collectInsights(sources: InsightSources, resolution: UrlResolution, options: InsightsOptions = {}): Promise<PageInsights> {
  const now = options.now ?? Date.now();
  const lookbackMs = options.lookbackMs ?? DEFAULT_INSIGHTS_LOOKBACK_MS;
  const suspectWindowMs = options.suspectWindowMs ?? DEFAULT_SUSPECT_WINDOW_MS;
  const focus = resolution.focus;
  const window = windowFor(focus, now, lookbackMs, suspectWindowMs);
  const since = new Date(window.since).toISOString();
  const until = new Date(window.until).toISOString();
  const incomplete: TimelineIncompletePart[] = [...resolution.incomplete];
  if (!resolution.matched || !resolution.keys || !focus) {
    const items: Insight[] = [
      item({ topic: "not-matched", status: "relevant", text: `toolweave: ${resolution.reason ?? "this page is not tied to a service."}`, ...(resolution.fix ? { tooltip: resolution.fix } : {}) }),
      ...incompleteInsights(incomplete),
    ];
    return { resolution, since, until, items, incomplete, complete: false };
  }
  const keys = resolution.keys;
  const shared = { ...(options.signal ? { signal: options.signal } : {}), ...(options.memo ? { memo: options.memo } : {}) };
  const wantsBuild = REPOSITORY_PAGES.has(focus.kind);
  const [timeline, builds] = await Promise.all([
    sources.timeline(keys, { since: new Date(window.since), until: new Date(window.until), suspectWindowMs, ...shared }).catch((error: unknown) => {
      options.signal?.throwIfAborted();
      incomplete.push({ ...incompletePart(`the timeline of ${keys.service}`, error), provider: "hub" });
      return undefined;
    }),
    wantsBuild ? latestBuilds(sources.connectors, keys, shared, incomplete) : Promise.resolve([]),
  ]);
  options.signal?.throwIfAborted();
  if (timeline) incomplete.push(...timeline.incomplete);
  const items: Insight[] = [];
  const events = timeline?.events ?? [];
  const suspects = timeline?.suspects ?? [];
  const partial = incomplete.length > 0;
  const envs = resolution.env ? [resolution.env] : (resolution.envs ?? []);

  if (DEPLOY_PAGES.has(focus.kind)) items.push(...deployPageInsights(focus, events, suspects, now, suspectWindowMs, partial));
  else if (focus.kind === "alert") items.push(...alertPageInsights(focus, events, suspects, partial, suspectWindowMs));
  if (REPOSITORY_PAGES.has(focus.kind) && timeline) {
    items.push(...openAlertInsights(events, suspects, until, partial));
    if (focus.kind === "commit" && typeof focus.attributes.sha === "string") items.push(...commitInsights(focus.attributes.sha, events, envs, since, partial, now));
    items.push(...lastDeployInsights(events, envs, since, partial, now));
    for (const build of builds) items.push(buildInsight(build, now));
  }
  items.push(...incompleteInsights(incomplete));
  const subject = DEPLOY_PAGES.has(focus.kind) || focus.kind === "alert" ? subjectOf(focus, events, suspects) : undefined;
  return { resolution, since, until, items, incomplete, complete: incomplete.length === 0, ...(subject ? { subject } : {}) };
}

/** The page's own events, the suspect links that involve them, and the events on the other side of those links. */
function subjectOf(focus: PageFocus, events: readonly ServiceEvent[], suspects: readonly Suspect[]): PageSubject {
  const isAlert = focus.kind === "alert";
  const own = events.filter((e) => (isAlert ? e.kind === "alert-opened" : e.kind === "deploy" || e.kind === "deploy-failed") && isFocus(focus, e));
  const key = (provider: string, id: string) => `${provider}\u0000${id}`;
  const mine = new Set(own.map((e) => key(e.provider, e.id)));
  const links = suspects.filter((s) => mine.has(isAlert ? key(s.alertProvider, s.alertId) : key(s.provider, s.deployId)));
  const other = new Set(links.map((s) => (isAlert ? key(s.provider, s.deployId) : key(s.alertProvider, s.alertId))));
  const related = events.filter((e) => e.kind === (isAlert ? "deploy" : "alert-opened") && other.has(key(e.provider, e.id)));
  return { events: own, suspects: links, related };
}

async function latestBuilds(connectors: readonly Connector[], keys: CorrelationKeys, shared: { signal?: AbortSignal; memo?: CallMemo }, incomplete: TimelineIncompletePart[]): Promise<LatestBuild[]> {
  const out = await Promise.all(
    connectors
      .filter((c) => typeof c.correlator.latestBuild === "function")
      .map(async (c) => {
        try {
          const result = await c.correlator.latestBuild!(keys, shared);
          incomplete.push(...result.incomplete.map((part) => ({ ...part, provider: c.id })));
          return result.build;
        } catch (error) {
          shared.signal?.throwIfAborted();
          incomplete.push({ ...incompletePart(`the latest build of ${keys.service} from ${c.displayName}`, toToolweaveError(error, c.id)), provider: c.id });
          return null;
        }
      }),
  );
  return out.filter((b): b is LatestBuild => b !== null);
}

const BUILD_STATUS: Record<string, InsightStatus> = { success: "success", failed: "important", errored: "important", running: "relevant", on_hold: "relevant" };

function buildInsight(build: LatestBuild, now: number): Insight {
  return item({
    topic: "latest-build",
    status: BUILD_STATUS[build.outcome] ?? "none",
    text: `Latest build: ${build.label}: ${build.outcome.replace(/_/g, " ")} (${agoText(now - Date.parse(build.at))})`,
    ...(build.url ? { url: build.url } : {}),
    tooltip: `${build.branch}${build.sha ? ` at ${short(build.sha)}` : ""}, created ${build.at}`,
    provider: build.provider,
  });
}

function lastDeployInsights(events: readonly ServiceEvent[], envs: readonly string[], since: string, partial: boolean, now: number): Insight[] {
  return deploysByEnv(events, envs).map(({ env, deploys }) => {
    const last = deploys.at(-1);
    return last
      ? item({
          topic: "last-deploy",
          status: "none",
          text: `${env}: ${short(last.commit?.sha)} deployed ${agoText(now - Date.parse(last.start))}`,
          ...(last.url ? { url: last.url } : {}),
          tooltip: `${last.title}, live at ${last.start}${last.actor ? ` (by ${last.actor})` : ""}`,
          provider: last.provider,
          env,
          links: deployLinks(last),
        })
      : item({ topic: "last-deploy", status: partial ? "relevant" : "none", text: `${env}: no deploy since ${day(since)}${partial ? " found (the answer is incomplete)" : ""}`, env });
  });
}

function commitInsights(sha: string, events: readonly ServiceEvent[], envs: readonly string[], since: string, partial: boolean, now: number): Insight[] {
  return deploysByEnv(events, envs).map(({ env, deploys: inEnv }) => {
    const last = inEnv.at(-1);
    const mine = inEnv.filter((e) => sameSha(e.commit?.sha, sha)).at(-1);
    if (last && mine === last) {
      return item({ topic: "commit-deployed", status: "success", text: `${short(sha)} is live in ${env} (deployed ${agoText(now - Date.parse(last.start))})`, ...(last.url ? { url: last.url } : {}), provider: last.provider, env, links: deployLinks(last) });
    }
    if (mine && last) {
      return item({ topic: "commit-deployed", status: "relevant", text: `${short(sha)} was live in ${env} ${agoText(now - Date.parse(mine.start))}, replaced by ${short(last.commit?.sha)}`, ...(last.url ? { url: last.url } : {}), provider: mine.provider, env, links: deployLinks(mine) });
    }
    return item({ topic: "commit-deployed", status: partial ? "relevant" : "none", text: `${short(sha)} was not deployed to ${env} since ${day(since)}${partial ? " (as far as known: the answer is incomplete)" : ""}`, env });
  });
}

function alertLinks(alerts: readonly ServiceEvent[]): InsightLink[] {
  return alerts.filter((a) => a.url).map((a) => ({ text: `${a.env ? `${a.env}: ` : ""}${a.title}`, url: a.url!, status: "important" as const }));
}

function openAlertInsights(events: readonly ServiceEvent[], suspects: readonly Suspect[], until: string, partial: boolean): Insight[] {
  const open = events.filter((e) => e.kind === "alert-opened" && e.end === undefined && e.start <= until);
  if (open.length === 0) {
    return [item({ topic: "open-alerts", status: partial ? "relevant" : "success", text: partial ? "No open alert found, but the answer is incomplete (see below)" : "No alert open now" })];
  }
  const suspected = open.filter((a) => suspects.some((s) => s.alertId === a.id && s.alertProvider === a.provider)).length;
  return [
    item({
      topic: "open-alerts",
      status: "important",
      // Whether an open alert has a suspect deploy is the first question: say it either way.
      text: `${open.length} alert${open.length === 1 ? "" : "s"} open now (${suspected ? `${suspected === open.length ? (open.length === 1 ? "it has" : "each has") : `${suspected} with`} a suspect deploy` : `no suspect deploy${partial ? " found" : ""}`})`,
      ...(open.length === 1 && open[0]!.url ? { url: open[0]!.url } : {}),
      tooltip: open.map((a) => a.title).join("; "),
      provider: open[0]!.provider,
      links: alertLinks(open),
    }),
  ];
}

function deployPageInsights(focus: PageFocus, events: readonly ServiceEvent[], suspects: readonly Suspect[], now: number, windowMs: number, partial: boolean): Insight[] {
  const mine = events.filter((e) => (e.kind === "deploy" || e.kind === "deploy-failed") && isFocus(focus, e));
  if (mine.length === 0) {
    return [item({ topic: "alerts-after-deploy", status: partial ? "relevant" : "none", text: `This ${focus.kind} deployed nothing${partial ? " that could be read (the answer is incomplete)" : ""}: no deploy workflow of it went live.`, provider: focus.provider })];
  }
  // Several deploys of one pipeline (a rerun, a rollback) are told apart by when each went live.
  const which = (deploy: ServiceEvent) => (mine.length > 1 ? `${utc(deploy.start)}, ${deploy.title}: ` : "");
  return mine.map((deploy) => {
    if (deploy.kind === "deploy-failed") {
      return item({ topic: "alerts-after-deploy", status: "relevant", text: `${mine.length > 1 ? `${utc(deploy.start)}, ` : ""}${deploy.title}: it never went live`, ...(deploy.url ? { url: deploy.url } : {}), provider: deploy.provider, ...(deploy.env ? { env: deploy.env } : {}) });
    }
    const alerts = suspects
      .filter((s) => s.deployId === deploy.id && s.provider === deploy.provider)
      .map((s) => events.find((e) => e.kind === "alert-opened" && e.id === s.alertId && e.provider === s.alertProvider))
      .filter((e): e is ServiceEvent => e !== undefined);
    const env = deploy.env ? ` in ${deploy.env}` : "";
    if (alerts.length > 0) {
      return item({
        topic: "alerts-after-deploy",
        status: "important",
        text: `${which(deploy)}${alerts.length} alert${alerts.length === 1 ? "" : "s"} opened${env} within ${minutes(windowMs)} after this deploy went live: it is a suspect`,
        ...(alerts.length === 1 && alerts[0]!.url ? { url: alerts[0]!.url } : {}),
        tooltip: alerts.map((a) => a.title).join("; "),
        provider: alerts[0]!.provider,
        ...(deploy.env ? { env: deploy.env } : {}),
        links: alertLinks(alerts),
      });
    }
    const watching = now - Date.parse(deploy.start) < windowMs;
    return item({
      topic: "alerts-after-deploy",
      status: partial ? "relevant" : "success",
      text: `${which(deploy)}No alert opened${env} ${watching ? "so far" : `within ${minutes(windowMs)}`} after this deploy went live${partial ? " (as far as known: the answer is incomplete)" : ""}`,
      ...(deploy.url ? { url: deploy.url } : {}),
      provider: deploy.provider,
      ...(deploy.env ? { env: deploy.env } : {}),
    });
  });
}

function alertPageInsights(focus: PageFocus, events: readonly ServiceEvent[], suspects: readonly Suspect[], partial: boolean, windowMs: number): Insight[] {
  const alert = events.find((e) => e.kind === "alert-opened" && isFocus(focus, e));
  if (!alert) {
    return [item({ topic: "no-suspect", status: "relevant", text: `This alert is not among the service's alerts read${partial ? " (the answer is incomplete)" : ""}: its tags may not name the service and env.`, provider: focus.provider })];
  }
  const mine = suspects.filter((s) => s.alertId === alert.id && s.alertProvider === alert.provider);
  const env = alert.env ? ` to ${alert.env}` : "";
  if (mine.length === 0 && alert.env === undefined) {
    // Suspects are deploys to the alert's env: an alert that names none cannot be matched to any.
    return [item({ topic: "no-suspect", status: "relevant", text: "This alert names no env (no env: tag), so no deploy can be matched to it as a suspect", tooltip: "Tag the alert's check (or its rule set) with env:<name>, as the deploys name their env.", provider: alert.provider })];
  }
  if (mine.length === 0) {
    return [
      item({
        topic: "no-suspect",
        status: partial ? "relevant" : "none",
        text: `No suspect deploy: nothing was deployed${env} in the ${minutes(windowMs)} before this alert opened${partial ? " (as far as known: the answer is incomplete)" : ""}`,
        provider: alert.provider,
        ...(alert.env ? { env: alert.env } : {}),
      }),
    ];
  }
  const out: Insight[] = [];
  for (const s of mine) {
    const deploy = events.find((e) => e.id === s.deployId && e.provider === s.provider);
    out.push(
      item({
        topic: "suspect",
        status: "important",
        text: `Suspect: ${short(s.commit?.sha)} deployed${s.env ? ` to ${s.env}` : ""} ${minutes(s.gapMs)} before this alert opened`,
        ...(deploy?.url ? { url: deploy.url } : {}),
        tooltip: deploy ? `${deploy.title}${deploy.actor ? ` by ${deploy.actor}` : ""}, live at ${deploy.start}` : `deploy ${s.deployId}`,
        provider: s.provider,
        ...(s.env ? { env: s.env } : {}),
        ...(deploy ? { links: deployLinks(deploy) } : {}),
      }),
    );
  }
  // What to do about the suspects. Every suspect may be the cause, so no suspect's COMMIT is a
  // target (a suspect that is itself a rollback shipped an older commit: that one is out too).
  // The target is the last deploy before the earliest suspect with another commit. What is live
  // now decides the line: back on the target after the alert ("Rolled back"), on another commit
  // no suspect shipped ("no suspect's commit is live"), or still a suspect's ("Roll back to …").
  const suspectDeploys = mine.map((m) => events.find((e) => e.id === m.deployId && e.provider === m.provider)).filter((e): e is ServiceEvent => e !== undefined);
  const earliest = suspectDeploys.reduce<ServiceEvent | undefined>((first, e) => (first === undefined || e.start < first.start ? e : first), undefined);
  if (earliest) {
    const env = earliest.env;
    const inEnv = ` in ${env ?? "its env"}`;
    const suspectCommit = (e: ServiceEvent) => suspectDeploys.some((s) => sameSha(s.commit?.sha, e.commit?.sha));
    const deploys = events.filter((e) => e.kind === "deploy" && e.env === env);
    const before = deploys.filter((e) => e.start < earliest.start && !suspectCommit(e)).at(-1);
    const afterAlert = deploys.filter((e) => e.start > alert.start).at(-1);
    const link = (e: ServiceEvent) => ({ ...(e.url ? { url: e.url } : {}), provider: e.provider, ...(e.env ? { env: e.env } : {}), links: deployLinks(e) });
    if (afterAlert && before && sameSha(afterAlert.commit?.sha, before.commit?.sha)) {
      out.push(item({ topic: "rollback-target", status: "success", text: `Rolled back: ${short(afterAlert.commit?.sha)} went live${inEnv} again at ${utc(afterAlert.start)}`, ...link(afterAlert) }));
    } else if (afterAlert && !suspectCommit(afterAlert)) {
      out.push(item({ topic: "rollback-target", status: "success", text: `Since this alert, ${short(afterAlert.commit?.sha)} went live${inEnv} (${utc(afterAlert.start)}): no suspect's commit is live now`, ...link(afterAlert) }));
    } else if (before) {
      out.push(item({ topic: "rollback-target", status: "relevant", text: `Roll back to ${short(before.commit?.sha)} (live${inEnv} from ${utc(before.start)})`, ...link(before) }));
    } else {
      out.push(item({ topic: "rollback-target", status: "relevant", text: `No earlier deploy${env ? ` to ${env}` : ""} found to roll back to in the window read`, provider: earliest.provider }));
    }
  }
  return out;
}
