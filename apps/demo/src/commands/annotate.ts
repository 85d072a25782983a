import { type CirconusAnnotation, type CirconusClient, deployMarker, parseDeployMarker } from "@toolweave/connector-circonus";
import {
  ConfigurationError,
  InvalidInputError,
  PermissionError,
  ServiceError,
  cutShortPart,
  incompletePart,
  limitPart,
  toToolweaveError,
  type IncompletePart,
  type PagedIterable,
  type ServiceEvent,
  type VerifyReport,
} from "@toolweave/core";
import { z } from "zod";
import type { ServiceEntry } from "../catalog.js";
import { answerHead, serviceArgument, type CommandContext, type JsonBody } from "../command.js";
import { errorJson, type ErrorJson } from "../error-json.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { forCli, shortSha, table, time } from "../format/index.js";
import type { Painter } from "../io.js";
import { errorSchema, header, incompleteWithProvider, isoDate } from "../output-schema-parts.js";
import type { Mode, Providers } from "../providers.js";
import { banner, renderIncomplete } from "../render.js";
import { redactOutput } from "../redact-output.js";
import { timelineWindow } from "./timeline.js";

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

/**
 * A second copy of a deploy annotation: the same marker is on a copy with a lower id, which is
 * the one kept. `annotate --apply` deletes it; a dry run lists it.
 */
export interface DuplicateAnnotation {
  /** The copy deleted (`apply`), or that `--apply` would delete (dry run). */
  cid: string;
  deployId: string;
  provider: string;
  marker: string;
  /** The copy kept: the lowest `_cid` carrying the marker (the one made first). */
  kept: string;
  /**
   * `another-run`: found when this run read the service's annotations (left by an earlier run,
   * or made by one running at the same time); `this-run`: this run's own copy, made at the same
   * moment as another run's lower one.
   */
  madeBy: "another-run" | "this-run";
  /** Circonus answered 404: another run had deleted it first (fine). Always false on a dry run. */
  alreadyGone: boolean;
}

/** What `annotate` did or would do. */
export interface AnnotateReport {
  apply: boolean;
  since: string;
  until: string;
  /** Deploys found in CircleCI (successful ones; a failed deploy changed nothing on the graphs). */
  deploys: number;
  /**
   * Annotations created by this run (`apply`, each with its `cid`; when `error` is set, the ones
   * written before it), or that it would create (dry run).
   */
  create: PlannedAnnotation[];
  /** Deploys already marked, by an earlier run or by one running at the same time (recognised by their marker); `cid` is the copy kept. */
  existing: PlannedAnnotation[];
  /** Duplicates (a marker on several annotations) deleted by this run, or that `--apply` would delete (dry run). */
  deleted: DuplicateAnnotation[];
  /** What could not be read; with `apply`, nothing is written while this is non-empty. */
  incomplete: (IncompletePart & { provider: string })[];
  /** Set on a dry run whose `--apply` would be refused: why, and the fix. */
  wouldRefuse?: { message: string; fix: string };
  /**
   * `--apply` stopped part way: a write failed after others had been made (`create`,
   * `deleted`). The error (core's redacted `toJSON()`); exit code 4 (`EXIT.partialWrite`).
   */
  error?: ErrorJson;
  /** With `error`: the annotations not written because the run stopped. */
  notWritten?: PlannedAnnotation[];
}

/** The exit code of an `annotate` run that returned a report: 4 when `--apply` stopped part way, 3 when a lookup failed, else 0. */
export function annotateExitCode(report: AnnotateReport): number {
  if (report.error) return EXIT.partialWrite;
  return report.incomplete.length ? EXIT.incomplete : EXIT.ok;
}

const tagWords = (service: string, env: string) => `service:${service} env:${env}`;

/**
 * The annotation for one deploy: title with the short sha, a description with links, the
 * service's tags as words, and the marker. Built only from the deploy as redacted
 * (`redactOutput`): a secret this process holds, copied into CircleCI's data (a commit message,
 * an actor), is never written into Circonus.
 */
