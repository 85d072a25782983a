import type { CallMemo } from "./call-memo.js";
import type { CorrelationKeys } from "./correlation-keys.js";
import type { IncompletePart } from "./incomplete-part.js";

/**
 * What a {@link ServiceEvent} records: a successful deploy, a failed deploy, an alert that
 * opened, an alert that cleared, or an annotation (a marker someone put on the graphs).
 */
export type ServiceEventKind = "deploy" | "deploy-failed" | "alert-opened" | "alert-cleared" | "annotation";

/** Every {@link ServiceEventKind}, in the order the timeline uses to break ties at one instant. */
export const SERVICE_EVENT_KINDS: readonly ServiceEventKind[] = ["deploy", "deploy-failed", "annotation", "alert-opened", "alert-cleared"];

/** The kinds a CI tool's deploys give: a deploy that went live, and one that failed. */
export const DEPLOY_EVENT_KINDS: readonly ServiceEventKind[] = ["deploy", "deploy-failed"];
/** The kinds a monitoring tool's alerts give: opening and clearing. */
export const ALERT_EVENT_KINDS: readonly ServiceEventKind[] = ["alert-opened", "alert-cleared"];

/** The commit a deploy shipped. */
export interface ServiceEventCommit {
  /** Full commit id. */
  sha: string;
  /** Link to the commit in the VCS UI, when one can be built. */
  url?: string;
  /** First line of the commit message, when the tool reports it. */
  subject?: string;
  /**
   * ISO 8601 UTC: when the commit was made, for a connector whose tool reports it (CircleCI
   * does not). Delivery health measures lead time for changes from it, and only from it.
   */
  committedAt?: string;
  /**
   * ISO 8601 UTC: when this commit last went live in the same env before this deploy, when the
   * tool knows it from the deploy itself (CircleCI: a rerun of a pipeline whose deploy had
   * succeeded). Delivery health counts the deploy such a deploy replaced as rolled back even
   * when that earlier deploy lies outside the events read.
   */
  previouslyLiveAt?: string;
}

/**
 * One thing that happened to a service in one tool, on a shared time axis: a deploy, a failed
 * deploy, an alert opening or clearing, an annotation. Returned by `Correlator.events` and
 * merged by the hub's `timeline`.
 */
export interface ServiceEvent {
  /** Stable and unique within its provider (a workflow id, an alert cid + `:opened`). */
  id: string;
  /** Connector id, e.g. `circleci` or `circonus`. */
  provider: string;
  kind: ServiceEventKind;
  /**
   * ISO 8601 UTC. An alert: when it opened (or, for `alert-cleared`, when it cleared); a
   * deploy: when it finished, the moment the change went live; an annotation: its start.
   */
  start: string;
  /** ISO 8601 UTC. An alert that cleared: when; an annotation with a span. Absent: still open, or an instant. */
  end?: string;
  /** The environment, when the tool says which one. */
  env?: string;
  /** One line a person reads. */
  title: string;
  /** Deep link into the tool's UI. */
  url?: string;
  /** Correlation keys read back from the resource behind the event. */
  keys: Partial<CorrelationKeys>;
  /** Alert severity, 1 (highest) to 5, as Circonus numbers it. */
  severity?: number;
  /** The commit a deploy shipped. */
  commit?: ServiceEventCommit;
  /** Who triggered the deploy. */
  actor?: string;
  /**
   * ISO 8601 UTC, deploys: when the run that shipped it was asked for (a pipeline's trigger
   * received; for a rerun, when the rerun started). Delivery health's trigger-to-live time
   * runs from it to `start`.
   */
  triggeredAt?: string;
  /** Tool-specific facts worth showing. */
  attributes?: Record<string, unknown>;
}

/** What `Correlator.events` returns: the events found, and every lookup that could not be made. */
export interface EventsResult {
  events: ServiceEvent[];
  incomplete: IncompletePart[];
}

/** Options of `Correlator.events`: the time window, inclusive at both ends. */
export interface EventsOptions {
  since: Date;
  until: Date;
  /**
   * The kinds the caller needs; absent means all. A hint: a connector may skip lookups that
   * can only produce other kinds (the hub's look-back for suspects asks for deploys only),
   * and may still return other kinds, which the caller ignores.
   */
  kinds?: readonly ServiceEventKind[];
  signal?: AbortSignal;
  /** Shared by every call made for one answer, so none of their lookups is made twice (see {@link CallMemo}). */
  memo?: CallMemo;
}

/**
 * A deploy that may have caused an alert: it went live to the alert's env at or before the
 * alert opened, within the suspect window. See {@link findSuspects} for the rule.
 */
export interface Suspect {
  /** `id` of the `alert-opened` event. */
  alertId: string;
  /** Provider of the alert event. */
  alertProvider: string;
  /** `id` of the `deploy` event. */
  deployId: string;
  /** Provider of the deploy event. */
  provider: string;
  env?: string;
  commit?: ServiceEventCommit;
  /** `alert.start - deploy.start` in milliseconds; always `>= 0`. */
  gapMs: number;
}

/** An incomplete part of a timeline, with the provider whose lookup it was. */
export interface TimelineIncompletePart extends IncompletePart {
  /** Connector id of the provider that could not answer (fully). */
  provider: string;
}

