import { describe, expect, it } from "vitest";
import { deliveryMetrics, nearestRank } from "./delivery-metrics.js";
import { DEFAULT_FAILURE_WINDOW_MS, type DeliveryMetricsOptions } from "./delivery-report.js";
import { InvalidInputError } from "./errors.js";
import type { ServiceEvent } from "./service-event.js";

// Known answers for each rule of `DeliveryReport`, on hand-built events with explicit times.
// Every scenario runs on 2026-03-02 (UTC) with the default 60-minute failure window unless it says otherwise.

const MIN = 60_000;
const HOUR = 60 * MIN;
const since = new Date("2026-03-02T00:00:00.000Z");
const until = new Date("2026-03-02T23:59:59.999Z");

const base = (id: string, kind: ServiceEvent["kind"], start: string, extra: Partial<ServiceEvent>): ServiceEvent => ({
  id,
  provider: kind.startsWith("deploy") ? "circleci" : "circonus",
  kind,
  start,
  env: "prod",
  title: `${kind} ${id}`,
  keys: { service: "checkout", env: "prod" },
  ...extra,
});
const deploy = (id: string, start: string, extra: Partial<ServiceEvent> = {}) => base(id, "deploy", start, extra);
const shipped = (id: string, start: string, sha: string, extra: Partial<ServiceEvent> = {}) => deploy(id, start, { commit: { sha }, ...extra });
const failedPipeline = (id: string, start: string, extra: Partial<ServiceEvent> = {}) => base(id, "deploy-failed", start, extra);
const alert = (id: string, start: string, end?: string, extra: Partial<ServiceEvent> = {}) => base(id, "alert-opened", start, { ...(end ? { end } : {}), ...extra });

const report = (events: ServiceEvent[], options: Partial<DeliveryMetricsOptions> = {}) => deliveryMetrics(events, { since, until, ...options });

