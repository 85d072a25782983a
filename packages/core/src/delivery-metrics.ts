import { InvalidInputError } from "./errors.js";
import {
  DEFAULT_FAILURE_WINDOW_MS,
  type DeliveryFailure,
  type DeliveryFigure,
  type DeliveryIncompletePart,
  type DeliveryMetricsOptions,
  type DeliveryReport,
  type DeploySample,
  type DurationFigure,
  type RecoverySample,
  type RestoreSample,
} from "./delivery-report.js";
import { ALERT_EVENT_KINDS, compareEvents, DEPLOY_EVENT_KINDS, type ServiceEvent, type ServiceEventKind } from "./service-event.js";

const WEEK_MS = 7 * 86_400_000;

/** An event with its `start` parsed once. */
type Timed = { event: ServiceEvent; at: number };

/**
 * Delivery health over a list of events: the four DORA keys (deployment frequency, change
 * failure rate, failed deployment recovery, lead time for changes), time to restore and
 * trigger to live, each with the ids of the events behind it. The rules are those of
 * {@link DeliveryReport}, which documents each one.
 *
 * Pure: no call, no clock; the same events in any order give the same report. Runs in
 * O(n log n) for n events. Events whose `start` does not parse are ignored.
 * @throws InvalidInputError when a date is invalid, `since` is after `until`, or the window is negative.
 */
