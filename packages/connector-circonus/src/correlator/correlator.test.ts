import { useMswServer } from "@toolweave/core/testing";
import { describe, expect, it } from "vitest";
import { http, HttpResponse } from "msw";
import { InvalidInputError, PermissionError } from "@toolweave/core";
import { circonusFixtures as fx } from "../__fixtures__/index.js";
import { DEFAULT_TAG_CONVENTIONS } from "../conventions.js";
import { createCorrelator } from "./create-correlator.js";
import { UI, testClient, url } from "../test-utils.js";

const { server } = useMswServer();
const correlator = createCorrelator({ conventions: DEFAULT_TAG_CONVENTIONS });

describe("resolve", () => {
  it("describes tag searches on check bundles, rule sets and alerts", () => {
    const locators = correlator.resolve({ service: "checkout", env: "prod" });
    expect(locators.map((l) => [l.kind, l.value])).toEqual([
      ["check_bundle", "(tags:service:checkout,env:prod)"],
      ["rule_set", "(tags:service:checkout,env:prod)"],
      ["alert", "(tags:service:checkout,env:prod)"],
    ]);
    expect(locators.every((l) => l.provider === "circonus" && l.rule.length > 0)).toBe(true);
  });

  it("lower-cases keys and includes component and team", () => {
    expect(correlator.resolve({ service: "Web-Shop", component: "api", team: "payments" } as never)[0]!.value).toBe(
      "(tags:service:web-shop,component:api,team:payments)",
    );
  });

  it("uses configured tag categories", () => {
    const custom = createCorrelator({ conventions: { ...DEFAULT_TAG_CONVENTIONS, env: "environment" } });
    expect(custom.resolve({ service: "checkout", env: "prod" })[0]!.value).toBe("(tags:service:checkout,environment:prod)");
  });

  it("rejects keys that could inject search syntax", () => {
    expect(() => correlator.resolve({ service: "x)(active:0" } as never)).toThrow(/service/);
    let error: unknown;
    try {
      correlator.resolve({ service: "web shop" } as never);
    } catch (e) {
      error = e;
    }
    expect(InvalidInputError.isInstance(error)).toBe(true);
  });
});

describe("extract", () => {
  it("reads keys from tags, _tags and _check_tags", () => {
    expect(correlator.extract(fx.checkBundleSearch[0]!)).toEqual({ env: "prod", service: "checkout", team: "payments" });
    expect(correlator.extract(fx.alertList[1]!)).toEqual({ env: "prod", service: "checkout" });
    expect(correlator.extract(fx.metricList[0]!)).toEqual({ env: "prod", service: "checkout", team: "payments" });
  });

  it("leaves out conflicting and malformed values instead of guessing", () => {
    expect(correlator.extract(fx.checkBundlesNonConforming[0]!)).toEqual({ service: "payments", env: "prod", team: "payments" });
    expect(correlator.extract(fx.checkBundlesNonConforming[1]!)).toEqual({});
    expect(correlator.extract({ tags: null })).toEqual({});
  });

  // #23 item 6: tags match case-insensitively, so the keys must be read back the same way.
  it("reads mixed-case tags in lower case, as Circonus searches and stores them", () => {
    expect(correlator.extract({ _cid: "/alert/1", _tags: ["SERVICE:Checkout", "ENV:PROD"] })).toEqual({ service: "checkout", env: "prod" });
  });
});

describe("audit", () => {
  it("finds nothing on resources that follow the conventions", () => {
    expect(correlator.audit([...fx.checkBundleSearch, ...fx.alertList])).toEqual([]);
  });

  it("flags missing service tags, mixed case, malformed tags and conflicts", () => {
    const findings = correlator.audit([
      ...fx.checkBundlesNonConforming,
      { _cid: "/check_bundle/9", display_name: "untagged", tags: [] },
    ]);
    const summary = findings.map((f) => [f.resource.id, f.rule, f.severity, f.suggestion]);
    expect(summary).toEqual([
      // "Service:Payments" still names a service (stored lower-cased), so only the case is flagged.
      ["/check_bundle/60021", "tag-lowercase", "warning", "service:payments"],
      ["/check_bundle/60022", "tag-malformed", "warning", undefined],
      ["/check_bundle/60022", "tag-lowercase", "warning", "env:production cluster"],
      ["/check_bundle/60022", "tag-malformed", "warning", "env:productioncluster"],
      ["/check_bundle/60022", "tag-conflict", "error", undefined],
      ["/check_bundle/9", "tag-service-missing", "error", "service:<service>"],
    ]);
    const conflict = findings.find((f) => f.rule === "tag-conflict")!;
    expect(conflict.message).toContain("service:checkout, service:payments");
    expect(findings.every((f) => f.provider === "circonus")).toBe(true);
    expect(findings.find((f) => f.resource.id === "/check_bundle/9")!.resource.name).toBe("untagged");
  });
});