describe("deliveryMetrics: attribution", () => {
  it("attributes an alert at gap 0 and at exactly the window, never at window + 1 ms or before the deploy", () => {
    const r = report([
      deploy("d-gap0", "2026-03-02T10:00:00.000Z"),
      alert("a-before", "2026-03-02T09:59:59.999Z"),
      alert("a-gap0", "2026-03-02T10:00:00.000Z"),
      deploy("d-window", "2026-03-02T12:00:00.000Z"),
      alert("a-window", "2026-03-02T13:00:00.000Z"),
      deploy("d-late", "2026-03-02T15:00:00.000Z"),
      alert("a-window+1ms", "2026-03-02T16:00:00.001Z"),
    ]);
    expect(r.changeFailureRate.failures).toEqual([
      { deployId: "d-gap0", provider: "circleci", because: "alert", alertIds: ["a-gap0"] },
      { deployId: "d-window", provider: "circleci", because: "alert", alertIds: ["a-window"] },
    ]);
    expect(r.changeFailureRate).toMatchObject({ value: 2 / 3, failed: 2, total: 3 });
  });

  it("follows the failure window it is given, and states it in rules", () => {
    const events = [deploy("d", "2026-03-02T10:00:00.000Z"), alert("a", "2026-03-02T10:10:00.000Z")];
    expect(report(events, { failureWindowMs: 10 * MIN }).changeFailureRate.failed).toBe(1);
    expect(report(events, { failureWindowMs: 10 * MIN - 1 }).changeFailureRate.failed).toBe(0);
    expect(report(events, { failureWindowMs: 10 * MIN }).rules).toEqual({ failureWindowMs: 10 * MIN, env: null, service: null, percentiles: "nearest-rank" });
    expect(report(events).rules.failureWindowMs).toBe(DEFAULT_FAILURE_WINDOW_MS);
  });

  it("attributes an alert only to the last deploy at or before it, even when that one is before since", () => {
    const r = report([
      deploy("d-earlier", "2026-03-02T09:30:00.000Z"),
      deploy("d-last", "2026-03-02T09:50:00.000Z"),
      alert("a", "2026-03-02T10:00:00.000Z"),
      // the last deploy before this alert went live before since: it is not counted, and the alert is no later deploy's
      deploy("d-before-since", "2026-03-01T23:50:00.000Z"),
      alert("a-early", "2026-03-02T00:05:00.000Z"),
    ]);
    expect(r.deployments.ids).toEqual(["d-earlier", "d-last"]);
    expect(r.changeFailureRate.failures).toEqual([{ deployId: "d-last", provider: "circleci", because: "alert", alertIds: ["a"] }]);
  });

  it("gives an alert after two deploys at one instant to the first in timeline order, and counts both", () => {
    const r = report([
      deploy("d-b", "2026-03-02T10:00:00.000Z"),
      deploy("d-a", "2026-03-02T10:00:00.000Z"),
      deploy("d-other", "2026-03-02T10:00:00.000Z", { provider: "argo" }),
      alert("a", "2026-03-02T10:10:00.000Z"),
    ]);
    // timeline order at one instant: by provider ("argo" < "circleci"), then by id
    expect(r.deployments.ids).toEqual(["d-other", "d-a", "d-b"]);
    expect(r.changeFailureRate.failures).toEqual([{ deployId: "d-other", provider: "argo", because: "alert", alertIds: ["a"] }]);
  });

  it("never attributes an alert of another env or with no env to prod's deploy", () => {
    const events = [
      deploy("d-prod", "2026-03-02T10:00:00.000Z"),
      alert("a-staging", "2026-03-02T10:10:00.000Z", undefined, { env: "staging", keys: { service: "checkout", env: "staging" } }),
      alert("a-no-env", "2026-03-02T10:20:00.000Z", undefined, { env: undefined, keys: { service: "checkout" } }),
    ];
    const prod = report(events, { env: "prod" });
    expect(prod.changeFailureRate).toMatchObject({ value: 0, failed: 0, total: 1, failures: [] });
    expect(prod.timeToRestore.samples).toEqual([]);
    expect(prod.rules.env).toBe("prod");

    // every env: an alert with no env goes with a deploy with no env, the staging alert with nothing
    const all = report([...events, deploy("d-no-env", "2026-03-02T10:05:00.000Z", { env: undefined, keys: { service: "checkout" } })]);
    expect(all.deployments.ids).toEqual(["d-prod", "d-no-env"]);
    expect(all.changeFailureRate.failures).toEqual([{ deployId: "d-no-env", provider: "circleci", because: "alert", alertIds: ["a-no-env"] }]);
    expect(all.timeToRestore.samples.map((s) => s.alertId)).toEqual(["a-staging", "a-no-env"]);
  });

  it("measures only the given service, keeping events that name none", () => {
    const r = report(
      [
        deploy("d", "2026-03-02T10:00:00.000Z"),
        deploy("d-billing", "2026-03-02T10:01:00.000Z", { keys: { service: "billing", env: "prod" } }),
        alert("a-billing", "2026-03-02T10:02:00.000Z", undefined, { keys: { service: "billing", env: "prod" } }),
        alert("a-no-service", "2026-03-02T10:03:00.000Z", undefined, { keys: {} }),
      ],
      { service: "checkout" },
    );
    expect(r.deployments.ids).toEqual(["d"]);
    expect(r.changeFailureRate.failures).toEqual([{ deployId: "d", provider: "circleci", because: "alert", alertIds: ["a-no-service"] }]);
    expect(r.rules.service).toBe("checkout");
  });
});

