import type { CircleCIClient, CircleCIResource } from "@toolweave/connector-circleci";
import type { CirconusClient } from "@toolweave/connector-circonus";
import { createHub, incompletePart, PaginationLimitError, type AuditFinding, type ConnectorResult, type IncompletePart } from "@toolweave/core";
import { z } from "zod";
import { findService, type ServiceEntry } from "../catalog.js";
import { answerHead, type CommandContext, type JsonBody } from "../command.js";
import { errorJson } from "../error-json.js";
import { EXIT } from "../exit-codes.js";
import type { Painter } from "../io.js";
import { errorSchema, header, incompletePart as incompletePartSchema, incompleteWithProvider, isoDate } from "../output-schema-parts.js";
import type { Mode, Providers } from "../providers.js";
import { banner, renderError, renderIncomplete } from "../render.js";

/** Recent pipelines scanned per project for workflow names and parameters. */
const PIPELINES_PER_PROJECT = 20;
/** Services audited at the same time (each tool's throttle still bounds its requests). */
const SERVICES_AT_ONCE = 4;

/**
 * Reads a list to its end, or as far as the connector's page limits let it: the items read, and
 * the `PaginationLimitError` that stopped it (any other error is thrown). A large catalog's
 * audit then checks what it could read and says what it could not, instead of failing whole.
 */
export async function readUpToLimit<T>(list: AsyncIterable<T>): Promise<{ items: T[]; stopped?: PaginationLimitError }> {
  const items: T[] = [];
  try {
    for await (const item of list) items.push(item);
  } catch (error) {
    if (PaginationLimitError.isInstance(error)) return { items, stopped: error };
    throw error;
  }
  return { items };
}

/**
 * A page limit's part, with its fix said the way a user of this CLI acts: the connectors'
 * fixes name library options ("Raise maxPages", "toArray({ limit })", search filters) that a
 * CLI user cannot set.
 */
export function pageLimitPart(lookup: string, error: PaginationLimitError, fix: string): IncompletePart {
  const part = incompletePart(lookup, error);
  return { ...part, error: { ...part.error, fix } };
}

/** The CLI's fix when a tool listed more than one run reads (`--max-pages` pages of a list, or Circonus' offset limit). */
export const CLI_PAGE_LIMIT_FIX = {
  contexts: (org: string, read: number) =>
    `The ${read} contexts read were checked; the rest were not (one run reads at most --max-pages pages of a list, default 1000). Rerun with a higher --max-pages, or check the other contexts' names in CircleCI (Organization Settings → Contexts of ${org}).`,
  checkBundles: (read: number) =>
    `The ${read} check bundles read were checked; the Circonus API pages no further in one list. Audit one service at a time: toolweave-demo audit --service <name> reads only the bundles tagged service:<name>.`,
} as const;

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
    const lookup = `contexts of organization ${orgSlug}`;
    const read = await attempt(lookup, () => readUpToLimit(client.listContexts({ ownerSlug: orgSlug, ...opts })));
    const contexts = read?.items ?? [];
    if (read?.stopped) incomplete.push(pageLimitPart(lookup, read.stopped, CLI_PAGE_LIMIT_FIX.contexts(orgSlug, contexts.length)));
    findings.push(...client.correlator.audit(contexts.map((data) => ({ kind: "context", data, orgSlug }))));
  }
  return { findings: collapseFindings(findings), incomplete };
}

async function circonusFindings(client: CirconusClient, only: string | undefined, signal?: AbortSignal): Promise<AuditReport> {
  // One service: only its bundles (tagged service:<name>), so a large account never hits the API's paging limit.
  const read = await readUpToLimit(client.listCheckBundles({ ...(only ? { search: { tags: { service: only } } } : {}), ...(signal ? { signal } : {}) }));
  const incomplete = read.stopped ? [pageLimitPart(only ? `check bundles tagged service:${only}` : "check bundles", read.stopped, CLI_PAGE_LIMIT_FIX.checkBundles(read.items.length))] : [];
  return { findings: client.correlator.audit(read.items), incomplete };
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
    (connector, s) => (connector === providers.circleci ? circleciFindings(providers.circleci, (svc) => providers.circleciFor(svc), services, s) : circonusFindings(providers.circonus!, only, s)),
    signal ? { signal } : {},
  );
  if (!only) return results;
  return results.map((r) => (r.ok ? { ...r, value: { ...r.value, findings: r.value.findings.filter((f) => f.service === only) } } : r));
}

// The `audit` command: the findings above, its text, its `--json` answer.

export const name = "audit";
export const summary = "Naming-convention findings across tools, by service";
export const positionals: string[] = [];
export const flags = { service: {} };

type AuditResults = ConnectorResult<AuditReport>[];

export async function run(ctx: CommandContext): Promise<AuditResults> {
  const providers = await ctx.providers();
  const only = ctx.args.service;
  return runAudit(providers, only ? [findService(ctx.catalog, only)] : ctx.catalog.services, only, ctx.signal);
}

const findingsOf = (results: AuditResults) => results.flatMap((r) => (r.ok ? r.value.findings : []));
const incompleteOf = (results: AuditResults) => results.flatMap((r) => (r.ok ? r.value.incomplete.map((part) => ({ provider: r.connectorId, ...part })) : []));
const andList = (names: readonly string[]) => (names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);

