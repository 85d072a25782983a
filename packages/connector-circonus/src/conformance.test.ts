import { runConformanceSuite } from "@toolweave/core/testing";
import { http, HttpResponse } from "msw";
import { circonusFixtures as fx } from "./__fixtures__/index.js";
import { createCirconus, type CirconusClient } from "./create-circonus.js";

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
});
