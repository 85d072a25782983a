import { createHub, type HttpHooks, type ThrottleSettings } from "@toolweave/core";
import { createTestServer, type Provider } from "../test-server/index.js";
import { circleciFor, circonusFor } from "./clients.js";
import { fmt, printTable, runIfMain, writeResult } from "./report.js";

const SERVICES = 200;
/** Server limit per provider (requests/s in any 1-second window) and answer latency. */
const LIMIT = 100;
const LATENCY_MS = 20;
const RETRY_AFTER_S = 1;
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
    const server = await createTestServer({ record: false, latencyMs: LATENCY_MS, rateLimit: { requestsPerSecond: LIMIT, retryAfterSeconds: RETRY_AFTER_S } });
    try {
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
      results.push({ variant: variant.name, throttle: variant.throttle, wallMs, correlations: all.length, refsFound: refs, failures: failures.length, incomplete, failureKinds, providers });
    } finally {
      await server.close();
    }
  }
  printTable(
    `2. Fan-out: hub.correlate for ${SERVICES} services at once; server limit ${LIMIT} req/s per provider, ${LATENCY_MS} ms latency, Retry-After ${RETRY_AFTER_S} s`,
    ["variant", "provider", "wall s", "requests", "achieved req/s", "fraction of limit", "429 received", "429 retried", "failures"],
    rows,
  );
  writeResult("fan-out", { services: SERVICES, limitPerProvider: LIMIT, latencyMs: LATENCY_MS, retryAfterSeconds: RETRY_AFTER_S, variants: results });
  return results;
}

runIfMain("fan-out", runFanOut);
