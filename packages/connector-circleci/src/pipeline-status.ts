import type { CallMemo, IncompletePart } from "@toolweave/core";
import type { OperationContext } from "./operation-context.js";
import { getProject, type ProjectInput } from "./operations/projects.js";
import { gapParts, walkPipelines } from "./pipeline-walker.js";
import { parseProjectSlug } from "./project-slug.js";
import type { Pipeline } from "./schemas/pipeline.js";
import type { Workflow } from "./schemas/workflow.js";
import { withCallMemo } from "./with-call-memo.js";

/** Options of `latestPipelineStatus()`. */
export interface PipelineStatusOptions {
  /** The branch; default the project's default branch. */
  branch?: string;
  signal?: AbortSignal;
  /** Shared by every call made for one answer (core's `createCallMemo()`): the project, pipeline page and workflows another call read are not read again. */
  memo?: CallMemo;
}

/**
 * Overall state of a pipeline derived from its workflows: `pipeline.state` only says whether
 * the pipeline was set up, not whether it passed
 * (https://circleci.com/docs/api/v2/index.html#operation/getPipelineById).
 */
export type PipelineOutcome = "success" | "failed" | "running" | "on_hold" | "canceled" | "errored" | "no-workflows" | "unknown";

/** What `latestPipelineStatus()` answers: a branch's latest pipeline, its workflows and their combined outcome. */
export interface PipelineStatus {
  /** The project, with a deep link to its pipelines. */
  project: { id: string; slug: string; name: string; defaultBranch: string | null; url: string };
  /** The branch looked at (the default branch when none was given). */
  branch: string;
  /** The latest pipeline on the branch, or `null` when it has none. */
  pipeline: (Pick<Pipeline, "id" | "number" | "state" | "created_at"> & { revision: string | null; actor: string | null; url: string }) | null;
  /** The pipeline's workflows with their status and deep links. */
  workflows: { id: string; name: string; status: string | null; createdAt: string; stoppedAt: string | null; url: string }[];
  /** `unknown` when the workflows could not be read (see `incomplete`). */
  outcome: PipelineOutcome;
  /**
   * Lookups that failed (the latest pipeline's workflows, or a pipeline list CircleCI cut short
   * before its first pipeline); non-empty means `pipeline`, `workflows` and `outcome` are not the full story.
   */
  incomplete: IncompletePart[];
}

const FAILED = new Set(["failed", "error", "failing", "unauthorized"]);
const RUNNING = new Set(["running"]);

function outcomeOf(state: string, statuses: readonly (string | null | undefined)[]): PipelineOutcome {
  if (state === "errored") return "errored";
  if (statuses.length === 0) return "no-workflows";
  if (statuses.some((s) => s && FAILED.has(s))) return "failed";
  if (statuses.some((s) => s && RUNNING.has(s))) return "running";
  if (statuses.some((s) => s === "on_hold")) return "on_hold";
  if (statuses.every((s) => s === "success")) return "success";
  if (statuses.some((s) => s === "canceled")) return "canceled";
  return "unknown";
}

/**
 * The latest pipeline on a branch (default: the project's default branch) with its
 * workflows, their states and deep links: what `status <service>` shows. Deep links use the
 * caller's slug (the API may echo another form of it). When the latest pipeline's workflows
 * cannot be read, the answer says so in `incomplete` and its outcome is `unknown`, never
 * `no-workflows`.
 */
export async function latestPipelineStatus(
  ctx: OperationContext,
  project: ProjectInput,
  options: PipelineStatusOptions = {},
): Promise<PipelineStatus> {
  const signal = options.signal ? { signal: options.signal } : {};
  const memo = options.memo ? { memo: options.memo } : {};
  const info = await getProject(withCallMemo(ctx, options.memo), project, signal);
  const branch = options.branch ?? info.vcs_info?.default_branch ?? undefined;
  const slug = parseProjectSlug(project);
  let pipeline: Pipeline | undefined;
  let workflows: Workflow[] = [];
  const walk = await walkPipelines(
    ctx,
    { project: slug, maxPipelines: 1, newestOnly: true, ...(branch ? { branch } : {}), ...signal, ...memo },
    (step) => {
      pipeline = step.pipeline;
      workflows = step.workflows ?? [];
    },
  );
  const incomplete: IncompletePart[] = gapParts(walk, {
    workflows: (p) => `workflows of pipeline #${p.number} (${slug.slug})`,
    list: () => `latest pipeline of ${slug.slug}${branch ? ` on ${branch}` : ""}`,
  });
  // Reruns add workflows with the same name under one pipeline; show the newest of each.
  const newest = new Map<string, (typeof workflows)[number]>();
  for (const w of workflows) {
    const seen = newest.get(w.name);
    if (!seen || w.created_at > seen.created_at) newest.set(w.name, w);
  }
  const shown = [...newest.values()];
  return {
    project: {
      id: info.id,
      slug: info.slug,
      name: info.name,
      defaultBranch: info.vcs_info?.default_branch ?? null,
      url: ctx.links.project(slug),
    },
    branch: branch ?? "(all)",
    pipeline: pipeline
      ? {
          id: pipeline.id,
          number: pipeline.number,
          state: pipeline.state,
          created_at: pipeline.created_at,
          revision: pipeline.vcs?.revision ?? null,
          actor: pipeline.trigger?.actor?.login ?? null,
          url: ctx.links.pipeline(slug, pipeline.number),
        }
      : null,
    workflows: shown.map((w) => ({
      id: w.id,
      name: w.name,
      status: w.status ?? null,
      createdAt: w.created_at,
      stoppedAt: w.stopped_at ?? null,
      url: ctx.links.workflow(slug, w.pipeline_number, w.id),
    })),
    outcome: pipeline && incomplete.length === 0 ? outcomeOf(pipeline.state, shown.map((w) => w.status)) : "unknown",
    incomplete,
  };
}
