import { incompletePart, mapConcurrent, type IncompletePart } from "@toolweave/core";
import { z } from "zod";
import type { CircleCIConventions } from "./conventions.js";
import type { OperationContext } from "./operation-context.js";
import { parseInput } from "./operations/parse-input.js";
import { listPipelines } from "./operations/pipelines.js";
import type { ProjectInput } from "./operations/projects.js";
import { listPipelineWorkflows } from "./operations/workflows.js";
import { truncatedError } from "./paginate-list.js";
import { parseProjectSlug, type ProjectSlug } from "./project-slug.js";
import type { Pipeline } from "./schemas/pipeline.js";
import type { Workflow } from "./schemas/workflow.js";
import { lazySchema } from "@toolweave/core";

/** Default for `maxRerunAgeDays`: how long after its pipeline was created a deploy workflow (a rerun included) is assumed to finish at the latest. */
export const DEFAULT_MAX_RERUN_AGE_DAYS = 14;

/**
 * Options for `lastDeploy()`: the project, and either the deploy `workflow` name or the
 * `service` whose deploy workflow the convention names. Invalid options throw `InvalidInputError`.
 */
export type LastDeployOptions = {
  /** The project to scan, e.g. `gh/acme/checkout`. */
  project: ProjectInput;
  /** Only pipelines whose `env` pipeline parameter equals this (pipelines without it are skipped). */
  env?: string;
  /** Only pipelines of this branch. */
  branch?: string;
  /** Pipelines scanned at most, newest first. Default 50. */
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
  /** Pipelines whose workflows were read (or tried). */
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
    })
    .refine((o) => (o.workflow === undefined) !== (o.service === undefined), "exactly one of workflow or service is required"),
);

const DAY_MS = 86_400_000;
const CONCURRENCY = 4;
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
 * Bounds: at most `maxPipelines` pipelines are read; once a candidate that finished at T is
 * found, the scan stops at the first pipeline created before T − `maxRerunAgeDays`.
 *
 * Honesty: a pipeline whose workflow list cannot be read (429 past retries, timeout, 5xx, a
 * list cut short) and that could still hold a later-finishing deploy is reported in
 * `incomplete`, and so is reaching `maxPipelines` before that cut-off while holding a
 * candidate; the answer is never an older deploy presented as complete.
 */
export async function lastDeploy(ctx: OperationContext, conventions: CircleCIConventions, options: LastDeployOptions): Promise<LastDeployResult> {
  const o = parseInput(schema, options, "lastDeploy", 'Pass { project: "gh/<org>/<repo>", workflow: "<name>" } or { project, service }, with optional env, branch, maxPipelines, maxRerunAgeDays.');
  const slug = parseProjectSlug(options.project);
  const workflowName = o.workflow ?? conventions.deployWorkflow.format({ service: o.service! });
  const limit = o.maxPipelines ?? 50;
  const rerunAgeMs = (o.maxRerunAgeDays ?? DEFAULT_MAX_RERUN_AGE_DAYS) * DAY_MS;
  const signal = o.signal ? { signal: o.signal } : {};

  let best: { pipeline: Pipeline; workflow: Workflow; at: number } | undefined;
  const cutoff = () => (best ? best.at - rerunAgeMs : Number.NEGATIVE_INFINITY);
  const failed: { pipeline: Pipeline; error: unknown }[] = [];
  let scanned = 0;
  let stop: "cutoff" | "limit" | undefined;

  const pipelineList = listPipelines(ctx, slug, { ...(o.branch ? { branch: o.branch } : {}), ...signal });
  const readWorkflows = async (p: Pipeline): Promise<Workflow[]> => {
    const list = listPipelineWorkflows(ctx, p.id, signal);
    try {
      const items = await list.toArray();
      if (list.truncated) failed.push({ pipeline: p, error: truncatedError(list.truncated.reason) });
      return items;
    } catch (error) {
      if (o.signal?.aborted) throw error;
      failed.push({ pipeline: p, error });
      return [];
    }
  };
  pages: for await (const page of pipelineList.pages()) {
    // Chunks of CONCURRENCY pipelines, so the cut-off learnt from one chunk spares the next.
    for (let start = 0; start < page.length; start += CONCURRENCY) {
      const batch: Pipeline[] = [];
      for (const p of page.slice(start, start + CONCURRENCY)) {
        if (time(p.created_at) < cutoff()) stop = "cutoff";
        else if (scanned >= limit) stop = "limit";
        if (stop) break;
        scanned += 1;
        if (!o.env || envOf(p) === o.env) batch.push(p);
      }
      const workflows = await mapConcurrent(batch, CONCURRENCY, readWorkflows);
      batch.forEach((pipeline, i) => {
        for (const w of workflows[i] ?? []) {
          if (w.name !== workflowName || w.status !== "success") continue;
          const at = time(finishedAt(w));
          if (!best || at > best.at) best = { pipeline, workflow: w, at };
        }
      });
      if (stop) break pages;
    }
  }

  const incomplete: IncompletePart[] = [];
  // Only a pipeline created after the final cut-off could have held a later-finishing deploy.
  for (const { pipeline, error } of failed) {
    if (time(pipeline.created_at) < cutoff()) continue;
    incomplete.push(incompletePart(`workflows of pipeline #${pipeline.number} (${slug.slug}), which could hold a later-finishing ${workflowName}`, error));
  }
  if (pipelineList.truncated && stop === undefined) {
    incomplete.push(incompletePart(`pipelines of ${slug.slug} older than the ${scanned} read`, truncatedError(pipelineList.truncated.reason)));
  }
  if (stop === "limit" && !best) {
    incomplete.push({
      lookup: `pipelines of ${slug.slug} beyond the first ${limit}`,
      error: {
        kind: "pagination_limit",
        message: `No successful ${workflowName} among the ${limit} newest pipelines (maxPipelines); older pipelines were not read.`,
        fix: "Raise maxPipelines, or check the workflow name and env.",
        isRetryable: false,
      },
      retryable: false,
    });
  }
  if (stop === "limit" && best) {
    const message = `Read ${limit} pipelines (maxPipelines) before reaching pipelines older than ${maxRerunAgeDays(rerunAgeMs)} days before the deploy found; an older pipeline re-run later could hold a later-finishing deploy.`;
    incomplete.push({
      lookup: `pipelines of ${slug.slug} beyond the first ${limit}`,
      error: { kind: "pagination_limit", message, fix: "Raise maxPipelines, or lower maxRerunAgeDays if deploys are never re-run that late.", isRetryable: false },
      retryable: false,
    });
  }
  return { deploy: best ? toLastDeploy(ctx, slug, best.pipeline, best.workflow) : null, incomplete, pipelinesScanned: scanned };
}

const maxRerunAgeDays = (ms: number) => Math.round((ms / DAY_MS) * 100) / 100;

function envOf(p: Pipeline): string | undefined {
  const value = p.trigger_parameters?.env;
  return typeof value === "string" ? value.trim().toLowerCase() : undefined;
}

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
