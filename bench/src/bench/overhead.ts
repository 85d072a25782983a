import { request as octokitRequest } from "@octokit/request";
import { createCircleCI, pageSchema, pipelineSchema, userSchema } from "@toolweave/connector-circleci";
import { checkBundleSchema, createCirconus } from "@toolweave/connector-circonus";
import { createHttpClient } from "@toolweave/core";
import ky from "ky";
import { ofetch } from "ofetch";
import { z, type ZodType } from "zod";
import { CIRCLECI_TOKEN, CIRCONUS_APP, CIRCONUS_TOKEN } from "../test-server/index.js";
import { startRemoteServer } from "./remote-server.js";
import { fmt, median, percentile, printTable, runIfMain, writeResult } from "./report.js";
import { withServer } from "./with-server.js";

const WARMUP_ROUNDS = 200;
const ROUNDS = 1000;
/** Issue #15's target: the runtime and the connector within 10% of what they must do anyway. */
const TARGET = 1.1;

const VARIANTS = ["plain", "floor", "runtime", "core", "connector", "ofetch", "ky", "octokit"] as const;
type Variant = (typeof VARIANTS)[number];
const LABELS: Record<Variant, string> = {
  plain: "fetch + JSON.parse",
  floor: "fetch + JSON.parse + zod (validation floor)",
  runtime: "toolweave core, no schema",
  core: "toolweave core, same schema built once",
  connector: "toolweave connector",
  ofetch: "ofetch (no schema)",
  ky: "ky 1 (no schema)",
  octokit: "@octokit/request (no schema)",
};

type Case = { name: string } & Record<Variant, () => Promise<unknown>>;

const itemCount = (body: unknown): number =>
  Array.isArray(body) ? body.length : body && typeof body === "object" && Array.isArray((body as { items?: unknown }).items) ? (body as { items: unknown[] }).items.length : 1;

/**
 * Benchmark 1: per-request cost of a GET, interleaved in one run against the loopback test
 * server running in its own process (its time is not charged to the client). Each round runs
 * every variant once, in an order that rotates every round; medians after a warm-up. Variants:
 * plain `fetch` + `JSON.parse`; the same + `safeParse` with the connector's own schema (the
 * validation floor: what any validating client must do); core's HTTP client without and with
 * that schema (built once); the connector operation; and the peers ofetch, ky and
 * @octokit/request at their defaults (they parse JSON, none validates). toolweave's throttle is
 * off (it would pace requests); its timeouts, retries and redaction stay on.
 */
