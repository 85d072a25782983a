import { InvalidInputError, ToolweaveError } from "@toolweave/core";
import { settle, useMswServer } from "@toolweave/core/testing";
import { describe, expect, it } from "vitest";
import { buildSearch } from "./search.js";
import { BASE, TOKEN, APP } from "./test-utils.js";
import { createCirconus } from "./create-circonus.js";

// msw fails any request without a handler (onUnhandledRequest: "error"); `requests` counts what was sent.
const { requests } = useMswServer();
const client = createCirconus({ token: TOKEN, appName: APP, baseUrl: BASE, retry: false, throttle: false, uiUrl: undefined });
const any = (value: unknown) => value as never;

type Case = [label: string, call: () => unknown, names: RegExp];

const lists = ["listCheckBundles", "listChecks", "listRuleSets", "listContactGroups", "listGraphs", "listDashboards", "listMaintenance", "listAnnotations", "listAlerts"] as const;

const listCases: Case[] = lists.flatMap((name): Case[] => {
  const list = (options: unknown) => () => (client[name] as (o: unknown) => unknown)(options);
  return [
    [`${name}(5)`, list(5), /options.*the number 5/],
    [`${name}("service:x")`, list("service:x"), /options.*the string "service:x"/],
    [`${name}({ search: raw string })`, list({ search: "(tags:service:x)" }), /search.*buildSearch/],
    [`${name}({ search: 5 })`, list({ search: 5 }), /search/],
    [`${name}({ limit: 5 })`, list({ limit: 5 }), /unknown option.*limit/],
    [`${name}({ pageSize: -1 })`, list({ pageSize: -1 }), /pageSize/],
    [`${name}({ pageSize: NaN })`, list({ pageSize: Number.NaN }), /pageSize/],
    [`${name}({ pageSize: "10" })`, list({ pageSize: "10" }), /pageSize/],
    [`${name}({ maxPages: 0 })`, list({ maxPages: 0 }), /maxPages/],
    [`${name}({ dir: "up" })`, list({ dir: "up" }), /dir/],
    [`${name}({ filter: {} })`, list({ filter: {} }), /filter/],
    [`${name}({ signal: "x" })`, list({ signal: "x" }), /signal/],
  ];
});

