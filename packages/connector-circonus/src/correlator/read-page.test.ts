import { useMswServer } from "@toolweave/core/testing";
import { AbortedError, createCallMemo, type PageReading } from "@toolweave/core";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { circonusFixtures as fx } from "../__fixtures__/index.js";
import { createDeepLinks } from "../deep-links.js";
import { TOKEN, UI, testClient, url } from "../test-utils.js";

const { server, requests } = useMswServer();

const alert = fx.alertList[0]!; // /alert/4378611 on /check/62514, tagged
const check = fx.checkList[0]!; // /check/62514 of /check_bundle/45315
const bundle = fx.checkBundleSearch[0]!; // /check_bundle/45315, tagged env:prod service:checkout team:payments
const graph = fx.graphList[0]!;
const GRAPH = "6b0a6e9e-3c1f-4d2b-9a51-7f0b2f4c5e10";
const ruleSet = fx.ruleSetList[0]!; // /rule_set/98231, tagged

/** The API as the fixtures say it is: the account (its `_ui_base_url` is UI) and one object of each kind. */
function serveFixtures() {
  server.use(
    http.get(url("/account/current"), () => HttpResponse.json(fx.accountCurrent)),
    http.get(url("/alert/4378611"), () => HttpResponse.json(alert)),
    http.get(url("/alert/4378555"), () => HttpResponse.json(fx.alertCleared)),
    http.get(url("/check/62514"), () => HttpResponse.json(check)),
    http.get(url("/check_bundle/45315"), () => HttpResponse.json(bundle)),
    http.get(url(`/graph/${GRAPH}`), () => HttpResponse.json(graph)),
    http.get(url("/rule_set/98231"), () => HttpResponse.json(ruleSet)),
  );
}

const read = async (page: string, client = testClient({ retry: false })) => client.correlator.pages.read(new URL(page));
const focusOf = (reading: PageReading | undefined) => {
  if (!reading?.ok) throw new Error(`expected a focus, got ${JSON.stringify(reading)}`);
  return reading.focus;
};
const paths = () => requests.map((r) => new URL(r.url).pathname);

describe("pages.origins", () => {
  it("is the uiUrl setting's origin, with no request", async () => {
    expect(await testClient({ uiUrl: "https://Ops.Inside.Example.com/ui" }).correlator.pages.origins()).toEqual(["https://ops.inside.example.com"]);
    expect(requests).toEqual([]);
  });

  it("is learnt from the account's _ui_base_url, read once", async () => {
    serveFixtures();
    const client = testClient();
    expect(await client.correlator.pages.origins()).toEqual(["https://example-ops.circonus.com"]);
    expect(await client.correlator.pages.origins()).toEqual(["https://example-ops.circonus.com"]);
    expect(paths()).toEqual(["/v2/account/current"]);
  });

  it("is empty, never a rejection, when the UI host cannot be learnt", async () => {
    server.use(http.get(url("/account/current"), () => HttpResponse.json({ code: "InternalError", message: "internal error", explanation: "Something went wrong on our end", server: "api1.example.circonus.net" }, { status: 500 })));
    expect(await testClient({ retry: false }).correlator.pages.origins()).toEqual([]);
    server.use(http.get(url("/account/current"), () => HttpResponse.json({ ...fx.accountCurrent, _ui_base_url: null })));
    expect(await testClient({ retry: false }).correlator.pages.origins()).toEqual([]);
    const aborted = new AbortController();
    aborted.abort(new Error("stop"));
    expect(await testClient().correlator.pages.origins({ signal: aborted.signal })).toEqual([]);
  });
});