describe("deliveryMetrics: rollback", () => {
  it("fails a deploy that the next deploy, within the window, rolls back to a commit live before it", () => {
    const r = report([
      shipped("p1", "2026-03-02T09:00:00.000Z", "aaa"),
      shipped("p2", "2026-03-02T10:00:00.000Z", "bbb"),
      // a rerun of p1's pipeline, 30 minutes later
      shipped("p1-rerun", "2026-03-02T10:30:00.000Z", "aaa"),
    ]);
    expect(r.changeFailureRate.failures).toEqual([{ deployId: "p2", provider: "circleci", because: "rollback", alertIds: [], rollbackDeployId: "p1-rerun" }]);
    // recovered when the rollback went live
    expect(r.failedDeploymentRecovery.samples).toEqual([{ deployId: "p2", ms: 30 * MIN }]);
  });

  it("counts a rollback at exactly the window, not at window + 1 ms", () => {
    const atWindow = report([shipped("p1", "2026-03-02T09:00:00.000Z", "aaa"), shipped("p2", "2026-03-02T10:00:00.000Z", "bbb"), shipped("p3", "2026-03-02T11:00:00.000Z", "aaa")]);
    expect(atWindow.changeFailureRate.failures).toEqual([{ deployId: "p2", provider: "circleci", because: "rollback", alertIds: [], rollbackDeployId: "p3" }]);
    const outside = report([shipped("p1", "2026-03-02T09:00:00.000Z", "aaa"), shipped("p2", "2026-03-02T10:00:00.000Z", "bbb"), shipped("p3", "2026-03-02T11:00:00.001Z", "aaa")]);
    expect(outside.changeFailureRate).toMatchObject({ failed: 0, total: 3, failures: [] });
  });

  it("does not call a re-deploy of the same commit, or a new commit, a rollback", () => {
    const r = report([
      shipped("p1", "2026-03-02T09:00:00.000Z", "aaa"),
      shipped("p2", "2026-03-02T10:00:00.000Z", "bbb"),
      shipped("p2-again", "2026-03-02T10:10:00.000Z", "bbb"),
      shipped("p3", "2026-03-02T10:20:00.000Z", "ccc"),
    ]);
    expect(r.changeFailureRate).toMatchObject({ failed: 0, total: 4, failures: [] });
  });

  it("never judges a deploy without a commit, or one followed by a deploy without a commit, rolled back", () => {
    const r = report([shipped("p1", "2026-03-02T09:00:00.000Z", "aaa"), deploy("no-commit", "2026-03-02T10:00:00.000Z"), shipped("p1-rerun", "2026-03-02T10:10:00.000Z", "aaa"), deploy("after", "2026-03-02T10:20:00.000Z")]);
    expect(r.changeFailureRate.failures).toEqual([]);
  });

  it("judges a rollback within one env only", () => {
    const staging = { env: "staging", keys: { service: "checkout", env: "staging" } };
    const r = report([
      shipped("s0", "2026-03-02T08:00:00.000Z", "ccc", staging),
      shipped("p1", "2026-03-02T09:00:00.000Z", "aaa"),
      shipped("p2", "2026-03-02T10:00:00.000Z", "bbb"),
      // staging ships a commit prod ran before: not the next deploy to prod
      shipped("s1", "2026-03-02T10:10:00.000Z", "aaa", staging),
      // prod ships a commit only staging ran before: new to prod, not a rollback
      shipped("p3", "2026-03-02T10:20:00.000Z", "ccc"),
    ]);
    expect(r.changeFailureRate.failures).toEqual([]);
  });

  it("fails a deploy both alerted and rolled back because of the alert, and measures recovery to the latest clear", () => {
    const r = report([
      shipped("q1", "2026-03-02T10:00:00.000Z", "aaa"),
      shipped("q2", "2026-03-02T11:00:00.000Z", "bbb"),
      alert("x1", "2026-03-02T11:05:00.000Z", "2026-03-02T11:20:00.000Z"),
      alert("x2", "2026-03-02T11:10:00.000Z", "2026-03-02T11:50:00.000Z"),
      shipped("q1-rerun", "2026-03-02T11:30:00.000Z", "aaa"),
    ]);
    expect(r.changeFailureRate.failures).toEqual([{ deployId: "q2", provider: "circleci", because: "alert", alertIds: ["x1", "x2"], rollbackDeployId: "q1-rerun" }]);
    expect(r.failedDeploymentRecovery).toMatchObject({ samples: [{ deployId: "q2", ms: 50 * MIN }], medianMs: 50 * MIN, p90Ms: 50 * MIN });
  });

  it("takes the tool's word that a commit was live before (previouslyLiveAt), even when that deploy was not read", () => {
    // The rerun of an old pipeline: its first run went live before anything read here.
    const rerun = (at: string, liveAt: string) => deploy("old-rerun", at, { commit: { sha: "aaa", previouslyLiveAt: liveAt } });
    const r = report([shipped("first-read", "2026-03-02T10:00:00.000Z", "bbb"), rerun("2026-03-02T10:40:00.000Z", "2026-02-20T08:00:00.000Z")]);
    expect(r.changeFailureRate.failures).toEqual([{ deployId: "first-read", provider: "circleci", because: "rollback", alertIds: [], rollbackDeployId: "old-rerun" }]);
    expect(r.failedDeploymentRecovery.samples).toEqual([{ deployId: "first-read", ms: 40 * MIN }]);
    // Live only at the very instant of the deploy it would replace, or after it: not "before".
    for (const liveAt of ["2026-03-02T10:00:00.000Z", "2026-03-02T10:20:00.000Z", "not a date"]) {
      expect(report([shipped("first-read", "2026-03-02T10:00:00.000Z", "bbb"), rerun("2026-03-02T10:40:00.000Z", liveAt)]).changeFailureRate.failures, liveAt).toEqual([]);
    }
    // Past the window it is a later deploy of an old commit, not a rollback.
    expect(report([shipped("first-read", "2026-03-02T10:00:00.000Z", "bbb"), rerun("2026-03-02T11:00:00.001Z", "2026-02-20T08:00:00.000Z")]).changeFailureRate.failures).toEqual([]);
  });

  it("ignores a rollback that went live after until", () => {
    const r = report([shipped("p1", "2026-03-02T23:00:00.000Z", "aaa"), shipped("p2", "2026-03-02T23:30:00.000Z", "bbb"), shipped("p1-rerun", "2026-03-03T00:10:00.000Z", "aaa")]);
    expect(r.deployments.ids).toEqual(["p1", "p2"]);
    expect(r.changeFailureRate.failures).toEqual([]);
  });
});