export function deployAnnotation(deploy: ServiceEvent, service: string, env: string, relMetrics: string[]): PlannedAnnotation {
  const event = redactOutput(deploy);
  const sha = event.commit ? shortSha(event.commit.sha) : undefined;
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
 *
 * Safe when several runs go at once (two CI jobs, a cron overlapping a manual run). Circonus
 * has no locks or conditional writes, so the runs agree on one rule instead: of several
 * annotations with the same marker, the one with the lowest numeric id (the one made first)
 * is kept. A run re-reads a deploy's marker just before writing it and skips a deploy already
 * marked; after creating, it reads the marker again and, when a copy with a lower id exists,
 * deletes its own copy (never another run's). A run also deletes every copy but the lowest of
 * each marker it finds on reading (left by earlier runs that raced before this fix, or by a run
 * that stopped between its write and its check). The lowest copy is never deleted (no one
 * sees a lower one), and with ids that only grow and reads that see every finished write, each
 * run that made a higher copy sees the lower one on its check: one annotation per deploy stays.
 *
 * A write that fails after others were made does not throw: the report lists what was written
 * (`create`, `deleted`, with ids), what was not (`notWritten`) and the `error`; exit code 4.
 * When nothing at all was written yet, the error is thrown as before.
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
  // Every copy of each marker, lowest id (the one kept) first.
  const copies = new Map<string, string[]>();
  for (const a of existing.annotations) {
    const mark = parseDeployMarker(a.description);
    if (mark) copies.set(markKey(mark.provider, mark.id), [...(copies.get(markKey(mark.provider, mark.id)) ?? []), a._cid]);
  }
  for (const cids of copies.values()) cids.sort(byId);
  const plans = deploys.events.filter((e) => e.kind === "deploy").map((e) => deployAnnotation(e, service.name, env, relMetrics));
  const keptOf = (p: PlannedAnnotation) => copies.get(markKey(p.provider, p.deployId))?.[0];
  const already = plans.filter((p) => keptOf(p) !== undefined).map((p) => ({ ...p, cid: keptOf(p)! }));
  const create = plans.filter((p) => keptOf(p) === undefined);
  // Extra copies of this window's deploys, found on reading: every one but the lowest goes.
  const duplicates: DuplicateAnnotation[] = already.flatMap((p) =>
    copies
      .get(markKey(p.provider, p.deployId))!
      .slice(1)
      .map((cid) => ({ cid, deployId: p.deployId, provider: p.provider, marker: p.marker, kept: p.cid, madeBy: "another-run" as const, alreadyGone: false })),
  );
  const result: AnnotateReport = {
    apply: options.apply,
    since: options.since.toISOString(),
    until: options.until.toISOString(),
    deploys: plans.length,
    create,
    existing: already,
    deleted: duplicates,
    incomplete,
    ...(refused ? { wouldRefuse: { message: refused.message, fix: refused.fix ?? "" } } : {}),
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
  return applyPlan(circonus, service.name, plans, create, duplicates, result, options.signal);
}

const markKey = (provider: string, id: string) => `${provider}:${id}`;
/** The numeric id of a CID (`/annotation/1012` → 1012); a CID without one sorts last. */
const idNumber = (cid: string) => Number(/\/(\d+)$/.exec(cid)?.[1] ?? Number.POSITIVE_INFINITY);
/** Lowest numeric id first (ties, which real ids never are, by text). */
const byId = (a: string, b: string) => idNumber(a) - idNumber(b) || (a < b ? -1 : a > b ? 1 : 0);

/** An error as the report carries it (anything else wrapped first, so never unredacted). */
const errorRecord = (error: unknown): ErrorJson => errorJson(toToolweaveError(error, "circonus"));

/**
 * The writes of `--apply`, in order: the duplicates found on reading, then each deploy to mark
 * (re-read its marker, create unless marked meanwhile, re-read, and delete its own copy when a
 * lower one exists). A failure after any write returns the report with `error` and
 * `notWritten`; a failure before any write throws.
 */
async function applyPlan(
  circonus: CirconusClient,
  service: string,
  plans: PlannedAnnotation[],
  create: PlannedAnnotation[],
  duplicates: DuplicateAnnotation[],
  result: AnnotateReport,
  abort?: AbortSignal,
): Promise<AnnotateReport> {
  const signal = abort ? { signal: abort } : {};
  const created: PlannedAnnotation[] = [];
  const markedMeanwhile: PlannedAnnotation[] = [];
  const deleted: DuplicateAnnotation[] = [];
  const pending = [...create];
  let wrote = 0;
  try {
    for (const duplicate of duplicates) {
      const { alreadyGone } = await circonus.deleteAnnotation(duplicate.cid, signal);
      if (!alreadyGone) wrote += 1;
      deleted.push({ ...duplicate, alreadyGone });
    }
    while (pending.length) {
      const plan = pending[0]!;
      // Marked by another run since this one read the annotations: nothing to write.
      const before = await markerCopies(circonus, service, plan, abort);
      if (before.length) {
        markedMeanwhile.push({ ...plan, cid: before[0]! });
        pending.shift();
        continue;
      }
      // Epoch seconds rounded up, so the annotation is never before the deploy it marks.
      const at = Math.ceil(Date.parse(plan.at) / 1000);
      const mine = await circonus.createAnnotation(
        { title: plan.title, category: plan.category, description: plan.description, start: at, stop: at, ...(plan.relMetrics.length ? { relMetrics: plan.relMetrics } : {}) },
        signal,
      );
      wrote += 1;
      pending.shift();
      const made = { ...plan, cid: mine._cid };
      created.push(made);
      // Another run may have written the same marker at the same moment: the lowest id stays.
      const after = [...new Set([...(await markerCopies(circonus, service, plan, abort)), mine._cid])].sort(byId);
      const kept = after[0]!;
      if (kept !== mine._cid) {
        const { alreadyGone } = await circonus.deleteAnnotation(mine._cid, signal);
        created.pop();
        deleted.push({ cid: mine._cid, deployId: plan.deployId, provider: plan.provider, marker: plan.marker, kept, madeBy: "this-run", alreadyGone });
        markedMeanwhile.push({ ...plan, cid: kept });
      }
    }
  } catch (error) {
    if (wrote === 0) throw error;
    result.error = errorRecord(error);
    result.notWritten = pending;
  }
  const order = new Map(plans.map((p, i) => [p.deployId, i]));
  result.create = created;
  result.existing = [...result.existing, ...markedMeanwhile].sort((a, b) => order.get(a.deployId)! - order.get(b.deployId)!);
  result.deleted = deleted;
  return result;
}

/**
 * The CIDs of the annotations carrying one deploy's marker, lowest id first, read now: a search
 * for the marker in descriptions (the service's annotations when the marker cannot be searched
 * for), kept only when the marker line is exactly this deploy's.
 */
async function markerCopies(circonus: CirconusClient, service: string, plan: PlannedAnnotation, signal?: AbortSignal): Promise<string[]> {
  const search = (value: string) => circonus.listAnnotations({ search: { terms: { description: { value, match: "contains" } } }, ...(signal ? { signal } : {}) });
  let list: PagedIterable<CirconusAnnotation>;
  try {
    list = search(plan.marker);
  } catch (error) {
    if (!InvalidInputError.isInstance(error)) throw error;
    list = search(`service:${service}`);
  }
  const found = await list.toArray({ limit: MAX_EXISTING });
  if (list.truncated) {
    // A partial read could hide a copy: stop rather than risk a duplicate.
    throw new ServiceError(`annotate --apply: could not read every annotation marked ${plan.marker}: ${list.truncated.reason}`, {
      provider: "circonus",
      isRetryable: true,
      fix: "Run the same command again: what was written is recognised by its marker.",
    });
  }
  return found
    .filter((a) => {
      const mark = parseDeployMarker(a.description);
      return mark?.provider === plan.provider && mark.id === plan.deployId;
    })
    .map((a) => a._cid)
    .sort(byId);
}

/** The service's annotations (description carrying its service tag), for their markers. */
async function readExisting(circonus: CirconusClient, service: string, signal?: AbortSignal): Promise<{ annotations: CirconusAnnotation[]; incomplete: AnnotateReport["incomplete"] }> {
  const list = circonus.listAnnotations({ search: { terms: { description: { value: `service:${service}`, match: "contains" } } }, ...(signal ? { signal } : {}) });
  const annotations = await list.toArray({ limit: MAX_EXISTING + 1 });
  const incomplete: AnnotateReport["incomplete"] = [];
  if (list.truncated) incomplete.push({ provider: "circonus", ...cutShortPart(`annotations of ${service}`, annotations.length, list.truncated.reason) });
  if (annotations.length > MAX_EXISTING) {
    const part = limitPart(`annotations of ${service}`, MAX_EXISTING, `More than ${MAX_EXISTING} annotations mention service:${service}.`, "Narrow --since, or remove old deploy annotations.");
    incomplete.push({ provider: "circonus", ...part });
  }
  return { annotations: annotations.slice(0, MAX_EXISTING), incomplete };
}

/** `2026-11-25 08:50`: the heading says UTC. */
const clock = (iso: string) => time(iso, { zone: false });

/** The plan or the result as text: what is created (or would be), what already exists, and what could not be read. */
export function renderAnnotate(mode: Mode, service: ServiceEntry, env: string, r: AnnotateReport, p: Painter): string {
  const lines: string[] = [];
  const head = banner(mode, p);
  if (head) lines.push(head.trimEnd());
  lines.push(
    `${p.paint("bold", `${service.name} (${env})`)} — CircleCI deploys ${clock(r.since)} → ${clock(r.until)} UTC as Circonus annotations (category "${DEPLOY_CATEGORY}")`,
  );
  const row = (a: PlannedAnnotation) => [clock(a.at), a.title, p.paint("gray", a.cid ?? a.marker)];
  if (r.error) {
    lines.push(`  ${p.paint(["bold", "red"], `Created ${r.create.length} annotation(s) before the error stopped the run:`)}`);
    if (r.create.length) lines.push(table(r.create.map(row), "    "));
  } else if (r.create.length) {
    lines.push(r.apply ? `  Created ${r.create.length} annotation(s):` : `  Would create ${r.create.length} annotation(s) (dry run: nothing written; add --apply to write them):`);
    lines.push(table(r.create.map(row), "    "));
  } else {
    lines.push(`  Nothing to create: ${r.deploys === 0 ? "no successful deploy in this window" : "every deploy in this window is already marked"}.`);
  }
  if (r.existing.length) {
    lines.push(`  Already in Circonus (marked by an earlier or a concurrent run, left as they are): ${r.existing.length}`);
    lines.push(table(r.existing.map(row), "    "));
  }
  if (r.deleted.length) {
    lines.push(
      r.apply
        ? `  Deleted ${r.deleted.length} duplicate(s) (the same marker is on a copy with a lower id, which is kept):`
        : `  Would delete ${r.deleted.length} duplicate(s) with --apply (the same marker is on a copy with a lower id, which is kept):`,
    );
    const why = (d: DuplicateAnnotation) => `${d.madeBy === "this-run" ? "made by this run at the same moment as another run's" : "left by another run"}${d.alreadyGone ? " (already gone)" : ""}`;
    lines.push(table(r.deleted.map((d) => [d.cid, `duplicate of ${d.kept}`, p.paint("gray", why(d))]), "    "));
  }
  if (r.create[0]?.relMetrics.length) lines.push(p.paint("gray", `  Related to ${r.create[0].relMetrics.length} metric(s) of ${service.name} in ${env}, so they show on its graphs.`));
  if (r.wouldRefuse) lines.push(`  ${p.paint("yellow", "Note:")} --apply would be refused: ${r.wouldRefuse.message}\n  ${p.paint("bold", "Fix:")} ${r.wouldRefuse.fix}`);
  if (r.incomplete.length) lines.push(renderIncomplete(r.incomplete, p, "  "));
  if (r.error) {
    if (r.notWritten?.length) {
      lines.push(`  Not written (${r.notWritten.length}):`);
      lines.push(table(r.notWritten.map(row), "    "));
    }
    lines.push(`  ${p.paint("red", "error:")} ${r.error.message}`);
    if (r.error.fix) lines.push(`  ${p.paint("bold", "Fix:")} ${forCli(r.error.fix)}`);
    lines.push("  What was written is kept: run the same command again to write the rest (it recognises the written annotations by their markers).");
  }
  return `${lines.join("\n")}\n`;
}

// The `annotate` command: the plan and the writes above, its text, its `--json` answer.

export const name = "annotate";
export const summary = "Publish the service's CircleCI deploys as Circonus annotations (dry run unless --apply; a second run creates nothing)";
export const positionals = ["<service>"];
export const flags = { env: { required: true }, since: { default: "7d" }, apply: {} };

/** What `annotate` did (or would do) for one service in one env. */
export interface AnnotateAnswer {
  service: ServiceEntry;
  env: string;
  report: AnnotateReport;
}

export async function run(ctx: CommandContext): Promise<AnnotateAnswer> {
  const providers = await ctx.providers();
  const service = serviceArgument(ctx, "annotate needs a service name and an env: toolweave-demo annotate <service> --env <env>.");
  const env = ctx.args.env;
  if (!env) throw new UsageError(`annotate needs --env: annotations are per environment (for ${service.name}: ${service.envs.join(", ")}).`);
  const window = timelineWindow({ since: ctx.args.since ?? "7d" }, ctx.now);
  const report = await runAnnotate(providers, service, env, { since: window.since, until: window.until, apply: ctx.args.apply, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  return { service, env, report };
}

export const exitCode = (answer: AnnotateAnswer): number => annotateExitCode(answer.report);

export function envelope({ service, env, report }: AnnotateAnswer, ctx: CommandContext): JsonBody<typeof output> {
  return { ...answerHead("annotate", ctx), service: service.name, env, ...report, complete: report.incomplete.length === 0 && !report.error };
}

export function render({ service, env, report }: AnnotateAnswer, ctx: CommandContext): string {
  return renderAnnotate(ctx.mode, service, env, report, ctx.out);
}

const plannedAnnotation = z.strictObject({
  deployId: z.string(),
  provider: z.string(),
  marker: z.string().regex(/^toolweave-deploy:[^:]+:.+$/),
  title: z.string(),
  category: z.string(),
  description: z.string(),
  at: isoDate,
  relMetrics: z.array(z.string()),
  cid: z.string().optional(),
});
/** A second copy of a deploy annotation (same marker, higher id), deleted by `--apply` or listed by a dry run. */
const duplicateAnnotation = z.strictObject({
  cid: z.string(),
  deployId: z.string(),
  provider: z.string(),
  marker: z.string().regex(/^toolweave-deploy:[^:]+:.+$/),
  /** The copy kept: the lowest id with that marker. */
  kept: z.string(),
  /** `another-run`: found on reading (an earlier or a concurrent run's); `this-run`: this run's own copy, made at the same moment as a lower one. */
  madeBy: z.enum(["another-run", "this-run"]),
  /** HTTP 404 on delete: another run had deleted it first. */
  alreadyGone: z.boolean(),
});
/** `annotate --json`. */
export const output = z.strictObject({
  ...header("annotate"),
  generatedAt: isoDate,
  service: z.string(),
  env: z.string(),
  apply: z.boolean(),
  since: isoDate,
  until: isoDate,
  deploys: z.number().int().nonnegative(),
  /** Created by this run (`apply: true`, each with its `cid`; with `error`, the ones written before it), or that it would create (dry run). */
  create: z.array(plannedAnnotation),
  /** Already in Circonus (marked by an earlier or a concurrent run), recognised by their marker; `cid` is the copy kept. */
  existing: z.array(plannedAnnotation),
  /** Duplicates of a marker deleted by this run (`apply: true`), or that `--apply` would delete (dry run). */
  deleted: z.array(duplicateAnnotation),
  incomplete: z.array(incompleteWithProvider),
  /** False when a lookup failed (`incomplete`) or `--apply` stopped part way (`error`). */
  complete: z.boolean(),
  wouldRefuse: z.strictObject({ message: z.string(), fix: z.string() }).optional(),
  /** `--apply` stopped part way (exit code 4): the error of the write that failed; `create` and `deleted` say what was written before it. */
  error: errorSchema.optional(),
  /** With `error`: the annotations not written because the run stopped. */
  notWritten: z.array(plannedAnnotation).optional(),
});
