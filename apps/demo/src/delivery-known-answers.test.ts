// Issue #30: delivery health's rules held to known answers, through the published connectors
// against a hand-built CircleCI + Circonus world (known-answer-world.ts), not the simulation.
import { createCircleCI } from "@toolweave/connector-circleci";
import { createCirconus } from "@toolweave/connector-circonus";
import { createHub, type DeliveryReport, type ServiceEvent } from "@toolweave/core";
import { useMswServer } from "@toolweave/core/testing";
import { describe, expect, it } from "vitest";
import {
  ALERT,
  CIRCLECI_BASE,
  CIRCONUS_BASE,
  PIPELINE,
  SHA,
  SINCE,
  UNTIL,
  WORKFLOW,
  circleciServerError,
  circonusServerError,
  knownAnswerWorld,
  type KnownAnswerWorldOptions,
} from "./known-answer-world.js";

const { server, requests } = useMswServer();

const MIN = 60_000;
const KEYS = { service: "checkout", repo: "gh/acme/checkout" };
const CI_KINDS = ["deploy", "deploy-failed"];
const MONITOR_KINDS = ["alert-opened", "alert-cleared", "annotation"];
const opened = (cid: string) => `${cid}:opened`;

// Made-up tokens of the right shape; retries off so a 500 is an answer at once, not a wait.
function hub(world: KnownAnswerWorldOptions = {}) {
  server.use(...knownAnswerWorld(world));
  const circleci = createCircleCI({ token: "CCIPAT_KnownAnswers_0123456789abcdef0123456789abcdef01234567", baseUrl: CIRCLECI_BASE, retry: { retries: 0 }, throttle: false });
  const circonus = createCirconus({ token: "5b0c7d3e-9a41-4f2b-8c6d-2e7f1a9b3c4d", appName: "toolweave-known-answers", baseUrl: CIRCONUS_BASE, retry: { retries: 0 }, throttle: false });
  return createHub({ connectors: [circleci, circonus] });
}

const delivery = (env: string | undefined, world: KnownAnswerWorldOptions = {}) =>
  hub(world).delivery(KEYS, { since: SINCE, until: UNTIL, ...(env === undefined ? {} : { env }) });

const FIGURES = ["deployments", "changeFailureRate", "failedDeploymentRecovery", "timeToRestore", "triggerToLive", "leadTimeForChanges"] as const;
const completeness = (r: DeliveryReport) => Object.fromEntries(FIGURES.map((name) => [name, r[name].complete]));

/** The two failures of prod, as the rules give them. */
const PROD_FAILURES = [
  { deployId: WORKFLOW.w101, provider: "circleci", because: "alert", alertIds: [opened(ALERT.atDeploy), opened(ALERT.atWindow)] },
  { deployId: WORKFLOW.w102, provider: "circleci", because: "rollback", alertIds: [], rollbackDeployId: WORKFLOW.w100rerun },
];
const PROD_RESTORE = [
  { alertId: opened(ALERT.atDeploy), ms: 15 * MIN },
  { alertId: opened(ALERT.atWindow), ms: 30 * MIN },
  { alertId: opened(ALERT.pastWindow), ms: null },
  { alertId: opened(ALERT.clearedAfterUntil), ms: null },
];

