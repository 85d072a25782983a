// #23: the edges where the Circonus side of the timeline was wrong while claiming to be complete.
import { createHub, Secret, type Connector, type ServiceEvent } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import { fakeAlert, fakeAnnotation, fakeCirconusApi } from "./fake-circonus-api.js";
import type { CirconusAlert } from "./schemas/alert.js";
import { alertEvents, deployMarker } from "./service-events.js";
import { BASE, UI, makeClient, useMswServer } from "./test-utils.js";
import { circonusUiLinks } from "./ui-links.js";

const server = useMswServer();
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
    const { events, incomplete } = await makeClient({ uiUrl: UI }).correlator.events(keys, { since, until });
    expect(events.map((e) => e.id).sort()).toEqual(["/annotation/7396", "/annotation/7397", "/annotation/7398", "/annotation/7399"]);
    expect(incomplete).toEqual([]);
    const asked = api.requests.find((u) => u.pathname.endsWith("/annotation"))!;
    expect(Object.fromEntries(asked.searchParams)).toMatchObject({ f_start_le: String(until.getTime() / 1000), f_stop_ge: String(s0), order: "_cid", dir: "desc" });
  });
});

describe("alerts that opened before the window", () => {
  it("asks cleared alerts of windows before since only for those cleared at or after since", async () => {
    const api = fakeCirconusApi(BASE, { alerts: [fakeAlert(1, s0 - 40 * 86400, s0 - 86400, TAGS), fakeAlert(2, s0 - 40 * 86400, s0 + 60, TAGS)], annotations: [], now });
    server.use(...api.handlers);
    const { events } = await makeClient({ uiUrl: UI }).correlator.events(keys, { since, until });
    expect(events.map((e) => e.id)).toEqual(["/alert/2:opened", "/alert/2:cleared"]);
    const old = api.requests.filter((u) => (u.searchParams.get("search") ?? "").includes("(active:0)") && Number(/occurred_on_end:(\d+)/.exec(u.searchParams.get("search")!)![1]) < s0);
    expect(old.length).toBeGreaterThan(0);
    for (const u of old) expect(u.searchParams.get("f__cleared_on_ge")).toBe(String(s0));
  });

  it("leaves out an alert that cleared before since even when the server ignores the filter", async () => {
    const api = fakeCirconusApi(BASE, { alerts: [fakeAlert(1, s0 - 40 * 86400, s0 - 86400, TAGS)], annotations: [], now }, { filters: false });
    server.use(...api.handlers);
    const { events, incomplete } = await makeClient({ uiUrl: UI }).correlator.events(keys, { since, until });
    expect(events).toEqual([]);
    expect(incomplete).toEqual([]);
  });

  it("makes no request when only deploys are asked for (the hub's look-back pass)", async () => {
    const api = fakeCirconusApi(BASE, { alerts: [], annotations: [], now });
    server.use(...api.handlers);
    const result = await makeClient({ uiUrl: UI }).correlator.events(keys, { since, until, kinds: ["deploy", "deploy-failed"] });
    expect(result).toEqual({ events: [], incomplete: [] });
    expect(api.requests).toEqual([]);
  });
});

describe("odd identifiers never take the answer down", () => {
  it("alertEvents leaves the link out for a _cid that is not /alert/<digits>", () => {
    const alert = { _cid: "/alert/abc", _occurred_on: 1700000000 } as CirconusAlert;
    const events = alertEvents(alert, { service: "x" }, circonusUiLinks("https://a.example/"));
    expect(events).toHaveLength(1);
    expect(events[0]!.url).toBeUndefined();
    expect(circonusUiLinks("https://a.example/").checkBundle("not-a-cid")).toBeUndefined();
    expect(circonusUiLinks("https://a.example/").alert({ _cid: "/alert/12", _alert_url: "javascript:alert(1)" })).toBe("https://a.example/fault-detection/alerts/12");
  });
});

describe("tags in upper case", () => {
  it("reads the env of an alert tagged ENV:PROD, so it can be linked to a prod deploy", async () => {
    server.use(...fakeCirconusApi(BASE, { alerts: [fakeAlert(9, s0 + 1800, null, ["SERVICE:Checkout", "ENV:PROD"])], annotations: [], now }).handlers);
    const circonus = makeClient({ uiUrl: UI });
    const deploy: ServiceEvent = { id: "wf-1", provider: "ci", kind: "deploy", start: new Date((s0 + 600) * 1000).toISOString(), env: "prod", title: "deploy", keys: {} };
    const ci: Connector = {
      id: "ci",
      displayName: "CI",
      credential: { provider: "ci", kind: "test", secret: new Secret("ci-secret-value-1") },
      verify: async () => ({ provider: "ci", ok: true, credential: { kind: "test", masked: "****" }, checks: [] }),
      correlator: { provider: "ci", resolve: () => [], extract: () => ({}), audit: () => [], find: async () => ({ resources: [], incomplete: [] }), events: async () => ({ events: [deploy], incomplete: [] }) },
    };
    const timeline = await createHub({ connectors: [circonus, ci] }).timeline(keys, { since, until });
    expect(timeline.events.find((e) => e.id === "/alert/9:opened")).toMatchObject({ env: "prod" });
    expect(timeline.suspects).toEqual([expect.objectContaining({ alertId: "/alert/9:opened", deployId: "wf-1", gapMs: 1_200_000 })]);
  });
});
