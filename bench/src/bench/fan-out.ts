import { Octokit } from "@octokit/core";
import { throttling } from "@octokit/plugin-throttling";
import { createHub, type HttpHooks, type ThrottleSettings } from "@toolweave/core";
import Bottleneck from "bottleneck";
import { CIRCLECI_TOKEN, createTestServer, type Provider, type TestServer } from "../test-server/index.js";
import { circleciFor, circonusFor } from "./clients.js";
import { fmt, printTable, runIfMain, writeResult } from "./report.js";
import { withServer } from "./with-server.js";

const SERVICES = 200;
/** Server limit per provider (requests/s in any 1-second window) and answer latency. */
const LIMIT = 100;
const LATENCY_MS = 20;
const RETRY_AFTER_S = 1;
/** A fresh server at LIMIT, for each variant (a sliding window left over would skew the next). */
const limitedServer = () => createTestServer({ record: false, latencyMs: LATENCY_MS, rateLimit: { requestsPerSecond: LIMIT, retryAfterSeconds: RETRY_AFTER_S } });
/** Client throttle just under the limit. */
const THROTTLED: ThrottleSettings = { maxConcurrency: 8, requestsPerSecond: Math.floor(LIMIT * 0.9) };

interface Variant {
  name: string;
  throttle: ThrottleSettings | false;
}

const VARIANTS: readonly Variant[] = [
  { name: "default settings (adaptive rate, 8 in flight)", throttle: {} },
  { name: `throttled (${THROTTLED.requestsPerSecond} req/s, ${THROTTLED.maxConcurrency} in flight)`, throttle: THROTTLED },
  { name: "naive Promise.all (throttle off)", throttle: false },
];

/**
 * Benchmark 2: status-style correlation of 200 services through the hub (`hub.correlate`:
 * CircleCI project, contexts, recent pipelines and their workflows; Circonus check bundles,
 * rule sets, alerts) against a server limited to LIMIT requests/s per provider with 20 ms
 * latency. All 200 correlations start at once; only the client throttle differs. Retries stay
 * at core's defaults (4 retries, Retry-After honoured).
 */
export async function runFanOut() {
  const rows: (string | number)[][] = [];
  const results = [];
  for (const variant of VARIANTS) {
    const result = await withServer(limitedServer(), async (server) => {
      const retried429: Record<Provider, number> = { circleci: 0, circonus: 0 };
      const span: Record<Provider, { first: number; last: number }> = { circleci: { first: Infinity, last: 0 }, circonus: { first: Infinity, last: 0 } };
      const hooks: HttpHooks = {
        onRequest: (e) => {
          const s = span[e.provider as Provider];
          s.first = Math.min(s.first, performance.now());
        },
        onResponse: (e) => {
          span[e.provider as Provider].last = performance.now();
        },
        onRetry: (e) => {
          if (e.status === 429) retried429[e.provider as Provider]++;
        },
      };
      const runtime = { throttle: variant.throttle, hooks };
      const hub = createHub({ connectors: [circleciFor(server, runtime), circonusFor(server, runtime)], concurrency: 2 });
      const started = performance.now();
      const perService = await Promise.all(
        Array.from({ length: SERVICES }, (_, i) => {
          const service = `svc-${String(i).padStart(3, "0")}`;
          return hub.correlate({ service, env: "prod", repo: `gh/acme/${service}` });
        }),
      );
      const wallMs = performance.now() - started;
      const all = perService.flat();
      const failures = all.filter((r) => !r.ok);
      const failureKinds: Record<string, number> = {};
      for (const f of failures) if (!f.ok) failureKinds[`${f.connectorId}:${f.error.kind}`] = (failureKinds[`${f.connectorId}:${f.error.kind}`] ?? 0) + 1;
      const refs = all.reduce((n, r) => n + (r.ok ? r.value.resources.length : 0), 0);
      // Answers that came back but with a lookup missing (contract version 2): not failures, not complete either.
      const incomplete = all.filter((r) => r.ok && r.value.incomplete.length > 0).length;
      const c = server.counters;
      const providers = (["circleci", "circonus"] as const).map((p) => {
        const accepted = c.byProvider[p] - c.rateLimited[p];
        const seconds = (span[p].last - span[p].first) / 1000;
        return { provider: p, requests: c.byProvider[p], accepted, received429: c.rateLimited[p], retried429: retried429[p], activeSeconds: seconds, achievedPerSecond: accepted / seconds, fractionOfLimit: accepted / seconds / LIMIT };
      });
      for (const p of providers) {
        rows.push([variant.name, p.provider, fmt(wallMs / 1000, 1), p.requests, fmt(p.achievedPerSecond, 1), fmt(p.fractionOfLimit), p.received429, p.retried429, failures.filter((f) => f.connectorId === p.provider).length]);
      }
      return { variant: variant.name, throttle: variant.throttle, wallMs, correlations: all.length, refsFound: refs, failures: failures.length, incomplete, failureKinds, providers };
    });
    results.push(result);
  }
  printTable(
    `2. Fan-out: hub.correlate for ${SERVICES} services at once; server limit ${LIMIT} req/s per provider, ${LATENCY_MS} ms latency, Retry-After ${RETRY_AFTER_S} s`,
    ["variant", "provider", "wall s", "requests", "achieved req/s", "fraction of limit", "429 received", "429 retried", "failures"],
    rows,
  );
  const peers = await runFanOutPeers();
  writeResult("fan-out", { services: SERVICES, limitPerProvider: LIMIT, latencyMs: LATENCY_MS, retryAfterSeconds: RETRY_AFTER_S, variants: results, peers });
  return { variants: results, peers };
}

