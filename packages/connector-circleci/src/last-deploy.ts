import { mapConcurrent } from "@toolweave/core";
import { z } from "zod";
import type { CircleCIConventions } from "./conventions.js";
import type { OperationContext } from "./operation-context.js";
import { parseInput } from "./operations/parse-input.js";
import { listPipelines } from "./operations/pipelines.js";
import type { ProjectInput } from "./operations/projects.js";
import { listPipelineWorkflows } from "./operations/workflows.js";
import { parseProjectSlug } from "./project-slug.js";
import type { Pipeline } from "./schemas/pipeline.js";
import type { Workflow } from "./schemas/workflow.js";

export type LastDeployOptions = {
  project: ProjectInput;
  /** Only pipelines whose `env` pipeline parameter equals this (pipelines without it are skipped). */
  env?: string;
  /** Only pipelines of this branch. */
  branch?: string;
  /** Pipelines scanned at most, newest first. Default 50. */
  maxPipelines?: number;
  signal?: AbortSignal;
} & ({ /** Deploy workflow name. */ workflow: string; service?: never } | { /** Service; the workflow name comes from the deploy convention (`deploy-{service}`). */ service: string; workflow?: never });

/** The most recent successful deploy run, with its commit and deep links. */
export interface LastDeploy {
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

const schema = z
  .strictObject({
    project: z.union([z.string(), z.object({ vcs: z.string(), org: z.string(), repo: z.string(), slug: z.string() })]),
    workflow: z.string().trim().min(1).optional(),
    service: z.string().trim().min(1).optional(),
    env: z.string().trim().toLowerCase().min(1).optional(),
    branch: z.string().trim().min(1).optional(),
    maxPipelines: z.number().int().positive().max(1000).optional(),
    signal: z.instanceof(AbortSignal).optional(),
  })
  .refine((o) => (o.workflow === undefined) !== (o.service === undefined), "exactly one of workflow or service is required");

/**
 * Finds the most recent successful run of a deploy workflow by walking pipelines newest
 * first (project pipeline lists come newest first; API-NOTES §4) and their workflows. This
 * uses live data (insights lag up to 24 h and may be off on Server; API-NOTES §1, §8.8).
 * Workflows of one page of pipelines are fetched with bounded concurrency; a pipeline whose
 * workflow list fails is skipped (API-NOTES §5, devlake #8948). Returns `null` when none is
 * found within `maxPipelines`.
 */
export async function lastDeploy(ctx: OperationContext, conventions: CircleCIConventions, options: LastDeployOptions): Promise<LastDeploy | null> {
  const o = parseInput(schema, options, "lastDeploy", 'Pass { project: "gh/<org>/<repo>", workflow: "<name>" } or { project, service }, with optional env, branch, maxPipelines.');
  const slug = parseProjectSlug(options.project);
  const workflowName = o.workflow ?? conventions.deployWorkflow.format({ service: o.service! });
  const limit = o.maxPipelines ?? 50;
  const signal = o.signal ? { signal: o.signal } : {};
  let scanned = 0;
  for await (const page of listPipelines(ctx, slug, { ...(o.branch ? { branch: o.branch } : {}), ...signal }).pages()) {
    const batch = page.slice(0, limit - scanned).filter((p) => !o.env || envOf(p) === o.env);
    scanned += Math.min(page.length, limit - scanned);
    const workflows = await mapConcurrent(batch, 4, async (p) => {
      try {
        return await listPipelineWorkflows(ctx, p.id, signal).toArray();
      } catch (error) {
        if (o.signal?.aborted) throw error;
        return [] as Workflow[];
      }
    });
    for (let i = 0; i < batch.length; i++) {
      const pipeline = batch[i]!;
      const match = (workflows[i] ?? [])
        .filter((w) => w.name === workflowName && w.status === "success")
        .sort((a, b) => (b.stopped_at ?? b.created_at).localeCompare(a.stopped_at ?? a.created_at))[0];
      if (match) return toLastDeploy(ctx, slug.slug, pipeline, match);
    }
    if (scanned >= limit) break;
  }
  return null;
}

function envOf(p: Pipeline): string | undefined {
  const value = p.trigger_parameters?.env;
  return typeof value === "string" ? value.trim().toLowerCase() : undefined;
}

function toLastDeploy(ctx: OperationContext, project: string, p: Pipeline, w: Workflow): LastDeploy {
  const revision = p.vcs?.revision ?? null;
  const commit = ctx.links.commit(p.vcs?.target_repository_url ?? p.vcs?.origin_repository_url, revision);
  return {
    project,
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
    deployedAt: w.stopped_at ?? w.created_at,
    links: {
      workflow: ctx.links.workflow(w.project_slug, w.pipeline_number, w.id),
      pipeline: ctx.links.pipeline(p.project_slug, p.number),
      project: ctx.links.project(project),
      ...(commit ? { commit } : {}),
    },
  };
}

