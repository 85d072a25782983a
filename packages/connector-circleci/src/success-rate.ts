import { PaginationLimitError } from "@toolweave/core";
import { z } from "zod";
import type { OperationContext } from "./operation-context.js";
import { getWorkflowInsights, REPORTING_WINDOWS, type BranchSelection, type ReportingWindow } from "./operations/insights.js";
import { parseInput } from "./operations/parse-input.js";
import type { ProjectInput } from "./operations/projects.js";
import { lazySchema } from "@toolweave/core";

/** Options for `successRate()`: a branch (default: all branches) and the reporting window (default `last-30-days`). */
export type SuccessRateOptions = BranchSelection & { reportingWindow?: ReportingWindow; signal?: AbortSignal };

/** A workflow's success rate over a reporting window, from insights. */
export interface SuccessRate {
  workflow: string;
  /** 0..1, as CircleCI computes it. */
  successRate: number;
  /** Includes running and on-hold runs (https://circleci.com/docs/insights-glossary/). */
  totalRuns: number;
  successfulRuns: number;
  failedRuns: number;
  /** Mean run duration in milliseconds (insights report seconds). */
  meanDurationMs: number | null;
  windowStart: string;
  windowEnd: string;
  reportingWindow: ReportingWindow;
  /** The branch, or `"all"`. */
  branch: string;
}

const schema = lazySchema(() =>
  z.strictObject({
    reportingWindow: z.enum(REPORTING_WINDOWS).optional(),
    branch: z.string().trim().min(1).optional(),
    allBranches: z.literal(true).optional(),
    signal: z.instanceof(AbortSignal).optional(),
  }),
);

/**
 * Success rate of one workflow from `GET /insights/{slug}/workflows`. Returns `null` when
 * the workflow had no runs in the window (insights list only workflows that ran) — and only
 * when the whole list was read: a page that fails rejects with its typed error, and a list
 * CircleCI cut short (404 on a later page token) without the workflow in it rejects with a
 * retryable `PaginationLimitError`, since the workflow may be on the unread pages. Insights
 * data can lag up to 24 h (https://circleci.com/docs/insights/).
 */
export async function successRate(
  ctx: OperationContext,
  project: ProjectInput,
  workflow: string,
  options: SuccessRateOptions = {},
): Promise<SuccessRate | null> {
  const o = parseInput(schema, options, "successRate", `Pass { reportingWindow?: ${REPORTING_WINDOWS.join(" | ")}, branch? | allBranches? }.`);
  const reportingWindow = o.reportingWindow ?? "last-30-days";
  const branch = o.branch ? { branch: o.branch } : { allBranches: true as const };
  const list = getWorkflowInsights(ctx, project, { ...branch, reportingWindow, ...(o.signal ? { signal: o.signal } : {}) });
  for await (const m of list) {
    if (m.name !== workflow) continue;
    return {
      workflow,
      successRate: m.metrics.success_rate,
      totalRuns: m.metrics.total_runs,
      successfulRuns: m.metrics.successful_runs,
      failedRuns: m.metrics.failed_runs,
      meanDurationMs: m.metrics.duration_metrics_ms.mean,
      windowStart: m.window_start,
      windowEnd: m.window_end,
      reportingWindow,
      branch: o.branch ?? "all",
    };
  }
  if (list.truncated) {
    throw new PaginationLimitError(`CircleCI successRate: workflow "${workflow}" was not on the insights pages read, and the list ended early: ${list.truncated.reason}`, {
      provider: "circleci",
      status: 404,
      isRetryable: true,
      fix: "Retry; the workflow may be on the pages that were not read.",
    });
  }
  return null;
}
