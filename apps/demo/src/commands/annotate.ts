import { type CirconusAnnotation, type CirconusClient, deployMarker, parseDeployMarker } from "@toolweave/connector-circonus";
import { ConfigurationError, PermissionError, incompletePart, type IncompletePart, type ServiceEvent, type VerifyReport } from "@toolweave/core";
import type { ServiceEntry } from "../catalog.js";
import { table } from "../format.js";
import type { Painter } from "../io.js";
import type { Mode, Providers } from "../providers.js";
import { banner, renderIncomplete } from "../render.js";

/** The category of the deploy annotations `annotate` writes. */
export const DEPLOY_CATEGORY = "deploy";
/** Metrics of the service a deploy annotation is related to at most (`rel_metrics`). */
const MAX_REL_METRICS = 50;
/** Annotations of the service read at most, to find the ones already made. */
const MAX_EXISTING = 1000;

/** One deploy annotation: the one `annotate` would create, or the one already in Circonus. */
export interface PlannedAnnotation {
  /** The deploy event it marks (CircleCI workflow id). */
  deployId: string;
  provider: string;
  /** The marker line that makes it recognisable: `toolweave-deploy:<provider>:<event id>`. */
  marker: string;
  title: string;
  category: string;
  description: string;
  /** ISO date-time the deploy went live (the annotation's start and stop). */
  at: string;
  relMetrics: string[];
  /** `/annotation/<id>`: set once created, or for one that already exists. */
  cid?: string;
}

/** What `annotate` did or would do. */
export interface AnnotateReport {
  apply: boolean;
  since: string;
  until: string;
  /** Deploys found in CircleCI (successful ones; a failed deploy changed nothing on the graphs). */
  deploys: number;
  /** Annotations created by this run (`apply`), or that it would create (dry run). */
  create: PlannedAnnotation[];
  /** Deploys already marked by an earlier run (recognised by their marker). */
  existing: PlannedAnnotation[];
  /** What could not be read; with `apply`, nothing is written while this is non-empty. */
  incomplete: (IncompletePart & { provider: string })[];
  /** Set on a dry run whose `--apply` would be refused: why, and the fix. */
  wouldRefuse?: { message: string; fix: string };
}

const tagWords = (service: string, env: string) => `service:${service} env:${env}`;

