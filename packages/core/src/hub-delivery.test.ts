import { describe, expect, it } from "vitest";
import { createCallMemo, memoize } from "./call-memo.js";
import type { Correlator } from "./correlator.js";
import type { DeliveryReport } from "./delivery-report.js";
import { InvalidInputError, NetworkError, RateLimitedError } from "./errors.js";
import { createHub } from "./hub.js";
import { incompletePart } from "./incomplete-part.js";
import type { EventsOptions, EventsResult, ServiceEvent, ServiceEventKind } from "./service-event.js";
import { stubConnector } from "./testing.js";
import { at, e, MIN, since, until } from "./test-support/hub-window-events.js";


const CI_KINDS: ServiceEventKind[] = ["deploy", "deploy-failed"];
const MONITOR_KINDS: ServiceEventKind[] = ["alert-opened", "alert-cleared", "annotation"];


// A deploy at 10:10 (triggered at 10:00), its alert at 10:20 (cleared 10:40), a deploy at 11:00.
const ciEvents = [e("ci", "d1", "deploy", 10, { commit: { sha: "aaa" }, triggeredAt: at(0) }), e("ci", "d2", "deploy", 60, { commit: { sha: "bbb" } })];
const monitorEvents = [e("monitor", "a1", "alert-opened", 20, { end: at(40) }), e("monitor", "a1:cleared", "alert-cleared", 40)];

type Events = NonNullable<Correlator["events"]>;
const answer =
  (events: ServiceEvent[], incomplete: EventsResult["incomplete"] = []): Events =>
  async () => ({ events, incomplete });
const down: Events = async () => {
  throw new NetworkError("unreachable", { fix: "Check the network." });
};
const ci = (events: Events = answer(ciEvents)) => stubConnector("ci", { events, eventKinds: CI_KINDS });
const monitor = (events: Events = answer(monitorEvents)) => stubConnector("monitor", { events, eventKinds: MONITOR_KINDS });

const figures = (r: DeliveryReport) => ({
  deployments: r.deployments,
  changeFailureRate: r.changeFailureRate,
  failedDeploymentRecovery: r.failedDeploymentRecovery,
  timeToRestore: r.timeToRestore,
  triggerToLive: r.triggerToLive,
  leadTimeForChanges: r.leadTimeForChanges,
});
const incompleteFigures = (r: DeliveryReport) =>
  Object.entries(figures(r))
    .filter(([, f]) => !f.complete)
    .map(([name]) => name);

