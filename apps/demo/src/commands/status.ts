import type { CircleCIClient, LastDeploy, PipelineStatus } from "@toolweave/connector-circleci";
import { epochIso, type CirconusClient } from "@toolweave/connector-circonus";
import { createHub, httpsUrl, type ConnectorResult, type IncompletePart } from "@toolweave/core";
import type { ServiceEntry } from "../catalog.js";
import type { Providers } from "../providers.js";

export interface CircleCiStatus {
  /** Latest pipeline on the default branch, with the project and workflow states. */
  latest: PipelineStatus;
  /** Per env: the deploy that finished last, and what could not be read (non-empty: it may not be the last). */
  deploys: { env: string; deploy: LastDeploy | null; incomplete: IncompletePart[] }[];
  workflows: {
    name: string;
    successRate: number;
    totalRuns: number;
    failedRuns: number;
    medianDurationMs: number | null;
    p95DurationMs: number | null;
  }[];
  reportingWindow: string;
  /** The branch insights cover (the default branch), or "all". */
  insightsBranch: string;
  /** Every lookup that failed (latest pipeline, deploys, insights): non-empty means this answer is incomplete. */
  incomplete: IncompletePart[];
  /**
   * When no deploy was found: the deploy workflow name the convention expects, and the
   * differently named deploy-like workflows this project does run (a naming mismatch `audit` explains).
   */
  deployNaming: { expected: string; found: string[] } | null;
}

export interface CirconusStatus {
  alerts: {
    id: string;
    severity: number;
    checkName: string | null;
    metric: string | null;
    value: string | null;
    occurredAt: string | null;
    acknowledged: boolean;
    url: string | null;
  }[];
  alertsBySeverity: Record<string, number>;
  checkBundles: { id: string; name: string; type: string | null; target: string | null; status: string | null; url: string | null; tags: string[] }[];
  /** Circonus search strings sent (for scripts); humans are shown `tags`. */
  searches: { alerts: string; checkBundles: string };
  /** The tags searched for, e.g. ["service:checkout", "env:prod"]. */
  tags: string[];
  /** Lists the server cut short (the items read are shown); a failed request fails the Circonus side as a whole. */
  incomplete: IncompletePart[];
}

const REPORTING_WINDOW = "last-30-days" as const;

async function circleciStatus(client: CircleCIClient, service: ServiceEntry, envs: readonly string[], signal?: AbortSignal): Promise<CircleCiStatus> {
  const opts = signal ? { signal } : {};
  const latest = await client.latestPipelineStatus(service.repo, opts);
  const branch = latest.project.defaultBranch ?? undefined;
  const insightsList = client.getWorkflowInsights(service.repo, { reportingWindow: REPORTING_WINDOW, ...(branch ? { branch } : { allBranches: true as const }), ...opts });
  const [deploys, insights] = await Promise.all([
    Promise.all(
      envs.map(async (env) => {
        const result = await client.lastDeploy({ project: service.repo, service: service.name, env, ...(branch ? { branch } : {}), ...opts });
        return { env, deploy: result.deploy, incomplete: result.incomplete.map((part) => ({ ...part, lookup: `last ${env} deploy: ${part.lookup}` })) };
      }),
    ),
    insightsList.toArray({ limit: 50 }),
  ]);
  const incomplete: IncompletePart[] = [...latest.incomplete, ...deploys.flatMap((d) => d.incomplete)];
  if (insightsList.truncated) incomplete.push(cutShort(`workflow insights of ${service.repo} after the first ${insights.length}`, insightsList.truncated.reason));
  const expected = (service.conventions?.circleci?.deployWorkflow ?? "deploy-{service}").replace(/\{service\}/g, service.name);
  const seen = [...new Set([...latest.workflows.map((w) => w.name), ...insights.map((w) => w.name)])];
  const found = seen.filter((name) => name !== expected && /deploy/i.test(name));
  const noneFound = deploys.some((d) => d.deploy === null && d.incomplete.length === 0);
  return {
    latest,
    deploys,
    deployNaming: noneFound && found.length && !seen.includes(expected) ? { expected, found } : null,
    reportingWindow: REPORTING_WINDOW,
    insightsBranch: branch ?? "all",
    incomplete,
    workflows: insights.map((w) => ({
      name: w.name,
      successRate: w.metrics.success_rate,
      totalRuns: w.metrics.total_runs,
      failedRuns: w.metrics.failed_runs,
      medianDurationMs: w.metrics.duration_metrics_ms.median,
      p95DurationMs: w.metrics.duration_metrics_ms.p95,
    })),
  };
}