export async function runOverhead() {
  return withServer(startRemoteServer({ pipelines: 1000, checkBundles: 1000 }), async (server) => {
    const circleci = createCircleCI({ token: CIRCLECI_TOKEN, baseUrl: server.circleciBaseUrl, throttle: false });
    const circonus = createCirconus({ token: CIRCONUS_TOKEN, appName: CIRCONUS_APP, baseUrl: server.circonusBaseUrl, throttle: false, uiUrl: "https://example-ops.circonus.com/" });
    const coreCircleCI = createHttpClient({ provider: "circleci", baseUrl: `${server.circleciBaseUrl}/`, authenticate: (h) => h.set("circle-token", CIRCLECI_TOKEN), throttle: false });
    const coreCirconus = createHttpClient({
      provider: "circonus",
      baseUrl: `${server.circonusBaseUrl}/`,
      authenticate: (h) => h.set("X-Circonus-Auth-Token", CIRCONUS_TOKEN),
      headers: { "X-Circonus-App-Name": CIRCONUS_APP, "Cache-Control": "no-store" },
      throttle: false,
    });
    const cci = { "circle-token": CIRCLECI_TOKEN };
    const cnx = { "x-circonus-auth-token": CIRCONUS_TOKEN, "x-circonus-app-name": CIRCONUS_APP, "cache-control": "no-store" };
    const plainOf = (url: string, headers: Record<string, string>) => async () => {
      const response = await fetch(url, { headers: { accept: "application/json", ...headers } });
      return JSON.parse(await response.text());
    };
    const floorOf = (url: string, headers: Record<string, string>, schema: ZodType) => async () => {
      const response = await fetch(url, { headers: { accept: "application/json", ...headers } });
      const result = schema.safeParse(JSON.parse(await response.text()));
      if (!result.success) throw result.error;
      return result.data;
    };
    const peersOf = (url: string, headers: Record<string, string>) => ({
      ofetch: () => ofetch(url, { headers }),
      ky: () => ky.get(url, { headers }).json(),
      octokit: async () => (await octokitRequest({ method: "GET", url, headers })).data,
    });
    const slug = "gh/acme/checkout";
    const meUrl = `${server.circleciBaseUrl}/me`;
    const pipelinesUrl = `${server.circleciBaseUrl}/project/${slug}/pipeline`;
    const bundlesQuery = { search: "(tags:service:checkout)", size: 100, from: 0, order: "_cid" };
    const bundlesUrl = `${server.circonusBaseUrl}/check_bundle?${new URLSearchParams(Object.entries(bundlesQuery).map(([k, v]): [string, string] => [k, String(v)]))}`;
    // The connector's own schemas: the same instances it validates with.
    const pipelinePage = pageSchema(pipelineSchema);
    const bundleList = z.array(checkBundleSchema);
    const cases: Case[] = [
      {
        name: "CircleCI /me (small object)",
        plain: plainOf(meUrl, cci),
        floor: floorOf(meUrl, cci, userSchema),
        runtime: () => coreCircleCI.get({ operation: "me", path: "me" }),
        core: () => coreCircleCI.get({ operation: "me", path: "me", schema: userSchema }),
        connector: () => circleci.me(),
        ...peersOf(meUrl, cci),
      },
      {
        name: "CircleCI pipelines page (20 items)",
        plain: plainOf(pipelinesUrl, cci),
        floor: floorOf(pipelinesUrl, cci, pipelinePage),
        runtime: () => coreCircleCI.get({ operation: "listPipelines", path: `project/${slug}/pipeline` }),
        core: () => coreCircleCI.get({ operation: "listPipelines", path: `project/${slug}/pipeline`, schema: pipelinePage }),
        connector: () => circleci.listPipelines(slug).toArray({ limit: 20 }),
        ...peersOf(pipelinesUrl, cci),
      },
      {
        name: "Circonus check bundles page (100 items)",
        plain: plainOf(bundlesUrl, cnx),
        floor: floorOf(bundlesUrl, cnx, bundleList),
        runtime: () => coreCirconus.get({ operation: "listCheckBundles", path: "check_bundle", query: bundlesQuery }),
        core: () => coreCirconus.get({ operation: "listCheckBundles", path: "check_bundle", query: bundlesQuery, schema: bundleList }),
        connector: () => circonus.listCheckBundles({ search: { tags: { service: "checkout" } }, pageSize: 100 }).toArray({ limit: 100 }),
        ...peersOf(bundlesUrl, cnx),
      },
    ];
    const timeRows: (string | number)[][] = [];
    const ratioRows: (string | number)[][] = [];
    const results = [];
    for (const c of cases) {
      // Same payload on every path: check once that every variant answers the same number of items.
      const sizes = [];
      for (const v of VARIANTS) sizes.push(itemCount(await c[v]()));
      if (new Set(sizes).size !== 1) throw new Error(`${c.name}: the variants answered different item counts (${sizes.join(", ")})`);
      const times = Object.fromEntries(VARIANTS.map((v) => [v, [] as number[]])) as Record<Variant, number[]>;
      for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
        for (let k = 0; k < VARIANTS.length; k++) {
          const variant = VARIANTS[(round + k) % VARIANTS.length]!;
          const started = performance.now();
          await c[variant]();
          const elapsed = performance.now() - started;
          if (round >= WARMUP_ROUNDS) times[variant].push(elapsed);
        }
      }
      const m = Object.fromEntries(VARIANTS.map((v) => [v, median(times[v])])) as Record<Variant, number>;
      const p95 = Object.fromEntries(VARIANTS.map((v) => [v, percentile(times[v], 95)])) as Record<Variant, number>;
      const runtimeRatio = m.runtime / m.plain;
      const connectorRatio = m.connector / m.floor;
      timeRows.push([c.name, ...VARIANTS.map((v) => fmt(m[v], 3))]);
      for (const v of VARIANTS) {
        const target = v === "runtime" ? `${fmt(runtimeRatio)} ≤ ${TARGET} vs fetch: ${runtimeRatio <= TARGET ? "met" : "NOT met"}` : v === "connector" ? `${fmt(connectorRatio)} ≤ ${TARGET} vs floor: ${connectorRatio <= TARGET ? "met" : "NOT met"}` : "";
        ratioRows.push([c.name, LABELS[v], fmt(m[v], 3), fmt(m[v] / m.plain), fmt(m[v] / m.floor), target]);
      }
      results.push({ case: c.name, items: sizes[0], rounds: ROUNDS, warmupRounds: WARMUP_ROUNDS, medianMs: m, p95Ms: p95, runtimeOverPlain: runtimeRatio, connectorOverFloor: connectorRatio, coreOverFloor: m.core / m.floor, targetsMet: { runtime: runtimeRatio <= TARGET, connector: connectorRatio <= TARGET } });
    }
    printTable(
      `1. Overhead: median ms per request, ${ROUNDS} interleaved rounds after ${WARMUP_ROUNDS} warm-up (server in its own process, loopback, 0 ms latency)`,
      ["case", ...VARIANTS.map((v) => LABELS[v])],
      timeRows,
    );
    printTable(
      `1b. Overhead ratios (medians above): to plain fetch + JSON.parse, and to the validation floor; targets ≤ ${TARGET}`,
      ["case", "client", "median ms", "× fetch", "× floor", "target"],
      ratioRows,
    );
    writeResult("overhead", { rounds: ROUNDS, warmupRounds: WARMUP_ROUNDS, target: TARGET, cases: results });
    return results;
  });
}

runIfMain("overhead", runOverhead);