export function exitCode(results: AuditResults): number {
  // Findings and failures are problems (1); with none, a partial audit is still not a clean one (3).
  if (findingsOf(results).length > 0 || !results.every((r) => r.ok)) return EXIT.problems;
  return incompleteOf(results).length ? EXIT.incomplete : EXIT.ok;
}

export function envelope(results: AuditResults, ctx: CommandContext): JsonBody<typeof output> {
  // A tool that failed is a part not read, like a lookup that failed: `complete: false` always names what is missing.
  const only = ctx.args.service;
  const failed = results.flatMap((r) => (r.ok ? [] : [{ provider: r.connectorId, ...incompletePart(`${r.displayName} naming audit${only ? ` of ${only}` : ""}`, r.error) }]));
  const incomplete = [...failed, ...incompleteOf(results)];
  return {
    ...answerHead("audit", ctx),
    service: ctx.args.service ?? null,
    complete: results.every((r) => r.ok) && incomplete.length === 0,
    findings: findingsOf(results),
    incomplete,
    providers: results.map((r) => (r.ok ? { id: r.connectorId, ok: true, findings: r.value.findings.length, incomplete: r.value.incomplete } : { id: r.connectorId, ok: false, error: errorJson(r.error) })),
  };
}

export function render(results: AuditResults, ctx: CommandContext): string {
  return `${renderAudit(ctx.mode, results, ctx.out)}\n`;
}

const finding = z.looseObject({
  provider: z.string(),
  resource: z.looseObject({ kind: z.string(), id: z.string(), name: z.string() }),
  rule: z.string(),
  severity: z.enum(["error", "warning", "info"]),
  message: z.string(),
  suggestion: z.string().optional(),
  service: z.string().optional(),
});

export const output = z.strictObject({
  ...header("audit"),
  generatedAt: isoDate,
  service: z.string().nullable(),
  complete: z.boolean(),
  findings: z.array(finding),
  incomplete: z.array(incompleteWithProvider),
  providers: z.array(
    z.union([
      z.strictObject({ id: z.string(), ok: z.literal(true), findings: z.number().int(), incomplete: z.array(incompletePartSchema) }),
      z.strictObject({ id: z.string(), ok: z.literal(false), error: errorSchema }),
    ]),
  ),
});

export function renderAudit(mode: Mode, results: AuditResults, p: Painter): string {
  const out: string[] = [banner(mode, p)];
  const findings = findingsOf(results);
  const groups = new Map<string, AuditFinding[]>();
  for (const f of findings) groups.set(f.service ?? "(no service)", [...(groups.get(f.service ?? "(no service)") ?? []), f]);
  const failed = results.flatMap((r) => (r.ok ? [] : [r.displayName]));
  const read = results.flatMap((r) => (r.ok ? [r.displayName] : []));
  const partial = results.some((r) => r.ok && r.value.incomplete.length > 0);
  // "No findings" only when every tool was read: a tool that failed had none of its names checked.
  if (findings.length === 0) {
    if (failed.length && read.length) out.push(p.paint("yellow", `No naming-convention findings in ${andList(read)}; ${andList(failed)} could not be read, so ${failed.length > 1 ? "their" : "its"} names were not checked (see below).`));
    else if (failed.length) out.push(p.paint("yellow", `No names were checked: ${andList(failed)} could not be read (see below).`));
    else if (partial) out.push(p.paint("yellow", "No naming-convention findings in what could be read; some lookups failed (see below)."));
    else out.push(p.paint("green", "No naming-convention findings."));
  }
  for (const [service, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(p.paint("bold", service));
    for (const f of list) {
      out.push(`  ${p.paint(f.severity === "error" ? "red" : "yellow", f.severity)}  ${f.provider} ${f.resource.kind} ${p.paint("bold", f.resource.name)} — ${f.message} ${p.paint("gray", `[${f.rule}]`)}`);
      if (f.suggestion) {
        // A missing tag is added, a misnamed thing renamed; "<service>" is filled in when the service is known.
        const suggestion = f.service ? f.suggestion.replace(/<service>/g, f.service) : f.suggestion;
        out.push(`    ${p.paint("green", /-missing$/.test(f.rule) ? "→ add" : "→ rename to")} ${suggestion}`);
      }
    }
    out.push("");
  }
  for (const r of results) if (!r.ok) out.push(`${p.paint("bold", r.displayName)}\n${renderError(r.error, p)}\n`);
  for (const r of results) if (r.ok && r.value.incomplete.length) out.push(`${p.paint("bold", r.displayName)}\n${renderIncomplete(r.value.incomplete, p)}\n`);
  const tools = new Set(findings.map((f) => f.provider)).size;
  const notRead = [...(failed.length ? [`${andList(failed)} could not be read`] : []), ...(partial ? ["incomplete: some lookups failed"] : [])];
  out.push(`${findings.length} finding(s)${findings.length ? ` from ${tools} tool(s)` : ""}${notRead.length ? ` — ${notRead.join("; ")} (see above)` : ""}.`);
  return out.join("\n");
}
