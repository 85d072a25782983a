import { useMswServer } from "@toolweave/core/testing";
import { AuthenticationError, createCallMemo, PermissionError } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { circonusFixtures as fx } from "./__fixtures__/index.js";
import { annotationHasTags, deployMarker, parseDeployMarker } from "./service-events.js";
import { UI, testClient, url } from "./test-utils.js";

const { server } = useMswServer();
const since = new Date("2023-11-14T18:00:00.000Z");
const until = new Date("2023-11-15T00:00:00.000Z");
const keys = { service: "checkout", env: "prod" };
const marker = deployMarker("circleci", "bb22cc33-dd44-4e55-9f66-007788990011");
const deployNote = {
  ...fx.annotationList[0],
  _cid: "/annotation/1301",
  title: "deploy checkout f454a02",
  category: "deploy",
  description: `Deployed #1207 by jdoe\nhttps://app.circleci.com/pipelines/github/acme/checkout/1207\nservice:checkout env:prod\n${marker}`,
  start: 1699995000,
  stop: 1699995000,
  rel_metrics: [],
};
const otherService = { ...deployNote, _cid: "/annotation/1302", description: "service:checkout-api env:prod" };
const outOfWindow = { ...deployNote, _cid: "/annotation/1303", start: 1690000000, stop: 1690000000 };

function handlers(options: { alerts?: (active: boolean) => Response; annotations?: () => Response } = {}) {
  const searches: string[] = [];
  return {
    searches,
    list: [
      http.get(url("/alert"), ({ request }) => {
        const search = new URL(request.url).searchParams.get("search") ?? "";
        searches.push(search);
        const active = search.includes("(active:1)");
        if (options.alerts) return options.alerts(active);
        return HttpResponse.json(active ? fx.alertList : [fx.alertCleared]);
      }),
      http.get(url("/annotation"), ({ request }) => {
        searches.push(new URL(request.url).searchParams.get("search") ?? "");
        return options.annotations ? options.annotations() : HttpResponse.json([deployNote, otherService, outOfWindow, fx.annotationList[0]]);
      }),
    ],
  };
}

