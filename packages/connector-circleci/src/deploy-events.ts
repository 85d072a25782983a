import { overlapsWindow, type CallMemo, type EventsResult, type ServiceEvent } from "@toolweave/core";
import { z } from "zod";
import type { CircleCIConventions } from "./conventions.js";
import { envKeyOf, envOf } from "./env-of.js";
import { DEFAULT_MAX_RERUN_AGE_DAYS } from "./last-deploy.js";
import type { OperationContext } from "./operation-context.js";
import { callMemoOption, parseInput, type ProjectInput } from "./operations/parse-input.js";
import { gapParts, olderPipelinesLookup, pipelinesLookup, walkPipelines } from "./pipeline-walker.js";
import { parseProjectSlug, type ProjectSlug } from "./project-slug.js";
import type { Pipeline } from "./schemas/pipeline.js";
import type { Workflow } from "./schemas/workflow.js";
import { DEFAULT_EVENTS_PIPELINES, MAX_EVENTS_PIPELINES } from "./settings.js";
import { lazySchema, limitPart } from "@toolweave/core";

/** Default for `maxPipelines` of `deployEvents` (and of the `eventsMaxPipelines` setting, which the correlator passes). */
export const DEFAULT_EVENTS_MAX_PIPELINES = DEFAULT_EVENTS_PIPELINES;

/** Options for `deployEvents()`. Invalid options throw `InvalidInputError`. */
export interface DeployEventsOptions {
  /** The project to scan, e.g. `gh/acme/checkout`. */
  project: ProjectInput;
  /** The service whose deploy workflow the convention names (`deploy-{service}`). */
  service: string;
  /**
   * Only pipelines whose `env` pipeline parameter equals this, both trimmed and compared
   * case-insensitively (`prod-eu` finds `Prod-EU `); all pipelines when left out. Any
   * non-empty string is an env, not only core's one-word form. `lastDeploy` reads it the same way.
   */
  env?: string;
  /** Start of the window (inclusive): deploys that finished at or after it. */
  since: Date;
  /** End of the window (inclusive): deploys that finished at or before it. */
  until: Date;
  /**
   * Pipelines looked at at most, newest first, those of other envs included (default 100,
   * at most 1000); pipelines created after `until` do not count.
   */
  maxPipelines?: number;
  /**
   * How long after its pipeline was created a deploy workflow, a rerun included, can finish
   * (default 14 days, at most 90): pipelines created before `since` minus this are not read.
   */
  maxRerunAgeDays?: number;
  /** Cancels the scan; the call then rejects with `AbortedError`. */
  signal?: AbortSignal;
  /**
   * Shared by every call made for one answer (core's `createCallMemo()`): pipeline pages and
   * workflow lists another call of the answer read are not read again.
   */
  memo?: CallMemo;
}

/** What `deployEvents` answers: `deploy` and `deploy-failed` events, and what could not be read. */
export interface DeployEventsResult extends EventsResult {
  /** Pipelines looked at (within the bounds), those of other envs, whose workflows were not read, included. */
  pipelinesScanned: number;
}

const schema = lazySchema(() =>
  z.strictObject({
    project: z.union([z.string(), z.object({ vcs: z.string(), org: z.string(), repo: z.string(), slug: z.string() })]),
    service: z.string().trim().min(1),
    env: z.string().trim().toLowerCase().min(1).optional(),
    since: z.date().refine((d) => !Number.isNaN(d.getTime()), "invalid date"),
    until: z.date().refine((d) => !Number.isNaN(d.getTime()), "invalid date"),
    maxPipelines: z.number().int().positive().max(MAX_EVENTS_PIPELINES).optional(),
    maxRerunAgeDays: z.number().positive().max(90).optional(),
    signal: z.instanceof(AbortSignal).optional(),
    memo: callMemoOption(),
  }).refine((o) => o.since.getTime() <= o.until.getTime(), "since must not be after until"),
);

const DAY_MS = 86_400_000;
const FAILED = new Set(["failed", "error"]);
const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NaN);

