import type { DeliveryIncompletePart, DeliveryReport, ServiceEvent } from "@toolweave/core";

/** The timeline fixture's end (`FIXTURE_UNTIL`), repeated so the two fixtures do not import each other. */
const UNTIL = Date.parse("2026-11-25T12:00:00Z");

const at = (minutesBefore: number) => new Date(UNTIL - minutesBefore * 60_000).toISOString();
const keys = { service: "checkout" };

/**
 * The events the fixture's failures name, in timeline order: two deploys 20 days back (before
 * any timeline window the page offers), then three of the timeline fixture's events, repeated
 * as they are there (`FIXTURE_EVENTS`).
 */
export const FIXTURE_EVIDENCE: ServiceEvent[] = [
  { id: "wf-old-1", provider: "circleci", kind: "deploy", start: at(20 * 1440), env: "prod", title: "deploy-checkout #1012", url: "https://app.circleci.com/pipelines/github/acme/checkout/1012/workflows/wf-old-1", keys, commit: { sha: "c0ffee0000000000000000000000000000000012" } },
  { id: "wf-old-2", provider: "circleci", kind: "deploy", start: at(20 * 1440 - 20), env: "prod", title: "deploy-checkout #1011 <rerun>", keys, commit: { sha: "c0ffee0000000000000000000000000000000011" } },
  { id: "wf-prod-2", provider: "circleci", kind: "deploy", start: at(190), env: "prod", title: "deploy-checkout #1043", url: "https://app.circleci.com/pipelines/github/acme/checkout/1043/workflows/wf-prod-2", keys, commit: { sha: "b7c1e0f9a2d34c5b8e6f7a1b2c3d4e5f6a7b8c9d", subject: "Retry payment calls <fast>", url: "https://github.com/acme/checkout/commit/b7c1e0f" }, actor: "alice" },
  { id: "cid-12:opened", provider: "circonus", kind: "alert-opened", start: at(178), end: at(130), env: "prod", title: "p99 latency > 800ms <script>alert(1)</script>", url: "javascript:alert(1)", keys, severity: 2 },
  { id: "wf-prod-4", provider: "circleci", kind: "deploy", start: at(95), env: "prod", title: "deploy-checkout #1041 (rollback)", keys, commit: { sha: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678" }, actor: "alice", attributes: { rollback: true } },
];

/**
 * A hand-built delivery report for the renderer's tests, around the timeline fixture's events:
 * `wf-prod-2` failed by an alert (`cid-12:opened`, whose URL is `javascript:`) and was rolled
 * back, and a deploy older than the timeline's window (`wf-old-1`) failed by a rollback alone;
 * `evidence` holds the five events they name ({@link FIXTURE_EVIDENCE}).
 */
export function fixtureDelivery(overrides: Partial<DeliveryReport> = {}): DeliveryReport {
  const figure = { complete: true, incomplete: [] };
  return {
    since: new Date(UNTIL - 30 * 86_400_000).toISOString(),
    until: new Date(UNTIL).toISOString(),
    rules: { failureWindowMs: 3_600_000, env: null, service: "checkout", percentiles: "nearest-rank" },
    deployments: { ...figure, count: 6, deployDays: 4, perWeek: 1.4, ids: ["wf-old-1", "wf-old-2", "wf-old-3", "wf-staging-1", "wf-prod-2", "wf-prod-4"], failedPipelines: 1 },
    changeFailureRate: {
      ...figure,
      value: 2 / 6,
      failed: 2,
      total: 6,
      failures: [
        { deployId: "wf-old-1", provider: "circleci", because: "rollback", alertIds: [], rollbackDeployId: "wf-old-2" },
        { deployId: "wf-prod-2", provider: "circleci", because: "alert", alertIds: ["cid-12:opened"], rollbackDeployId: "wf-prod-4" },
      ],
    },
    failedDeploymentRecovery: {
      ...figure,
      medianMs: 20 * 60_000,
      p90Ms: 60 * 60_000,
      samples: [
        { deployId: "wf-old-1", ms: 20 * 60_000 },
        { deployId: "wf-prod-2", ms: 60 * 60_000 },
      ],
    },
    timeToRestore: {
      ...figure,
      medianMs: 48 * 60_000,
      p90Ms: 200 * 60_000,
      samples: [
        { alertId: "cid-7:opened", ms: 200 * 60_000 },
        { alertId: "cid-9:opened", ms: null },
        { alertId: "cid-12:opened", ms: 48 * 60_000 },
        { alertId: "cid-15:opened", ms: null },
      ],
    },
    triggerToLive: {
      ...figure,
      medianMs: 8 * 60_000,
      p90Ms: 125 * 60_000,
      samples: [
        { deployId: "wf-old-1", ms: 7 * 60_000 },
        { deployId: "wf-staging-1", ms: 8 * 60_000 },
        { deployId: "wf-prod-2", ms: 125 * 60_000 },
      ],
    },
    leadTimeForChanges: {
      ...figure,
      medianMs: null,
      p90Ms: null,
      samples: [],
      reason: "No deployment's commit carries a commit time (CircleCI reports none), so lead time for changes is not measured; trigger to live (pipeline trigger to deploy live) is measured instead.",
    },
    evidence: FIXTURE_EVIDENCE,
    incomplete: [],
    complete: true,
    ...overrides,
  };
}

/** Circonus could not be read: the figures that need alerts depend on it, those on deploys alone do not. */
export const CIRCONUS_DOWN: DeliveryIncompletePart = {
  lookup: "events from Circonus",
  provider: "circonus",
  kinds: ["alert-opened", "alert-cleared", "annotation"],
  retryable: true,
  error: { kind: "service", message: "Circonus answered 503 <Service Unavailable>.", fix: "Try again in a minute.", status: 503, isRetryable: true },
};

/** The part the hub adds when none of its connectors reads alerts (CircleCI configured, Circonus not). */
export const NO_ALERT_READER: DeliveryIncompletePart = {
  lookup: "alerts of checkout: none of the hub's connectors reads them",
  provider: "hub",
  kinds: ["alert-opened", "alert-cleared"],
  retryable: false,
  error: {
    kind: "configuration",
    message: "No connector given to the hub reads alerts (alert-opened, alert-cleared), so the figures that need them were measured without any.",
    fix: "Give the hub a connector whose correlator reads alerts, e.g. @toolweave/connector-circonus.",
    isRetryable: false,
  },
};

/** {@link fixtureDelivery} as the hub makes it with `part` lost: the figures that need alerts depend on it, those on deploys alone do not. */
export function fixtureDeliveryWithoutAlerts(part: DeliveryIncompletePart): DeliveryReport {
  const report = fixtureDelivery();
  const down = { complete: false, incomplete: [part] };
  return {
    ...report,
    changeFailureRate: { ...report.changeFailureRate, ...down },
    failedDeploymentRecovery: { ...report.failedDeploymentRecovery, ...down },
    timeToRestore: { ...report.timeToRestore, ...down },
    incomplete: [part],
    complete: false,
  };
}

/** {@link fixtureDelivery} as the hub makes it when Circonus could not be read. */
export function fixtureDeliveryCirconusDown(): DeliveryReport {
  return fixtureDeliveryWithoutAlerts(CIRCONUS_DOWN);
}
