import type { CircleCIClient, CircleCIResource } from "@toolweave/connector-circleci";
import type { CirconusClient } from "@toolweave/connector-circonus";
import { createHub, incompletePart, type AuditFinding, type ConnectorResult, type IncompletePart } from "@toolweave/core";
import type { ServiceEntry } from "../catalog.js";
import type { Providers } from "../providers.js";

/** Recent pipelines scanned per project for workflow names and parameters. */
const PIPELINES_PER_PROJECT = 20;
/** Services audited at the same time (each tool's throttle still bounds its requests). */
const SERVICES_AT_ONCE = 4;

/** One tool's audit: its findings, and every lookup that failed (so findings may be missing). */
export interface AuditReport {
  findings: AuditFinding[];
  incomplete: IncompletePart[];
}

async function circleciFindings(
  client: CircleCIClient,
  clientFor: (service: ServiceEntry) => CircleCIClient | undefined,
  services: readonly ServiceEntry[],
  signal?: AbortSignal,
): Promise<AuditReport> {
  const opts = signal ? { signal } : {};
  const findings: AuditFinding[] = [];
  const incomplete: IncompletePart[] = [];
  const errors: unknown[] = [];
  // A lookup that fails is reported and the audit goes on; an abort stops everything.
  const attempt = async <T>(lookup: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (error) {
      if (signal?.aborted) throw error;
      errors.push(error);
      incomplete.push(incompletePart(lookup, error));
      return undefined;
    }
  };
  const orgs = new Set<string>();
  let projectsRead = 0;
  // Services are read a few at a time (a large catalog would otherwise wait on one call at a
  // time); findings keep the catalog's order.
  const perService: AuditFinding[][] = services.map(() => []);
  let next = 0;
  const worker = async () => {
    while (next < services.length) {
      const index = next++;
      const service = services[index]!;
      const project = await attempt(`project ${service.repo}`, () => client.getProject(service.repo, opts));
      if (!project) continue;
      projectsRead += 1;
      if (project.organization_slug) orgs.add(project.organization_slug);
      const pipelines = (await attempt(`recent pipelines of ${service.repo}`, () => client.listPipelines(service.repo, opts).toArray({ limit: PIPELINES_PER_PROJECT }))) ?? [];
      const resources: CircleCIResource[] = pipelines.map((data) => ({ kind: "pipeline", data }));
      const seen = new Set<string>();
      for (const pipeline of pipelines.slice(0, 5)) {
        const workflows = (await attempt(`workflows of pipeline #${pipeline.number} (${service.repo})`, () => client.listPipelineWorkflows(pipeline.id, opts).toArray())) ?? [];
        for (const workflow of workflows) {
          if (seen.has(workflow.name)) continue;
          seen.add(workflow.name);
          resources.push({ kind: "workflow", data: workflow });
        }
      }
      const serviceClient = clientFor(service) ?? client;
      for (const finding of serviceClient.correlator.audit(resources)) perService[index]!.push({ ...finding, service: finding.service ?? service.name });
    }
  };
  await Promise.all(Array.from({ length: Math.min(SERVICES_AT_ONCE, services.length) }, worker));
  for (const list of perService) findings.push(...list);
  // Not one project could be read: nothing is left to report, so the tool failed.
  if (services.length > 0 && projectsRead === 0) throw errors[0];
  for (const orgSlug of orgs) {
    const contexts = (await attempt(`contexts of organization ${orgSlug}`, () => client.listContexts({ ownerSlug: orgSlug, ...opts }).toArray())) ?? [];
    findings.push(...client.correlator.audit(contexts.map((data) => ({ kind: "context", data, orgSlug }))));
  }
  return { findings: collapseFindings(findings), incomplete };
}

async function circonusFindings(client: CirconusClient, signal?: AbortSignal): Promise<AuditReport> {
  const bundles = await client.listCheckBundles(signal ? { signal } : {}).toArray();
  return { findings: client.correlator.audit(bundles), incomplete: [] };
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
): Promise<ConnectorResult<AuditReport>[]> {
  const hub = createHub({ connectors: providers.connectors, concurrency: 2 });
  const results = await hub.fanOut<AuditReport>(
    (connector, s) => (connector === providers.circleci ? circleciFindings(providers.circleci, (svc) => providers.circleciFor(svc), services, s) : circonusFindings(providers.circonus!, s)),
    signal ? { signal } : {},
  );
  if (!only) return results;
  return results.map((r) => (r.ok ? { ...r, value: { ...r.value, findings: r.value.findings.filter((f) => f.service === only) } } : r));
}
