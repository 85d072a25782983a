import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deliveryMetrics } from "./delivery-metrics.js";
import type { DeliveryMetricsOptions, DeliveryReport } from "./delivery-report.js";
import { compareEvents, findSuspects, type ServiceEvent } from "./service-event.js";

// Properties of deliveryMetrics over generated event lists: the rules of `DeliveryReport` must
// hold for any mix of deploys, failed pipelines, alerts and annotations. Fixed seed: a failure
// reproduces, and fast-check prints the smallest event list that breaks the rule.
const RUNS = { seed: 30_2026, numRuns: 300 };

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.parse("2026-03-02T00:00:00.000Z");
const since = new Date(T0);
const until = new Date(T0 + 4 * HOUR);
const iso = (ms: number) => new Date(ms).toISOString();
const time = (e: { start: string }) => Date.parse(e.start);

// On a 5-minute grid from 1 h before since to 30 min after until, so ties and exact window
// edges happen; now and then 1 ms off the grid, to land just outside an edge.
const grid = (min: number, max: number) => fc.tuple(fc.integer({ min, max }), fc.constantFrom(0, 0, 0, 0, 1, -1)).map(([step, jitter]) => step * 5 * MIN + jitter);
const when = grid(-12, 54).map((ms) => T0 + ms);
const envOf = fc.constantFrom<string | undefined>("prod", "prod", "prod", "staging", undefined);
const otherEnvOf = fc.constantFrom<string | undefined>("staging", "dev", undefined);
// A small pool, so deploys re-ship commits live before (rollbacks) and re-deploy the same one.
const sha = fc.option(fc.constantFrom("aaa", "bbb", "ccc", "ddd"), { nil: undefined, freq: 6 });
const window = fc.constantFrom(0, 10 * MIN, 30 * MIN, 60 * MIN, 60 * MIN);

type Spec =
  | { type: "deploy"; failed: boolean; provider: string; env: string | undefined; t: number; sha: string | undefined; triggeredMs: number | undefined; committedMs: number | undefined }
  | { type: "alert"; provider: string; env: string | undefined; t: number; openMs: number | undefined }
  | { type: "annotation"; provider: string; env: string | undefined; t: number };

const spec = (env: fc.Arbitrary<string | undefined>): fc.Arbitrary<Spec> =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        type: fc.constant("deploy" as const),
        failed: fc.constantFrom(false, false, false, true),
        provider: fc.constantFrom("circleci", "argo"),
        env,
        t: when,
        sha,
        triggeredMs: fc.option(fc.integer({ min: 0, max: 30 * MIN }), { nil: undefined }),
        committedMs: fc.option(fc.integer({ min: 0, max: DAY }), { nil: undefined, freq: 4 }),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        type: fc.constant("alert" as const),
        provider: fc.constantFrom("circonus", "pagerduty"),
        env,
        t: when,
        openMs: fc.option(grid(0, 48).map((ms) => Math.max(0, ms)), { nil: undefined, freq: 4 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ type: fc.constant("annotation" as const), provider: fc.constant("circonus"), env, t: when }) },
  );

/** Events from specs; `service` in keys, ids unique per list (`prefix` keeps two lists apart). */
function toEvents(specs: Spec[], prefix: string, service = "checkout"): ServiceEvent[] {
  return specs.flatMap((s, i): ServiceEvent[] => {
    const common = { provider: s.provider, start: iso(s.t), ...(s.env === undefined ? {} : { env: s.env }), keys: { service, ...(s.env === undefined ? {} : { env: s.env }) } };
    if (s.type === "deploy") {
      const commit = s.sha === undefined ? {} : { commit: { sha: s.sha, ...(s.committedMs === undefined ? {} : { committedAt: iso(s.t - s.committedMs) }) } };
      const trigger = s.triggeredMs === undefined ? {} : { triggeredAt: iso(s.t - s.triggeredMs) };
      return [{ ...common, id: `${prefix}d${i}`, kind: s.failed ? "deploy-failed" : "deploy", title: `deploy ${i}`, ...commit, ...trigger }];
    }
    if (s.type === "alert") {
      const opened: ServiceEvent = { ...common, id: `${prefix}a${i}:opened`, kind: "alert-opened", title: `alert ${i}`, ...(s.openMs === undefined ? {} : { end: iso(s.t + s.openMs) }) };
      if (s.openMs === undefined) return [opened];
      return [opened, { ...common, id: `${prefix}a${i}:cleared`, kind: "alert-cleared", title: `alert ${i} cleared`, start: iso(s.t + s.openMs) }];
    }
    return [{ ...common, id: `${prefix}n${i}`, kind: "annotation", title: `note ${i}` }];
  });
}