describe("find", () => {
  it("searches bundles, rule sets and active alerts by tag, with deep links and attributes", async () => {
    const searches: Record<string, string | null> = {};
    const record = (name: string, body: unknown) =>
      http.get(url(`/${name}`), ({ request }) => {
        searches[name] = new URL(request.url).searchParams.get("search");
        return HttpResponse.json(body as never);
      });
    server.use(
      record("check_bundle", [...fx.checkBundleSearch, fx.checkBundlesNonConforming[1]]),
      record("rule_set", fx.ruleSetList),
      record("alert", [fx.alertList[1], fx.alertList[0]]),
      http.get(url("/account/current"), () => HttpResponse.json(fx.accountCurrent)),
    );
    const { resources: refs, incomplete } = await testClient().correlator.find({ service: "checkout", env: "prod" });
    expect(incomplete).toEqual([]);
    expect(searches).toEqual({
      check_bundle: "(tags:service:checkout,env:prod)",
      rule_set: "(tags:service:checkout,env:prod)",
      alert: "(tags:service:checkout,env:prod)(active:1)",
    });
    // Bundle 60022 lacks env:prod and rule set 98232 has no tags: re-checked client-side.
    expect(refs.map((r) => [r.kind, r.id])).toEqual([
      ["check_bundle", "/check_bundle/45315"],
      ["check_bundle", "/check_bundle/51890"],
      ["rule_set", "/rule_set/98231"],
      ["alert", "/alert/4378611"],
      ["alert", "/alert/4378702"],
    ]);
    expect(refs[0]).toMatchObject({
      provider: "circonus",
      name: "checkout.example.com health",
      // The UI's /checks/<n> is the page of the check /check/<n>: a bundle links its first check's page.
      url: `${UI}checks/62513`,
      keys: { service: "checkout", env: "prod", team: "payments" },
      attributes: { status: "active", type: "http", target: "checkout.example.com", checks: 2 },
    });
    expect(refs[3]).toMatchObject({
      url: "https://example-ops.circonus.com/fault-detection/alerts/4378611",
      name: "checkout.example.com health / duration",
      attributes: { severity: 1, occurredAt: "2023-11-14T22:15:00.000Z", cleared: false, acknowledged: false, value: "3412" },
    });
    expect(refs[4]!.attributes).toMatchObject({ severity: 3, acknowledged: true });
  });

  it("builds links from uiUrl when set, and still answers when the account cannot be read", async () => {
    server.use(
      http.get(url("/check_bundle"), () => HttpResponse.json([fx.checkBundleSearch[0]])),
      http.get(url("/rule_set"), () => HttpResponse.json([])),
      http.get(url("/alert"), () => HttpResponse.json([{ ...fx.alertCleared, _cleared_on: null }])),
      http.get(url("/account/current"), () => HttpResponse.json({ message: "nope" }, { status: 500 })),
    );
    const withUi = (await testClient({ uiUrl: "https://ops.inside.example.com/ui" }).correlator.find({ service: "checkout" })).resources;
    expect(withUi.map((r) => r.url)).toEqual(["https://ops.inside.example.com/ui/checks/62513", "https://ops.inside.example.com/ui/fault-detection/alerts/4378555"]);
    const withoutUi = (await testClient({ retry: false }).correlator.find({ service: "checkout" })).resources;
    expect(withoutUi.map((r) => r.url)).toEqual([undefined, undefined]);
  });

  it("does not crash on an alert epoch beyond the Date range: the date is left out and the raw value marked", async () => {
    // The spec types _occurred_on as a plain integer; 1e16 s is far beyond ±8.64e12 s.
    const far = { ...fx.alertList[0]!, _occurred_on: 10_000_000_000_000_000, _cleared_on: -9_007_199_254_740_991 };
    server.use(
      http.get(url("/check_bundle"), () => HttpResponse.json([])),
      http.get(url("/rule_set"), () => HttpResponse.json([])),
      http.get(url("/alert"), () => HttpResponse.json([far])),
      http.get(url("/account/current"), () => HttpResponse.json(fx.accountCurrent)),
    );
    const { resources, incomplete } = await testClient().correlator.find({ service: "checkout" });
    expect(incomplete).toEqual([]);
    expect(resources).toHaveLength(1);
    expect(resources[0]!.attributes).not.toHaveProperty("occurredAt");
    expect(resources[0]!.attributes).not.toHaveProperty("clearedAt");
    expect(resources[0]!.attributes).toMatchObject({ occurredOnOutOfRange: 10_000_000_000_000_000, cleared: true });
  });

  it("reports a search that fails past retries in incomplete and keeps the others' results", async () => {
    server.use(
      http.get(url("/check_bundle"), () => HttpResponse.json([fx.checkBundleSearch[0]])),
      http.get(url("/rule_set"), () => HttpResponse.json({ code: "ServiceUnavailable", message: "try later" }, { status: 503 })),
      http.get(url("/alert"), () => HttpResponse.json([])),
      http.get(url("/account/current"), () => HttpResponse.json(fx.accountCurrent)),
    );
    const { resources, incomplete } = await testClient().correlator.find({ service: "checkout" });
    expect(resources.map((r) => r.id)).toEqual(["/check_bundle/45315"]);
    expect(incomplete).toEqual([
      { lookup: "rule sets tagged service:checkout", error: expect.objectContaining({ kind: "service", status: 503, isRetryable: true }), retryable: true },
    ]);
  });

  it("reports a search the server cut short (empty page while it says more) in incomplete, keeping what was read", async () => {
    server.use(
      http.get(url("/check_bundle"), ({ request }) =>
        new URL(request.url).searchParams.get("from") === "0"
          ? HttpResponse.json([fx.checkBundleSearch[0]], { headers: { "X-Circonus-More-Items": "true" } })
          : HttpResponse.json([], { headers: { "X-Circonus-More-Items": "true" } }),
      ),
      http.get(url("/rule_set"), () => HttpResponse.json([])),
      http.get(url("/alert"), () => HttpResponse.json([])),
      http.get(url("/account/current"), () => HttpResponse.json(fx.accountCurrent)),
    );
    const { resources, incomplete } = await testClient().correlator.find({ service: "checkout" });
    expect(resources.map((r) => r.id)).toEqual(["/check_bundle/45315"]);
    expect(incomplete).toEqual([
      { lookup: "check bundles tagged service:checkout after the first 1", error: expect.objectContaining({ kind: "service", isRetryable: true }), retryable: true },
    ]);
  });

  it("reports alerts beyond the 200 find collects instead of presenting the first 200 as all", async () => {
    const alert = fx.alertList[0]!;
    const many = Array.from({ length: 250 }, (_, i) => ({ ...alert, _cid: `/alert/${9_000_000 + i}` }));
    server.use(
      http.get(url("/check_bundle"), () => HttpResponse.json([])),
      http.get(url("/rule_set"), () => HttpResponse.json([])),
      http.get(url("/alert"), ({ request }) => {
        const params = new URL(request.url).searchParams;
        const from = Number(params.get("from") ?? 0);
        const size = Number(params.get("size") ?? 50);
        const page = many.slice(from, from + size);
        return HttpResponse.json(page, { headers: { "X-Circonus-More-Items": String(from + size < many.length) } });
      }),
      http.get(url("/account/current"), () => HttpResponse.json(fx.accountCurrent)),
    );
    const { resources, incomplete } = await testClient().correlator.find({ service: "checkout", env: "prod" });
    expect(resources.filter((r) => r.kind === "alert")).toHaveLength(200);
    expect(incomplete).toEqual([
      {
        lookup: "active alerts tagged service:checkout,env:prod beyond the first 200",
        error: expect.objectContaining({ kind: "pagination_limit", isRetryable: false }),
        retryable: false,
      },
    ]);
  });

  it("rejects when every search fails: there is nothing to report", async () => {
    server.use(
      http.get(url("/check_bundle"), () => HttpResponse.json({ code: "Forbidden.BadToken", message: "bad token" }, { status: 403 })),
      http.get(url("/rule_set"), () => HttpResponse.json({ code: "Forbidden.BadToken", message: "bad token" }, { status: 403 })),
      http.get(url("/alert"), () => HttpResponse.json({ code: "Forbidden.BadToken", message: "bad token" }, { status: 403 })),
      http.get(url("/account/current"), () => HttpResponse.json(fx.accountCurrent)),
    );
    await expect(testClient().correlator.find({ service: "checkout" })).rejects.toSatisfy((e: unknown) => PermissionError.isInstance(e));
  });
});
