import { createCircleCI } from "@toolweave/connector-circleci";
import { createHub, type DeliveryReport, type Hub, type ServiceEvent } from "@toolweave/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIMULATED_CATALOG } from "../catalog.js";
import { setupProviders, type Providers } from "../providers.js";
import { SIM_CIRCLECI_APP_URL, SIM_CIRCLECI_TOKEN } from "./sim-credentials.js";
import { HISTORY, STORY, STORY_ENV, STORY_SERVICE } from "./story.js";

// The simulated world's 30 days of checkout history, read through the real CircleCI and
// Circonus connectors as `demo simulate` serves them: every delivery-health rule shows up at
// least once, so the demo's delivery report has something to say about each.

const NOW = Date.parse("2026-11-25T12:00:00Z");
const MINUTE = 60_000;
const DAY = 86_400_000;
const since = new Date(NOW - 30 * DAY);
const until = new Date(NOW);

describe("the simulated world's 30 days of delivery history (checkout, prod)", { timeout: 120_000 }, () => {
  let providers: Providers;
  let hub: Hub;
  let report: DeliveryReport;
  /** Every env's events of the same window, to name the report's ids. */
  let events: ServiceEvent[];
  const checkout = SIMULATED_CATALOG.services.find((s) => s.name === STORY_SERVICE)!;
  const keys = () => ({ service: checkout.name, repo: checkout.repo });
  beforeAll(async () => {
    providers = await setupProviders({ env: {}, simulated: true, catalog: SIMULATED_CATALOG, now: NOW });
    // The connectors the demo's timeline and delivery use in simulated mode.
    hub = createHub({ connectors: [providers.circleciFor(checkout)!, providers.circonus!] });
    report = await hub.delivery(keys(), { since, until, env: STORY_ENV });
    events = (await hub.timeline(keys(), { since, until })).events;
  }, 120_000);
  afterAll(async () => {
    await providers?.close();
  });

  /** The deploy to `env` of pipeline `number`: its first run, or its rerun. */
  const deployOf = (number: number, { rerun = false, env = STORY_ENV } = {}) => {
    const found = events.find((e) => e.kind === "deploy" && e.env === env && e.attributes?.pipelineNumber === number && e.attributes?.rerun === rerun);
    expect(found, `deploy of pipeline #${number}${rerun ? " (rerun)" : ""} to ${env}`).toBeDefined();
    return found!;
  };
  /** The alert of `env` that opened `ago` before now. */
  const alertAt = (ago: number, env = STORY_ENV) => {
    const found = events.find((e) => e.kind === "alert-opened" && e.env === env && Date.parse(e.start) === NOW - ago);
    expect(found, `alert of ${env} opened ${ago / MINUTE} min before now`).toBeDefined();
    return found!;
  };
  const attributed = (r: DeliveryReport) => r.changeFailureRate.failures.flatMap((f) => f.alertIds);

  it("is complete, every figure", () => {
    expect(report.incomplete).toEqual([]);
    expect(report.complete).toBe(true);
    for (const figure of [report.deployments, report.changeFailureRate, report.failedDeploymentRecovery, report.timeToRestore, report.triggerToLive]) {
      expect(figure.complete).toBe(true);
    }
  });

  it("is complete with the CircleCI connector's defaults too: the walk back to 14 days before the window reads fewer than its 100 pipelines", async () => {
    const defaults = createCircleCI({
      token: SIM_CIRCLECI_TOKEN,
      baseUrl: providers.simulation!.circleciBaseUrl,
      appUrl: SIM_CIRCLECI_APP_URL,
      // The simulation has no rate limit of its own; only the walk's bound is the default here.
      throttle: { maxConcurrency: 8, requestsPerSecond: Infinity },
    });
    const withDefaults = await createHub({ connectors: [defaults, providers.circonus!] }).delivery(keys(), { since, until, env: STORY_ENV });
    expect(withDefaults.incomplete).toEqual([]);
    expect(withDefaults.deployments.ids).toEqual(report.deployments.ids);
  }, 60_000);

  it("has several deploys to prod in every week of the window, and failed pipelines that are not deployments", () => {
    const { deployments } = report;
    expect(deployments.perWeek).toBeGreaterThanOrEqual(3);
    const starts = deployments.ids.map((id) => Date.parse(events.find((e) => e.id === id && e.kind === "deploy")!.start));
    for (let week = 0; week < 4; week += 1) {
      const from = since.getTime() + week * 7 * DAY;
      expect(starts.filter((t) => t >= from && t < from + 7 * DAY).length, `deploys in week ${week + 1}`).toBeGreaterThanOrEqual(3);
    }
    expect(deployments.failedPipelines).toBeGreaterThan(0);
    const failedPipelines = events.filter((e) => e.kind === "deploy-failed" && e.env === STORY_ENV).map((e) => e.id);
    expect(failedPipelines.length).toBeGreaterThan(0);
    expect(deployments.ids.filter((id) => failedPipelines.includes(id))).toEqual([]);
  });

  it("fails exactly three deploys: the story's suspect and an older one by their alerts, another by a rollback alone", () => {
    const suspect = deployOf(STORY.suspectPipeline);
    const older = deployOf(HISTORY.alertFailure.pipeline);
    const rolledBack = deployOf(HISTORY.rollbackAlone.pipeline);
    const { failures } = report.changeFailureRate;
    expect(failures).toEqual([
      { deployId: rolledBack.id, provider: "circleci", because: "rollback", alertIds: [], rollbackDeployId: deployOf(HISTORY.rollbackAlone.rollbackPipeline, { rerun: true }).id },
      { deployId: older.id, provider: "circleci", because: "alert", alertIds: [alertAt(HISTORY.alertFailure.alertAgo).id] },
      {
        deployId: suspect.id,
        provider: "circleci",
        because: "alert",
        alertIds: [alertAt(STORY.suspectAlertAgo).id],
        rollbackDeployId: deployOf(STORY.rollbackPipeline, { rerun: true }).id,
      },
    ]);
    const { value, failed, total } = report.changeFailureRate;
    expect(failed).toBe(3);
    expect(total).toBe(report.deployments.count);
    expect(value).toBe(3 / total);
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThan(1);
  });

  it("recovers each failed deploy: to its alert's clearing, or to the rollback going live", () => {
    expect(report.failedDeploymentRecovery.samples).toEqual([
      { deployId: deployOf(HISTORY.rollbackAlone.pipeline).id, ms: HISTORY.rollbackAlone.deployAgo - HISTORY.rollbackAlone.rollbackAgo },
      { deployId: deployOf(HISTORY.alertFailure.pipeline).id, ms: HISTORY.alertFailure.deployAgo - HISTORY.alertFailure.alertClearedAgo },
      { deployId: deployOf(STORY.suspectPipeline).id, ms: STORY.suspectDeployAgo - STORY.suspectAlertClearedAgo },
    ]);
  });

  it("attributes no alert that opened more than 60 minutes after the last prod deploy, yet times its restore", () => {
    const late = alertAt(HISTORY.lateAlert.alertAgo);
    const before = events.filter((e) => e.kind === "deploy" && e.env === STORY_ENV && Date.parse(e.start) <= Date.parse(late.start));
    expect(Date.parse(late.start) - Math.max(...before.map((e) => Date.parse(e.start)))).toBe(75 * MINUTE);
    expect(attributed(report)).not.toContain(late.id);
    expect(report.timeToRestore.samples).toContainEqual({ alertId: late.id, ms: HISTORY.lateAlert.alertAgo - HISTORY.lateAlert.alertClearedAgo });
  });

  it("keeps a staging alert out of prod's figures, and never gives it to the prod deploy 15 minutes before it", async () => {
    const staging = alertAt(HISTORY.stagingAlert.alertAgo, HISTORY.stagingAlert.env);
    expect(Date.parse(staging.start) - Date.parse(deployOf(HISTORY.stagingAlert.afterPipeline).start)).toBe(15 * MINUTE);
    expect(report.timeToRestore.samples.map((s) => s.alertId)).not.toContain(staging.id);
    expect(attributed(report)).not.toContain(staging.id);
    // Every env at once: each rule within one env, so the staging alert still has no deploy.
    const everyEnv = await hub.delivery(keys(), { since, until });
    expect(everyEnv.complete).toBe(true);
    expect(everyEnv.timeToRestore.samples).toContainEqual({ alertId: staging.id, ms: HISTORY.stagingAlert.alertAgo - HISTORY.stagingAlert.alertClearedAgo });
    expect(attributed(everyEnv)).not.toContain(staging.id);
    const stagingOnly = await hub.delivery(keys(), { since, until, env: HISTORY.stagingAlert.env });
    expect(stagingOnly.timeToRestore.samples.map((s) => s.alertId)).toContain(staging.id);
  }, 60_000);

  it("lists the alerts still open now with no time to restore, out of the median (the story's two, with no deploy in the hour before them)", () => {
    const open = report.timeToRestore.samples.filter((s) => s.ms === null);
    expect(open.length).toBeGreaterThan(0);
    for (const sample of open) {
      expect(events.find((e) => e.id === sample.alertId)?.end).toBeUndefined();
      expect(attributed(report)).not.toContain(sample.alertId);
    }
    const timed = report.timeToRestore.samples.map((s) => s.ms).filter((ms) => ms !== null);
    expect(timed).toContain(report.timeToRestore.medianMs);
  });

  it("times trigger to live for every deploy: the pipeline's trigger, or the rerun's start for a rollback", () => {
    const { triggerToLive, deployments } = report;
    expect(triggerToLive.samples.map((s) => s.deployId)).toEqual(deployments.ids);
    expect(triggerToLive.medianMs).toBeGreaterThan(0);
    expect(triggerToLive.samples).toContainEqual({
      deployId: deployOf(HISTORY.rollbackAlone.rollbackPipeline, { rerun: true }).id,
      ms: HISTORY.rollbackAlone.rollbackStartAgo - HISTORY.rollbackAlone.rollbackAgo,
    });
  });

  it("shows an alert open at since in the timeline, but times only the alerts that opened inside the window", () => {
    const open = alertAt(HISTORY.openAtSinceAlert.alertAgo);
    expect(Date.parse(open.start)).toBeLessThan(since.getTime());
    expect(Date.parse(open.end!)).toBeGreaterThan(since.getTime());
    expect(report.timeToRestore.samples.map((s) => s.alertId)).not.toContain(open.id);
    expect(attributed(report)).not.toContain(open.id);
  });
});