/** What the hub's `timeline` returns: every provider's events on one axis, with suspects. */
export interface Timeline {
  keys: CorrelationKeys;
  /** ISO 8601 UTC, inclusive. */
  since: string;
  /** ISO 8601 UTC, inclusive. */
  until: string;
  /** The window used to find suspects, in milliseconds. */
  suspectWindowMs: number;
  /** Every provider's events merged, in {@link compareEvents} order. */
  events: ServiceEvent[];
  /** Per alert (in event order), most recent deploy first. */
  suspects: Suspect[];
  /** One provider down never hides the others' events: its failure is listed here. */
  incomplete: TimelineIncompletePart[];
  /** `true` when `incomplete` is empty. */
  complete: boolean;
}

/** Default suspect window: 60 minutes. */
export const DEFAULT_SUSPECT_WINDOW_MS = 60 * 60 * 1000;

/** Options of {@link findSuspects}. */
export interface FindSuspectsOptions {
  /** How long after a deploy an alert may open and still be linked to it. Default {@link DEFAULT_SUSPECT_WINDOW_MS}. */
  windowMs?: number;
  /** Also link failed deploys (`deploy-failed`). Default `false`; see {@link findSuspects}. */
  includeFailedDeploys?: boolean;
}

const time = (iso: string): number => Date.parse(iso);

/**
 * Orders events on the timeline: by `start` ascending; at the same instant by kind
 * (`deploy`, `deploy-failed`, `annotation`, `alert-opened`, `alert-cleared`, so a change
 * reads before what it may have caused), then by provider, then by id. The order is total,
 * so a merge is deterministic whatever order providers answered in. Events whose `start`
 * does not parse sort last.
 */
export function compareEvents(a: ServiceEvent, b: ServiceEvent): number {
  const ta = time(a.start);
  const tb = time(b.start);
  const na = Number.isNaN(ta);
  const nb = Number.isNaN(tb);
  if (na !== nb) return na ? 1 : -1;
  if (!na && ta !== tb) return ta - tb;
  const ka = SERVICE_EVENT_KINDS.indexOf(a.kind);
  const kb = SERVICE_EVENT_KINDS.indexOf(b.kind);
  if (ka !== kb) return ka - kb;
  if (a.provider !== b.provider) return a.provider < b.provider ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Whether an event belongs on a timeline of `[since, until]` (both inclusive): it starts
 * inside the window, or it is an alert that opened before `since` and was still open at it
 * (no `end`) or ended at or after it, or an annotation whose span reaches `since`. Events
 * whose `start` does not parse never do.
 */
export function overlapsWindow(event: Pick<ServiceEvent, "kind" | "start" | "end">, since: Date | number, until: Date | number): boolean {
  const start = typeof since === "number" ? since : since.getTime();
  const end = typeof until === "number" ? until : until.getTime();
  const t = time(event.start);
  if (Number.isNaN(t) || t > end) return false;
  if (t >= start) return true;
  if (event.kind !== "alert-opened" && event.kind !== "annotation") return false;
  return event.end === undefined ? event.kind === "alert-opened" : time(event.end) >= start;
}

/** Merges several providers' events into one list in {@link compareEvents} order (inputs unchanged). */
export function mergeEvents(...lists: readonly (readonly ServiceEvent[])[]): ServiceEvent[] {
  return lists.flat().sort(compareEvents);
}

/**
 * Links each alert to the deploys that may have caused it. The rule:
 *
 * - an `alert-opened` event is linked to every `deploy` event (a deploy that succeeded) with
 *   `0 <= alert.start - deploy.start <= windowMs`: the deploy went live at or before the
 *   moment the alert opened, and no longer than the window before it. Both ends are
 *   inclusive: a gap of exactly 0 or exactly `windowMs` counts, `windowMs + 1` ms does not;
 *   a deploy after the alert never counts;
 * - the env must be the same: both events carry the same `env`, or neither carries one (an
 *   alert with no env is linked only to deploys with no env, never to every env's deploys);
 * - a failed deploy (`deploy-failed`) is not linked by default: the workflow failed, usually
 *   before the change went live, and linking it would accuse a change that never shipped.
 *   A failed deploy can have changed something part-way; pass `includeFailedDeploys: true`
 *   to link those too;
 * - suspects come per alert in the alerts' timeline order, and for one alert most recent
 *   deploy first (smallest gap; equal gaps in {@link compareEvents} order).
 *
 * Pure: no call, no clock. Events whose `start` does not parse are ignored.
 */
export function findSuspects(events: readonly ServiceEvent[], options: FindSuspectsOptions = {}): Suspect[] {
  const windowMs = options.windowMs ?? DEFAULT_SUSPECT_WINDOW_MS;
  const deployKinds = new Set<ServiceEventKind>(options.includeFailedDeploys ? ["deploy", "deploy-failed"] : ["deploy"]);
  const deploys = events.filter((e) => deployKinds.has(e.kind) && !Number.isNaN(time(e.start)));
  const alerts = events.filter((e) => e.kind === "alert-opened" && !Number.isNaN(time(e.start))).sort(compareEvents);
  const suspects: Suspect[] = [];
  for (const alert of alerts) {
    const at = time(alert.start);
    const linked = deploys
      .map((deploy) => ({ deploy, gapMs: at - time(deploy.start) }))
      .filter(({ deploy, gapMs }) => gapMs >= 0 && gapMs <= windowMs && deploy.env === alert.env)
      .sort((a, b) => a.gapMs - b.gapMs || compareEvents(a.deploy, b.deploy));
    for (const { deploy, gapMs } of linked) {
      suspects.push({
        alertId: alert.id,
        alertProvider: alert.provider,
        deployId: deploy.id,
        provider: deploy.provider,
        ...(deploy.env === undefined ? {} : { env: deploy.env }),
        ...(deploy.commit === undefined ? {} : { commit: deploy.commit }),
        gapMs,
      });
    }
  }
  return suspects;
}