type Scenario = { events: ServiceEvent[]; options: DeliveryMetricsOptions };

/** A realistic list: several envs and providers, now and then an env-less event, some events given twice. */
const scenario = (measure: { env?: fc.Arbitrary<string | undefined>; service?: fc.Arbitrary<string | undefined> } = {}): fc.Arbitrary<Scenario> =>
  fc
    .record({
      specs: fc.array(spec(envOf), { maxLength: 40, size: "large" }),
      twice: fc.array(fc.nat(), { maxLength: 4 }),
      failureWindowMs: window,
      env: measure.env ?? fc.constantFrom<string | undefined>(undefined, "prod", "staging"),
      service: measure.service ?? fc.constantFrom<string | undefined>(undefined, "checkout"),
    })
    .map(({ specs, twice, failureWindowMs, env, service }) => {
      const events = toEvents(specs, "");
      const repeated = events.length === 0 ? [] : twice.map((n) => ({ ...events[n % events.length]! }));
      return {
        events: [...events, ...repeated],
        options: { since, until, failureWindowMs, ...(env === undefined ? {} : { env }), ...(service === undefined ? {} : { service }) },
      };
    });

/** The distinct events the report is about: the env measured, started at or before until. */
function measured({ events, options }: Scenario): ServiceEvent[] {
  const seen = new Map<string, ServiceEvent>();
  for (const e of events) {
    if (time(e) > options.until.getTime()) continue;
    if (options.env !== undefined && e.env !== options.env) continue;
    seen.set(`${e.provider}/${e.kind}/${e.id}`, e);
  }
  return [...seen.values()].sort(compareEvents);
}

const inWindow = (e: ServiceEvent, o: DeliveryMetricsOptions) => time(e) >= o.since.getTime() && time(e) <= o.until.getTime();

/** Nearest rank, said another way: the smallest value with at least p % of the values at or below it. */
function naivePercentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  return Math.min(...values.filter((v) => values.filter((x) => x <= v).length * 100 >= p * values.length));
}