describe("deliveryMetrics: deployments", () => {
  it("counts deploys only: a failed pipeline is not one, nor an alert's suspect", () => {
    const r = report([
      failedPipeline("f0", "2026-03-01T23:00:00.000Z"),
      failedPipeline("f1", "2026-03-02T10:00:00.000Z"),
      alert("a", "2026-03-02T10:05:00.000Z"),
      deploy("d1", "2026-03-02T10:30:00.000Z"),
      failedPipeline("f2", "2026-03-03T00:00:01.000Z"),
    ]);
    expect(r.deployments).toMatchObject({ count: 1, ids: ["d1"], failedPipelines: 1 });
    expect(r.changeFailureRate).toMatchObject({ value: 0, failed: 0, total: 1 });
  });

  it("counts the same event given twice once", () => {
    const d = deploy("d", "2026-03-02T10:00:00.000Z");
    const a = alert("a", "2026-03-02T10:10:00.000Z", "2026-03-02T10:20:00.000Z");
    const r = report([d, a, { ...d }, { ...a }]);
    expect(r.deployments).toMatchObject({ count: 1, ids: ["d"] });
    expect(r.changeFailureRate.failures).toEqual([{ deployId: "d", provider: "circleci", because: "alert", alertIds: ["a"] }]);
    expect(r.timeToRestore.samples).toEqual([{ alertId: "a", ms: 10 * MIN }]);
  });

  it("counts UTC days with a deploy across midnight, and deploys per week", () => {
    const twoWeeks = { since: new Date("2026-03-02T00:00:00.000Z"), until: new Date("2026-03-16T00:00:00.000Z") };
    const r = report([deploy("d1", "2026-03-02T23:59:59.999Z"), deploy("d2", "2026-03-03T00:00:00.000Z"), deploy("d3", "2026-03-03T12:00:00.000Z")], twoWeeks);
    expect(r.deployments).toMatchObject({ count: 3, deployDays: 2, perWeek: 1.5 });
    const instant = new Date("2026-03-02T10:00:00.000Z");
    expect(report([deploy("d", "2026-03-02T10:00:00.000Z")], { since: instant, until: instant }).deployments).toMatchObject({ count: 1, deployDays: 1, perWeek: null });
  });

  it("says why every figure is empty for an env with no deploys, never 0 %", () => {
    const r = report([deploy("d-prod", "2026-03-02T10:00:00.000Z"), alert("a-staging", "2026-03-02T10:10:00.000Z", undefined, { env: "staging" })], { env: "staging" });
    expect(r.deployments).toMatchObject({ count: 0, deployDays: 0, ids: [], perWeek: 0 });
    expect(r.changeFailureRate).toMatchObject({ value: null, failed: 0, total: 0, failures: [], reason: expect.stringMatching(/no deployment to staging/i) });
    expect(r.failedDeploymentRecovery).toMatchObject({ medianMs: null, p90Ms: null, samples: [], reason: expect.any(String) });
    expect(r.triggerToLive).toMatchObject({ medianMs: null, samples: [], reason: expect.stringMatching(/no deployment to staging/i) });
    // the staging alert is still measured
    expect(r.timeToRestore.samples).toEqual([{ alertId: "a-staging", ms: null }]);
  });

  it("ignores events after until: the report is what could be said at until", () => {
    const r = report([
      deploy("d", "2026-03-02T23:30:00.000Z"),
      alert("a-after", "2026-03-03T00:00:00.000Z"),
      deploy("d-after", "2026-03-03T00:00:00.000Z"),
      failedPipeline("f-after", "2026-03-03T00:00:00.000Z"),
    ]);
    expect(r.deployments).toMatchObject({ count: 1, ids: ["d"], failedPipelines: 0 });
    expect(r.changeFailureRate.failures).toEqual([]);
    expect(r.timeToRestore.samples).toEqual([]);
  });
});