describe("hub.delivery", () => {
  it("reads every connector once, from since − failureWindowMs to until, and measures what it read", async () => {
    const asked: Record<string, EventsOptions[]> = { ci: [], monitor: [] };
    const record = (id: string, events: ServiceEvent[]): Events => async (_keys, options) => {
      asked[id]!.push(options);
      return { events, incomplete: [] };
    };
    // an alert open at since: the timeline would read deploys further back for it, delivery does not
    const openAtSince = e("monitor", "a0", "alert-opened", -300);
    const hub = createHub({ connectors: [ci(record("ci", ciEvents)), monitor(record("monitor", [openAtSince, ...monitorEvents])), stubConnector("plain")] });

    const r = await hub.delivery({ service: "checkout", env: "prod" }, { since, until });
    expect(r.deployments).toMatchObject({ count: 2, ids: ["d1", "d2"] });
    expect(r.changeFailureRate).toMatchObject({ value: 0.5, failures: [{ deployId: "d1", provider: "ci", because: "alert", alertIds: ["a1"] }] });
    expect(r.failedDeploymentRecovery.samples).toEqual([{ deployId: "d1", ms: 30 * MIN }]);
    expect(r.triggerToLive.samples).toEqual([{ deployId: "d1", ms: 10 * MIN }]);
    expect(r).toMatchObject({ complete: true, incomplete: [], rules: { failureWindowMs: 60 * MIN, env: "prod", service: "checkout" } });
    expect(incompleteFigures(r)).toEqual([]);
    for (const id of ["ci", "monitor"]) {
      expect(asked[id]).toHaveLength(1);
      expect(asked[id]![0]).toMatchObject({ since: new Date(at(-60)), until });
      expect(asked[id]![0]!.kinds).toBeUndefined();
    }

    await hub.delivery({ service: "checkout", env: "prod" }, { since, until, failureWindowMs: 15 * MIN });
    expect(asked.ci).toHaveLength(2);
    expect(asked.ci![1]).toMatchObject({ since: new Date(at(-15)), until });
  });

  const part = incompletePart("workflows of pipeline #7 (gh/acme/checkout)", new RateLimitedError("429", {}));
  const deployFigures = ["deployments", "changeFailureRate", "failedDeploymentRecovery", "triggerToLive", "leadTimeForChanges"];
  const alertFigures = ["changeFailureRate", "failedDeploymentRecovery", "timeToRestore"];
  it.each([
    { what: "CI rejects", connectors: () => [ci(down), monitor()], provider: "ci", kinds: CI_KINDS, incomplete: deployFigures },
    { what: "CI answers with an incomplete part", connectors: () => [ci(answer(ciEvents, [part])), monitor()], provider: "ci", kinds: CI_KINDS, incomplete: deployFigures },
    { what: "monitoring rejects", connectors: () => [ci(), monitor(down)], provider: "monitor", kinds: MONITOR_KINDS, incomplete: alertFigures },
    {
      what: "monitoring answers with an incomplete part",
      connectors: () => [ci(), monitor(answer(monitorEvents, [part]))],
      provider: "monitor",
      kinds: MONITOR_KINDS,
      incomplete: alertFigures,
    },
  ])("when $what, marks incomplete only the figures its kinds feed", async ({ connectors, provider, kinds, incomplete }) => {
    const r = await createHub({ connectors: connectors() }).delivery({ service: "checkout", env: "prod" }, { since, until });
    expect(r.complete).toBe(false);
    expect(r.incomplete).toEqual([expect.objectContaining({ provider, kinds, lookup: expect.any(String), error: expect.any(Object), retryable: true })]);
    expect(incompleteFigures(r).sort()).toEqual([...incomplete].sort());
    for (const [name, figure] of Object.entries(figures(r))) expect(figure.incomplete).toEqual(incomplete.includes(name) ? r.incomplete : []);
  });

  it("marks every figure incomplete when a connector that declares no kinds fails", async () => {
    const hub = createHub({ connectors: [ci(), monitor(), stubConnector("other", { events: down })] });
    const r = await hub.delivery({ service: "checkout", env: "prod" }, { since, until });
    expect(r.incomplete).toEqual([expect.objectContaining({ provider: "other", lookup: "events from OTHER" })]);
    expect(r.incomplete[0]!.kinds).toBeUndefined();
    expect(incompleteFigures(r).sort()).toEqual(Object.keys(figures(r)).sort());
    expect(r.complete).toBe(false);
    // what the others read is still measured
    expect(r.deployments.count).toBe(2);
  });

  it("reads nothing twice when it shares one memo with hub.timeline", async () => {
    const reads = { ci: 0, monitor: 0 };
    // A connector that memoizes its lookups, as real ones do: one read per window within one memo.
    const memoized = (id: "ci" | "monitor", events: ServiceEvent[], kinds: ServiceEventKind[]) => {
      const scope = {};
      return stubConnector(id, {
        eventKinds: kinds,
        events: (_keys, options) =>
          memoize(options.memo, scope, `${options.since.toISOString()}/${options.until.toISOString()}`, async () => {
            reads[id] += 1;
            return { events, incomplete: [] };
          }),
      });
    };
    const hub = createHub({ connectors: [memoized("ci", ciEvents, CI_KINDS), memoized("monitor", monitorEvents, MONITOR_KINDS)] });

    const memo = createCallMemo();
    await hub.timeline({ service: "checkout", env: "prod" }, { since, until, memo });
    const r = await hub.delivery({ service: "checkout", env: "prod" }, { since, until, memo });
    expect(reads).toEqual({ ci: 1, monitor: 1 });
    expect(r.deployments.count).toBe(2);

    // without a shared memo, each call reads again
    await hub.delivery({ service: "checkout", env: "prod" }, { since, until });
    expect(reads).toEqual({ ci: 2, monitor: 2 });
  });

  it("measures the env of its options over the keys' env, asks the connectors about it, and only the service's events", async () => {
    const keysSeen: (string | undefined)[] = [];
    const staging = { env: "staging", keys: { service: "checkout", env: "staging" } };
    const both: Events = async (keys) => {
      keysSeen.push(keys.env);
      // another service's deploy, should a connector return one, is never measured
      const billing = e("ci", "billing", "deploy", 35, { keys: { service: "billing", env: "prod" } });
      return { events: [...ciEvents, e("ci", "s1", "deploy", 30, staging), billing], incomplete: [] };
    };
    const hub = createHub({ connectors: [ci(both)] });

    const prod = await hub.delivery({ service: "checkout", env: "staging" }, { since, until, env: "prod" });
    expect(prod.rules.env).toBe("prod");
    expect(prod.deployments.ids).toEqual(["d1", "d2"]);
    const fromKeys = await hub.delivery({ service: "checkout", env: "staging" }, { since, until });
    expect(fromKeys.rules.env).toBe("staging");
    expect(fromKeys.deployments.ids).toEqual(["s1"]);
    const every = await hub.delivery({ service: "checkout" }, { since, until });
    expect(every.rules.env).toBeNull();
    expect(every.deployments.ids).toEqual(["d1", "s1", "d2"]);
    expect(keysSeen).toEqual(["prod", "staging", undefined]);
  });

  it("reads the env of its options as keys are read (trimmed, lower case)", async () => {
    const hub = createHub({ connectors: [ci()] });
    const r = await hub.delivery({ service: "checkout" }, { since, until, env: " Prod " });
    expect(r.rules.env).toBe("prod");
    expect(r.deployments.ids).toEqual(["d1", "d2"]);
  });

  it("attributes each alert to the deploy the timeline names first suspect", async () => {
    const staging = { env: "staging", keys: { service: "checkout", env: "staging" } };
    const hub = createHub({
      connectors: [
        ci(
          answer([
            e("ci", "before-since", "deploy", -20),
            e("ci", "tie-b", "deploy", 30),
            e("ci", "tie-a", "deploy", 30),
            e("ci", "s1", "deploy", 40, staging),
            e("ci", "late", "deploy", 90),
            e("ci", "failed", "deploy-failed", 100),
          ]),
        ),
        monitor(
          answer([
            e("monitor", "a-early", "alert-opened", 5), // first suspect before since: no counted deploy's
            e("monitor", "a-tie", "alert-opened", 45),
            e("monitor", "a-staging", "alert-opened", 50, staging),
            e("monitor", "a-edge", "alert-opened", 120), // exactly 30 min after "late"
            e("monitor", "a-after-failed", "alert-opened", 105),
          ]),
        ),
      ],
    });
    const windowMs = 30 * MIN;
    const timeline = await hub.timeline({ service: "checkout" }, { since, until, suspectWindowMs: windowMs });
    const r = await hub.delivery({ service: "checkout" }, { since, until, failureWindowMs: windowMs });

    expect(r.changeFailureRate.failures.map((f) => [f.deployId, f.alertIds])).toEqual([
      ["tie-a", ["a-tie"]],
      ["s1", ["a-staging"]],
      ["late", ["a-after-failed", "a-edge"]],
    ]);
    const attributed = new Map(r.changeFailureRate.failures.flatMap((f) => f.alertIds.map((id) => [id, f.deployId] as const)));
    const alerts = timeline.events.filter((x) => x.kind === "alert-opened");
    expect(alerts).toHaveLength(5);
    for (const alert of alerts) {
      const first = timeline.suspects.find((s) => s.alertId === alert.id);
      if (first && r.deployments.ids.includes(first.deployId)) expect(attributed.get(alert.id)).toBe(first.deployId);
      else expect(attributed.has(alert.id)).toBe(false);
    }
  });

  it("refuses invalid options before asking any connector", async () => {
    let calls = 0;
    const hub = createHub({
      connectors: [
        ci(async () => {
          calls += 1;
          return { events: [], incomplete: [] };
        }),
      ],
    });
    await expect(hub.delivery({ service: "checkout" }, { since, until, failureWindowMs: -1 })).rejects.toThrow(InvalidInputError);
    await expect(hub.delivery({ service: "checkout" }, { since: until, until: since })).rejects.toMatchObject({ kind: "invalid_input", fix: expect.any(String) });
    await expect(hub.delivery({ service: "checkout" }, { since: new Date("nope"), until })).rejects.toThrow(/delivery/);
    expect(calls).toBe(0);
  });
});

