import { createCallMemo, DEFAULT_FAILURE_WINDOW_MS, DEFAULT_SUSPECT_WINDOW_MS, InvalidInputError, type CallMemo, type DeliveryReport, type Timeline } from "@toolweave/core";
import type { Catalog, ServiceEntry } from "../catalog.js";
import { DEFAULT_DELIVERY_SINCE_MS, runDelivery } from "../commands/delivery.js";
import { runStatus } from "../commands/status.js";
import { providerViews, type ProviderView } from "../provider-view.js";
import { alertsWithoutSuspect, foldDeployMarkers, parseDuration, runTimeline, type UnexplainedAlert } from "../commands/timeline.js";
import type { Mode, Providers } from "../providers.js";

/** The windows the page offers, as `--since` words; the first one larger than a day is the default's neighbour. */
export const SINCE_CHOICES = ["6h", "24h", "3d", "7d"] as const;
/** The window shown when none is asked for. */
export const DEFAULT_SINCE = "24h";
const MAX_SINCE_MS = 30 * 86_400_000;
/** The page's delivery health covers what `demo delivery` covers by default (30 days) up to the page's end, whatever window its timeline shows. */
export const DELIVERY_WINDOW_MS = DEFAULT_DELIVERY_SINCE_MS;

/**
 * `90m`, `24h`, `7d` in milliseconds, read as `demo timeline --since` reads a duration; an
 * `InvalidInputError` naming the format otherwise (at most 30 days: the page is for recent history).
 */
export function parseSince(text: string): number {
  let ms = Number.NaN;
  try {
    ms = parseDuration(text, "since");
  } catch {
    // Reported below, with the page's own fix.
  }
  if (!(ms > 0 && ms <= MAX_SINCE_MS)) {
    throw new InvalidInputError(`since must be a number of minutes, hours or days up to 30 days, like 90m, 24h or 7d (got "${text}").`, {
      fix: `Use one of ${SINCE_CHOICES.join(", ")}, or another number followed by m, h or d.`,
    });
  }
  return ms;
}

/** Everything the service page shows, and what `/api/services/<name>` returns. */
export interface ServiceView {
  mode: Mode;
  generatedAt: string;
  service: ServiceEntry;
  /** The env looked at, or `null` for every env of the service. */
  env: string | null;
  /** The window, as asked (`24h`). */
  since: string;
  /** The hub's timeline, with each deploy marker annotation folded into its deploy (`marker`). */
  timeline: Timeline;
  /** The alerts that opened with no deploy to their env in the suspect window before them (said, not left to be inferred). */
  alertsWithoutSuspect: UnexplainedAlert[];
  /** CircleCI's latest pipeline and deploys, Circonus's active alerts, per provider. */
  providers: ProviderView[];
  /**
   * Delivery health (`hub.delivery`) over the {@link DELIVERY_WINDOW_MS} up to the timeline's
   * `until`, in the page's env; with no env, every env, each rule applied within one env.
   */
  delivery: DeliveryReport;
  /** `true` when every provider answered and nothing is listed as incomplete (delivery health included). */
  complete: boolean;
}

/** What the page asks for: a service, an optional env, a window. Checked before any call. */
export interface ServiceQuery {
  service: ServiceEntry;
  env: string | undefined;
  since: string;
  sinceMs: number;
}

/** Checks `env` and `since` against the service; an `InvalidInputError` with the fix otherwise. */
export function serviceQuery(service: ServiceEntry, env: string | null | undefined, since: string | null | undefined): ServiceQuery {
  const wantedEnv = env?.trim().toLowerCase() || undefined;
  if (wantedEnv && !service.envs.includes(wantedEnv)) {
    throw new InvalidInputError(`Service "${service.name}" has no environment "${wantedEnv}".`, { fix: `Use one of: ${service.envs.join(", ")}, or leave env out for all of them.` });
  }
  const window = since?.trim() || DEFAULT_SINCE;
  return { service, env: wantedEnv, since: window, sinceMs: parseSince(window) };
}

