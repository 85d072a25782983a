import type { ServiceEvent, ServiceEventKind, TimelineIncompletePart } from "./service-event.js";

/** Default failure window of delivery health: the timeline's suspect window, 60 minutes. */
export const DEFAULT_FAILURE_WINDOW_MS = 60 * 60 * 1000;

/**
 * A lookup the report could not make, with the provider whose lookup it was and, when the
 * provider declares them (`Correlator.eventKinds`), the kinds of event it could have produced.
 * A part with no `kinds` is taken to touch every figure.
 */
export interface DeliveryIncompletePart extends TimelineIncompletePart {
  kinds?: ServiceEventKind[];
}

/** What every figure of a {@link DeliveryReport} says about itself: whether everything it needs was read. */
export interface DeliveryFigure {
  /** `true` when none of the report's incomplete parts could have changed this figure. */
  complete: boolean;
  /** The report's incomplete parts this figure depends on (a part from a provider of deploys, for a figure that counts deploys). */
  incomplete: DeliveryIncompletePart[];
}

/** Durations over samples: nearest-rank median (p50) and p90, `null` when there is no sample. */
export interface DurationFigure<TSample> extends DeliveryFigure {
  /** Nearest-rank p50 of the samples whose `ms` is a number. */
  medianMs: number | null;
  /** Nearest-rank p90 of the samples whose `ms` is a number. */
  p90Ms: number | null;
  samples: TSample[];
  /** Why `medianMs` is `null`, when it is. */
  reason?: string;
}

/** How often the service was deployed to the env. */
export interface DeploymentsFigure extends DeliveryFigure {
  /** `deploy` events (changes that went live) to the env inside `[since, until]`. */
  count: number;
  /** UTC calendar days with at least one deploy. */
  deployDays: number;
  /** `count` ÷ the window's length in weeks; `null` for a window of zero length. */
  perWeek: number | null;
  /** The deploys' event ids, in time order. */
  ids: string[];
  /** `deploy-failed` events inside the window: pipelines that failed and never went live (not deployments). */
  failedPipelines: number;
}

/** A deploy counted as failed, and why. */
export interface DeliveryFailure {
  deployId: string;
  /** Provider of the deploy event. */
  provider: string;
  /** `"alert"` when an alert was attributed to it (also when it was rolled back too), `"rollback"` when it was only rolled back. */
  because: "alert" | "rollback";
  /** Ids of the `alert-opened` events attributed to it (empty for a rollback alone). */
  alertIds: string[];
  /** The deploy that rolled it back, when one did. */
  rollbackDeployId?: string;
}

/** The share of deployments that failed. */
export interface ChangeFailureRateFigure extends DeliveryFigure {
  /** `failed / total`, from 0 to 1; `null` when there were no deployments (never 0 % from nothing). */
  value: number | null;
  /** Why `value` is `null`, when it is. */
  reason?: string;
  failed: number;
  total: number;
  /** Every failed deployment, in time order. */
  failures: DeliveryFailure[];
}

/** How long a failed deployment took to recover. `ms: null`: still failing at `until` (listed, not in the median). */
export type RecoverySample = { deployId: string; ms: number | null };
/** How long an alert took to clear. `ms: null`: still open at `until`. */
export type RestoreSample = { alertId: string; ms: number | null };
/** A duration ending when a deploy went live. */
export type DeploySample = { deployId: string; ms: number };

/** The rule parameters a {@link DeliveryReport} used, so a reader can check any figure. */
export interface DeliveryRules {
  /** How long after a deploy an alert is attributed to it, and a rollback counts against it, in milliseconds (inclusive). */
  failureWindowMs: number;
  /** The env measured; `null`: every env, each rule applied within one env. */
  env: string | null;
  /** The service measured (`keys.service` of the events); `null`: every event given. */
  service: string | null;
  /** How medians and p90s are taken. */
  percentiles: "nearest-rank";
}

