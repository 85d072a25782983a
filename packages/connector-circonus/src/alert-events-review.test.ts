import { deliveryMetrics } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import { circonusFixtures as fx } from "./__fixtures__/index.js";
import { alertEvents } from "./service-events.js";

// From the adversarial review of delivery health (#30): Circonus answered a cleared alert whose
// `_cleared_on` is a few seconds before its `_occurred_on` (clock skew between its brokers).
const opened = 1_699_990_000;
const skewed = { ...fx.alertCleared, _cid: "/alert/77", _occurred_on: opened, _cleared_on: opened - 5 };
const keys = { service: "checkout", env: "prod" };

describe("an alert Circonus says cleared before it opened", () => {
  it("is cleared when it opened, never shown as still open", () => {
    const events = alertEvents(skewed, keys, undefined);
    const openedAt = new Date(opened * 1000).toISOString();
    expect(events.map((e) => [e.kind, e.start, e.end])).toEqual([
      ["alert-opened", openedAt, openedAt],
      ["alert-cleared", openedAt, undefined],
    ]);
    // The time Circonus gave is kept, so a reader can see why the two are equal.
    expect(events[0]!.attributes).toMatchObject({ clearedOn: new Date((opened - 5) * 1000).toISOString() });
  });

  it("gives delivery health a time to restore of 0 ms, not an alert still open at until", () => {
    const deploy = { id: "wf-1", provider: "circleci", kind: "deploy" as const, start: new Date((opened - 600) * 1000).toISOString(), env: "prod", title: "deploy", keys };
    const report = deliveryMetrics([deploy, ...alertEvents(skewed, keys, undefined)], {
      since: new Date((opened - 3600) * 1000),
      until: new Date((opened + 3600) * 1000),
      env: "prod",
    });
    expect(report.timeToRestore.samples).toEqual([{ alertId: "/alert/77:opened", ms: 0 }]);
    expect(report.failedDeploymentRecovery.samples).toEqual([{ deployId: "wf-1", ms: 600_000 }]);
  });
});