describe("pages.read: which page a URL is", () => {
  const ALERT_URL = `${UI}fault-detection/alerts/4378611`;
  it.each([
    // [url, kind, id, focus.url]
    [ALERT_URL, "alert", "4378611", ALERT_URL],
    [`${UI}fault-detection/alerts/4378611/`, "alert", "4378611", ALERT_URL],
    [`${UI}fault-detection/alerts/4378611?tab=history#notes`, "alert", "4378611", ALERT_URL],
    ["https://EXAMPLE-OPS.Circonus.COM:443/fault-detection/alerts/4378611", "alert", "4378611", ALERT_URL],
    [`${UI}fault-detection/alerts/%34%33%37%38%36%31%31`, "alert", "4378611", ALERT_URL],
    // The older `_alert_url` form (go-apiclient's alert fixtures, circli output).
    [`${UI}fault-detection?alert_id=4378611`, "alert", "4378611", ALERT_URL],
    [`${UI}fault-detection/?alert_id=4378611&x=1#top`, "alert", "4378611", ALERT_URL],
    [`${UI}checks/62514`, "check", "62514", `${UI}checks/62514`],
    [`${UI}checks/62514/`, "check", "62514", `${UI}checks/62514`],
    [`${UI}checks/62514/metrics?search=duration`, "check", "62514", `${UI}checks/62514/metrics`],
    [`${UI}trending/graphs/view/${GRAPH}`, "graph", GRAPH, `${UI}trending/graphs/view/${GRAPH}`],
    [`${UI}trending/graphs/edit/${GRAPH.toUpperCase()}/`, "graph", GRAPH, `${UI}trending/graphs/edit/${GRAPH}`],
    [`${UI}fault-detection/rules/98231#rules`, "rule-set", "98231", `${UI}fault-detection/rules/98231`],
  ] as const)("%s → %s %s", async (page, kind, id, focusUrl) => {
    serveFixtures();
    const reading = await read(page);
    expect(reading).toMatchObject({ ok: true, incomplete: [] });
    expect(focusOf(reading)).toMatchObject({ provider: "circonus", kind, id, url: focusUrl });
  });

  it.each([
    ["another host", "https://grafana.example.com/fault-detection/alerts/4378611"],
    ["another account's UI", "https://other-acct.circonus.com/checks/62514"],
    ["http, not https", "http://example-ops.circonus.com/checks/62514"],
    ["another port", "https://example-ops.circonus.com:8443/checks/62514"],
  ])("is undefined on %s, with no lookup", async (_, page) => {
    serveFixtures();
    expect(await read(page)).toBeUndefined();
    expect(paths()).toEqual(["/v2/account/current"]);
  });

  it.each([
    ["the UI root", UI],
    ["a dashboard", `${UI}dashboards/view/d4a0b5a2-7c1e-4b3f-8d2a-1f0e9c8b7a65`],
    ["the metrics browser", `${UI}checks/metrics?search=*duration*`],
    ["metric clusters", `${UI}checks/clusters?id=12`],
    ["a non-numeric check id", `${UI}checks/abc`],
    ["a malformed escape in an id", `${UI}checks/%zz`],
    ["a truncated UTF-8 escape", `${UI}fault-detection/alerts/%E0%A4%A`],
    ["a bad alert_id", `${UI}fault-detection?alert_id=4378611%20or%201`],
    ["the alert list", `${UI}fault-detection/alerts`],
    ["the rule set search", `${UI}fault-detection/rules?search=duration`],
    ["a graph id that is no UUID", `${UI}trending/graphs/view/not-a-uuid`],
  ])("is not read on %s: the reason names the pages it reads", async (_, page) => {
    serveFixtures();
    const reading = await read(page);
    expect(reading).toMatchObject({ ok: false });
    expect(reading).toHaveProperty("reason", expect.stringContaining("alerts (fault-detection/alerts/<id>), checks (checks/<id>)"));
    expect(paths()).toEqual(["/v2/account/current"]);
  });

  it("reads the UI under the uiUrl's path, and only there", async () => {
    serveFixtures();
    const client = testClient({ uiUrl: "https://ops.inside.example.com/ui", retry: false });
    const focus = focusOf(await read("https://OPS.inside.example.com/ui/checks/62514/", client));
    expect(focus).toMatchObject({ kind: "check", id: "62514", url: "https://ops.inside.example.com/ui/checks/62514" });
    // Outside the UI's path is not a page of the UI (as for every reader: core's pagePathUnder).
    expect(await read("https://ops.inside.example.com/checks/62514", client)).toBeUndefined();
    // The account is not read when uiUrl is set.
    expect(paths()).toEqual(["/v2/check/62514", "/v2/check_bundle/45315"]);
  });

  it("keeps credentials and the query out of the focus and the reason", async () => {
    serveFixtures();
    const focus = focusOf(await read(`https://someone:hunter2@example-ops.circonus.com/checks/62514?token=${TOKEN}`));
    expect(focus.url).toBe(`${UI}checks/62514`);
    const refused = await read(`https://someone:hunter2@example-ops.circonus.com/nowhere?token=${TOKEN}`);
    expect(JSON.stringify([focus, refused])).not.toMatch(/hunter2|someone|token=/);
    expect(JSON.stringify([focus, refused])).not.toContain(TOKEN);
  });
});