/**
 * The service's deploys in a window, as timeline events: every run of the deploy workflow
 * (`deploy-{service}`) that finished within `[since, until]`, reruns included. A run that
 * succeeded is a `deploy`, one that `failed` or hit an `error` is a `deploy-failed`; runs
 * still going, cancelled or on hold are left out (they did not finish a deploy). `start` is
 * when the run finished (`stopped_at`): the moment the change went live. An event's `env` is
 * its pipeline's `env` parameter (trimmed, lower case); `keys.env` names it only in core's
 * one-word form.
 *
 * How far back: pipelines are walked newest first with the same walker as `lastDeploy` (same
 * env reading, same limits). Pipelines created after `until` are skipped without counting;
 * the walk ends at the first pipeline created before the cut-off, `since` − `maxRerunAgeDays`
 * (a rerun of an older pipeline that finished inside the window is found as long as its
 * pipeline is younger than that), or once `maxPipelines` pipelines were looked at. A rerun
 * of an older pipeline's deploy that finished after a newer pipeline's deploy to the same
 * env is marked `attributes.rollback: true` (within the window).
 *
 * When it cannot look further, `incomplete` says so, never skipping: a pipeline whose
 * workflows could not be read or were cut short; `maxPipelines` reached before the cut-off;
 * the pipeline list cut short, or failing after its first page (`pipelines of <slug> older
 * than the N read`). Only a failure of the first page rejects.
 */
export async function deployEvents(ctx: OperationContext, conventions: CircleCIConventions, options: DeployEventsOptions): Promise<DeployEventsResult> {
  const o = parseInput(schema, options, "deployEvents", 'Pass { project: "gh/<org>/<repo>", service, since: Date, until: Date } with optional env, maxPipelines, maxRerunAgeDays, signal, memo.');
  const slug = parseProjectSlug(options.project);
  const workflowName = conventions.deployWorkflow.format({ service: o.service });
  const limit = o.maxPipelines ?? DEFAULT_EVENTS_MAX_PIPELINES;
  const since = o.since.getTime();
  const until = o.until.getTime();
  const rerunAgeDays = o.maxRerunAgeDays ?? DEFAULT_MAX_RERUN_AGE_DAYS;
  const found: Found[] = [];

  const walk = await walkPipelines(
    ctx,
    {
      project: slug,
      createdUntil: until, // a pipeline created after the window cannot have deployed in it
      cutoff: since - rerunAgeDays * DAY_MS,
      maxPipelines: limit,
      ...(o.env ? { env: o.env } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.memo ? { memo: o.memo } : {}),
    },
    ({ pipeline, workflows }) => {
      const runs = (workflows ?? []).filter((w) => w.name === workflowName);
      // A rerun is a new workflow with the same name under the same pipeline; the first run is the one created first.
      const first = [...runs].sort((a, b) => time(a.created_at) - time(b.created_at) || (a.id < b.id ? -1 : 1))[0];
      for (const workflow of runs) {
        const ok = workflow.status === "success";
        if (!ok && !FAILED.has(workflow.status ?? "")) continue;
        // Core's window rule: the event starts (the run finished) inside `[since, until]`.
        if (!overlapsWindow({ kind: ok ? "deploy" : "deploy-failed", start: workflow.stopped_at ?? "" }, since, until)) continue;
        // A rerun ships its pipeline's commit again: when an earlier run of it went live, the
        // commit was live before (delivery health counts the deploy it replaced as rolled back).
        const livedAt = runs
          .filter((r) => r !== workflow && r.status === "success" && time(r.stopped_at) < time(workflow.stopped_at))
          .reduce((latest, r) => Math.max(latest, time(r.stopped_at)), Number.NEGATIVE_INFINITY);
        found.push({ pipeline, workflow, rerun: workflow !== first || (workflow.auto_rerun_number ?? 0) > 0, livedAt });
      }
    },
  );

  const incomplete = gapParts(walk, {
    workflows: (p) => `workflows of pipeline #${p.number} (${slug.slug}), which could hold a ${workflowName} run in the window`,
    list: (scanned) => olderPipelinesLookup(slug, scanned),
    limit: () =>
      limitPart(
        pipelinesLookup(slug),
        limit,
        `Read ${limit} pipelines (maxPipelines) before reaching pipelines created ${rerunAgeDays} days before the window; older pipelines could hold ${workflowName} runs that finished in it.`,
        "Raise maxPipelines (for the hub's timeline and delivery: the eventsMaxPipelines setting of createCircleCI), shorten the window, or lower maxRerunAgeDays if deploys are never re-run that late.",
      ),
  });
  return { events: toEvents(ctx, slug, o.service, found), incomplete, pipelinesScanned: walk.scanned };
}

