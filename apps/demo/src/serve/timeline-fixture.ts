import type { ServiceEvent, Timeline } from "@toolweave/core";
import type { CircleCiStatus } from "../provider-status.js";
import { alertsWithoutSuspect } from "../commands/timeline.js";
import { fixtureDelivery } from "./delivery-fixture.js";
import type { ServiceView } from "./service-view.js";

/**
 * A hand-made timeline for the renderer's tests (and a quick look at the chart): one service
 * in two envs with a deploy followed by an alert (the suspect), an alert with no deploy
 * before it, a failed deploy, a rollback, an annotation, an alert that opened before the
 * window, and titles that try to inject markup.
 */
export const FIXTURE_UNTIL = Date.parse("2026-11-25T12:00:00Z");
const at = (minutesBefore: number) => new Date(FIXTURE_UNTIL - minutesBefore * 60_000).toISOString();
const keys = { service: "checkout" };

export const SUSPECT_SHA = "b7c1e0f9a2d34c5b8e6f7a1b2c3d4e5f6a7b8c9d";

export const FIXTURE_EVENTS: ServiceEvent[] = [
  { id: "wf-staging-1", provider: "circleci", kind: "deploy", start: at(600), env: "staging", title: "deploy-checkout #1040", url: "https://app.circleci.com/pipelines/github/acme/checkout/1040/workflows/wf-staging-1", keys, commit: { sha: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", subject: "Bump payment SDK" }, actor: "grace-h" },
  { id: "cid-7:opened", provider: "circonus", kind: "alert-opened", start: at(1500), end: at(1300), env: "prod", title: "disk usage > 90% on db-1", keys, severity: 3 },
  { id: "cid-7:cleared", provider: "circonus", kind: "alert-cleared", start: at(1300), env: "prod", title: "disk usage > 90% on db-1", keys, severity: 3 },
  { id: "cid-9:opened", provider: "circonus", kind: "alert-opened", start: at(480), env: "prod", title: "error rate > 2% on checkout-api", url: "https://acme.circonus.com/fault-detection?alert_id=9", keys, severity: 1 },
  { id: "note-1", provider: "circonus", kind: "annotation", start: at(300), env: "prod", title: "Load test <b>started</b>", keys },
  { id: "wf-prod-2", provider: "circleci", kind: "deploy", start: at(190), env: "prod", title: "deploy-checkout #1043", url: "https://app.circleci.com/pipelines/github/acme/checkout/1043/workflows/wf-prod-2", keys, commit: { sha: SUSPECT_SHA, subject: "Retry payment calls <fast>", url: "https://github.com/acme/checkout/commit/b7c1e0f" }, actor: "alice" },
  { id: "cid-12:opened", provider: "circonus", kind: "alert-opened", start: at(178), end: at(130), env: "prod", title: "p99 latency > 800ms <script>alert(1)</script>", url: "javascript:alert(1)", keys, severity: 2 },
  { id: "cid-12:cleared", provider: "circonus", kind: "alert-cleared", start: at(130), env: "prod", title: "p99 latency > 800ms <script>alert(1)</script>", keys, severity: 2 },
  { id: "wf-prod-3", provider: "circleci", kind: "deploy-failed", start: at(110), env: "prod", title: "deploy-checkout #1044 failed", keys, commit: { sha: "c0ffee0000111122223333444455556666777788" }, actor: "bob" },
  { id: "wf-prod-4", provider: "circleci", kind: "deploy", start: at(95), env: "prod", title: "deploy-checkout #1041 (rollback)", keys, commit: { sha: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678" }, actor: "alice", attributes: { rollback: true } },
  { id: "cid-15:opened", provider: "circonus", kind: "alert-opened", start: at(40), env: "staging", title: "queue depth > 1000", keys, severity: 4 },
];

/** The fixture as the hub would return it (events in timeline order are the caller's job here). */
export function fixtureTimeline(overrides: Partial<Timeline> = {}): Timeline {
  return {
    keys: { service: "checkout" },
    since: at(24 * 60),
    until: new Date(FIXTURE_UNTIL).toISOString(),
    suspectWindowMs: 3_600_000,
    events: [...FIXTURE_EVENTS].sort((a, b) => Date.parse(a.start) - Date.parse(b.start)),
    suspects: [{ alertId: "cid-12:opened", alertProvider: "circonus", deployId: "wf-prod-2", provider: "circleci", env: "prod", commit: { sha: SUSPECT_SHA, subject: "Retry payment calls <fast>" }, gapMs: 12 * 60_000 }],
    incomplete: [],
    complete: true,
    ...overrides,
  };
}

/** A service view around {@link fixtureTimeline}: CircleCI answered, Circonus failed with a fix. */
export function fixtureView(overrides: Partial<ServiceView> = {}): ServiceView {
  const circleci: CircleCiStatus = {
    latest: {
      project: { id: "p1", slug: "gh/acme/checkout", name: "checkout", defaultBranch: "main", url: "https://app.circleci.com/pipelines/github/acme/checkout" },
      branch: "main",
      pipeline: { id: "pl-1045", number: 1045, state: "created", created_at: at(30), revision: SUSPECT_SHA, actor: "grace-h", url: "https://app.circleci.com/pipelines/github/acme/checkout/1045" },
      workflows: [
        { id: "w1", name: "build-api", status: "success", createdAt: at(30), stoppedAt: at(25), url: "https://app.circleci.com/pipelines/github/acme/checkout/1045/workflows/w1" },
        { id: "w2", name: "deploy-checkout", status: "on_hold", createdAt: at(24), stoppedAt: null, url: "https://app.circleci.com/pipelines/github/acme/checkout/1045/workflows/w2" },
      ],
      outcome: "on_hold",
      incomplete: [],
    },
    deploys: [{ env: "prod", deploy: null, incomplete: [] }],
    workflows: [],
    reportingWindow: "last-30-days",
    insightsBranch: "main",
    incomplete: [],
    deployNaming: null,
  };
  return {
    mode: "simulated",
    generatedAt: new Date(FIXTURE_UNTIL).toISOString(),
    service: { name: "checkout", repo: "gh/acme/checkout", envs: ["staging", "prod"], team: "payments" },
    env: null,
    since: "24h",
    timeline: fixtureTimeline(),
    alertsWithoutSuspect: alertsWithoutSuspect(overrides.timeline ?? fixtureTimeline()),
    providers: [
      { id: "circleci", displayName: "CircleCI", configured: true, ok: true, incomplete: [], data: circleci },
      { id: "circonus", displayName: "Circonus", configured: true, ok: false, error: { name: "PermissionError", kind: "permission", message: "Circonus refused the token <admin>.", fix: "Approve the app toolweave-demo in Circonus.", status: 403, isRetryable: false } },
    ],
    delivery: fixtureDelivery(),
    complete: false,
    ...overrides,
  };
}
