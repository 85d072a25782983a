import type { CircleCIClient, CircleCIResource } from "@toolweave/connector-circleci";
import type { CirconusClient } from "@toolweave/connector-circonus";
import { createHub, type AuditFinding, type ConnectorResult } from "@toolweave/core";
import type { ServiceEntry } from "../catalog.js";
import type { Providers } from "../providers.js";

/** Recent pipelines scanned per project for workflow names and parameters. */
const PIPELINES_PER_PROJECT = 20;

async function circleciFindings(
  client: CircleCIClient,
  clientFor: (service: ServiceEntry) => CircleCIClient | undefined,
  services: readonly ServiceEntry[],
  signal?: AbortSignal,
): Promise<AuditFinding[]> {
  const opts = signal ? { signal } : {};
  const findings: AuditFinding[] = [];
  const orgs = new Set<string>();
  for (const service of services) {
    const project = await client.getProject(service.repo, opts);
    if (project.organization_slug) orgs.add(project.organization_slug);
    const pipelines = await client.listPipelines(service.repo, opts).toArray({ limit: PIPELINES_PER_PROJECT });
    const resources: CircleCIResource[] = pipelines.map((data) => ({ kind: "pipeline", data }));
    const seen = new Set<string>();
    for (const pipeline of pipelines.slice(0, 5)) {
      for (const workflow of await client.listPipelineWorkflows(pipeline.id, opts).toArray()) {
        if (seen.has(workflow.name)) continue;
        seen.add(workflow.name);
        resources.push({ kind: "workflow", data: workflow });
      }
    }
    const serviceClient = clientFor(service) ?? client;
    for (const finding of serviceClient.correlator.audit(resources)) findings.push({ ...finding, service: finding.service ?? service.name });
  }
  for (const orgSlug of orgs) {
    const contexts = await client.listContexts({ ownerSlug: orgSlug, ...opts }).toArray();
    findings.push(...client.correlator.audit(contexts.map((data) => ({ kind: "context", data, orgSlug }))));
  }
  return collapseFindings(findings);
}

async function circonusFindings(client: CirconusClient, signal?: AbortSignal): Promise<AuditFinding[]> {
  const bundles = await client.listCheckBundles(signal ? { signal } : {}).toArray();
  return client.correlator.audit(bundles);
}

/**
 * One finding per rule broken the same way: the same parameter problem in 20 pipelines is one
 * line ("… in 20 recent pipelines"), keeping the newest pipeline as the example.
 */
export function collapseFindings(findings: readonly AuditFinding[]): AuditFinding[] {
  const groups = new Map<string, { finding: AuditFinding; count: number }>();
  for (const f of findings) {
    const key =
      f.resource.kind === "pipeline"
        ? `${f.provider}|pipeline|${f.service ?? ""}|${f.rule}|${f.suggestion ?? ""}|${f.message.replace(/#\d+/g, "")}`
        : `${f.provider}|${f.resource.kind}|${f.resource.id}|${f.rule}|${f.message}`;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { finding: f, count: 1 });
  }
  return [...groups.values()].map(({ finding, count }) =>
    count > 1 ? { ...finding, message: `${finding.message} (in ${count} recent pipelines; newest: ${finding.resource.name})` } : finding,
  );
}

/** `audit`: naming-convention findings in every tool, optionally for one service. */
export async function runAudit(
  providers: Providers,
  services: readonly ServiceEntry[],
  only: string | undefined,
  signal?: AbortSignal,
): Promise<ConnectorResult<AuditFinding[]>[]> {
  const hub = createHub({ connectors: providers.connectors, concurrency: 2 });
  const results = await hub.fanOut<AuditFinding[]>(
    (connector, s) => (connector === providers.circleci ? circleciFindings(providers.circleci, (svc) => providers.circleciFor(svc), services, s) : circonusFindings(providers.circonus!, s)),
    signal ? { signal } : {},
  );
  if (!only) return results;
  return results.map((r) => (r.ok ? { ...r, value: r.value.filter((f) => f.service === only) } : r));
}
