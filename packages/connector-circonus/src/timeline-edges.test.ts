// #23: the edges where the Circonus side of the timeline was wrong while claiming to be complete.
import { createHub, type ServiceEvent } from "@toolweave/core";
import { stubConnector, useMswServer } from "@toolweave/core/testing";
import { describe, expect, it } from "vitest";
import { fakeAlert, fakeAnnotation, fakeCirconusApi } from "./fake-circonus-api.js";
import type { CirconusAlert } from "./schemas/alert.js";
import { alertEvents, deployMarker } from "./service-events.js";
import { BASE, UI, testClient } from "./test-utils.js";
import { createDeepLinks } from "./deep-links.js";

const { server } = useMswServer();
const since = new Date("2026-03-02T06:00:00.000Z");
const until = new Date("2026-03-02T12:00:00.000Z");
const now = new Date("2026-03-02T13:00:00.000Z");
const s0 = since.getTime() / 1000;
const keys = { service: "checkout", env: "prod" };
const TAGS = ["service:checkout", "env:prod"];

describe("annotations: the window's, not the history's", () => {
  it("finds the window's 4 deploy markers among 400, and says the answer is complete", async () => {
    const annotations = Array.from({ length: 400 }, (_, i) =>
      fakeAnnotation(7000 + i, s0 - (400 - i) * 3600 + (i >= 396 ? 5 * 3600 : 0), `service:checkout env:prod\n${deployMarker("circleci", `wf-${i}`)}`),
    );
    const api = fakeCirconusApi(BASE, { alerts: [], annotations, now });
    server.use(...api.handlers);
    const { events, incomplete } = await testClient({ uiUrl: UI }).correlator.events(keys, { since, until });
    expect(events.map((e) => e.id).sort()).toEqual(["/annotation/7396", "/annotation/7397", "/annotation/7398", "/annotation/7399"]);
    expect(incomplete).toEqual([]);
    const asked = api.requests.filter((u) => u.pathname.endsWith("/annotation")).map((u) => Object.fromEntries(u.searchParams));
    expect(asked).toEqual([
      expect.objectContaining({ f_start_ge: String(s0), f_start_le: String(until.getTime() / 1000), order: "_cid", dir: "desc" }),
      expect.objectContaining({ f_start_le: String(s0 - 1), f_stop_ge: String(s0), order: "_cid", dir: "desc" }),
    ]);
  });

  // Review of #23: a `stop` filter alone dropped annotations whose stop is missing or before start.
  it("keeps an annotation starting in the window whose stop is null or before its start, and one spanning into it", async () => {
    const note = "service:checkout env:prod";
    const annotations = [
      fakeAnnotation(1, s0 + 600, note, { stop: null }),
      fakeAnnotation(2, s0 + 1200, note, { stop: s0 + 100 }),
      fakeAnnotation(3, s0 - 7200, note, { stop: s0 + 60 }),
      fakeAnnotation(4, s0 - 7200, note, { stop: s0 - 60 }),
    ];
    server.use(...fakeCirconusApi(BASE, { alerts: [], annotations, now }).handlers);
    const { events, incomplete } = await testClient({ uiUrl: UI }).correlator.events(keys, { since, until });
    expect(events.map((e) => e.id).sort()).toEqual(["/annotation/1", "/annotation/2", "/annotation/3"]);
    expect(incomplete).toEqual([]);
  });
});

