import { encodePathSegment, type PagedIterable, type Query } from "@toolweave/core";
import { z } from "zod";
import type { OperationContext } from "../operation-context.js";
import { paginateList } from "../paginate-list.js";
import { parseProjectSlug, slugPath } from "../project-slug.js";
import { workflowMetricsSchema, workflowRunSchema, type WorkflowMetrics, type WorkflowRun } from "../schemas/insights.js";
import { parseInput, requireName, requireProject, signalOf } from "./parse-input.js";
import type { ProjectInput } from "./projects.js";
import { lazySchema } from "@toolweave/core";

/** The reporting windows CircleCI insights accept (https://circleci.com/docs/api/v2/index.html#operation/getProjectWorkflowMetrics). */
export const REPORTING_WINDOWS = ["last-24-hours", "last-7-days", "last-30-days", "last-60-days", "last-90-days"] as const;
/** One insights reporting window, e.g. `last-7-days`. */
export type ReportingWindow = (typeof REPORTING_WINDOWS)[number];

/** Branch selection: one branch, or all branches (the default here; see below). */
export type BranchSelection = { branch: string; allBranches?: never } | { allBranches: true; branch?: never } | { branch?: undefined; allBranches?: undefined };

/** Options for `getWorkflowInsights()`: a branch (or all branches) and the reporting window. */
export type WorkflowInsightsOptions = BranchSelection & {
  /** Default `last-90-days` (the API's default). */
  reportingWindow?: ReportingWindow;
  signal?: AbortSignal;
};

/** Options for `listWorkflowRuns()`: a branch (or all branches) and an optional date range. */
export type WorkflowRunsOptions = BranchSelection & {
  /** Date or ISO date-time; insights reach back at most 90 days. */
  startDate?: Date | string;
  /** Needs `startDate`; at most 90 days after it (https://circleci.com/docs/api/v2/index.html). */
  endDate?: Date | string;
  signal?: AbortSignal;
};

const branchShape = () => ({
  branch: z.string().trim().min(1).optional(),
  allBranches: z.literal(true).optional(),
  signal: z.instanceof(AbortSignal).optional(),
});
const exclusive = (o: { branch?: string | undefined; allBranches?: true | undefined }) => !(o.branch && o.allBranches);
const date = lazySchema(() =>
  z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s)), z.iso.date().transform((s) => new Date(`${s}T00:00:00Z`))]),
);
const DAY = 86_400_000;

const insightsOptions = lazySchema(() =>
  z
    .strictObject({ ...branchShape(), reportingWindow: z.enum(REPORTING_WINDOWS).optional() })
    .refine(exclusive, "branch and allBranches are mutually exclusive"),
);
const runsOptions = lazySchema(() =>
  z
    .strictObject({ ...branchShape(), startDate: date.optional(), endDate: date.optional() })
    .refine(exclusive, "branch and allBranches are mutually exclusive")
    .refine((o) => !(o.endDate && !o.startDate), "endDate needs startDate")
    .refine((o) => !(o.startDate && o.endDate && o.endDate.getTime() < o.startDate.getTime()), "endDate is before startDate")
    .refine((o) => !(o.startDate && o.endDate && o.endDate.getTime() - o.startDate.getTime() > 90 * DAY), "endDate may be at most 90 days after startDate"),
);

/**
 * Without a branch the API reports the project's **default branch only**; this package
 * sends `all-branches=true` unless a branch is given (https://circleci.com/docs/api/v2/index.html, https://circleci.com/docs/insights/).
 */
function branchQuery(o: { branch?: string | undefined }): Query {
  return o.branch ? { branch: o.branch } : { "all-branches": true };
}

/**
 * `GET /insights/{slug}/workflows`: per-workflow metrics over a reporting window. Data is
 * refreshed daily (up to 24 h late) and reaches back 90 days; durations are in `*_ms`.
 */
export function getWorkflowInsights(ctx: OperationContext, project: ProjectInput, options?: WorkflowInsightsOptions): PagedIterable<WorkflowMetrics> {
  return paginateList(ctx, {
    operation: "getWorkflowInsights",
    item: workflowMetricsSchema,
    signal: signalOf(options),
    prepare() {
      requireProject(project, "getWorkflowInsights");
      const o = parseInput(insightsOptions, options, "getWorkflowInsights", `Pass { branch } or { allBranches: true }, and reportingWindow one of ${REPORTING_WINDOWS.join(", ")}.`);
      const slug = parseProjectSlug(project);
      ctx.guard("getWorkflowInsights");
      return {
        path: `insights/${slugPath(slug)}/workflows`,
        query: { ...branchQuery(o), ...(o.reportingWindow ? { "reporting-window": o.reportingWindow } : {}) },
      };
    },
  });
}

/**
 * `GET /insights/{slug}/workflows/{name}`: recent runs of one workflow. Run `duration` is
 * seconds in the API and `duration_ms` here. The workflow name is one encoded segment
 * (names can contain spaces; https://circleci.com/docs/api-developers-guide/).
 */
export function listWorkflowRuns(
  ctx: OperationContext,
  project: ProjectInput,
  workflowName: string,
  options?: WorkflowRunsOptions,
): PagedIterable<WorkflowRun> {
  return paginateList(ctx, {
    operation: "listWorkflowRuns",
    item: workflowRunSchema,
    signal: signalOf(options),
    prepare() {
      requireProject(project, "listWorkflowRuns");
      requireName(workflowName, "workflow name", "listWorkflowRuns", 'Pass the workflow name as it appears in .circleci/config.yml, e.g. "build-and-test".');
      const o = parseInput(
        runsOptions,
        options,
        "listWorkflowRuns",
        "Pass { branch } or { allBranches: true }, and startDate/endDate as Date or ISO strings (endDate needs startDate, at most 90 days apart).",
      );
      const slug = parseProjectSlug(project);
      const name = encodePathSegment(workflowName, "workflow name");
      ctx.guard("listWorkflowRuns");
      return {
        path: `insights/${slugPath(slug)}/workflows/${name}`,
        query: {
          ...branchQuery(o),
          ...(o.startDate ? { "start-date": o.startDate.toISOString() } : {}),
          ...(o.endDate ? { "end-date": o.endDate.toISOString() } : {}),
        },
      };
    },
  });
}