describe("correlator.events", () => {
  it("lists alerts opened and cleared, with severity, check and links, and the service's annotations", async () => {
    const h = handlers();
    server.use(...h.list);
    const { events, incomplete } = await testClient({ uiUrl: UI }).correlator.events(keys, { since, until });
    expect(incomplete).toEqual([]);
    const byId = Object.fromEntries(events.map((e) => [e.id, e]));
    expect(Object.keys(byId).sort()).toEqual(["/alert/4378555:cleared", "/alert/4378555:opened", "/alert/4378611:opened", "/alert/4378702:opened", "/annotation/1301"]);
    expect(byId["/alert/4378555:opened"]).toMatchObject({
      provider: "circonus",
      kind: "alert-opened",
      start: "2023-11-14T19:26:40.000Z",
      end: "2023-11-14T23:13:20.000Z",
      env: "prod",
      severity: 2,
      url: "https://example-ops.circonus.com/fault-detection/alerts/4378555",
      keys: { service: "checkout", env: "prod", team: "payments" },
      title: "sev 2 alert: checkout.example.com health / duration = 3412",
      attributes: { check: "/check/62514", metric: "duration", acknowledged: false },
    });
    expect(byId["/alert/4378555:cleared"]).toMatchObject({ kind: "alert-cleared", start: "2023-11-14T23:13:20.000Z", severity: 2 });
    expect(byId["/alert/4378611:opened"]).toMatchObject({ start: "2023-11-14T22:15:00.000Z", severity: 1, url: "https://example-ops.circonus.com/fault-detection/alerts/4378611" });
    expect(byId["/alert/4378611:opened"]!.end).toBeUndefined();
    expect(byId["/annotation/1301"]).toMatchObject({
      kind: "annotation",
      start: "2023-11-14T20:50:00.000Z",
      env: "prod",
      title: "[deploy] deploy checkout f454a02",
      attributes: { category: "deploy", marks: { provider: "circleci", id: "bb22cc33-dd44-4e55-9f66-007788990011" } },
    });
    expect(byId["/annotation/1301"]!.end).toBeUndefined();
    // Alerts are searched by when they opened, in 30-day windows from `since` minus 90 days (the
    // alertLookbackDays default) to `until`, newest first, once active and once cleared.
    const u = until.getTime() / 1000;
    const from = since.getTime() / 1000 - 90 * 86400;
    const windows = [
      [u - 30 * 86400, u],
      [u - 60 * 86400 - 1, u - 30 * 86400 - 1],
      [u - 90 * 86400 - 2, u - 60 * 86400 - 2],
      [from, u - 90 * 86400 - 3],
    ];
    const tuple = (active: number, [a, b]: number[]) => `(tags:service:checkout,env:prod)(active:${active})(occurred_on_start:${a})(occurred_on_end:${b})`;
    expect(h.searches.filter((s) => s.includes("(active:1)"))).toEqual(windows.map((w) => tuple(1, w)));
    expect(h.searches.filter((s) => s.includes("(active:0)"))).toEqual(windows.map((w) => tuple(0, w)));
    expect(h.searches).toContain("(description:*service:checkout*)");
  });

  it("keeps a deploy annotation that names only service and env when the keys also carry team and component", async () => {
    // demo annotate writes `service:<s> env:<e>` only; a timeline asked with more keys must still show its markers.
    const staging = { ...deployNote, _cid: "/annotation/1304", description: "service:checkout env:staging" };
    const otherTeam = { ...deployNote, _cid: "/annotation/1305", description: "service:checkout env:prod team:search" };
    server.use(...handlers({ annotations: () => HttpResponse.json([deployNote, staging, otherTeam, otherService]) }).list);
    const { events } = await testClient({ uiUrl: UI }).correlator.events({ ...keys, team: "payments", component: "api" }, { since, until });
    expect(events.filter((e) => e.kind === "annotation").map((e) => e.id)).toEqual(["/annotation/1301"]);
  });

  it("leaves out an alert whose occurred_on a date cannot hold, and one with other tags", async () => {
    const broken = { ...fx.alertList[0], _cid: "/alert/1", _occurred_on: 9e15 };
    const elsewhere = { ...fx.alertList[0], _cid: "/alert/2", _tags: ["service:checkout", "env:staging"] };
    const clearedOutOfRange = { ...fx.alertCleared, _cid: "/alert/3", _cleared_on: -9e15 };
    server.use(...handlers({ alerts: (active) => HttpResponse.json(active ? [broken, elsewhere] : [clearedOutOfRange]), annotations: () => HttpResponse.json([]) }).list);
    const { events } = await testClient({ uiUrl: UI }).correlator.events(keys, { since, until });
    expect(events.map((e) => e.id)).toEqual(["/alert/3:opened"]);
    expect(events[0]!.end).toBeUndefined();
    expect(events[0]!.attributes).toMatchObject({ clearedOnOutOfRange: -9e15 });
  });

  it("keeps the alerts when the annotation search fails, and says so", async () => {
    server.use(...handlers({ annotations: () => HttpResponse.json({ code: "ServerError", message: "unavailable" }, { status: 503 }) }).list);
    const { events, incomplete } = await testClient({ uiUrl: UI, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 } }).correlator.events(keys, { since, until });
    expect(events.filter((e) => e.kind === "alert-opened")).toHaveLength(3);
    expect(incomplete).toEqual([expect.objectContaining({ lookup: "annotations marked service:checkout starting 2023-11-14T18:00:00.000Z–2023-11-15T00:00:00.000Z", retryable: true }),
      expect.objectContaining({ lookup: "annotations marked service:checkout starting before 2023-11-14T18:00:00.000Z and reaching it", retryable: true }),
    ]);
  });

  it("searches alerts in windows of at most 30 days, back alertLookbackDays before since", async () => {
    const h = handlers({ alerts: () => HttpResponse.json([]), annotations: () => HttpResponse.json([]) });
    server.use(...h.list);
    // 75 days of window plus 10 days of look-back: three windows of each kind.
    await testClient({ uiUrl: UI, alertLookbackDays: 10 }).correlator.events(keys, { since: new Date("2023-09-01T00:00:00.000Z"), until });
    expect(h.searches.filter((s) => s.includes("(active:0)"))).toHaveLength(3);
    expect(h.searches.filter((s) => s.includes("(active:1)"))).toHaveLength(3);
  });

  it("searches each alert window once among the calls of one answer (a page showing a timeline and delivery health)", async () => {
    const h = handlers();
    const reads: string[] = [];
    const record = ({ request }: { request: Request }) => {
      const u = new URL(request.url);
      if (u.pathname.endsWith("/alert")) reads.push(decodeURIComponent(u.search));
    };
    server.events.on("request:start", record);
    server.use(...h.list);
    const client = testClient();
    const memo = createCallMemo();
    // A day's timeline and a month's delivery, both ending at `until`: their 30-day alert windows are the same.
    await client.correlator.events(keys, { since, until, memo });
    await client.correlator.events(keys, { since: new Date(until.getTime() - 30 * 86_400_000), until, memo });
    server.events.removeListener("request:start", record);
    // Each request (search and filters) once; the month asks older windows the day did not.
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.length, reads.join("\n")).toBe(new Set(reads).size);
    // Without a memo (two answers), each reads for itself.
    const before = h.searches.length;
    await client.correlator.events(keys, { since, until });
    expect(h.searches.length).toBeGreaterThan(before);
  });

  it("rejects with the first error when every search fails (an unapproved app)", async () => {
    server.use(
      http.get(url("/alert"), () => HttpResponse.json(fx.errors.notApproved, { status: 401 })),
      http.get(url("/annotation"), () => HttpResponse.json(fx.errors.notApproved, { status: 401 })),
    );
    const error = await testClient({ uiUrl: UI }).correlator.events(keys, { since, until }).catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error), String(error)).toBe(true);
  });
});