/** The annotation for one deploy: title with the short sha, a description with links, the service's tags as words, and the marker. */
export function deployAnnotation(event: ServiceEvent, service: string, env: string, relMetrics: string[]): PlannedAnnotation {
  const sha = event.commit?.sha.slice(0, 7);
  const number = event.attributes?.pipelineNumber;
  const rollback = event.attributes?.rollback === true;
  const description = [
    `${rollback ? "Rollback" : "Deploy"} of ${service} to ${env}${number === undefined ? "" : ` (pipeline #${String(number)})`}${event.actor ? ` by ${event.actor}` : ""}.`,
    ...(event.commit ? [`Commit ${event.commit.sha}${event.commit.subject ? `: ${event.commit.subject}` : ""}`] : []),
    ...(event.commit?.url ? [event.commit.url] : []),
    ...(event.url ? [event.url] : []),
    tagWords(service, env),
    deployMarker(event.provider, event.id),
  ].join("\n");
  return {
    deployId: event.id,
    provider: event.provider,
    marker: deployMarker(event.provider, event.id),
    title: `${rollback ? "Rollback" : "Deploy"} ${service} ${sha ?? (number === undefined ? event.id : `#${String(number)}`)} to ${env}`,
    category: DEPLOY_CATEGORY,
    description,
    at: event.start,
    relMetrics,
  };
}

function refusal(message: string, fix: string, operation: string): PermissionError {
  return new PermissionError(`${operation}: refused before writing anything: ${message}`, { provider: "circonus", isRetryable: false, fix });
}

/**
 * Why `--apply` cannot write with this Circonus credential, or `undefined` when nothing says
 * it cannot: a token declared read-only (known without any call), an app name not approved or
 * denied, a bad token (from `verify()`), or an owner whose account role is Read Only (a token
 * never has more privilege than its owner).
 */
export function writeRefusal(circonus: CirconusClient, report?: VerifyReport, operation = "annotate --apply"): PermissionError | undefined {
  if (circonus.credential.privilege === "read-only") {
    return refusal(
      'the Circonus token is declared read-only (privilege "read-only").',
      "Use a Circonus token with Normal or Admin privilege (Integrations → API Tokens) and set CIRCONUS_API_TOKEN and CIRCONUS_API_TOKEN_PRIVILEGE to match; without --apply, annotate only shows what it would create.",
      operation,
    );
  }
  if (!report) return undefined;
  const blocked = report.checks.find((c) => !c.ok && (c.name === "app approved" || c.name === "token accepted"));
  if (blocked) return refusal(blocked.detail, blocked.fix ?? `Approve the app "${circonus.appName}" for the token in the Circonus UI (Integrations → API Tokens).`, operation);
  const role = (report.details?.user as { role?: string | null } | undefined)?.role;
  if (role && /^read[\s-]?only$/i.test(role)) {
    return refusal(
      `the token's owner has the Read Only role on the account, and a token never has more privilege than its owner.`,
      "Use a token created by a Normal or Admin member (or an account token), and set CIRCONUS_API_TOKEN to it.",
      operation,
    );
  }
  return undefined;
}

/**
 * Publishes a service's CircleCI deploys in one env as Circonus annotations, so they show on
 * the service's graphs. Dry run unless `apply`. Idempotent: each annotation carries the
 * marker `toolweave-deploy:circleci:<workflow id>` in its description, and deploys whose marker
 * is already in Circonus are skipped. With `apply`, a read-only token is refused before any
 * call, an unapproved app or a Read Only owner after `verify()` and before any write, and
 * nothing is written when the deploys or the existing annotations could not all be read.
 */
export async function runAnnotate(
  providers: Providers,
  service: ServiceEntry,
  env: string,
  options: { since: Date; until: Date; apply: boolean; signal?: AbortSignal },
): Promise<AnnotateReport> {
  const circleci = providers.circleciFor(service);
  const circonus = providers.circonus;
  if (!circleci || !circonus) {
    const missing = [...(circleci ? [] : ["CIRCLECI_TOKEN"]), ...(circonus ? [] : ["CIRCONUS_API_TOKEN", "CIRCONUS_API_APP"])];
    throw new ConfigurationError(`annotate needs both CircleCI (the deploys) and Circonus (the annotations).`, { fix: `Set ${missing.join(", ")}, or run with --simulated.` });
  }
  const signal = options.signal ? { signal: options.signal } : {};
  // A declared read-only token is refused before any call at all.
  const early = options.apply ? writeRefusal(circonus) : undefined;
  if (early) throw early;
  const report = await circonus.verify(signal);
  const refused = writeRefusal(circonus, report, options.apply ? "annotate --apply" : "annotate");
  if (refused && options.apply) throw refused;
  // An app that is not approved (or a bad token) cannot read either: nothing to show.
  if (refused && report.details?.appApproved === false) throw refused;

  const incomplete: AnnotateReport["incomplete"] = [];
  const [deploys, existing, metrics] = await Promise.all([
    circleci.deployEvents({ project: service.repo, service: service.name, env, since: options.since, until: options.until, ...signal }),
    readExisting(circonus, service.name, options.signal),
    circonus.searchMetrics({ service: service.name, env }, { size: MAX_REL_METRICS, ...signal }).catch((error: unknown) => {
      incomplete.push({ ...incompletePart(`metrics tagged ${tagWords(service.name, env)} (for rel_metrics)`, error), provider: "circonus" });
      return { metrics: [], truncated: false };
    }),
  ]);
  incomplete.push(...deploys.incomplete.map((part) => ({ ...part, provider: "circleci" })), ...existing.incomplete);
  const relMetrics = metrics.metrics.map((m) => /^\/metric\/(\d+_.+)$/.exec(m._cid)?.[1]).filter((m): m is string => Boolean(m));
  const marked = new Map<string, CirconusAnnotation>();
  for (const a of existing.annotations) {
    const mark = parseDeployMarker(a.description);
    if (mark) marked.set(`${mark.provider}:${mark.id}`, a);
  }
  const plans = deploys.events.filter((e) => e.kind === "deploy").map((e) => deployAnnotation(e, service.name, env, relMetrics));
  const already = plans.filter((p) => marked.has(`${p.provider}:${p.deployId}`)).map((p) => ({ ...p, cid: marked.get(`${p.provider}:${p.deployId}`)!._cid }));
  const create = plans.filter((p) => !marked.has(`${p.provider}:${p.deployId}`));
  const result: AnnotateReport = {
    apply: options.apply,
    since: options.since.toISOString(),
    until: options.until.toISOString(),
    deploys: plans.length,
    create,
    existing: already,
    incomplete,
    ...(refused ? { wouldRefuse: { message: withoutFix(refused), fix: refused.fix ?? "" } } : {}),
  };
  if (!options.apply) return result;
  // Writing from a partial view could duplicate an annotation a failed read would have shown.
  const blocking = incomplete.filter((part) => !part.lookup.includes("rel_metrics"));
  if (blocking.length) {
    throw refusal(
      `${blocking.length} lookup(s) failed (${blocking.map((p) => p.lookup).join("; ")}), so annotate cannot be sure which deploys are already marked.`,
      "Retry later, or narrow --since; run without --apply to see what could not be read.",
      "annotate --apply",
    );
  }
  for (const plan of create) {
    const at = new Date(plan.at);
    const created = await circonus.createAnnotation(
      { title: plan.title, category: plan.category, description: plan.description, start: at, stop: at, ...(plan.relMetrics.length ? { relMetrics: plan.relMetrics } : {}) },
      signal,
    );
    plan.cid = created._cid;
  }
  return result;
}

/** The service's annotations (description carrying its service tag), for their markers. */
async function readExisting(circonus: CirconusClient, service: string, signal?: AbortSignal): Promise<{ annotations: CirconusAnnotation[]; incomplete: AnnotateReport["incomplete"] }> {
  const list = circonus.listAnnotations({ search: { terms: { description: { value: `service:${service}`, match: "contains" } } }, ...(signal ? { signal } : {}) });
  const annotations = await list.toArray({ limit: MAX_EXISTING + 1 });
  const incomplete: AnnotateReport["incomplete"] = [];
  if (list.truncated) incomplete.push({ provider: "circonus", lookup: `annotations of ${service} after the first ${annotations.length}`, error: { kind: "service", message: list.truncated.reason, isRetryable: true }, retryable: true });
  if (annotations.length > MAX_EXISTING) {
    incomplete.push({
      provider: "circonus",
      lookup: `annotations of ${service} beyond the first ${MAX_EXISTING}`,
      error: { kind: "pagination_limit", message: `More than ${MAX_EXISTING} annotations mention service:${service}.`, fix: "Narrow --since, or remove old deploy annotations.", isRetryable: false },
      retryable: false,
    });
  }
  return { annotations: annotations.slice(0, MAX_EXISTING), incomplete };
}

/** An error's message without the fix it ends with (the fix is shown on its own line). */
const withoutFix = (error: PermissionError) => (error.fix && error.message.endsWith(error.fix) ? error.message.slice(0, -error.fix.length).trim() : error.message);

/** The plan or the result as text: what is created (or would be), what already exists, and what could not be read. */
export function renderAnnotate(mode: Mode, service: ServiceEntry, env: string, r: AnnotateReport, p: Painter): string {
  const lines: string[] = [];
  const head = banner(mode, p);
  if (head) lines.push(head.trimEnd());
  lines.push(
    `${p.paint("bold", `${service.name} (${env})`)} — CircleCI deploys ${r.since.slice(0, 16).replace("T", " ")} → ${r.until.slice(0, 16).replace("T", " ")} UTC as Circonus annotations (category "${DEPLOY_CATEGORY}")`,
  );
  const row = (a: PlannedAnnotation) => [a.at.slice(0, 16).replace("T", " "), a.title, p.paint("gray", a.cid ?? a.marker)];
  if (r.create.length) {
    lines.push(r.apply ? `  Created ${r.create.length} annotation(s):` : `  Would create ${r.create.length} annotation(s) (dry run: nothing written; add --apply to write them):`);
    lines.push(table(r.create.map(row), "    "));
  } else {
    lines.push(`  Nothing to create: ${r.deploys === 0 ? "no successful deploy in this window" : "every deploy in this window is already marked"}.`);
  }
  if (r.existing.length) {
    lines.push(`  Already in Circonus (marked by an earlier run, left as they are): ${r.existing.length}`);
    lines.push(table(r.existing.map(row), "    "));
  }
  if (r.create[0]?.relMetrics.length) lines.push(p.paint("gray", `  Related to ${r.create[0].relMetrics.length} metric(s) of ${service.name} in ${env}, so they show on its graphs.`));
  if (r.wouldRefuse) lines.push(`  ${p.paint("yellow", "Note:")} --apply would be refused: ${r.wouldRefuse.message}\n  ${p.paint("bold", "Fix:")} ${r.wouldRefuse.fix}`);
  if (r.incomplete.length) lines.push(renderIncomplete(r.incomplete, p, "  "));
  return `${lines.join("\n")}\n`;
}