describe("pages.read: what the lookups add", () => {
  it("an alert: its tags' keys, when it opened, its check", async () => {
    serveFixtures();
    const focus = focusOf(await read(`${UI}fault-detection/alerts/4378611`));
    expect(focus).toEqual({
      provider: "circonus",
      kind: "alert",
      id: "4378611",
      label: "alert 4378611",
      url: `${UI}fault-detection/alerts/4378611`,
      keys: { env: "prod", service: "checkout", team: "payments" },
      attributes: {
        eventId: "/alert/4378611",
        at: "2023-11-14T22:15:00.000Z",
        severity: 1,
        check: "/check/62514",
        checkName: "checkout.example.com health",
        metric: "duration",
        ruleSet: "/rule_set/98231",
      },
    });
    // Tags on the alert itself: its bundle is not read.
    expect(paths()).toEqual(["/v2/account/current", "/v2/alert/4378611"]);
  });

  it("a cleared alert: when it cleared", async () => {
    serveFixtures();
    const focus = focusOf(await read(`${UI}fault-detection/alerts/4378555`));
    expect(focus.attributes).toMatchObject({ at: "2023-11-14T19:26:40.000Z", cleared: "2023-11-14T23:13:20.000Z" });
    expect(focus.keys).toEqual({ env: "prod", service: "checkout", team: "payments" });
  });

  it("an alert without tags: its check bundle's tags, and the bundle", async () => {
    serveFixtures();
    server.use(http.get(url("/alert/4378611"), () => HttpResponse.json({ ...alert, _tags: [] })));
    const reading = await read(`${UI}fault-detection/alerts/4378611`);
    expect(reading).toMatchObject({ ok: true, incomplete: [] });
    expect(focusOf(reading).keys).toEqual({ env: "prod", service: "checkout", team: "payments" });
    expect(focusOf(reading).attributes).toMatchObject({ checkBundle: "/check_bundle/45315", at: "2023-11-14T22:15:00.000Z" });
    expect(paths()).toEqual(["/v2/account/current", "/v2/alert/4378611", "/v2/check/62514", "/v2/check_bundle/45315"]);
  });

  it("a check: its bundle's tags", async () => {
    serveFixtures();
    const focus = focusOf(await read(`${UI}checks/62514`));
    expect(focus).toMatchObject({
      label: "check 62514",
      keys: { env: "prod", service: "checkout", team: "payments" },
      attributes: { checkBundle: "/check_bundle/45315", checkName: "checkout.example.com health" },
    });
  });

  it("a graph: its title and tags", async () => {
    serveFixtures();
    const focus = focusOf(await read(`${UI}trending/graphs/view/${GRAPH}`));
    expect(focus).toMatchObject({ label: 'graph "checkout latency"', keys: { env: "prod", service: "checkout" }, attributes: { title: "checkout latency" } });
  });

  it("a rule set: its inherited tags; without any, its check's bundle; a multi-check rule set has none", async () => {
    serveFixtures();
    expect(focusOf(await read(`${UI}fault-detection/rules/98231`))).toMatchObject({
      label: "rule set 98231",
      keys: { env: "prod", service: "checkout", team: "payments" },
      attributes: { check: "/check/62514", metric: "duration", name: "checkout latency" },
    });
    server.use(
      http.get(url("/rule_set/98233"), () => HttpResponse.json({ ...ruleSet, _cid: "/rule_set/98233", tags: [] })),
      http.get(url("/rule_set/98232"), () => HttpResponse.json(fx.ruleSetList[1])),
    );
    const untagged = focusOf(await read(`${UI}fault-detection/rules/98233`));
    expect(untagged).toMatchObject({ keys: { env: "prod", service: "checkout", team: "payments" }, attributes: { checkBundle: "/check_bundle/45315" } });
    const multi = await read(`${UI}fault-detection/rules/98232`);
    expect(multi).toMatchObject({ ok: true, incomplete: [], focus: { keys: {}, attributes: { check: "/check/0", metric: "^used$" } } });
    expect(paths().filter((p) => p.startsWith("/v2/check"))).toEqual(["/v2/check/62514", "/v2/check_bundle/45315"]);
  });

  it("a failed lookup is an incomplete part; the focus keeps what the URL said", async () => {
    serveFixtures();
    server.use(http.get(url("/alert/4378611"), () => HttpResponse.json({ code: "InternalError", message: "internal error", explanation: "Something went wrong on our end", server: "api1.example.circonus.net" }, { status: 500 })));
    const reading = await read(`${UI}fault-detection/alerts/4378611`);
    expect(reading).toMatchObject({
      ok: true,
      focus: { kind: "alert", id: "4378611", label: "alert 4378611", url: `${UI}fault-detection/alerts/4378611`, keys: {}, attributes: {} },
      incomplete: [{ lookup: "alert 4378611 (GET /alert/4378611)", error: { status: 500 } }],
    });
    expect(JSON.stringify(reading)).not.toContain(TOKEN);
  });

  it("a failed bundle lookup keeps the check's facts", async () => {
    serveFixtures();
    server.use(http.get(url("/check_bundle/45315"), () => HttpResponse.json({ code: "NotFound", message: "not found", explanation: "The requested object was not found", server: "api1.example.circonus.net" }, { status: 404 })));
    const reading = await read(`${UI}checks/62514`);
    expect(reading).toMatchObject({
      ok: true,
      focus: { kind: "check", keys: {}, attributes: { checkBundle: "/check_bundle/45315" } },
      incomplete: [{ lookup: "check bundle 45315 (GET /check_bundle/45315)", error: { kind: "not_found", status: 404 } }],
    });
  });

  it("shares an answer's memo: a page read twice for one answer is looked up once", async () => {
    serveFixtures();
    const client = testClient();
    const memo = createCallMemo();
    await client.correlator.pages.read(new URL(`${UI}checks/62514`), { memo });
    await client.correlator.pages.read(new URL(`${UI}checks/62514/metrics`), { memo });
    expect(paths()).toEqual(["/v2/account/current", "/v2/check/62514", "/v2/check_bundle/45315"]);
  });
});