type Found = { pipeline: Pipeline; workflow: Workflow; rerun: boolean; livedAt: number };

function toEvents(ctx: OperationContext, slug: ProjectSlug, service: string, found: Found[]): ServiceEvent[] {
  const ordered = [...found].sort((a, b) => time(a.workflow.stopped_at) - time(b.workflow.stopped_at) || (a.workflow.id < b.workflow.id ? -1 : 1));
  const livePipeline = new Map<string, number>(); // env → pipeline number of the last successful deploy seen
  return ordered.map(({ pipeline: p, workflow: w, rerun, livedAt }) => {
    const env = envOf(p);
    // `keys` are correlation keys, so they name an env only in core's form (one lower-case word); `env` is the pipeline's, whatever it is.
    const keyEnv = envKeyOf(p);
    const ok = w.status === "success";
    const previous = livePipeline.get(env ?? "");
    const rollback = ok && previous !== undefined && p.number < previous;
    if (ok) livePipeline.set(env ?? "", p.number);
    const sha = p.vcs?.revision ?? undefined;
    const commitUrl = ctx.links.commit(p.vcs?.target_repository_url ?? p.vcs?.origin_repository_url, sha ?? null);
    const subject = p.vcs?.commit?.subject ?? undefined;
    const url = safe(() => ctx.links.workflow(slug, p.number, w.id));
    const pipelineUrl = safe(() => ctx.links.pipeline(slug, p.number));
    const what = rollback ? "rollback to" : ok ? "deployed" : "deploy failed:";
    return {
      id: w.id,
      provider: "circleci",
      kind: ok ? "deploy" : "deploy-failed",
      start: new Date(time(w.stopped_at)).toISOString(),
      ...(env ? { env } : {}),
      title: `${w.name} ${what} #${p.number}${sha ? ` (${sha.slice(0, 7)})` : ""}${env ? ` to ${env}` : ""}`,
      ...(url ? { url } : {}),
      keys: { service, ...(keyEnv ? { env: keyEnv } : {}), repo: slug.slug },
      ...(sha ? { commit: { sha, ...(commitUrl ? { url: commitUrl } : {}), ...(subject ? { subject } : {}), ...(Number.isFinite(livedAt) ? { previouslyLiveAt: new Date(livedAt).toISOString() } : {}) } } : {}),
      ...(p.trigger?.actor?.login ? { actor: p.trigger.actor.login } : {}),
      ...triggeredAt(p, w, rerun),
      attributes: {
        workflow: w.name,
        status: w.status ?? null,
        pipelineNumber: p.number,
        pipelineId: p.id,
        ...(pipelineUrl ? { pipelineUrl } : {}),
        branch: p.vcs?.branch ?? null,
        runStartedAt: w.created_at,
        rerun,
        rollback,
      },
    } satisfies ServiceEvent;
  });
}

/**
 * When the run that shipped the deploy was asked for: the pipeline's trigger received
 * (`trigger.received_at`, https://circleci.com/docs/api/v2/index.html#operation/getPipelineById);
 * for a rerun, which runs under the old pipeline, the rerun workflow's `created_at`. Absent
 * when CircleCI gives no valid time.
 */
function triggeredAt(p: Pipeline, w: Workflow, rerun: boolean): { triggeredAt?: string } {
  const t = time(rerun ? w.created_at : (p.trigger?.received_at ?? p.created_at));
  return Number.isNaN(t) ? {} : { triggeredAt: new Date(t).toISOString() };
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
