import { z } from "zod";
import { nullish, openEnum } from "./common.js";
import { lazySchema } from "@toolweave/core";

const SECOND = 1000;
const toMs = (seconds: number | null | undefined) => (seconds === null || seconds === undefined ? null : seconds * SECOND);

/**
 * Per-workflow metrics from `GET /insights/{slug}/workflows`
 * (https://circleci.com/docs/api/v2/index.html#operation/getProjectWorkflowMetrics). Insights
 * durations and MTTR are in **seconds**; they are exposed in milliseconds (`*_ms`), the
 * unit job details use, so every duration this package returns has one unit, named.
 */
export const workflowMetricsSchema = lazySchema(() =>
  z
    .object({
      name: z.string(),
      /** The spec gives this field no type and the connector does not use it: any value is accepted, never validated. */
      project_id: z.unknown().optional(),
      window_start: z.string(),
      window_end: z.string(),
      metrics: z.object({
        /** Includes running and on-hold runs. */
        total_runs: z.number().int(),
        successful_runs: z.number().int(),
        failed_runs: z.number().int(),
        success_rate: z.number(),
        /** Runs per day. */
        throughput: z.number(),
        mttr: nullish(z.number()),
        total_credits_used: nullish(z.number()),
        total_recoveries: nullish(z.number()),
        duration_metrics: nullish(
          z.object({
            min: nullish(z.number()),
            mean: nullish(z.number()),
            median: nullish(z.number()),
            p95: nullish(z.number()),
            max: nullish(z.number()),
            standard_deviation: nullish(z.number()),
          }),
        ),
      }),
    })
    .transform(({ metrics: { mttr, duration_metrics, ...metrics }, ...rest }) => ({
      ...rest,
      metrics: {
        ...metrics,
        mttr_ms: toMs(mttr),
        duration_metrics_ms: {
          min: toMs(duration_metrics?.min),
          mean: toMs(duration_metrics?.mean),
          median: toMs(duration_metrics?.median),
          p95: toMs(duration_metrics?.p95),
          max: toMs(duration_metrics?.max),
          standard_deviation: toMs(duration_metrics?.standard_deviation),
        },
      },
    })),
);
/** One workflow's insights metrics from `getWorkflowInsights()`; durations in milliseconds (`*_ms`). */
export type WorkflowMetrics = z.output<typeof workflowMetricsSchema>;

/**
 * One run from `GET /insights/{slug}/workflows/{name}`
 * (https://circleci.com/docs/api/v2/index.html#operation/getProjectWorkflowRuns). The API's
 * `duration` is in **seconds**; exposed as `duration_ms`.
 */
export const workflowRunSchema = lazySchema(() =>
  z
    .object({
      /** The workflow id. */
      id: z.string(),
      branch: nullish(z.string()),
      created_at: z.string(),
      stopped_at: nullish(z.string()),
      duration: nullish(z.number()),
      credits_used: nullish(z.number()),
      /** Finished states only (`success` | `failed` | `error` | `canceled` | `unauthorized`), open, nullable. */
      status: nullish(openEnum()),
      is_approval: nullish(z.boolean()),
    })
    .transform(({ duration, ...rest }) => ({ ...rest, duration_ms: toMs(duration) })),
);
/** One run of a workflow from `listWorkflowRuns()`; `duration_ms` is in milliseconds. */
export type WorkflowRun = z.output<typeof workflowRunSchema>;
