import { describe, expect, it } from "vitest";
import { compareEvents, findSuspects, mergeEvents, type ServiceEvent } from "./service-event.js";

const MIN = 60_000;
const T0 = Date.parse("2026-03-02T10:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();
const ev = (id: string, kind: ServiceEvent["kind"], ms: number, extra: Partial<ServiceEvent> = {}): ServiceEvent => ({
  id,
  provider: kind.startsWith("alert") ? "circonus" : "circleci",
  kind,
  start: at(ms),
  env: "prod",
  title: id,
  keys: { service: "checkout" },
  ...extra,
});

describe("compareEvents / mergeEvents", () => {
  it("orders by start, then kind (deploy before alert), then provider, then id — whatever the input order", () => {
    const events = [
      ev("alert-b", "alert-opened", 0),
      ev("cleared", "alert-cleared", 0),
      ev("note", "annotation", 0, { provider: "circonus" }),
      ev("failed", "deploy-failed", 0),
      ev("d2", "deploy", 0, { provider: "zeta" }),
      ev("d1", "deploy", 0),
      ev("later", "deploy", 1),
      ev("earlier", "alert-opened", -1),
      ev("alert-a", "alert-opened", 0),
    ];
    const expected = ["earlier", "d1", "d2", "failed", "note", "alert-a", "alert-b", "cleared", "later"];
    expect(mergeEvents(events).map((e) => e.id)).toEqual(expected);
    expect(mergeEvents([...events].reverse()).map((e) => e.id)).toEqual(expected);
    expect(mergeEvents(events.slice(0, 4), events.slice(4)).map((e) => e.id)).toEqual(expected);
  });

  it("compares instants, not strings (offsets and precision differ)", () => {
    const a = ev("a", "deploy", 0, { start: "2026-03-02T11:00:00+01:00" });
    const b = ev("b", "deploy", 0, { start: "2026-03-02T10:00:00.500Z" });
    expect(compareEvents(a, b)).toBeLessThan(0);
  });

  it("puts events with an unparsable start last", () => {
    expect(mergeEvents([ev("bad", "deploy", 0, { start: "not a date" }), ev("ok", "deploy", 5)]).map((e) => e.id)).toEqual(["ok", "bad"]);
  });
});

describe("findSuspects", () => {
  const W = 60 * MIN;
  const link = (deploy: ServiceEvent, alert: ServiceEvent, options = {}) => findSuspects([deploy, alert], { windowMs: W, ...options });

  it("links a deploy at the same instant as the alert (gap 0)", () => {
    expect(link(ev("d", "deploy", 0), ev("a", "alert-opened", 0))).toEqual([{ alertId: "a", alertProvider: "circonus", deployId: "d", provider: "circleci", env: "prod", gapMs: 0 }]);
  });

  it("links a deploy exactly one window before (inclusive) but not one millisecond more", () => {
    expect(link(ev("d", "deploy", 0), ev("a", "alert-opened", W))).toHaveLength(1);
    expect(link(ev("d", "deploy", 0), ev("a", "alert-opened", W + 1))).toEqual([]);
  });

  it("never links a deploy that went live after the alert opened", () => {
    expect(link(ev("d", "deploy", 1), ev("a", "alert-opened", 0))).toEqual([]);
  });

  it("never links a deploy to another env", () => {
    expect(link(ev("d", "deploy", 0, { env: "staging" }), ev("a", "alert-opened", MIN))).toEqual([]);
  });

  it("links an alert without env only to deploys without env", () => {
    const { env: _a, ...alert } = ev("a", "alert-opened", MIN);
    const { env: _d, ...deploy } = ev("d", "deploy", 0);
    expect(link(deploy, alert)).toHaveLength(1);
    expect(link(ev("d", "deploy", 0), alert)).toEqual([]);
    expect(link(deploy, ev("a", "alert-opened", MIN))).toEqual([]);
  });

  it("ignores failed deploys unless asked", () => {
    expect(link(ev("d", "deploy-failed", 0), ev("a", "alert-opened", MIN))).toEqual([]);
    expect(link(ev("d", "deploy-failed", 0), ev("a", "alert-opened", MIN), { includeFailedDeploys: true })).toHaveLength(1);
  });

  it("ignores cleared alerts and annotations as causes and effects", () => {
    expect(findSuspects([ev("d", "deploy", 0), ev("c", "alert-cleared", MIN), ev("n", "annotation", MIN)])).toEqual([]);
  });

  it("lists suspects per alert in time order, most recent deploy first, with the commit", () => {
    const commit = { sha: "abc123", url: "https://github.com/acme/checkout/commit/abc123" };
    const suspects = findSuspects(
      [ev("a2", "alert-opened", 50 * MIN), ev("old", "deploy", 0), ev("new", "deploy", 30 * MIN, { commit }), ev("a1", "alert-opened", 10 * MIN)],
      { windowMs: W },
    );
    expect(suspects.map((s) => [s.alertId, s.deployId, s.gapMs / MIN])).toEqual([
      ["a1", "old", 10],
      ["a2", "new", 20],
      ["a2", "old", 50],
    ]);
    expect(suspects[1]!.commit).toEqual(commit);
  });

  it("uses a 60-minute window by default", () => {
    expect(findSuspects([ev("d", "deploy", 0), ev("a", "alert-opened", 60 * MIN)])).toHaveLength(1);
    expect(findSuspects([ev("d", "deploy", 0), ev("a", "alert-opened", 60 * MIN + 1)])).toEqual([]);
  });
});