describe("createAnnotation and the app approval", () => {
  it("401: the app is not approved for the token — says where to approve it, nothing retried", async () => {
    let calls = 0;
    server.use(
      http.post(url("/annotation"), () => {
        calls += 1;
        return HttpResponse.json(fx.errors.notApproved, { status: 401 });
      }),
    );
    const error = await testClient().createAnnotation({ title: "deploy", category: "deploy", start: 1 }).catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error), String(error)).toBe(true);
    expect((error as AuthenticationError).fix).toMatch(/toolweave-tests/);
    expect(calls).toBe(1);
  });

  it("403 Forbidden.BadApp: the app is denied — a PermissionError naming the fix", async () => {
    server.use(http.post(url("/annotation"), () => HttpResponse.json(fx.errors.forbiddenBadApp, { status: 403 })));
    const error = await testClient().createAnnotation({ title: "deploy", category: "deploy", start: 1 }).catch((e: unknown) => e);
    expect(PermissionError.isInstance(error), String(error)).toBe(true);
    expect((error as PermissionError).fix).toBeTruthy();
  });
});

describe("deploy markers", () => {
  it("round-trips provider and id, ids with colons included", () => {
    expect(parseDeployMarker(`text\n${deployMarker("circleci", "a:b")}\n`)).toEqual({ provider: "circleci", id: "a:b" });
    expect(parseDeployMarker("no marker")).toBeUndefined();
    expect(parseDeployMarker("toolweave-deploy:circleci:")).toBeUndefined();
    expect(parseDeployMarker(null)).toBeUndefined();
  });

  it("matches an annotation's tags as whole words", () => {
    expect(annotationHasTags({ description: "x\nservice:checkout env:prod" }, ["service:checkout", "env:prod"])).toBe(true);
    expect(annotationHasTags({ description: "service:checkout-api env:prod" }, ["service:checkout"])).toBe(false);
    expect(annotationHasTags({ description: null }, ["service:checkout"])).toBe(false);
  });

  it("needs the service tag; another wanted tag must match only when the annotation names that category", () => {
    const wanted = ["service:checkout", "env:prod", "team:payments"];
    expect(annotationHasTags({ description: "service:checkout env:prod" }, wanted)).toBe(true);
    expect(annotationHasTags({ description: "service:checkout env:staging" }, wanted)).toBe(false);
    expect(annotationHasTags({ description: "service:checkout team:search" }, wanted)).toBe(false);
    expect(annotationHasTags({ description: "env:prod team:payments" }, wanted)).toBe(false);
  });
});
