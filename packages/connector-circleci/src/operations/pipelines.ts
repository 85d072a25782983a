import { encodePath, InvalidInputError, type PagedIterable } from "@toolweave/core";
import { z } from "zod";
import type { OperationContext } from "../operation-context.js";
import { paginateList } from "../paginate-list.js";
import { parseOrgSlug, projectPath } from "../project-slug.js";
import { pipelineSchema, type Pipeline } from "../schemas/pipeline.js";
import { parseInput, parseSignalOptions, requireId, requirePositiveInteger, requireProject, signalOf } from "./parse-input.js";
import { recentBuildsAlternative, type ProjectInput } from "./projects.js";
import { lazySchema } from "@toolweave/core";

/** Options for `listPipelines(project, options)`. */
export interface ListProjectPipelinesOptions {
  /** Only pipelines of this branch (tag pipelines are left out by the API when set; https://circleci.com/docs/api/v2/index.html). */
  branch?: string;
  /** Only pipelines the token's user triggered (`/pipeline/mine`; cannot be combined with `branch`). */
  mine?: boolean;
  /** Cancels the listing; iteration then rejects with `AbortedError`. */
  signal?: AbortSignal;
}

/** Options for `listPipelines({ orgSlug })`: an organization's pipelines. */
export interface ListOrgPipelinesOptions {
  /** `gh/<org>`, `bb/<org>` or `circleci/<org-id>`. */
  orgSlug: string;
  /** Only pipelines the token's user triggered. */
  mine?: boolean;
  /** Cancels the listing; iteration then rejects with `AbortedError`. */
  signal?: AbortSignal;
}

const projectOptions = lazySchema(() =>
  z.strictObject({
    branch: z.string().trim().min(1).optional(),
    mine: z.boolean().optional(),
    signal: z.instanceof(AbortSignal).optional(),
  }),
);
const orgOptions = lazySchema(() =>
  z.strictObject({
    orgSlug: z.string().min(1),
    mine: z.boolean().optional(),
    signal: z.instanceof(AbortSignal).optional(),
  }),
);

/**
 * Pipelines, newest first. With a project: `GET /project/{slug}/pipeline` (or `/mine`). With
 * `{ orgSlug }`: `GET /pipeline?org-slug=…`, which covers only the most recently built (≤250)
 * projects the user follows, so it is not a complete org feed (https://circleci.com/docs/api/v2/index.html).
 */
export function listPipelines(ctx: OperationContext, project: ProjectInput, options?: ListProjectPipelinesOptions): PagedIterable<Pipeline>;
export function listPipelines(ctx: OperationContext, options: ListOrgPipelinesOptions): PagedIterable<Pipeline>;
export function listPipelines(
  ctx: OperationContext,
  projectOrOptions: ProjectInput | ListOrgPipelinesOptions,
  maybeOptions?: ListProjectPipelinesOptions,
): PagedIterable<Pipeline> {
  const org = typeof projectOrOptions === "object" && projectOrOptions !== null && "orgSlug" in projectOrOptions;
  const signal = signalOf(org ? projectOrOptions : maybeOptions);
  return paginateList(ctx, {
    operation: "listPipelines",
    item: pipelineSchema,
    signal,
    prepare() {
      if (org) {
        const options = parseInput(orgOptions, projectOrOptions, "listPipelines", 'Pass { orgSlug: "gh/<org>", mine?: boolean }.');
        const slug = parseOrgSlug(options.orgSlug);
        ctx.guard("listPipelines");
        return { path: "pipeline", query: { "org-slug": slug.slug, ...(options.mine === undefined ? {} : { mine: options.mine }) } };
      }
      const project = requireProject(projectOrOptions, "listPipelines");
      // No options: nothing to check (every field is optional, without defaults).
      const options = maybeOptions === undefined ? {} : parseInput(projectOptions, maybeOptions, "listPipelines", "Pass { branch?: string, mine?: boolean }.");
      if (options.mine && options.branch) {
        throw new InvalidInputError("CircleCI listPipelines: mine and branch cannot be combined (the /pipeline/mine route has no branch filter).", {
          provider: "circleci",
          fix: "Pass either { branch } or { mine: true }, and filter the other client-side.",
        });
      }
      const path = projectPath(project);
      ctx.guard("listPipelines", () => recentBuildsAlternative(ctx, project));
      return options.mine
        ? { path: `${path}/pipeline/mine` }
        : { path: `${path}/pipeline`, query: options.branch ? { branch: options.branch } : {} };
    },
  });
}

/** `GET /project/{slug}/pipeline/{number}`. */
export async function getPipelineByNumber(
  ctx: OperationContext,
  project: ProjectInput,
  pipelineNumber: number,
  options?: { signal?: AbortSignal },
): Promise<Pipeline> {
  requireProject(project, "getPipelineByNumber");
  requirePositiveInteger(pipelineNumber, "pipeline number", "getPipelineByNumber", "Pass the pipeline number shown in the UI, e.g. 1234.");
  const signal = parseSignalOptions(options, "getPipelineByNumber");
  const path = `${projectPath(project)}${encodePath`/pipeline/${pipelineNumber}`}`;
  ctx.guard("getPipelineByNumber", () => recentBuildsAlternative(ctx, project));
  return ctx.http.get({ operation: "getPipelineByNumber", path, schema: pipelineSchema, ...signal });
}

/** `GET /pipeline/{pipeline-id}`. */
export async function getPipeline(ctx: OperationContext, pipelineId: string, options?: { signal?: AbortSignal }): Promise<Pipeline> {
  const id = requireId(pipelineId, "pipeline id", "getPipeline");
  const signal = parseSignalOptions(options, "getPipeline");
  ctx.guard("getPipeline");
  return ctx.http.get({ operation: "getPipeline", path: encodePath`pipeline/${id}`, schema: pipelineSchema, ...signal });
}