describe("delivery health of a hand-built CircleCI + Circonus world (known answers)", { timeout: 120_000 }, () => {
  it("counts the three prod deploys that went live in the window, the rerun included, and not the failed pipeline", async () => {
    const r = await delivery("prod");
    expect(r.rules).toEqual({ failureWindowMs: 60 * MIN, env: "prod", service: "checkout", percentiles: "nearest-rank" });
    expect(r.deployments).toEqual({
      complete: true,
      incomplete: [],
      count: 3,
      deployDays: 1,
      // 3 deploys in 12 hours: 3 ÷ (12/168) weeks.
      perWeek: 42,
      ids: [WORKFLOW.w101, WORKFLOW.w102, WORKFLOW.w100rerun],
      failedPipelines: 1,
    });
    expect(r.complete).toBe(true);
    expect(r.incomplete).toEqual([]);
  });

  it("attributes the alerts at gap 0 and at exactly 60 min (3600 s) to the prod deploy, and not the one at 3601 s", async () => {
    const r = await delivery("prod");
    expect(r.changeFailureRate.failures[0]).toEqual(PROD_FAILURES[0]);
    const attributed = r.changeFailureRate.failures.flatMap((f) => f.alertIds);
    expect(attributed).not.toContain(opened(ALERT.pastWindow));
    expect(attributed).not.toContain(opened(ALERT.clearedAfterUntil));
  });

  it("fails the bad deploy by the rerun of an older pipeline 30 min later (rollback), though that pipeline first went live before since − 60 min", async () => {
    const r = await delivery("prod");
    expect(r.changeFailureRate.failures[1]).toEqual(PROD_FAILURES[1]);
    const rerun = r.evidence.find((e) => e.id === WORKFLOW.w100rerun);
    // #100's first run (21:10 the day before) was never read as an event: the rerun's own
    // commit.previouslyLiveAt is what says its commit was live before the bad deploy.
    expect(r.evidence.some((e) => e.id === WORKFLOW.w100)).toBe(false);
    expect(rerun).toMatchObject({ kind: "deploy", start: "2026-03-02T05:40:00.000Z", commit: { sha: SHA.A, previouslyLiveAt: "2026-03-01T21:10:00.000Z" } });
    expect(r.changeFailureRate).toMatchObject({ value: 2 / 3, failed: 2, total: 3, failures: PROD_FAILURES, complete: true, incomplete: [] });
    expect(r.changeFailureRate.reason).toBeUndefined();
  });

  it("recovers the alert-failed deploy at its attributed alerts' latest clear (90 min) and the rolled-back one at the rollback (30 min)", async () => {
    const r = await delivery("prod");
    expect(r.failedDeploymentRecovery).toEqual({
      complete: true,
      incomplete: [],
      samples: [
        { deployId: WORKFLOW.w101, ms: 90 * MIN },
        { deployId: WORKFLOW.w102, ms: 30 * MIN },
      ],
      // Nearest rank over [30 min, 90 min]: p50 is the 1st, p90 the 2nd.
      medianMs: 30 * MIN,
      p90Ms: 90 * MIN,
    });
  });

  it("times every prod alert that opened in the window to its clear; open at until (no clear, or a clear after until) is ms: null, out of the median", async () => {
    const r = await delivery("prod");
    expect(r.timeToRestore).toEqual({ complete: true, incomplete: [], samples: PROD_RESTORE, medianMs: 15 * MIN, p90Ms: 30 * MIN });
    // The staging alert two minutes after the prod deploy is no part of prod's figures.
    expect(JSON.stringify(r)).not.toContain(ALERT.staging);
  });

  it("times trigger to live from the pipeline's trigger.received_at, and from the rerun workflow's created_at for the rerun", async () => {
    const r = await delivery("prod");
    expect(r.triggerToLive).toEqual({
      complete: true,
      incomplete: [],
      samples: [
        { deployId: WORKFLOW.w101, ms: 600_800 }, // 00:59:59.200 → 01:10:00
        { deployId: WORKFLOW.w102, ms: 600_500 }, // 04:59:59.500 → 05:10:00
        { deployId: WORKFLOW.w100rerun, ms: 8 * MIN }, // rerun created 05:32:00 → 05:40:00
      ],
      medianMs: 600_500,
      p90Ms: 600_800,
    });
    expect(r.leadTimeForChanges).toMatchObject({ medianMs: null, p90Ms: null, samples: [], complete: true });
    expect(r.leadTimeForChanges.reason).toMatch(/CircleCI reports none/);
  });

  it("keeps the staging alert to staging across every env: never attributed to the prod deploy two minutes before it", async () => {
    const r = await delivery(undefined);
    expect(r.rules.env).toBeNull();
    expect(r.deployments.ids).toEqual([WORKFLOW.w101, WORKFLOW.w102, WORKFLOW.w100rerun]);
    expect(r.changeFailureRate.failures).toEqual(PROD_FAILURES);
    expect(r.timeToRestore.samples).toEqual([PROD_RESTORE[0], { alertId: opened(ALERT.staging), ms: 8 * MIN }, ...PROD_RESTORE.slice(1)]);
    expect(r.complete).toBe(true);
  });

  it("gives staging, with no deploy in the window, a change failure rate of null with its reason, never 0 %", async () => {
    const r = await delivery("staging");
    expect(r.deployments).toMatchObject({ count: 0, deployDays: 0, perWeek: 0, ids: [], failedPipelines: 0, complete: true });
    expect(r.changeFailureRate).toEqual({
      complete: true,
      incomplete: [],
      value: null,
      reason: "No deployment to staging in the window: a change failure rate needs at least one.",
      failed: 0,
      total: 0,
      failures: [],
    });
    expect(r.failedDeploymentRecovery).toMatchObject({ medianMs: null, samples: [], reason: "No failed deployment in the window." });
    expect(r.timeToRestore).toMatchObject({ samples: [{ alertId: opened(ALERT.staging), ms: 8 * MIN }], medianMs: 8 * MIN, complete: true });
    expect(r.triggerToLive).toMatchObject({ medianMs: null, samples: [], reason: "No deployment to staging in the window." });
  });

  it("with every Circonus alert search answering 500: the deploy figures stay complete, the alert ones are incomplete (provider circonus)", async () => {
    const r = await delivery("prod", { fault: (url) => (url.pathname.endsWith("/alert") ? circonusServerError() : undefined) });
    expect(completeness(r)).toEqual({
      deployments: true,
      changeFailureRate: false,
      failedDeploymentRecovery: false,
      timeToRestore: false,
      triggerToLive: true,
      leadTimeForChanges: true,
    });
    expect(r.complete).toBe(false);
    expect(r.incomplete.length).toBeGreaterThan(0);
    for (const part of r.incomplete) {
      // Core maps a 500 to a service error that is not retryable (only 502, 503, 504 are).
      expect(part).toMatchObject({ provider: "circonus", kinds: MONITOR_KINDS, retryable: false, error: { kind: "service", status: 500 } });
      expect(part.lookup).toMatch(/alerts tagged service:checkout,env:prod opened/);
    }
    for (const name of ["changeFailureRate", "failedDeploymentRecovery", "timeToRestore"] as const) expect(r[name].incomplete).toEqual(r.incomplete);
    expect(r.deployments).toMatchObject({ count: 3, ids: [WORKFLOW.w101, WORKFLOW.w102, WORKFLOW.w100rerun], incomplete: [] });
    expect(r.triggerToLive.samples.map((s) => s.ms)).toEqual([600_800, 600_500, 8 * MIN]);
    // What could be seen without alerts: the rollback alone, marked incomplete.
    expect(r.changeFailureRate).toMatchObject({ failed: 1, total: 3, failures: [PROD_FAILURES[1]] });
    expect(r.timeToRestore.samples).toEqual([]);
  });

  it("with CircleCI's workflow list answering 500 for pipeline #102: the deploy figures are incomplete (provider circleci), time to restore is complete", async () => {
    const r = await delivery("prod", { fault: (url) => (url.pathname.endsWith(`/pipeline/${PIPELINE.p102}/workflow`) ? circleciServerError() : undefined) });
    const part = {
      lookup: "workflows of pipeline #102 (gh/acme/checkout), which could hold a deploy-checkout run in the window",
      error: expect.objectContaining({ kind: "service", status: 500 }),
      retryable: false,
      provider: "circleci",
      kinds: CI_KINDS,
    };
    expect(r.incomplete).toEqual([part]);
    expect(completeness(r)).toEqual({
      deployments: false,
      changeFailureRate: false,
      failedDeploymentRecovery: false,
      timeToRestore: true,
      triggerToLive: false,
      leadTimeForChanges: false,
    });
    expect(r.complete).toBe(false);
    expect(r.deployments).toMatchObject({ count: 2, ids: [WORKFLOW.w101, WORKFLOW.w100rerun], incomplete: [part] });
    expect(r.timeToRestore).toEqual({ complete: true, incomplete: [], samples: PROD_RESTORE, medianMs: 15 * MIN, p90Ms: 30 * MIN });
  });

  it("reads each prod pipeline's workflows once, and no staging pipeline's", async () => {
    await delivery("prod");
    const workflowReads = requests.map((q) => new URL(q.url).pathname).filter((p) => p.endsWith("/workflow")).map((p) => p.split("/").at(-2));
    expect(workflowReads.sort()).toEqual([PIPELINE.p100, PIPELINE.p101, PIPELINE.p102, PIPELINE.p103].sort());
  });

  it("agrees with hub.timeline: each attributed alert's first suspect is the deploy it was attributed to", async () => {
    const h = hub();
    const [report, timeline] = await Promise.all([
      h.delivery(KEYS, { since: SINCE, until: UNTIL, env: "prod" }),
      h.timeline({ ...KEYS, env: "prod" }, { since: SINCE, until: UNTIL }),
    ]);
    expect(timeline.complete).toBe(true);
    const firstSuspect = (alertId: string) => timeline.suspects.find((s) => s.alertId === alertId)?.deployId;
    const attributed = report.changeFailureRate.failures.flatMap((f) => f.alertIds.map((alertId) => [alertId, f.deployId]));
    expect(attributed).toEqual([
      [opened(ALERT.atDeploy), WORKFLOW.w101],
      [opened(ALERT.atWindow), WORKFLOW.w101],
    ]);
    for (const [alertId, deployId] of attributed) expect(firstSuspect(alertId!)).toBe(deployId);
    // And the timeline names no suspect for the alerts delivery attributes to nothing.
    expect(timeline.suspects.map((s) => [s.alertId, s.deployId, s.gapMs])).toEqual([
      [opened(ALERT.atDeploy), WORKFLOW.w101, 0],
      [opened(ALERT.atWindow), WORKFLOW.w101, 60 * MIN],
    ]);
    const alerts = timeline.events.filter((e: ServiceEvent) => e.kind === "alert-opened").map((e) => e.id);
    expect(alerts).toEqual(expect.arrayContaining([opened(ALERT.pastWindow), opened(ALERT.clearedAfterUntil)]));
  });
});
