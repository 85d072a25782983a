import type { Hub } from "@toolweave/core";
import type { Service } from "./catalog.js";
import type { ConnectorOutcome, ServiceResult } from "./queue.js";

/** Thrown when no connector answered at all and every failure may pass on retry: BullMQ retries the job. */
export class RetryableJobError extends Error {
  override name = "RetryableJobError";
}

/**
 * Correlates every environment of one service through the hub and sums it up. One connector
 * failing never hides another's answer; an answer with lookups missing is `incomplete`, never
 * counted as complete. When nothing at all came back and every failure is retryable (a 429
 * storm, a timeout, a 5xx), it throws {@link RetryableJobError} so the queue tries again later.
 */
export async function correlateService(hub: Hub, run: string, service: Service, meta: { attempts: number; worker: string; signal?: AbortSignal }): Promise<ServiceResult> {
  const outcomes: ConnectorOutcome[] = [];
  for (const env of service.envs) {
    const keys = { service: service.name, env, repo: service.repo, ...(service.team ? { team: service.team } : {}), ...(service.component ? { component: service.component } : {}) };
    const results = await hub.correlate(keys, meta.signal ? { signal: meta.signal } : {});
    for (const result of results) {
      if (result.ok) {
        outcomes.push({
          env,
          connector: result.connectorId,
          ok: true,
          resources: result.value.resources.map((r) => ({ kind: r.kind, name: r.name, ...(r.url ? { url: r.url } : {}) })),
          incomplete: result.value.incomplete.map((p) => ({ lookup: p.lookup, kind: p.error.kind, message: p.error.message, retryable: p.retryable })),
        });
      } else {
        const e = result.error;
        outcomes.push({ env, connector: result.connectorId, ok: false, resources: [], incomplete: [], error: { kind: e.kind, message: e.message, ...(e.fix ? { fix: e.fix } : {}), retryable: e.isRetryable } });
      }
    }
  }
  if (outcomes.every((o) => !o.ok) && outcomes.every((o) => o.error?.retryable)) {
    throw new RetryableJobError(`${service.name}: every tool failed with a retryable error (${outcomes.map((o) => `${o.connector}: ${o.error?.kind}`).join(", ")}).`);
  }
  const complete = outcomes.every((o) => o.ok && o.incomplete.length === 0);
  return { service: service.name, run, status: complete ? "complete" : "incomplete", outcomes, attempts: meta.attempts, worker: meta.worker, finishedAt: new Date().toISOString() };
}