describe("alerts that opened before the window", () => {
  it("asks cleared alerts of windows before since only for those cleared at or after since", async () => {
    const api = fakeCirconusApi(BASE, { alerts: [fakeAlert(1, s0 - 40 * 86400, s0 - 86400, TAGS), fakeAlert(2, s0 - 40 * 86400, s0 + 60, TAGS)], annotations: [], now });
    server.use(...api.handlers);
    const { events } = await testClient({ uiUrl: UI }).correlator.events(keys, { since, until });
    expect(events.map((e) => e.id)).toEqual(["/alert/2:opened", "/alert/2:cleared"]);
    const old = api.requests.filter((u) => (u.searchParams.get("search") ?? "").includes("(active:0)") && Number(/occurred_on_end:(\d+)/.exec(u.searchParams.get("search")!)![1]) < s0);
    expect(old.length).toBeGreaterThan(0);
    for (const u of old) expect(u.searchParams.get("f__cleared_on_ge")).toBe(String(s0));
  });

  it("leaves out an alert that cleared before since even when the server ignores the filter", async () => {
    const api = fakeCirconusApi(BASE, { alerts: [fakeAlert(1, s0 - 40 * 86400, s0 - 86400, TAGS)], annotations: [], now }, { filters: false });
    server.use(...api.handlers);
    const { events, incomplete } = await testClient({ uiUrl: UI }).correlator.events(keys, { since, until });
    expect(events).toEqual([]);
    expect(incomplete).toEqual([]);
  });

  it("makes no request when only deploys are asked for (the hub's look-back pass)", async () => {
    const api = fakeCirconusApi(BASE, { alerts: [], annotations: [], now });
    server.use(...api.handlers);
    const result = await testClient({ uiUrl: UI }).correlator.events(keys, { since, until, kinds: ["deploy", "deploy-failed"] });
    expect(result).toEqual({ events: [], incomplete: [] });
    expect(api.requests).toEqual([]);
  });
});

describe("odd identifiers never take the answer down", () => {
  it("alertEvents leaves the link out for a _cid that is not /alert/<digits>", () => {
    const alert = { _cid: "/alert/abc", _occurred_on: 1700000000 } as CirconusAlert;
    const events = alertEvents(alert, { service: "x" }, createDeepLinks("https://a.example/"));
    expect(events).toHaveLength(1);
    expect(events[0]!.url).toBeUndefined();
    expect(createDeepLinks("https://a.example/").checkBundle({ _checks: ["not-a-cid"] })).toBeUndefined();
    expect(createDeepLinks("https://a.example/").checkBundle({ _checks: [] })).toBeUndefined();
    expect(createDeepLinks("https://a.example/").alert({ _cid: "/alert/12", _alert_url: "javascript:alert(1)" })).toBe("https://a.example/fault-detection/alerts/12");
  });
});

describe("alerts without a usable _cid", () => {
  // Review of #23: two alerts with `_cid: ""` (a valid string per the spec) became one event.
  it("keeps two alerts with a blank _cid apart, with distinct event ids", async () => {
    const a = fakeAlert("", s0 + 60, null, TAGS, { _check: "/check/1" });
    const b = fakeAlert("", s0 + 120, null, TAGS, { _check: "/check/2" });
    server.use(...fakeCirconusApi(BASE, { alerts: [a, b], annotations: [], now }).handlers);
    const { events, incomplete } = await testClient({ uiUrl: UI }).correlator.events(keys, { since, until });
    expect(events).toHaveLength(2);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    expect(incomplete).toEqual([]);
  });
});

describe("tags in upper case", () => {
  it("reads the env of an alert tagged ENV:PROD, so it can be linked to a prod deploy", async () => {
    server.use(...fakeCirconusApi(BASE, { alerts: [fakeAlert(9, s0 + 1800, null, ["SERVICE:Checkout", "ENV:PROD"])], annotations: [], now }).handlers);
    const circonus = testClient({ uiUrl: UI });
    const deploy: ServiceEvent = { id: "wf-1", provider: "ci", kind: "deploy", start: new Date((s0 + 600) * 1000).toISOString(), env: "prod", title: "deploy", keys: {} };
    const ci = stubConnector("ci", { events: async () => ({ events: [deploy], incomplete: [] }) });
    const timeline = await createHub({ connectors: [circonus, ci] }).timeline(keys, { since, until });
    expect(timeline.events.find((e) => e.id === "/alert/9:opened")).toMatchObject({ env: "prod" });
    expect(timeline.suspects).toEqual([expect.objectContaining({ alertId: "/alert/9:opened", deployId: "wf-1", gapMs: 1_200_000 })]);
  });
});