/**
 * Delivery health of one service in one env over `[since, until]`: the four DORA keys and
 * the trigger-to-live time, each figure with the events behind it (ids), its own `complete`
 * and the incomplete parts it depends on. Made by {@link deliveryMetrics} (pure) or the
 * hub's `delivery` (reads the events first).
 *
 * The rules, one definition each:
 *
 * - **Deployment**: a `deploy` event (the change went live) to the env whose `start` is in
 *   `[since, until]`. A `deploy-failed` event never went live and is not one (counted in
 *   `deployments.failedPipelines`). Events with the same provider, kind and id count once.
 * - **Attribution**: each `alert-opened` event in the env is attributed to at most one
 *   deploy: the last deploy to that env that went live at or before the alert opened, and
 *   only if `0 <= alert.start - deploy.start <= failureWindowMs` (both ends inclusive; at one
 *   instant, the first in timeline order). This is the timeline's first suspect
 *   (`findSuspects`), so the two answers never disagree. An alert with no env goes with
 *   deploys with no env only.
 * - **Rollback**: a deploy D is rolled back when the next deploy N to the env, at most
 *   `failureWindowMs` after D, ships a commit other than D's that was live in the env before
 *   D: a deploy read before D shipped it, or N's tool says so (`commit.previouslyLiveAt`
 *   before D; re-running an older pipeline's deploy is the usual case). Deploys with no
 *   commit are never judged rolled back.
 * - **Failed deployment**: a deployment with an attributed alert (`because: "alert"`, with
 *   `rollbackDeployId` when it was also rolled back) or rolled back (`because: "rollback"`).
 *   Change failure rate = failed ÷ deployments, `null` with a reason when there were none.
 * - **Failed deployment recovery**: from the failed deploy going live to the latest clear
 *   among its attributed alerts, or to the rollback going live when it failed by rollback
 *   alone. `ms: null` while an attributed alert is still open at `until` (no end, or an end
 *   after `until`).
 * - **Time to restore**: for every `alert-opened` in the env that opened inside
 *   `[since, until]`, from opening to clearing (`end`); `null` while open at `until`.
 * - **Trigger to live**: from the deploy's `triggeredAt` (the pipeline trigger received, or
 *   the rerun started) to it going live, for every deployment that carries one.
 * - **Lead time for changes**: from `commit.committedAt` to the deploy going live, for every
 *   deployment whose commit carries one; `null` with a reason when none does (CircleCI
 *   reports no commit times).
 * - **Percentiles**: nearest-rank over the samples with a number: p-th = the
 *   `ceil(p/100 × n)`-th smallest (so the median of 4 samples is the 2nd).
 */
export interface DeliveryReport {
  /** ISO 8601 UTC, inclusive. */
  since: string;
  /** ISO 8601 UTC, inclusive. */
  until: string;
  rules: DeliveryRules;
  deployments: DeploymentsFigure;
  changeFailureRate: ChangeFailureRateFigure;
  failedDeploymentRecovery: DurationFigure<RecoverySample>;
  timeToRestore: DurationFigure<RestoreSample>;
  triggerToLive: DurationFigure<DeploySample>;
  leadTimeForChanges: DurationFigure<DeploySample>;
  /**
   * The events the failures name — each failed deploy, the alerts attributed to it, the deploy
   * that rolled it back — once each, in timeline order: the evidence behind the change failure
   * rate and recovery, with their titles and links.
   */
  evidence: ServiceEvent[];
  /** Every lookup that could not be made; each figure lists the ones it depends on. */
  incomplete: DeliveryIncompletePart[];
  /** `true` when `incomplete` is empty. */
  complete: boolean;
}

/** Options of {@link deliveryMetrics}. */
export interface DeliveryMetricsOptions {
  /** Start of the window, inclusive. */
  since: Date;
  /** End of the window, inclusive. */
  until: Date;
  /** The env to measure; absent: every env, each rule applied within one env. */
  env?: string;
  /** Only events whose `keys.service` is this one; absent: every event given. */
  service?: string;
  /** Default {@link DEFAULT_FAILURE_WINDOW_MS} (60 minutes). */
  failureWindowMs?: number;
  /** Lookups that could not be made while reading the events (the hub passes its own). */
  incomplete?: readonly DeliveryIncompletePart[];
}