export function deliveryMetrics(events: readonly ServiceEvent[], options: DeliveryMetricsOptions): DeliveryReport {
  const { since, until } = options;
  const windowMs = options.failureWindowMs ?? DEFAULT_FAILURE_WINDOW_MS;
  checkOptions(since, until, windowMs);
  const from = since.getTime();
  const to = until.getTime();
  const env = options.env;
  const service = options.service;
  const incomplete = [...(options.incomplete ?? [])];

  // One copy of each event (provider + kind + id), of this service (and env when one is asked), in timeline order.
  const seen = new Set<string>();
  const mine: Timed[] = [];
  for (const event of events) {
    const at = Date.parse(event.start);
    // Nothing after `until` is known yet: the report is what could be said at `until`.
    if (Number.isNaN(at) || at > to) continue;
    if (service !== undefined && event.keys?.service !== undefined && event.keys.service !== service) continue;
    if (env !== undefined && event.env !== env) continue;
    const key = `${event.provider}\u0000${event.kind}\u0000${event.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    mine.push({ event, at });
  }
  mine.sort(byTime);

  // Per env (the rules never cross envs): its deploys in order, and its alerts.
  const deploysByEnv = new Map<string | undefined, Timed[]>();
  const alerts: Timed[] = [];
  let failedPipelines = 0;
  for (const t of mine) {
    if (t.event.kind === "deploy") push(deploysByEnv, t.event.env, t);
    else if (t.event.kind === "alert-opened") alerts.push(t);
    else if (t.event.kind === "deploy-failed" && t.at >= from && t.at <= to) failedPipelines += 1;
  }
  const inWindow = (t: Timed) => t.at >= from && t.at <= to;
  const deployments = [...deploysByEnv.values()].flat().filter(inWindow).sort(byTime);

  // Attribution: each alert to the last deploy to its env at or before it, within the window.
  const attributed = new Map<Timed, Timed[]>();
  for (const alert of alerts) {
    const deploy = lastAtOrBefore(deploysByEnv.get(alert.event.env) ?? [], alert.at);
    if (deploy === undefined || alert.at - deploy.at > windowMs) continue;
    push(attributed, deploy, alert);
  }

  // Rollback: the next deploy to the env, within the window, ships a commit live there before.
  const rolledBackBy = new Map<Timed, Timed>();
  for (const list of deploysByEnv.values()) {
    const shippedBefore = new Set<string>();
    for (let i = 0; i < list.length; i += 1) {
      const deploy = list[i]!;
      const next = list[i + 1];
      const sha = deploy.event.commit?.sha;
      const nextSha = next?.event.commit?.sha;
      if (next && sha !== undefined && nextSha !== undefined && nextSha !== sha && next.at - deploy.at <= windowMs && (shippedBefore.has(nextSha) || liveBefore(next, deploy.at))) {
        rolledBackBy.set(deploy, next);
      }
      if (sha !== undefined) shippedBefore.add(sha);
    }
  }

  const failures: DeliveryFailure[] = [];
  const recovery: RecoverySample[] = [];
  const evidence = new Set<Timed>();
  for (const deploy of deployments) {
    const caused = attributed.get(deploy) ?? [];
    const rollback = rolledBackBy.get(deploy);
    if (caused.length === 0 && rollback === undefined) continue;
    for (const t of [deploy, ...caused, ...(rollback ? [rollback] : [])]) evidence.add(t);
    failures.push({
      deployId: deploy.event.id,
      provider: deploy.event.provider,
      because: caused.length > 0 ? "alert" : "rollback",
      alertIds: caused.map((a) => a.event.id),
      ...(rollback ? { rollbackDeployId: rollback.event.id } : {}),
    });
    if (caused.length > 0) {
      const ends = caused.map((a) => clearedBy(a, to));
      recovery.push({ deployId: deploy.event.id, ms: ends.some((e) => e === null) ? null : Math.max(...(ends as number[])) - deploy.at });
    } else {
      recovery.push({ deployId: deploy.event.id, ms: rollback!.at - deploy.at });
    }
  }

  const restore: RestoreSample[] = alerts.filter(inWindow).map((a) => {
    const end = clearedBy(a, to);
    return { alertId: a.event.id, ms: end === null ? null : end - a.at };
  });

  const trigger: DeploySample[] = [];
  const lead: DeploySample[] = [];
  for (const d of deployments) {
    const triggered = d.event.triggeredAt === undefined ? Number.NaN : Date.parse(d.event.triggeredAt);
    if (!Number.isNaN(triggered) && triggered <= d.at) trigger.push({ deployId: d.event.id, ms: d.at - triggered });
    const committedAt = d.event.commit?.committedAt;
    const committed = committedAt === undefined ? Number.NaN : Date.parse(committedAt);
    if (!Number.isNaN(committed) && committed <= d.at) lead.push({ deployId: d.event.id, ms: d.at - committed });
  }

  const touches = (kinds: readonly ServiceEventKind[]) => (part: DeliveryIncompletePart) => part.kinds === undefined || part.kinds.some((k) => kinds.includes(k));
  const figure = (kinds: readonly ServiceEventKind[]): DeliveryFigure => {
    const parts = incomplete.filter(touches(kinds));
    return { complete: parts.length === 0, incomplete: parts };
  };
  const onDeploys = figure(DEPLOY_EVENT_KINDS);
  const onBoth = figure([...DEPLOY_EVENT_KINDS, ...ALERT_EVENT_KINDS]);
  const onAlerts = figure(ALERT_EVENT_KINDS);
  const days = new Set(deployments.map((d) => new Date(d.at).toISOString().slice(0, 10)));
  const total = deployments.length;
  const where = env === undefined ? "" : ` to ${env}`;

  return {
    since: since.toISOString(),
    until: until.toISOString(),
    rules: { failureWindowMs: windowMs, env: env ?? null, service: service ?? null, percentiles: "nearest-rank" },
    deployments: {
      ...onDeploys,
      count: total,
      deployDays: days.size,
      perWeek: to > from ? total / ((to - from) / WEEK_MS) : null,
      ids: deployments.map((d) => d.event.id),
      failedPipelines,
    },
    changeFailureRate: {
      ...onBoth,
      value: total === 0 ? null : failures.length / total,
      ...(total === 0 ? { reason: `No deployment${where} in the window: a change failure rate needs at least one.` } : {}),
      failed: failures.length,
      total,
      failures,
    },
    failedDeploymentRecovery: durations(onBoth, recovery, failures.length === 0 ? "No failed deployment in the window." : "Every failed deployment was still failing at until."),
    timeToRestore: durations(onAlerts, restore, restore.length === 0 ? "No alert opened in the window." : "Every alert that opened in the window was still open at until."),
    triggerToLive: durations(onDeploys, trigger, total === 0 ? `No deployment${where} in the window.` : "No deployment carries the time its pipeline was triggered."),
    leadTimeForChanges: durations(
      onDeploys,
      lead,
      total === 0
        ? `No deployment${where} in the window.`
        : "No deployment's commit carries a commit time (CircleCI reports none), so lead time for changes is not measured; trigger to live (pipeline trigger to deploy live) is measured instead.",
    ),
    evidence: [...evidence].sort(byTime).map((t) => t.event),
    incomplete,
    complete: incomplete.length === 0,
  };
}

/** Timeline order ({@link compareEvents}) on the parsed times, so a sort of n events parses no date again. */
const byTime = (a: Timed, b: Timed): number => a.at - b.at || compareEvents(a.event, b.event);

/** Nearest-rank percentile of ascending `sorted` (non-empty): the `ceil(p/100 × n)`-th smallest. */
export function nearestRank(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

function durations<T extends { ms: number | null }>(base: DeliveryFigure, samples: T[], emptyReason: string): DurationFigure<T> {
  const values = samples.map((s) => s.ms).filter((ms): ms is number => ms !== null);
  values.sort((a, b) => a - b);
  if (values.length === 0) return { ...base, medianMs: null, p90Ms: null, samples, reason: emptyReason };
  return { ...base, medianMs: nearestRank(values, 50), p90Ms: nearestRank(values, 90), samples };
}

/** Whether the deploy's tool says its commit was live in the env before `at` (`commit.previouslyLiveAt`). */
function liveBefore(deploy: Timed, at: number): boolean {
  const t = Date.parse(deploy.event.commit?.previouslyLiveAt ?? "");
  return !Number.isNaN(t) && t < at;
}

/** When the alert cleared, or `null` while it was still open at `until`. */
function clearedBy(alert: Timed, until: number): number | null {
  const end = alert.event.end === undefined ? Number.NaN : Date.parse(alert.event.end);
  return Number.isNaN(end) || end > until ? null : Math.max(end, alert.at);
}

/** The last of `sorted` (timeline order) at or before `at`; at one instant, the first in timeline order. */
function lastAtOrBefore(sorted: readonly Timed[], at: number): Timed | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.at <= at) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return undefined;
  const last = sorted[lo - 1]!.at;
  // Several deploys at that instant: the timeline's first suspect is the first of them in its order.
  let first = lo - 1;
  while (first > 0 && sorted[first - 1]!.at === last) first -= 1;
  return sorted[first];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function checkOptions(since: Date, until: Date, windowMs: number): void {
  const bad = (d: unknown) => !(d instanceof Date) || Number.isNaN(d.getTime());
  if (bad(since) || bad(until)) {
    throw new InvalidInputError("deliveryMetrics needs valid Date values for since and until.", { fix: "Pass { since: new Date(...), until: new Date(...) }." });
  }
  if (since.getTime() > until.getTime()) {
    throw new InvalidInputError(`deliveryMetrics: since (${since.toISOString()}) is after until (${until.toISOString()}).`, { fix: "Swap since and until, or widen the window." });
  }
  if (typeof windowMs !== "number" || !Number.isFinite(windowMs) || windowMs < 0) {
    throw new InvalidInputError(`deliveryMetrics: failureWindowMs must be a finite number of milliseconds >= 0 (got ${String(windowMs)}).`, { fix: "Pass failureWindowMs: 3_600_000 for one hour." });
  }
}