describe("pages.read cancelled by its caller", () => {
  it("rejects with an AbortedError before or during its lookups, never an incomplete part", async () => {
    serveFixtures();
    const before = new AbortController();
    before.abort(new Error("stop"));
    const early = await testClient()
      .correlator.pages.read(new URL(`${UI}checks/62514`), { signal: before.signal })
      .catch((e: unknown) => e);
    expect(AbortedError.isInstance(early)).toBe(true);

    const during = new AbortController();
    let reached!: () => void;
    const lookupStarted = new Promise<void>((resolve) => (reached = resolve));
    server.use(
      http.get(url("/check/62514"), async () => {
        reached();
        await new Promise(() => {}); // answers only by the caller's abort
      }),
    );
    const pending = testClient({ uiUrl: UI })
      .correlator.pages.read(new URL(`${UI}checks/62514`), { signal: during.signal })
      .catch((e: unknown) => e);
    await lookupStarted;
    during.abort(new Error("stop"));
    expect(AbortedError.isInstance(await pending)).toBe(true);
  });
});

describe("pages.read is the inverse of the deep links", () => {
  const links = createDeepLinks(UI);
  it.each([
    ["alert (from its _alert_url)", links.alert(alert), "alert", "4378611"],
    ["alert (built from its CID)", links.alert({ _cid: "/alert/4378611", _alert_url: null }), "alert", "4378611"],
    ["alert (older _alert_url form)", links.alert({ _cid: "/alert/4378611", _alert_url: `${UI}fault-detection?alert_id=4378611` }), "alert", "4378611"],
    ["check", links.check("/check/62514"), "check", "62514"],
    ["graph", links.graph(`/graph/${GRAPH}`), "graph", GRAPH],
    ["rule set", links.ruleSet("/rule_set/98231"), "rule-set", "98231"],
    // The UI's /checks/<n> is the page of /check/<n>: a bundle's link is read as the check of its number.
    ["check bundle (its first check's page)", links.checkBundle({ _checks: ["/check/62514"] }), "check", "62514"],
  ])("%s", async (_, link, kind, id) => {
    serveFixtures();
    expect(link).toBeDefined();
    expect(focusOf(await read(link!))).toMatchObject({ kind, id });
  });

  it("builds no rule set link for a legacy <check>_<metric> id, which has no page", () => {
    expect(links.ruleSet("/rule_set/11641_tt_firstbyte")).toBeUndefined();
    expect(links.check("/check_bundle/1")).toBeUndefined();
  });
});
