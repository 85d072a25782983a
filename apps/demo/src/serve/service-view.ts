import { createCallMemo, DEFAULT_SUSPECT_WINDOW_MS, InvalidInputError, type CallMemo, type Timeline } from "@toolweave/core";
import type { Catalog, ServiceEntry } from "../catalog.js";
import { runStatus } from "../commands/status.js";
import { providerViews, type ProviderView } from "../provider-view.js";
import { parseDuration, runTimeline } from "../commands/timeline.js";
import type { Mode, Providers } from "../providers.js";

/** The windows the page offers, as `--since` words; the first one larger than a day is the default's neighbour. */
export const SINCE_CHOICES = ["6h", "24h", "3d", "7d"] as const;
/** The window shown when none is asked for. */
export const DEFAULT_SINCE = "24h";
const MAX_SINCE_MS = 30 * 86_400_000;

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
  timeline: Timeline;
  /** CircleCI's latest pipeline and deploys, Circonus's active alerts, per provider. */
  providers: ProviderView[];
  /** `true` when every provider answered and nothing is listed as incomplete. */
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
 * Loads one service's view through the same hub and connectors as the CLI: the timeline
 * (`demo timeline`'s `hub.timeline` call) and the status (`status`'s own lookups), at once. One tool
 * failing leaves the other's parts in place, with the failure and its fix listed.
 */
export async function loadServiceView(providers: Providers, query: ServiceQuery, now: number, signal?: AbortSignal, memo: CallMemo = createCallMemo()): Promise<ServiceView> {
  const { service, env } = query;
  const until = new Date(now);
  const since = new Date(now - query.sinceMs);
  // The same timeline as `demo timeline <service> --since …` (same connectors, keys and suspect window).
  // Both halves share one memo: a pipeline page or workflow list one of them read is not read again.
  const [timeline, results] = await Promise.all([
    runTimeline(providers, service, env, { since, until, windowMs: DEFAULT_SUSPECT_WINDOW_MS }, signal, memo),
    runStatus(providers, service, env, signal, memo),
  ]);
  const views = providerViews(results, providers.notConfigured);
  return {
    mode: providers.mode,
    generatedAt: until.toISOString(),
    service,
    env: env ?? null,
    since: query.since,
    timeline,
    providers: views,
    complete: timeline.complete && views.every((v) => v.ok && v.data.incomplete.length === 0),
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