describe("hub.delivery with a kind no connector reads", () => {
  it("marks the alert-based figures incomplete when no connector reads alerts: a 0 % failure rate would come from nothing", async () => {
    const r = await createHub({ connectors: [ci()] }).delivery({ service: "checkout" }, { since, until, env: "prod" });
    expect(r.changeFailureRate).toMatchObject({ value: 0, failed: 0, total: 2 });
    expect(incompleteFigures(r)).toEqual(["changeFailureRate", "failedDeploymentRecovery", "timeToRestore"]);
    expect(r.complete).toBe(false);
    expect(r.incomplete).toEqual([
      expect.objectContaining({
        provider: "hub",
        kinds: ["alert-opened", "alert-cleared"],
        lookup: "alerts of checkout: none of the hub's connectors reads them",
        error: expect.objectContaining({ kind: "configuration", fix: expect.stringMatching(/connector-circonus/) }),
        retryable: false,
      }),
    ]);
  });

  it("marks every deploy figure incomplete when no connector reads deploys", async () => {
    const r = await createHub({ connectors: [monitor()] }).delivery({ service: "checkout" }, { since, until, env: "prod" });
    expect(incompleteFigures(r)).toEqual(["deployments", "changeFailureRate", "failedDeploymentRecovery", "triggerToLive", "leadTimeForChanges"]);
    expect(r.incomplete.map((p) => p.lookup)).toEqual(["deploys of checkout: none of the hub's connectors reads them"]);
  });

  it("takes a connector with events and no eventKinds to read every kind", async () => {
    const r = await createHub({ connectors: [stubConnector("any", { events: answer([...ciEvents, ...monitorEvents]) })] }).delivery({ service: "checkout" }, { since, until, env: "prod" });
    expect(r.complete).toBe(true);
  });
});