const cases: Case[] = [
  ["getAccount(5)", () => client.getAccount(any(5)), /options/],
  ["getCurrentUser({ foo })", () => client.getCurrentUser(any({ foo: 1 })), /foo/],
  ["verify(5)", () => client.verify(any(5)), /options/],
  ["uiLinks(5)", () => client.uiLinks(any(5)), /options/],
  ["getCheckBundle(NaN)", () => client.getCheckBundle(Number.NaN), /check_bundle id.*NaN/],
  ["getCheckBundle(null)", () => client.getCheckBundle(any(null)), /check_bundle id.*null/],
  ["getCheckBundle(undefined)", () => client.getCheckBundle(any(undefined)), /check_bundle id.*undefined/],
  ["getCheckBundle(-1)", () => client.getCheckBundle(-1), /check_bundle id.*-1/],
  ["getCheckBundle(1.5)", () => client.getCheckBundle(1.5), /check_bundle id.*1\.5/],
  ["getCheckBundle(Infinity)", () => client.getCheckBundle(Number.POSITIVE_INFINITY), /check_bundle id/],
  ["getCheckBundle({})", () => client.getCheckBundle(any({})), /check_bundle id.*an object/],
  ["getCheckBundle('')", () => client.getCheckBundle(""), /check_bundle id/],
  ["getCheckBundle('NaN')", () => client.getCheckBundle("NaN"), /check_bundle id.*"NaN"/],
  ["getCheckBundle('/check_bundle/abc')", () => client.getCheckBundle("/check_bundle/abc"), /check_bundle id/],
  ["getCheckBundle(1, 5)", () => client.getCheckBundle(1, any(5)), /options/],
  ["getAlert(NaN)", () => client.getAlert(Number.NaN), /alert id.*NaN/],
  ["getAlert(null)", () => client.getAlert(any(null)), /alert id.*null/],
  ["getAlert('undefined')", () => client.getAlert("undefined"), /alert id/],
  ["updateCheckBundleTags(NaN, tags)", () => client.updateCheckBundleTags(Number.NaN, ["service:x"]), /check_bundle id.*NaN/],
  ["updateCheckBundleTags(1, null)", () => client.updateCheckBundleTags(1, any(null)), /tags.*null/],
  ["updateCheckBundleTags(1, 'service:x')", () => client.updateCheckBundleTags(1, any("service:x")), /tags.*the string/],
  ["updateCheckBundleTags(1, [5])", () => client.updateCheckBundleTags(1, any([5])), /tag/],
  ["updateCheckBundleTags(1, tags, 5)", () => client.updateCheckBundleTags(1, ["service:x"], any(5)), /options/],
  ["searchMetrics(null)", () => client.searchMetrics(any(null)), /query.*null/],
  ["searchMetrics(5)", () => client.searchMetrics(any(5)), /query.*the number 5/],
  ["searchMetrics(raw string)", () => client.searchMetrics(any("and(service:x)")), /query.*buildMetricQuery/],
  ["searchMetrics({})", () => client.searchMetrics({}), /term/],
  ["searchMetrics(q, 5)", () => client.searchMetrics({ service: "x" }, any(5)), /options/],
  ["searchMetrics(q, { size: 0 })", () => client.searchMetrics({ service: "x" }, { size: 0 }), /size/],
  ["searchMetrics(q, { activityStart: NaN })", () => client.searchMetrics({ service: "x" }, { activityStart: Number.NaN }), /activityStart/],
  ["searchMetrics(q, { activityEnd: invalid Date })", () => client.searchMetrics({ service: "x" }, { activityEnd: new Date("x") }), /activityEnd/],
  ["searchMetrics(q, { dir: 'up' })", () => client.searchMetrics({ service: "x" }, any({ dir: "up" })), /dir/],
  ["searchMetrics(q, { limit: 5 })", () => client.searchMetrics({ service: "x" }, any({ limit: 5 })), /limit/],
  ["listAlerts({ since: NaN })", () => client.listAlerts({ since: Number.NaN }), /since/],
  ["listAlerts({ active: 'yes' })", () => client.listAlerts(any({ active: "yes" })), /active/],
  ["createAnnotation(null)", () => client.createAnnotation(any(null)), /annotation/],
  ["createAnnotation(input, 5)", () => client.createAnnotation({ title: "t", category: "deploy", start: 1 }, any(5)), /options/],
];

describe("JavaScript-caller mistakes", () => {
  it.each([...cases, ...listCases])("%s gives InvalidInputError naming the argument, before any request", async (_label, call, names) => {
    const error = await settle(call);
    expect(error, "no error was raised").toBeDefined();
    expect(ToolweaveError.isInstance(error) ? `${(error as ToolweaveError).kind}: ${(error as Error).message}` : String(error)).toMatch(/^invalid_input: /);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as InvalidInputError).message).toMatch(names);
    expect((error as InvalidInputError).fix).toBeTruthy();
    expect(requests).toHaveLength(0);
  });
});

describe("built searches", () => {
  it("a raw string where a search built by buildSearch is expected is refused at run time", async () => {
    const error = (await settle(() => client.listCheckBundles({ search: "service:checkout" as never }))) as InvalidInputError;
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/listCheckBundles: search must be a spec object or a search built by buildSearch/);
    expect(error.fix).toMatch(/buildSearch\(\{ tags:/);
    expect(requests).toHaveLength(0);
  });

  it("a search built by buildSearch carries a marker that a look-alike object cannot copy", async () => {
    const built = buildSearch({ tags: { service: "checkout" } });
    expect(String(built)).toBe("(tags:service:checkout)");
    expect(JSON.stringify({ search: built })).toBe('{"search":"(tags:service:checkout)"}');
    const lookAlike = { ...built, text: "(tags:service:checkout)", toString: () => "(tags:service:checkout)" };
    const error = await settle(() => client.listCheckBundles({ search: lookAlike as never }));
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect(requests).toHaveLength(0);
  });
});