/** GETs started at once in the peers' comparison (one per project, like a status page's fan-out). */
const PEER_REQUESTS = 1_200;
/** Retries after a 429, for every client (core's default). */
const PEER_RETRIES = 4;

class RateLimited extends Error {
  constructor(readonly retryAfterMs: number) {
    super("HTTP 429");
  }
}

/** A plain fetch of one project, throwing `RateLimited` on a 429 (what a Bottleneck job does). */
async function fetchProject(server: TestServer, i: number): Promise<unknown> {
  const response = await fetch(`${server.circleciBaseUrl}/project/gh/acme/svc-${i}`, { headers: { "circle-token": CIRCLECI_TOKEN, accept: "application/json" } });
  if (response.status === 429) {
    await response.body?.cancel();
    throw new RateLimited(Number(response.headers.get("retry-after") ?? "1") * 1000);
  }
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

/** Bottleneck around plain fetch, retrying a 429 after its Retry-After (up to PEER_RETRIES times). */
function bottleneckClient(options: Bottleneck.ConstructorOptions) {
  return (server: TestServer) => {
    const limiter = new Bottleneck(options);
    limiter.on("failed", (error: unknown, info) => (error instanceof RateLimited && info.retryCount < PEER_RETRIES ? error.retryAfterMs : undefined));
    return (i: number) => limiter.schedule(() => fetchProject(server, i));
  };
}

interface PeerVariant {
  name: string;
  client(server: TestServer): (i: number) => Promise<unknown>;
}

const PEER_VARIANTS: readonly PeerVariant[] = [
  { name: "toolweave, default settings (adaptive rate)", client: (server) => { const c = circleciFor(server); return (i) => c.getProject(`gh/acme/svc-${i}`); } },
  {
    name: `toolweave, tuned (${THROTTLED.requestsPerSecond} req/s, ${THROTTLED.maxConcurrency} in flight)`,
    client: (server) => {
      const c = circleciFor(server, { throttle: THROTTLED });
      return (i) => c.getProject(`gh/acme/svc-${i}`);
    },
  },
  {
    name: `Bottleneck, tuned like toolweave (${THROTTLED.maxConcurrency} concurrent, minTime ${fmt(1000 / THROTTLED.requestsPerSecond!, 1)} ms)`,
    client: bottleneckClient({ maxConcurrent: THROTTLED.maxConcurrency ?? null, minTime: 1000 / THROTTLED.requestsPerSecond! }),
  },
  { name: "Bottleneck, defaults (no limits)", client: bottleneckClient({}) },
  {
    name: "Octokit + plugin-throttling (baseUrl at the server, retry on onRateLimit)",
    client: (server) => {
      const ThrottledOctokit = Octokit.plugin(throttling);
      const octokit = new ThrottledOctokit({
        baseUrl: server.circleciBaseUrl,
        throttle: {
          onRateLimit: (_retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < PEER_RETRIES,
          onSecondaryRateLimit: (_retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < PEER_RETRIES,
        },
      });
      return (i) => octokit.request({ method: "GET", url: `/project/gh/acme/svc-${i}`, headers: { "circle-token": CIRCLECI_TOKEN } });
    },
  },
];

/**
 * Benchmark 2b: the same burst through the peers. PEER_REQUESTS GETs (one CircleCI project
 * each) start at once against the server limited to LIMIT req/s (429 + `Retry-After`, 20 ms
 * latency): toolweave with default settings and tuned, Bottleneck tuned like toolweave and with
 * its defaults (both around plain fetch, retrying a 429 after its Retry-After), and Octokit with
 * its throttling plugin pointed at the server with `baseUrl` (it retries when its onRateLimit
 * handler says so; it recognises GitHub's rate-limit answers, not a bare 429 + Retry-After).
 */
export async function runFanOutPeers() {
  const rows: (string | number)[][] = [];
  const results = [];
  for (const variant of PEER_VARIANTS) {
    const result = await withServer(limitedServer(), async (server) => {
      const one = variant.client(server);
      const started = performance.now();
      const settled = await Promise.allSettled(Array.from({ length: PEER_REQUESTS }, (_, i) => one(i)));
      const wallMs = performance.now() - started;
      const failures = settled.filter((r) => r.status === "rejected").length;
      const c = server.counters;
      const accepted = c.byProvider.circleci - c.rateLimited.circleci;
      // Accepted over the whole run (wall clock): the work done per second of waiting.
      const fraction = accepted / (wallMs / 1000) / LIMIT;
      rows.push([variant.name, fmt(wallMs / 1000, 1), c.byProvider.circleci, accepted, fmt(accepted / (wallMs / 1000), 1), fmt(fraction), c.rateLimited.circleci, failures]);
      return { variant: variant.name, requests: PEER_REQUESTS, wallMs, sent: c.byProvider.circleci, accepted, received429: c.rateLimited.circleci, failures, fractionOfLimit: fraction };
    });
    results.push(result);
  }
  printTable(
    `2b. Fan-out peers: ${PEER_REQUESTS} GETs at once; server limit ${LIMIT} req/s, ${LATENCY_MS} ms latency, Retry-After ${RETRY_AFTER_S} s; up to ${PEER_RETRIES} retries of a 429`,
    ["client", "wall s", "sent", "answered 200", "answered req/s", "fraction of limit", "429 received", "failures"],
    rows,
  );
  return results;
}

runIfMain("fan-out", runFanOut);