describe("deliveryMetrics properties", { timeout: 120_000 }, () => {
  it("counts every deploy to the env in the window once, and no failed pipeline", () => {
    fc.assert(
      fc.property(scenario(), (s) => {
        const r = deliveryMetrics(s.events, s.options);
        const expected = measured(s).filter((e) => e.kind === "deploy" && inWindow(e, s.options));
        expect(new Set(r.deployments.ids).size).toBe(r.deployments.ids.length);
        expect(r.deployments.ids).toEqual(expected.map((e) => e.id));
        expect(r.deployments.count).toBe(expected.length);
        expect(r.deployments.failedPipelines).toBe(measured(s).filter((e) => e.kind === "deploy-failed" && inWindow(e, s.options)).length);
        expect(r.deployments.deployDays).toBe(new Set(expected.map((e) => e.start.slice(0, 10))).size);
      }),
      RUNS,
    );
  });

  it("keeps the change failure rate between 0 and 1, null only without deployments", () => {
    fc.assert(
      fc.property(scenario(), (s) => {
        const { changeFailureRate: cfr, deployments } = deliveryMetrics(s.events, s.options);
        expect(cfr.total).toBe(deployments.count);
        expect(cfr.failed).toBe(cfr.failures.length);
        expect(cfr.failed).toBeLessThanOrEqual(cfr.total);
        if (cfr.total === 0) {
          expect(cfr.value).toBeNull();
          expect(cfr.reason).toEqual(expect.any(String));
        } else {
          expect(cfr.value).toBe(cfr.failed / cfr.total);
          expect(cfr.value).toBeGreaterThanOrEqual(0);
          expect(cfr.value).toBeLessThanOrEqual(1);
        }
        // each failure is a deployment, once, with the reason its fields show
        expect(new Set(cfr.failures.map((f) => f.deployId)).size).toBe(cfr.failures.length);
        for (const f of cfr.failures) {
          expect(deployments.ids).toContain(f.deployId);
          expect(f.because === "alert" ? f.alertIds.length > 0 : f.alertIds.length === 0 && f.rollbackDeployId !== undefined).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("attributes every alert to at most one deploy: in its env, at or before it, within the window", () => {
    fc.assert(
      fc.property(scenario(), (s) => {
        const r = deliveryMetrics(s.events, s.options);
        const byId = new Map(measured(s).map((e) => [e.id, e]));
        const alertIds = r.changeFailureRate.failures.flatMap((f) => f.alertIds);
        expect(new Set(alertIds).size).toBe(alertIds.length);
        for (const f of r.changeFailureRate.failures) {
          const deploy = byId.get(f.deployId)!;
          expect(deploy.kind).toBe("deploy");
          for (const id of f.alertIds) {
            const alert = byId.get(id)!;
            expect(alert.kind).toBe("alert-opened");
            expect(alert.env).toBe(deploy.env);
            const gap = time(alert) - time(deploy);
            expect(gap).toBeGreaterThanOrEqual(0);
            expect(gap).toBeLessThanOrEqual(s.options.failureWindowMs!);
          }
        }
      }),
      RUNS,
    );
  });

  it("agrees with the timeline: an attributed alert's first suspect is its deploy, an unattributed one has none in the window", () => {
    fc.assert(
      fc.property(scenario(), (s) => {
        const r = deliveryMetrics(s.events, s.options);
        const attributed = new Map(r.changeFailureRate.failures.flatMap((f) => f.alertIds.map((id) => [id, f.deployId] as const)));
        const suspects = findSuspects(s.events, { windowMs: s.options.failureWindowMs! });
        const deployments = new Set(r.deployments.ids);
        for (const alert of measured(s).filter((e) => e.kind === "alert-opened")) {
          const first = suspects.find((x) => x.alertId === alert.id && x.alertProvider === alert.provider);
          // a first suspect before since is a deploy the report does not count: the alert is no counted deploy's
          if (first !== undefined && deployments.has(first.deployId)) expect(attributed.get(alert.id)).toBe(first.deployId);
          else expect(attributed.has(alert.id)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it("fails a deploy by rollback exactly when the next deploy to its env re-ships an older commit within the window", () => {
    fc.assert(
      fc.property(scenario(), (s) => {
        const r = deliveryMetrics(s.events, s.options);
        const rolledBack = new Map(r.changeFailureRate.failures.filter((f) => f.rollbackDeployId !== undefined).map((f) => [f.deployId, f.rollbackDeployId]));
        const deploys = measured(s).filter((e) => e.kind === "deploy");
        for (const d of deploys.filter((e) => inWindow(e, s.options))) {
          const ofEnv = deploys.filter((e) => e.env === d.env);
          const i = ofEnv.indexOf(d);
          const next = ofEnv[i + 1];
          const older = new Set(ofEnv.slice(0, i).map((e) => e.commit?.sha));
          const expected =
            next?.commit !== undefined && d.commit !== undefined && next.commit.sha !== d.commit.sha && older.has(next.commit.sha) && time(next) - time(d) <= s.options.failureWindowMs!;
          expect(rolledBack.get(d.id)).toBe(expected ? next!.id : undefined);
        }
      }),
      RUNS,
    );
  });

  it("takes medians and p90s by nearest rank over the samples with a number", () => {
    fc.assert(
      fc.property(scenario(), (s) => {
        const r = deliveryMetrics(s.events, s.options);
        for (const figure of [r.failedDeploymentRecovery, r.timeToRestore, r.triggerToLive, r.leadTimeForChanges]) {
          const values = figure.samples.map((x) => x.ms).filter((ms): ms is number => ms !== null);
          expect(values.every((ms) => ms >= 0)).toBe(true);
          expect(figure.medianMs).toBe(naivePercentile(values, 50));
          expect(figure.p90Ms).toBe(naivePercentile(values, 90));
          expect(figure.reason !== undefined).toBe(values.length === 0);
        }
      }),
      RUNS,
    );
  });

  it("measures one sample per failure, per deployment with a trigger or commit time, and per alert opened in the window", () => {
    fc.assert(
      fc.property(scenario(), (s) => {
        const r = deliveryMetrics(s.events, s.options);
        const byId = new Map(measured(s).map((e) => [e.id, e]));
        const cleared = (id: string) => {
          const end = byId.get(id)!.end;
          return end === undefined || Date.parse(end) > until.getTime() ? null : Date.parse(end);
        };
        expect(r.failedDeploymentRecovery.samples).toEqual(
          r.changeFailureRate.failures.map((f) => {
            const live = time(byId.get(f.deployId)!);
            if (f.because === "rollback") return { deployId: f.deployId, ms: time(byId.get(f.rollbackDeployId!)!) - live };
            const ends = f.alertIds.map(cleared);
            return { deployId: f.deployId, ms: ends.includes(null) ? null : Math.max(...(ends as number[])) - live };
          }),
        );
        const deployments = measured(s).filter((e) => e.kind === "deploy" && inWindow(e, s.options));
        expect(r.triggerToLive.samples).toEqual(deployments.filter((d) => d.triggeredAt).map((d) => ({ deployId: d.id, ms: time(d) - Date.parse(d.triggeredAt!) })));
        expect(r.leadTimeForChanges.samples).toEqual(
          deployments.filter((d) => d.commit?.committedAt).map((d) => ({ deployId: d.id, ms: time(d) - Date.parse(d.commit!.committedAt!) })),
        );
        const opened = measured(s).filter((e) => e.kind === "alert-opened" && inWindow(e, s.options));
        expect(r.timeToRestore.samples).toEqual(opened.map((a) => ({ alertId: a.id, ms: cleared(a.id) === null ? null : cleared(a.id)! - time(a) })));
      }),
      RUNS,
    );
  });

  it("changes nothing when events of another env are added", () => {
    const withOthers = fc.tuple(scenario({ env: fc.constant("prod") }), fc.array(spec(otherEnvOf), { maxLength: 20 }));
    fc.assert(
      fc.property(withOthers, ([s, others]) => {
        const more = [...s.events, ...toEvents(others, "other-env-")];
        expect(deliveryMetrics(more, s.options)).toEqual(deliveryMetrics(s.events, s.options));
      }),
      RUNS,
    );
  });

  it("changes nothing when events of another service are added", () => {
    const withOthers = fc.tuple(scenario({ service: fc.constant("checkout") }), fc.array(spec(envOf), { maxLength: 20 }));
    fc.assert(
      fc.property(withOthers, ([s, others]) => {
        const more = [...s.events, ...toEvents(others, "billing-", "billing")];
        expect(deliveryMetrics(more, s.options)).toEqual(deliveryMetrics(s.events, s.options));
      }),
      RUNS,
    );
  });

  it("applies each rule within one env: every env's failures are those of that env measured alone", () => {
    fc.assert(
      fc.property(scenario({ env: fc.constant(undefined) }), (s) => {
        const all = deliveryMetrics(s.events, s.options);
        const envOfDeploy = new Map(measured(s).map((e) => [e.id, e.env]));
        for (const env of ["prod", "staging"]) {
          const alone = deliveryMetrics(s.events, { ...s.options, env });
          expect(all.changeFailureRate.failures.filter((f) => envOfDeploy.get(f.deployId) === env)).toEqual(alone.changeFailureRate.failures);
        }
      }),
      RUNS,
    );
  });

  it("changes no duration, count or failure when every event and the window shift by the same amount", () => {
    const shift = (e: ServiceEvent, by: number): ServiceEvent => ({
      ...e,
      start: iso(time(e) + by),
      ...(e.end === undefined ? {} : { end: iso(Date.parse(e.end) + by) }),
      ...(e.triggeredAt === undefined ? {} : { triggeredAt: iso(Date.parse(e.triggeredAt) + by) }),
      ...(e.commit?.committedAt === undefined ? {} : { commit: { ...e.commit, committedAt: iso(Date.parse(e.commit.committedAt) + by) } }),
    });
    // UTC days move with the shift; the window's bounds are shifted on purpose
    // The evidence is the events themselves (shifted): compared by identity.
    const comparable = (r: DeliveryReport) => ({ ...r, since: null, until: null, deployments: { ...r.deployments, deployDays: null }, evidence: r.evidence.map((e) => `${e.provider} ${e.kind} ${e.id}`) });
    fc.assert(
      fc.property(scenario(), fc.integer({ min: -30 * DAY, max: 30 * DAY }), (s, by) => {
        const moved = deliveryMetrics(
          s.events.map((e) => shift(e, by)),
          { ...s.options, since: new Date(since.getTime() + by), until: new Date(until.getTime() + by) },
        );
        expect(comparable(moved)).toEqual(comparable(deliveryMetrics(s.events, s.options)));
      }),
      RUNS,
    );
  });

  it("gives as evidence exactly the events the failures name, each once, in timeline order", () => {
    fc.assert(
      fc.property(scenario(), (s) => {
        const r = deliveryMetrics(s.events, s.options);
        const named = new Set(
          r.changeFailureRate.failures.flatMap((f) => [`deploy ${f.deployId}`, ...f.alertIds.map((a) => `alert-opened ${a}`), ...(f.rollbackDeployId ? [`deploy ${f.rollbackDeployId}`] : [])]),
        );
        const given = r.evidence.map((e) => `${e.kind} ${e.id}`);
        expect(new Set(given)).toEqual(named);
        expect(given).toHaveLength(new Set(r.evidence.map((e) => `${e.provider} ${e.kind} ${e.id}`)).size);
        expect([...r.evidence].sort(compareEvents)).toEqual(r.evidence);
      }),
      RUNS,
    );
  });

  it("gives the same report whatever order the events come in", () => {
    const shuffled = scenario().chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s.events, { minLength: s.events.length })));
    fc.assert(
      fc.property(shuffled, ([s, events]) => {
        expect(deliveryMetrics(events, s.options)).toEqual(deliveryMetrics(s.events, s.options));
      }),
      RUNS,
    );
  });
});