/**
 * Delivery health of the service over `[since, until]` (`demo delivery`'s `runDelivery`, with
 * the default failure window), in `env` (every env when absent, as the timeline):
 * `hub.delivery` reads events with the timeline's own walk, so with the page's memo a pipeline
 * page or workflow list the timeline read is not read again.
 */
export function loadDelivery(providers: Providers, service: ServiceEntry, env: string | undefined, window: { since: Date; until: Date }, signal?: AbortSignal, memo?: CallMemo): Promise<DeliveryReport> {
  return runDelivery(providers, service, env, { ...window, windowMs: DEFAULT_FAILURE_WINDOW_MS }, signal, memo);
}

/**
 * Loads one service's view through the same hub and connectors as the CLI: the timeline
 * (`demo timeline`'s `hub.timeline` call), the status (`status`'s own lookups) and delivery
 * health (`hub.delivery` over 30 days), at once. One tool failing leaves the other's parts in
 * place, with the failure and its fix listed.
 */
export async function loadServiceView(providers: Providers, query: ServiceQuery, now: number, signal?: AbortSignal, memo: CallMemo = createCallMemo()): Promise<ServiceView> {
  const { service, env } = query;
  const until = new Date(now);
  const since = new Date(now - query.sinceMs);
  // The same timeline as `demo timeline <service> --since …` (same connectors, keys and suspect window).
  // All three share one memo: a pipeline page or workflow list one of them read is not read again.
  const [hubTimeline, results, delivery] = await Promise.all([
    runTimeline(providers, service, env, { since, until, windowMs: DEFAULT_SUSPECT_WINDOW_MS }, signal, memo),
    runStatus(providers, service, env, signal, memo),
    loadDelivery(providers, service, env, { since: new Date(now - DELIVERY_WINDOW_MS), until }, signal, memo),
  ]);
  const views = providerViews(results, providers.notConfigured);
  const timeline = foldDeployMarkers(hubTimeline);
  return {
    mode: providers.mode,
    generatedAt: until.toISOString(),
    service,
    env: env ?? null,
    since: query.since,
    timeline,
    alertsWithoutSuspect: alertsWithoutSuspect(timeline),
    providers: views,
    delivery,
    complete: timeline.complete && delivery.complete && views.every((v) => v.ok && v.data.incomplete.length === 0),
  };
}

/** One row of `/api/services` and of the page's service list. */
export interface ServiceSummary {
  name: string;
  repo: string;
  envs: string[];
  team: string | null;
}

/** The catalog's services, as the page lists them (no calls). */
export function serviceSummaries(catalog: Catalog): ServiceSummary[] {
  return catalog.services.map((s) => ({ name: s.name, repo: s.repo, envs: s.envs, team: s.team ?? null }));
}

/** Services listed at most in the side list and on one page of the start page: a large catalog is searched, not listed whole. */
export const SERVICES_PER_PAGE = 50;

/** One page of the services matching a search. */
export interface ServiceMatches {
  /** The search as asked (trimmed), "" for none. */
  q: string;
  /** The services on this page. */
  shown: ServiceSummary[];
  /** Every service matching `q`. */
  total: number;
  /** The page shown, from 1. */
  page: number;
  pages: number;
}

/**
 * The services whose name, team or CircleCI project contains every word of `q` (any case), in
 * catalog order, `SERVICES_PER_PAGE` to a page. A page past the end shows the last one.
 */
export function matchServices(services: readonly ServiceSummary[], q: string | null | undefined, page: number | string | null | undefined = 1): ServiceMatches {
  const query = (q ?? "").trim().slice(0, 200);
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = words.length === 0 ? services : services.filter((s) => words.every((w) => s.name.includes(w) || s.repo.toLowerCase().includes(w) || (s.team ?? "").includes(w)));
  const pages = Math.max(1, Math.ceil(matches.length / SERVICES_PER_PAGE));
  const asked = Number(page);
  const current = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, pages) : 1;
  return { q: query, shown: matches.slice((current - 1) * SERVICES_PER_PAGE, current * SERVICES_PER_PAGE), total: matches.length, page: current, pages };
}
