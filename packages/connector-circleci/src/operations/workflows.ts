import { encodePath, type PagedIterable } from "@toolweave/core";
import type { OperationContext } from "../operation-context.js";
import { paginateList } from "../paginate-list.js";
import { workflowJobSchema, type WorkflowJob } from "../schemas/job.js";
import { workflowSchema, type Workflow } from "../schemas/workflow.js";
import { parseSignalOptions, requireId, signalOf } from "./parse-input.js";

/**
 * `GET /pipeline/{id}/workflow`. A 404 is an empty list: CircleCI answers 404 when a
 * pipeline has no workflows, e.g. after a config error (https://circleci.com/docs/api/v2/index.html).
 */
export function listPipelineWorkflows(ctx: OperationContext, pipelineId: string, options?: { signal?: AbortSignal }): PagedIterable<Workflow> {
  return paginateList(ctx, {
    operation: "listPipelineWorkflows",
    item: workflowSchema,
    signal: signalOf(options),
    notFoundAsEmpty: true,
    prepare() {
      const id = requireId(pipelineId, "pipeline id", "listPipelineWorkflows");
      parseSignalOptions(options, "listPipelineWorkflows");
      ctx.guard("listPipelineWorkflows");
      return { path: encodePath`pipeline/${id}/workflow` };
    },
  });
}

/** `GET /workflow/{id}`. */
export async function getWorkflow(ctx: OperationContext, workflowId: string, options?: { signal?: AbortSignal }): Promise<Workflow> {
  const id = requireId(workflowId, "workflow id", "getWorkflow");
  const signal = parseSignalOptions(options, "getWorkflow");
  ctx.guard("getWorkflow");
  return ctx.http.get({ operation: "getWorkflow", path: encodePath`workflow/${id}`, schema: workflowSchema, ...signal });
}

/**
 * `GET /workflow/{id}/job`. The spec declares no `page-token` parameter although the
 * response has `next_page_token`; it is sent anyway, as peers do (https://circleci.com/docs/api/v2/index.html#section/Pagination). A 404 is
 * an empty list (https://circleci.com/docs/api/v2/index.html).
 */
export function listWorkflowJobs(ctx: OperationContext, workflowId: string, options?: { signal?: AbortSignal }): PagedIterable<WorkflowJob> {
  return paginateList(ctx, {
    operation: "listWorkflowJobs",
    item: workflowJobSchema,
    signal: signalOf(options),
    notFoundAsEmpty: true,
    prepare() {
      const id = requireId(workflowId, "workflow id", "listWorkflowJobs");
      parseSignalOptions(options, "listWorkflowJobs");
      ctx.guard("listWorkflowJobs");
      return { path: encodePath`workflow/${id}/job` };
    },
  });
}