async function circonusStatus(client: CirconusClient, service: ServiceEntry, env: string | undefined, signal?: AbortSignal): Promise<CirconusStatus> {
  const opts = signal ? { signal } : {};
  const tags = { service: service.name, ...(env ? { env } : {}) };
  const alertList = client.listAlerts({ active: true, search: { tags }, ...opts });
  const bundleList = client.listCheckBundles({ search: { tags }, ...opts });
  const [alerts, bundles, links] = await Promise.all([
    alertList.toArray({ limit: 200 }),
    bundleList.toArray({ limit: 200 }),
    // Deep links need the account's UI host; without it, alerts still carry `_alert_url`.
    client.uiLinks(opts).catch(() => undefined),
  ]);
  const alertsBySeverity: Record<string, number> = {};
  for (const alert of alerts) alertsBySeverity[String(alert._severity)] = (alertsBySeverity[String(alert._severity)] ?? 0) + 1;
  const tagList = Object.entries(tags).map(([k, v]) => `${k}:${v}`);
  const tagSearch = `(tags:${tagList.join(",")})`;
  const tagWords = tagList.join(", ");
  return {
    alerts: alerts
      .map((a) => ({
        id: a._cid,
        severity: a._severity ?? 0,
        checkName: a._check_name ?? null,
        metric: a._metric_name ?? null,
        value: a._value === null || a._value === undefined ? null : String(a._value),
        // epochIso leaves out an epoch a Date cannot hold instead of throwing RangeError.
        occurredAt: epochIso(a._occurred_on) ?? null,
        acknowledged: Boolean(a._acknowledgement),
        // A link that cannot be built (odd _cid, non-https _alert_url) is left out, never fatal.
        url: (links ? links.alert(a) : httpsUrl(a._alert_url)) ?? null,
      }))
      .sort((x, y) => x.severity - y.severity),
    alertsBySeverity,
    checkBundles: bundles.map((b) => ({
      id: b._cid,
      name: b.display_name ?? b._cid,
      type: b.type ?? null,
      target: b.target ?? null,
      status: b.status ?? null,
      url: links?.checkBundle(b._cid) ?? null,
      tags: b.tags ?? [],
    })),
    searches: { alerts: `${tagSearch}(active:1)`, checkBundles: tagSearch },
    tags: tagList,
    incomplete: [
      ...(alertList.truncated ? [cutShort(`active alerts tagged ${tagWords} after the first ${alerts.length}`, alertList.truncated.reason)] : []),
      ...(bundleList.truncated ? [cutShort(`check bundles tagged ${tagWords} after the first ${bundles.length}`, bundleList.truncated.reason)] : []),
    ],
  };
}

/** A list that ended early for a reason the server gave: retrying may get the rest. */
function cutShort(lookup: string, reason: string): IncompletePart {
  return { lookup, error: { kind: "service", message: reason, isRetryable: true }, retryable: true };
}

export type StatusResult = ConnectorResult<CircleCiStatus | CirconusStatus>;

/** The incomplete parts of every provider that answered. */
export function incompleteParts(results: readonly StatusResult[]): { connectorId: string; part: IncompletePart }[] {
  return results.flatMap((r) => (r.ok ? r.value.incomplete.map((part) => ({ connectorId: r.connectorId, part })) : []));
}

/** `status <service>`: both tools side by side through the hub; each part fails on its own. */
export async function runStatus(providers: Providers, service: ServiceEntry, env: string | undefined, signal?: AbortSignal): Promise<StatusResult[]> {
  const envs = env ? [env] : service.envs;
  const hub = createHub({ connectors: providers.connectors, concurrency: 2 });
  return hub.fanOut<CircleCiStatus | CirconusStatus>(
    (connector, s) =>
      connector === providers.circleci
        ? circleciStatus(providers.circleciFor(service) ?? providers.circleci, service, envs, s)
        : circonusStatus(providers.circonus!, service, env, s),
    signal ? { signal } : {},
  );
}