describe("deliveryMetrics: durations", () => {
  it("lists an alert open at until (no end, or an end after until) with ms null, outside the median; one clearing at until is restored", () => {
    const r = report([
      alert("r-before-since", "2026-03-01T23:00:00.000Z", "2026-03-02T01:00:00.000Z"),
      alert("r1", "2026-03-02T10:00:00.000Z", "2026-03-02T10:30:00.000Z"),
      alert("r2", "2026-03-02T11:00:00.000Z", "2026-03-02T12:00:00.000Z"),
      alert("r-open", "2026-03-02T20:00:00.000Z"),
      alert("r-clears-at-until", "2026-03-02T20:59:59.999Z", "2026-03-02T23:59:59.999Z"),
      alert("r-ends-after-until", "2026-03-02T21:00:00.000Z", "2026-03-03T01:00:00.000Z"),
    ]);
    expect(r.timeToRestore).toMatchObject({
      samples: [
        { alertId: "r1", ms: 30 * MIN },
        { alertId: "r2", ms: HOUR },
        { alertId: "r-open", ms: null },
        { alertId: "r-clears-at-until", ms: 3 * HOUR },
        { alertId: "r-ends-after-until", ms: null },
      ],
      medianMs: HOUR,
      p90Ms: 3 * HOUR,
    });
    expect(r.timeToRestore.reason).toBeUndefined();
  });

  it("leaves a deploy whose alert is still open at until failing: ms null, listed, not in the median", () => {
    const r = report([
      deploy("d-open", "2026-03-02T20:00:00.000Z"),
      alert("a-open", "2026-03-02T20:10:00.000Z"),
      deploy("d-late-clear", "2026-03-02T22:00:00.000Z"),
      alert("a-late-clear", "2026-03-02T22:10:00.000Z", "2026-03-03T00:10:00.000Z"),
    ]);
    expect(r.failedDeploymentRecovery).toMatchObject({
      samples: [
        { deployId: "d-open", ms: null },
        { deployId: "d-late-clear", ms: null },
      ],
      medianMs: null,
      p90Ms: null,
      reason: expect.stringMatching(/still failing/),
    });
    expect(r.timeToRestore).toMatchObject({ medianMs: null, reason: expect.stringMatching(/still open/) });
  });

  it("measures trigger to live from triggeredAt, for the deploys that carry one", () => {
    const r = report([
      deploy("d1", "2026-03-02T10:00:00.000Z", { triggeredAt: "2026-03-02T09:45:00.000Z" }),
      deploy("d2", "2026-03-02T11:00:00.000Z"),
      deploy("d3", "2026-03-02T12:00:00.000Z", { triggeredAt: "2026-03-02T11:55:00.000Z" }),
    ]);
    expect(r.triggerToLive).toMatchObject({
      samples: [
        { deployId: "d1", ms: 15 * MIN },
        { deployId: "d3", ms: 5 * MIN },
      ],
      medianMs: 5 * MIN,
      p90Ms: 15 * MIN,
    });
  });

  it("gives no lead time for changes without commit times, and says why; measures it when commits carry one", () => {
    const without = report([shipped("d1", "2026-03-02T10:00:00.000Z", "aaa", { triggeredAt: "2026-03-02T09:45:00.000Z" })]);
    expect(without.leadTimeForChanges).toMatchObject({ medianMs: null, p90Ms: null, samples: [], reason: expect.stringMatching(/commit time/) });

    const withTimes = report([
      deploy("d1", "2026-03-02T10:00:00.000Z", { commit: { sha: "aaa", committedAt: "2026-03-02T08:00:00.000Z" } }),
      deploy("d2", "2026-03-02T11:00:00.000Z", { commit: { sha: "bbb" } }),
    ]);
    expect(withTimes.leadTimeForChanges).toMatchObject({ samples: [{ deployId: "d1", ms: 2 * HOUR }], medianMs: 2 * HOUR, p90Ms: 2 * HOUR });
    expect(withTimes.leadTimeForChanges.reason).toBeUndefined();
  });

  it("takes medians and p90s by nearest rank: the median of 4 samples is the 2nd", () => {
    const r = report([
      alert("t40", "2026-03-02T10:00:00.000Z", "2026-03-02T10:40:00.000Z"),
      alert("t10", "2026-03-02T11:00:00.000Z", "2026-03-02T11:10:00.000Z"),
      alert("t30", "2026-03-02T12:00:00.000Z", "2026-03-02T12:30:00.000Z"),
      alert("t20", "2026-03-02T13:00:00.000Z", "2026-03-02T13:20:00.000Z"),
    ]);
    expect(r.timeToRestore).toMatchObject({ medianMs: 20 * MIN, p90Ms: 40 * MIN });
    expect(nearestRank([1, 2, 3, 4], 50)).toBe(2);
    expect(nearestRank([7], 90)).toBe(7);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
  });
});

describe("deliveryMetrics: options", () => {
  it.each([
    ["an invalid since", { since: new Date("not a date") }],
    ["an invalid until", { until: new Date(Number.NaN) }],
    ["since after until", { since: until, until: since }],
    ["a negative failure window", { failureWindowMs: -1 }],
    ["a failure window that is not a number", { failureWindowMs: Number.NaN }],
    ["an infinite failure window", { failureWindowMs: Number.POSITIVE_INFINITY }],
  ])("refuses %s, saying what to do", (_what, options) => {
    let thrown: unknown;
    try {
      report([], options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect((thrown as InvalidInputError).fix).toMatch(/\S/);
  });

  it("reports everything complete when no lookup failed", () => {
    const r = report([deploy("d", "2026-03-02T10:00:00.000Z")]);
    expect(r).toMatchObject({ complete: true, incomplete: [], since: since.toISOString(), until: until.toISOString() });
    for (const figure of [r.deployments, r.changeFailureRate, r.failedDeploymentRecovery, r.timeToRestore, r.triggerToLive, r.leadTimeForChanges]) {
      expect(figure).toMatchObject({ complete: true, incomplete: [] });
    }
  });
});
