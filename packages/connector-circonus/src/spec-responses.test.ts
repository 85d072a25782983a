// Every response the official OpenAPI spec allows for an operation this connector covers must
// be accepted: bodies are generated from the spec (test/spec/openapi.json, see SOURCE.md there)
// with every property, only the required ones, nulls wherever the spec says nullable, extreme
// numbers (epochs included), empty arrays and strings, unknown enum values and extra fields.
// Where the real API differs from the spec, the connector follows the real API; those cases
// are listed in the README ("Where the spec and the API differ").
import { readFileSync } from "node:fs";
import { specResponseSamples, type SpecSchema, useMswServer } from "@toolweave/core/testing";
import { http, HttpResponse, type JsonBodyType } from "msw";
import { describe, expect, it } from "vitest";
import type { CirconusClient } from "./create-circonus.js";
import { testClient, url } from "./test-utils.js";

const spec = JSON.parse(readFileSync(new URL("../test/spec/openapi.json", import.meta.url), "utf8")) as SpecSchema;
const { server } = useMswServer();

/** Covered operations: the spec path, the URL served, and the call that reads it. */
const operations: [string, string, (c: CirconusClient) => Promise<unknown>][] = [
  ["/account/current", "/account/current", (c) => c.getAccount()],
  ["/user/current", "/user/current", (c) => c.getCurrentUser()],
  ["/check_bundle", "/check_bundle", (c) => c.listCheckBundles().toArray()],
  ["/check_bundle/{id}", "/check_bundle/45315", (c) => c.getCheckBundle(45315)],
  ["/check", "/check", (c) => c.listChecks().toArray()],
  ["/alert", "/alert", (c) => c.listAlerts().toArray()],
  ["/rule_set", "/rule_set", (c) => c.listRuleSets().toArray()],
  ["/contact_group", "/contact_group", (c) => c.listContactGroups().toArray()],
  ["/graph", "/graph", (c) => c.listGraphs().toArray()],
  ["/dashboard", "/dashboard", (c) => c.listDashboards().toArray()],
  ["/maintenance", "/maintenance", (c) => c.listMaintenance().toArray()],
  ["/annotation", "/annotation", (c) => c.listAnnotations().toArray()],
];

/**
 * The spec's `required` lists describe request bodies (Alert's is Acknowledgement's, copied), so
 * it requires no response field, not even `_cid`. Every object the API returns has its `_cid`
 * (the object's own path, https://docs.circonus.com/circonus/api/), and the connector needs it as
 * the id: a `required-only` body keeps it. This is the one place the connector asks more than
 * the spec (see the README).
 */
function withCid(body: unknown, typical: unknown): unknown {
  if (Array.isArray(body)) return body.map((item, i) => withCid(item, (typical as unknown[])[i] ?? (typical as unknown[])[0]));
  if (body && typeof body === "object" && typical && typeof typical === "object" && "_cid" in typical) return { _cid: (typical as { _cid: unknown })._cid, ...body };
  return body;
}

function samples(path: string) {
  const all = specResponseSamples(spec, path);
  const typical = all.find((s) => s.mode === "typical")!.body;
  return all.map(({ mode, body }) => ({ mode, body: mode === "required-only" ? withCid(body, typical) : body }));
}

const cases = operations.flatMap(([path, served, call]) => samples(path).map(({ mode, body }) => [path, mode, served, call, body] as const));

describe("Circonus responses generated from the OpenAPI spec", () => {
  it.each(cases)("GET %s (%s body) is accepted", async (_path, _mode, served, call, body) => {
    server.use(http.get(url(served), () => HttpResponse.json(body as JsonBodyType)));
    await expect(call(testClient({ retry: false }))).resolves.toBeDefined();
  });

  it("covers every mode for every operation", () => {
    expect(cases).toHaveLength(operations.length * 6);
  });

  it("answers correlator.find from spec-generated alerts, bundles and rule sets, whatever their epochs", async () => {
    for (const mode of ["typical", "extremes", "odd", "nulls", "required-only", "empty"] as const) {
      // Tagged for the service, so every generated object reaches the code that reads it (dates included).
      const tagged = (item: unknown) => (item && typeof item === "object" ? { ...item, tags: ["service:checkout"], _tags: ["service:checkout"] } : item);
      const sample = (path: string) => {
        const body = samples(path).find((s) => s.mode === mode)!.body;
        return (Array.isArray(body) ? body.map(tagged) : body) as JsonBodyType;
      };
      server.use(
        http.get(url("/check_bundle"), () => HttpResponse.json(sample("/check_bundle"))),
        http.get(url("/rule_set"), () => HttpResponse.json(sample("/rule_set"))),
        http.get(url("/alert"), () => HttpResponse.json(sample("/alert"))),
        http.get(url("/account/current"), () => HttpResponse.json(sample("/account/current"))),
      );
      const result = await testClient({ retry: false }).correlator.find({ service: "checkout" });
      expect(result.incomplete, mode).toEqual([]);
      if (mode !== "empty") expect(result.resources.filter((r) => r.kind === "alert").length, mode).toBeGreaterThan(0);
    }
  });
});
