import type { CallMemo, IncompletePart } from "@toolweave/core";
import { z } from "zod";
import type { CircleCIConventions } from "./conventions.js";
import type { OperationContext } from "./operation-context.js";
import { callMemoOption, parseInput, type ProjectInput } from "./operations/parse-input.js";
import { gapParts, olderPipelinesLookup, pipelinesLookup, walkPipelines } from "./pipeline-walker.js";
import { parseProjectSlug, type ProjectSlug } from "./project-slug.js";
import type { Pipeline } from "./schemas/pipeline.js";
import type { Workflow } from "./schemas/workflow.js";
import { lazySchema, limitPart } from "@toolweave/core";

/** Default for `maxRerunAgeDays`: how long after its pipeline was created a deploy workflow (a rerun included) is assumed to finish at the latest. */
export const DEFAULT_MAX_RERUN_AGE_DAYS = 14;

/**
 * Options for `lastDeploy()`: the project, and either the deploy `workflow` name or the
 * `service` whose deploy workflow the convention names. Invalid options throw `InvalidInputError`.
 */
export type LastDeployOptions = {
  /** The project to scan, e.g. `gh/acme/checkout`. */
  project: ProjectInput;
  /**
   * Only pipelines whose `env` pipeline parameter equals this, both trimmed and compared
   * case-insensitively (`prod-eu` finds `Prod-EU `); pipelines without it are skipped. Any
   * non-empty string is an env, not only core's one-word form. `deployEvents` reads it the same way.
   */
  env?: string;
  /** Only pipelines of this branch. */
  branch?: string;
  /** Pipelines looked at at most, newest first, those of other envs included (default 50, at most 1000). */
  maxPipelines?: number;
  /**
   * How long after its pipeline was created a deploy workflow, a rerun included, can finish
   * (default 14 days, at most 90). Once a deploy that finished at T is found, pipelines
   * created before T minus this are not read: none of them can hold a deploy that finished
   * later. A rollback re-run of an older pipeline is found as long as that pipeline is younger
   * than this when it is re-run.
   */
  maxRerunAgeDays?: number;
  /** Cancels the scan; the call then rejects with `AbortedError`. */
  signal?: AbortSignal;
  /**
   * Shared by every call made for one answer (core's `createCallMemo()`): pipeline pages and
   * workflow lists another call of the answer read are not read again.
   */
  memo?: CallMemo;
} & ({ /** Deploy workflow name. */ workflow: string; service?: never } | { /** Service; the workflow name comes from the deploy convention (`deploy-{service}`). */ service: string; workflow?: never });

/** The successful deploy that finished last, with its commit and deep links. */
export interface LastDeploy {
  /** The project slug as the caller gave it (normalised). */
  project: string;
  workflow: { id: string; name: string; status: string; createdAt: string; stoppedAt: string | null };
  pipeline: {
    id: string;
    number: number;
    branch: string | null;
    tag: string | null;
    /** Commit SHA (`vcs.revision`); null when CircleCI did not record one. */
    revision: string | null;
    commitSubject: string | null;
    parameters: Record<string, unknown>;
  };
  commitSha: string | null;
  /** Who triggered the pipeline. */
  actor: string | null;
  /** When the deploy workflow finished (`stopped_at`), else when it was created. */
  deployedAt: string;
  links: { workflow: string; pipeline: string; project: string; commit?: string };
}

/**
 * What `lastDeploy` answers: the deploy (or `null` when none was found in the scan) and every
 * lookup that could have changed it but failed. A non-empty `incomplete` means `deploy` may
 * not be the last one (a pipeline that could hold a later-finishing deploy was not read);
 * it is never left out.
 */
export interface LastDeployResult {
  deploy: LastDeploy | null;
  incomplete: IncompletePart[];
  /** Pipelines looked at (within the bounds), those of other envs, whose workflows were not read, included. */
  pipelinesScanned: number;
}

const schema = lazySchema(() =>
  z
    .strictObject({
      project: z.union([z.string(), z.object({ vcs: z.string(), org: z.string(), repo: z.string(), slug: z.string() })]),
      workflow: z.string().trim().min(1).optional(),
      service: z.string().trim().min(1).optional(),
      env: z.string().trim().toLowerCase().min(1).optional(),
      branch: z.string().trim().min(1).optional(),
      maxPipelines: z.number().int().positive().max(1000).optional(),
      maxRerunAgeDays: z.number().positive().max(90).optional(),
      signal: z.instanceof(AbortSignal).optional(),
      memo: callMemoOption(),
    })
    .refine((o) => (o.workflow === undefined) !== (o.service === undefined), "exactly one of workflow or service is required"),
);

const DAY_MS = 86_400_000;
const finishedAt = (w: Workflow) => w.stopped_at ?? w.created_at;
const time = (iso: string) => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
};

