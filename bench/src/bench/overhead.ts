import { createHttpClient } from "@toolweave/core";
import { CIRCLECI_TOKEN, CIRCONUS_APP, CIRCONUS_TOKEN, createTestServer } from "../test-server/index.js";
import { circleciFor, circonusFor } from "./clients.js";
import { fmt, median, percentile, printTable, runIfMain, writeResult } from "./report.js";

const WARMUP_ROUNDS = 200;
const ROUNDS = 1000;

interface Case {
  name: string;
  /** Plain `fetch` + `JSON.parse` of the same URL with the same headers. */
  plain: () => Promise<unknown>;
  /** Core's HTTP client without a schema: the shared runtime minus validation. */
  runtime: () => Promise<unknown>;
  /** The connector operation: runtime + lenient zod validation. */
  connector: () => Promise<unknown>;
}

const itemCount = (body: unknown): number =>
  Array.isArray(body) ? body.length : body && typeof body === "object" && Array.isArray((body as { items?: unknown }).items) ? (body as { items: unknown[] }).items.length : 1;

type Variant = "plain" | "runtime" | "connector";
const VARIANTS: readonly Variant[] = ["plain", "runtime", "connector"];

/**
 * Benchmark 1: per-request overhead of a connector GET against plain `fetch` + `JSON.parse`,
 * same server, interleaved (the order rotates every round so neither side gets a warmer
 * connection or JIT), medians reported. Throttle off: it would pace requests at 20/s.
 */
export async function runOverhead() {
  const server = await createTestServer({ record: false, circleci: { pipelinesFor: () => 1000 }, circonus: { checkBundles: 1000 } });
  try {
    const circleci = circleciFor(server, { throttle: false });
    const circonus = circonusFor(server, { throttle: false, uiUrl: "https://example-ops.circonus.com/" });
    const rawCircleCI = createHttpClient({
      provider: "circleci",
      baseUrl: `${server.circleciBaseUrl}/`,
      authenticate: (h) => h.set("circle-token", CIRCLECI_TOKEN),
      throttle: false,
    });
    const rawCirconus = createHttpClient({
      provider: "circonus",
      baseUrl: `${server.circonusBaseUrl}/`,
      authenticate: (h) => h.set("X-Circonus-Auth-Token", CIRCONUS_TOKEN),
      headers: { "X-Circonus-App-Name": CIRCONUS_APP, "Cache-Control": "no-store" },
      throttle: false,
    });
    const plain = (url: string, headers: Record<string, string>) => async () => {
      const response = await fetch(url, { headers: { accept: "application/json", ...headers } });
      return JSON.parse(await response.text());
    };
    const cci = { "circle-token": CIRCLECI_TOKEN };
    const cnx = { "x-circonus-auth-token": CIRCONUS_TOKEN, "x-circonus-app-name": CIRCONUS_APP, "cache-control": "no-store" };
    const slug = "gh/acme/checkout";
    const cases: Case[] = [
      {
        name: "CircleCI me (small object)",
        plain: plain(`${server.circleciBaseUrl}/me`, cci),
        runtime: () => rawCircleCI.get({ operation: "me", path: "me" }),
        connector: () => circleci.me(),
      },
      {
        name: "CircleCI pipelines page (20 items)",
        plain: plain(`${server.circleciBaseUrl}/project/${slug}/pipeline`, cci),
        runtime: () => rawCircleCI.get({ operation: "listPipelines", path: `project/${slug}/pipeline` }),
        connector: () => circleci.listPipelines(slug).toArray({ limit: 20 }),
      },
      {
        name: "Circonus check bundles page (100 items)",
        plain: plain(`${server.circonusBaseUrl}/check_bundle?search=${encodeURIComponent("(tags:service:checkout)")}&size=100&from=0`, cnx),
        runtime: () => rawCirconus.get({ operation: "listCheckBundles", path: "check_bundle", query: { search: "(tags:service:checkout)", size: 100, from: 0 } }),
        connector: () => circonus.listCheckBundles({ search: { tags: { service: "checkout" } }, pageSize: 100 }).toArray({ limit: 100 }),
      },
    ];
    const rows: (string | number)[][] = [];
    const results = [];
    for (const c of cases) {
      // Same payload on every path: check once that the three answer the same number of items.
      const sizes = [itemCount(await c.plain()), itemCount(await c.runtime()), itemCount(await c.connector())];
      if (new Set(sizes).size !== 1) throw new Error(`${c.name}: the variants answered different item counts (${sizes.join(", ")})`);
      const times: Record<Variant, number[]> = { plain: [], runtime: [], connector: [] };
      for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
        for (let k = 0; k < VARIANTS.length; k++) {
          const variant = VARIANTS[(round + k) % VARIANTS.length]!;
          const started = performance.now();
          await c[variant]();
          const elapsed = performance.now() - started;
          if (round >= WARMUP_ROUNDS) times[variant].push(elapsed);
        }
      }
      const m = { plain: median(times.plain), runtime: median(times.runtime), connector: median(times.connector) };
      const p95 = { plain: percentile(times.plain, 95), runtime: percentile(times.runtime, 95), connector: percentile(times.connector, 95) };
      rows.push([c.name, fmt(m.plain, 3), fmt(m.runtime, 3), fmt(m.connector, 3), fmt(m.runtime / m.plain), fmt(m.connector / m.plain), fmt(m.connector - m.runtime, 3)]);
      results.push({ case: c.name, rounds: ROUNDS, warmupRounds: WARMUP_ROUNDS, medianMs: m, p95Ms: p95, ratioWithoutValidation: m.runtime / m.plain, ratioWithValidation: m.connector / m.plain, validationCostMs: m.connector - m.runtime });
    }
    printTable(
      `1. Overhead: median ms per request, ${ROUNDS} interleaved rounds after ${WARMUP_ROUNDS} warm-up (loopback, 0 ms latency)`,
      ["case", "fetch+JSON.parse", "runtime, no validation", "connector (validated)", "ratio w/o validation", "ratio validated", "validation ms"],
      rows,
    );
    writeResult("overhead", { rounds: ROUNDS, warmupRounds: WARMUP_ROUNDS, requests: server.counters.total, cases: results });
    return results;
  } finally {
    await server.close();
  }
}

runIfMain("overhead", runOverhead);
