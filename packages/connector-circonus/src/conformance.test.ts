import { runConformanceSuite } from "@toolweave/core/testing";
import { http, HttpResponse } from "msw";
import { circonusFixtures as fx } from "./__fixtures__/index.js";
import { createCirconus, type CirconusClient } from "./create-circonus.js";
import { circonusEventsScenarios } from "./events-scenarios.js";
import { fakeAlert, fakeAnnotation, fakeCirconusApi } from "./fake-circonus-api.js";

const CANARY = "9d7f3a1e-2b4c-4d6e-8f0a-c4a7a2c0ffee";

runConformanceSuite<CirconusClient>({
  name: "Circonus",
  baseUrl: "https://circonus.conformance.test/v2",
  secret: CANARY,
  create: ({ baseUrl, secret, runtime }) => createCirconus({ token: secret, appName: "toolweave-conformance", baseUrl, ...runtime }),
  authHeaders: { "x-circonus-auth-token": CANARY, "x-circonus-app-name": "toolweave-conformance" },
  get: {
    path: "/account/current",
    body: fx.accountCurrent,
    driftBody: { ...fx.accountCurrent, _cid: 1234 },
    call: (client, signal) => client.getAccount(signal ? { signal } : {}),
  },
  list: {
    path: "/check_bundle",
    call: (client) => client.listCheckBundles().toArray(),
    // The server ignores `from` and keeps saying there is more.
    loopingPage: () => ({ body: fx.checkBundleSearch, headers: { "X-Circonus-More-Items": "true" } }),
  },
  partialFind: {
    keys: { service: "checkout", env: "prod" },
    handlers: (base) => [
      http.get(`${base}/check_bundle`, () => HttpResponse.json(fx.checkBundleSearch)),
      http.get(`${base}/rule_set`, () => HttpResponse.json(fx.ruleSetList)),
      // The alert search stays rate limited past the retries.
      http.get(`${base}/alert`, () => new HttpResponse("rate limit", { status: 429, headers: { "retry-after": "0" } })),
      http.get(`${base}/account/current`, () => HttpResponse.json(fx.accountCurrent)),
    ],
    call: (client, keys) => client.correlator.find(keys),
    lookup: /^active alerts tagged service:checkout,env:prod$/,
  },
  events: {
    keys: { service: "checkout", env: "prod" },
    since: new Date("2023-11-14T18:00:00.000Z"),
    until: new Date("2023-11-15T00:00:00.000Z"),
    provider: "circonus",
    handlers: (base) => [
      http.get(`${base}/alert`, ({ request }) => HttpResponse.json(new URL(request.url).searchParams.get("search")?.includes("(active:1)") ? fx.alertList : [fx.alertCleared])),
      http.get(`${base}/annotation`, () => HttpResponse.json(fx.annotationList)),
      http.get(`${base}/account/current`, () => HttpResponse.json(fx.accountCurrent)),
    ],
    call: (client, keys, options) => client.correlator.events(keys, options),
  },
  eventsTruth: {
    // The scenarios bring their own UI root through the account, so links are built too.
    call: (client, keys, options) => client.correlator.events(keys, options),
    scenarios: circonusEventsScenarios.map((sc) => ({
      ...sc,
      handlers: (base: string) => [...sc.handlers(base), http.get(`${base}/account/current`, () => HttpResponse.json(fx.accountCurrent))],
    })),
  },
  oddIdentifiers: {
    keys: { service: "checkout", env: "prod" },
    since: new Date("2026-03-01T00:00:00.000Z"),
    until: new Date("2026-03-02T00:00:00.000Z"),
    handlers: (base, id) => {
      const at = Date.parse("2026-03-01T12:00:00.000Z") / 1000;
      const tags = ["service:checkout", "env:prod"];
      const alert = fakeAlert(id, at, null, tags, { _alert_url: id, _check_name: id });
      const annotation = { ...fakeAnnotation(1, at, "service:checkout env:prod"), _cid: id, title: id };
      return [
        ...fakeCirconusApi(base, { alerts: [alert], annotations: [annotation], now: new Date("2026-03-02T00:00:00.000Z") }).handlers,
        http.get(`${base}/check_bundle`, () => HttpResponse.json([{ ...fx.checkBundleSearch[0], _cid: id, display_name: id, tags }])),
        http.get(`${base}/rule_set`, () => HttpResponse.json([{ ...fx.ruleSetList[0], _cid: id, tags }])),
        http.get(`${base}/account/current`, () => HttpResponse.json(fx.accountCurrent)),
      ];
    },
    find: (client, keys) => client.correlator.find(keys),
    events: (client, keys, options) => client.correlator.events(keys, options),
  },
  pages: {
    provider: "circonus",
    reader: (client) => client.correlator.pages,
    // The UI host is learnt from the account's `_ui_base_url` (https://example-ops.circonus.com/).
    pages: [
      { url: "https://example-ops.circonus.com/fault-detection/alerts/4378611", kind: "alert" },
      { url: "https://example-ops.circonus.com/checks/62514", kind: "check" },
      { url: `https://example-ops.circonus.com/trending/graphs/view/${fx.graphList[0]!._cid.replace("/graph/", "")}`, kind: "graph" },
      { url: "https://example-ops.circonus.com/fault-detection/rules/98231", kind: "rule-set" },
    ],
    handlers: (base) => [
      http.get(`${base}/account/current`, () => HttpResponse.json(fx.accountCurrent)),
      http.get(`${base}/alert/4378611`, () => HttpResponse.json(fx.alertList[0])),
      http.get(`${base}/check/62514`, () => HttpResponse.json(fx.checkList[0])),
      http.get(`${base}/check_bundle/45315`, () => HttpResponse.json(fx.checkBundleSearch[0])),
      http.get(`${base}${fx.graphList[0]!._cid}`, () => HttpResponse.json(fx.graphList[0])),
      http.get(`${base}/rule_set/98231`, () => HttpResponse.json(fx.ruleSetList[0])),
    ],
  },
  verify: {
    handlers: (base) => [
      http.get(`${base}/account/current`, () => HttpResponse.json(fx.accountCurrent)),
      http.get(`${base}/user/current`, () => HttpResponse.json(fx.userCurrent)),
    ],
    create: ({ baseUrl, secret, runtime, expiresAt, createdAt }) =>
      createCirconus({
        token: secret,
        appName: "toolweave-conformance",
        baseUrl,
        ...(expiresAt ? { tokenExpiresAt: expiresAt } : {}),
        ...(createdAt ? { tokenCreatedAt: createdAt } : {}),
        ...runtime,
      }),
    call: (client, options) => client.verify(options),
  },
});