/**
 * Finds the successful deploy workflow that **finished** last (`stopped_at`), reruns included:
 * re-running an older pipeline's deploy (a rollback) creates a new workflow under that old
 * pipeline, and if it finished later it is the deploy now live. Pipelines are walked newest
 * first (CircleCI lists a project's pipelines newest first) with their workflows, from live
 * data (insights can lag up to a day: https://circleci.com/docs/insights/).
 *
 * How far back: the walker `deployEvents` uses (same env reading, same limits) looks at
 * most at `maxPipelines` pipelines; once a candidate that finished at T is found, the cut-off
 * is T − `maxRerunAgeDays` and the walk ends at the first pipeline created before it (the
 * cut-off moves forward as later-finishing candidates turn up).
 *
 * When it cannot look further, `incomplete` says so; the answer is never an older deploy (or
 * `null`) presented as complete: a pipeline created after the final cut-off whose workflow
 * list could not be read (429 past retries, timeout, 5xx, a list cut short); `maxPipelines`
 * reached before the cut-off, with or without a candidate; the pipeline list cut short, or
 * failing after its first page (`pipelines of <slug> older than the N read`). Only a failure
 * of the first page rejects.
 */
export async function lastDeploy(ctx: OperationContext, conventions: CircleCIConventions, options: LastDeployOptions): Promise<LastDeployResult> {
  const o = parseInput(schema, options, "lastDeploy", 'Pass { project: "gh/<org>/<repo>", workflow: "<name>" } or { project, service }, with optional env, branch, maxPipelines, maxRerunAgeDays, signal, memo.');
  const slug = parseProjectSlug(options.project);
  const workflowName = o.workflow ?? conventions.deployWorkflow.format({ service: o.service! });
  const limit = o.maxPipelines ?? 50;
  const rerunAgeMs = (o.maxRerunAgeDays ?? DEFAULT_MAX_RERUN_AGE_DAYS) * DAY_MS;

  let best: { pipeline: Pipeline; workflow: Workflow; at: number } | undefined;
  // Moves forward as later-finishing deploys are found: older pipelines cannot hold one that finished later.
  const cutoff = () => (best ? best.at - rerunAgeMs : Number.NEGATIVE_INFINITY);
  const walk = await walkPipelines(
    ctx,
    {
      project: slug,
      cutoff,
      maxPipelines: limit,
      ...(o.branch ? { branch: o.branch } : {}),
      ...(o.env ? { env: o.env } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.memo ? { memo: o.memo } : {}),
    },
    ({ pipeline, workflows }) => {
      for (const w of workflows ?? []) {
        if (w.name !== workflowName || w.status !== "success") continue;
        const at = time(finishedAt(w));
        if (!best || at > best.at) best = { pipeline, workflow: w, at };
      }
    },
  );

  const incomplete = gapParts(walk, {
    // Only a pipeline created after the final cut-off could have held a later-finishing deploy.
    workflows: (p) => (Date.parse(p.created_at) < cutoff() ? undefined : `workflows of pipeline #${p.number} (${slug.slug}), which could hold a later-finishing ${workflowName}`),
    list: (scanned) => olderPipelinesLookup(slug, scanned),
    limit: () =>
      best
        ? limitPart(
            pipelinesLookup(slug),
            limit,
            `Read ${limit} pipelines (maxPipelines) before reaching pipelines older than ${maxRerunAgeDays(rerunAgeMs)} days before the deploy found; an older pipeline re-run later could hold a later-finishing deploy.`,
            "Raise maxPipelines, or lower maxRerunAgeDays if deploys are never re-run that late.",
          )
        : limitPart(
            pipelinesLookup(slug),
            limit,
            `No successful ${workflowName} among the ${limit} newest pipelines (maxPipelines); older pipelines were not read.`,
            "Raise maxPipelines, or check the workflow name and env.",
          ),
  });
  return { deploy: best ? toLastDeploy(ctx, slug, best.pipeline, best.workflow) : null, incomplete, pipelinesScanned: walk.scanned };
}

const maxRerunAgeDays = (ms: number) => Math.round((ms / DAY_MS) * 100) / 100;

/** Links are built from the caller's slug, never the one the API echoes (it may use another form). */
function toLastDeploy(ctx: OperationContext, slug: ProjectSlug, p: Pipeline, w: Workflow): LastDeploy {
  const revision = p.vcs?.revision ?? null;
  const commit = ctx.links.commit(p.vcs?.target_repository_url ?? p.vcs?.origin_repository_url, revision);
  return {
    project: slug.slug,
    workflow: { id: w.id, name: w.name, status: w.status ?? "success", createdAt: w.created_at, stoppedAt: w.stopped_at ?? null },
    pipeline: {
      id: p.id,
      number: p.number,
      branch: p.vcs?.branch ?? null,
      tag: p.vcs?.tag ?? null,
      revision,
      commitSubject: p.vcs?.commit?.subject ?? null,
      parameters: p.trigger_parameters ?? {},
    },
    commitSha: revision,
    actor: p.trigger?.actor?.login ?? null,
    deployedAt: finishedAt(w),
    links: {
      workflow: ctx.links.workflow(slug, p.number, w.id),
      pipeline: ctx.links.pipeline(slug, p.number),
      project: ctx.links.project(slug),
      ...(commit ? { commit } : {}),
    },
  };
}
