import { deliveryMetrics } from "./delivery-metrics.js";
import type { DeliveryReport } from "./delivery-report.js";
import type { EventsResult, ServiceEvent, Suspect, Timeline } from "./service-event.js";
import { DEFAULT_SUSPECT_WINDOW_MS, findSuspects, overlapsWindow } from "./service-event.js";

/** An event that exists in a hand-built scenario: enough to say where it belongs on a timeline. */
export type TruthEvent = Pick<ServiceEvent, "id" | "provider" | "kind" | "start"> & Partial<Pick<ServiceEvent, "end" | "env">>;

/** A scenario whose right answer is known: every event that exists, and the window asked. */
export interface EventsTruth {
  /** Every event of the service, inside the window or not, as the connector names them. */
  events: readonly TruthEvent[];
  since: Date;
  until: Date;
  /** For a timeline: the suspect window used. Default 60 minutes. */
  suspectWindowMs?: number;
  /** For a timeline: whether failed deploys are linked. Default `false`. */
  includeFailedDeploys?: boolean;
}

const key = (e: Pick<ServiceEvent, "provider" | "kind" | "id">) => `${e.provider}\u0000${e.kind}\u0000${e.id}`;
const suspectKey = (s: Pick<Suspect, "alertProvider" | "alertId" | "provider" | "deployId">) => `${s.alertProvider}\u0000${s.alertId}\u0000${s.provider}\u0000${s.deployId}`;

/**
 * The property every `Correlator.events` answer and every `hub.timeline` is held to, checked
 * against a scenario whose truth is known. Returns what is wrong (empty: nothing):
 *
 * - no event is listed twice, and none is invented (each is in the truth);
 * - every true event overlapping `[since, until]` ({@link overlapsWindow}) is present, **or**
 *   the answer lists at least one incomplete part (it does not claim to be whole);
 * - for a timeline: `complete` is `incomplete.length === 0`; every suspect the documented rule
 *   ({@link findSuspects}) implies for a shown alert is listed, or the answer is incomplete;
 *   no suspect is listed that the rule does not imply.
 */
export function eventsTruthViolations(answer: EventsResult | Timeline, truth: EventsTruth): string[] {
  const problems: string[] = [];
  const known = new Map(truth.events.map((e) => [key(e), e]));
  const seen = new Set<string>();
  for (const e of answer.events) {
    const k = key(e);
    if (seen.has(k)) problems.push(`${e.provider} ${e.kind} ${e.id} is listed twice`);
    seen.add(k);
    if (!known.has(k)) problems.push(`${e.provider} ${e.kind} ${e.id} is not in the scenario (invented, or named differently)`);
  }
  const incomplete = answer.incomplete.length > 0;
  const missing = truth.events.filter((e) => overlapsWindow(e, truth.since, truth.until) && !seen.has(key(e)));
  if (missing.length > 0 && !incomplete) {
    problems.push(`missing while claiming to be complete: ${missing.map((e) => `${e.provider} ${e.kind} ${e.id} (${e.start})`).join(", ")}`);
  }
  if ("suspects" in answer) {
    if (answer.complete !== !incomplete) problems.push(`complete is ${String(answer.complete)} with ${answer.incomplete.length} incomplete part(s)`);
    const shown = new Set(truth.events.filter((e) => e.kind === "alert-opened" && overlapsWindow(e, truth.since, truth.until)).map(key));
    const all = truth.events.map((e) => ({ ...e, title: e.id, keys: {} }) as ServiceEvent);
    const expected = findSuspects(all, {
      windowMs: truth.suspectWindowMs ?? DEFAULT_SUSPECT_WINDOW_MS,
      includeFailedDeploys: truth.includeFailedDeploys ?? false,
    }).filter((s) => shown.has(`${s.alertProvider}\u0000alert-opened\u0000${s.alertId}`));
    const listed = new Set(answer.suspects.map(suspectKey));
    const wanted = new Set(expected.map(suspectKey));
    const absent = expected.filter((s) => !listed.has(suspectKey(s)));
    if (absent.length > 0 && !incomplete) {
      problems.push(`suspects missing while claiming to be complete: ${absent.map((s) => `${s.deployId} for ${s.alertId}`).join(", ")}`);
    }
    for (const s of answer.suspects) if (!wanted.has(suspectKey(s))) problems.push(`suspect ${s.deployId} for ${s.alertId} does not follow the rule`);
  }
  return problems;
}

/**
 * The property a `hub.delivery` report is held to against a scenario whose truth is known
 * (`env`: the env the report measured). Returns what is wrong (empty: nothing):
 *
 * - `complete` is `incomplete.length === 0`;
 * - when `deployments.complete`: the deployments are exactly the true deploys to the env
 *   inside `[since, until]`; when `changeFailureRate.complete`: the alerts attributed to each
 *   are exactly those the rule implies;
 * - whatever `complete` says: no deployment and no attribution that the truth does not imply.
 *
 * The truth carries no commits, so rollbacks are not checked here (the known-answer tests of
 * `deliveryMetrics` hold them).
 */
export function deliveryTruthViolations(report: DeliveryReport, truth: Omit<EventsTruth, "suspectWindowMs" | "includeFailedDeploys"> & { env?: string }): string[] {
  const problems: string[] = [];
  if (report.complete !== (report.incomplete.length === 0)) problems.push(`complete is ${String(report.complete)} with ${report.incomplete.length} incomplete part(s)`);
  const all = truth.events.map((e) => ({ ...e, title: e.id, keys: {} }) as ServiceEvent);
  const expected = deliveryMetrics(all, {
    since: truth.since,
    until: truth.until,
    failureWindowMs: report.rules.failureWindowMs,
    ...(truth.env === undefined ? {} : { env: truth.env }),
  });
  const attributions = (r: DeliveryReport) => new Set(r.changeFailureRate.failures.flatMap((f) => f.alertIds.map((a) => `${f.deployId} <- ${a}`)));
  const wantDeploys = new Set(expected.deployments.ids);
  const wantLinks = attributions(expected);
  for (const id of report.deployments.ids) if (!wantDeploys.has(id)) problems.push(`deployment ${id} is not a deploy to the env inside the window`);
  for (const link of attributions(report)) if (!wantLinks.has(link)) problems.push(`attribution ${link} does not follow the rule`);
  // Each figure answers for itself: a hub without a monitoring connector still owes every deploy.
  if (report.deployments.complete) {
    const got = new Set(report.deployments.ids);
    const missing = expected.deployments.ids.filter((id) => !got.has(id));
    if (missing.length > 0) problems.push(`deployments missing while claiming to be complete: ${missing.join(", ")}`);
  }
  if (report.changeFailureRate.complete) {
    const links = attributions(report);
    const absent = [...wantLinks].filter((l) => !links.has(l));
    if (absent.length > 0) problems.push(`attributions missing while claiming to be complete: ${absent.join(", ")}`);
  }
  return problems;
}
