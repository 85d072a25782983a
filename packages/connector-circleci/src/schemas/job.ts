import { z } from "zod";
import { nullish, openEnum } from "./common.js";
import { lazySchema } from "@toolweave/core";

/** A job of a workflow (`GET /workflow/{id}/job`, https://circleci.com/docs/api/v2/index.html). */
export const workflowJobSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    /** `build` | `approval`, open. */
    type: openEnum(),
    /** Job status enum (14 values), open. */
    status: openEnum(),
    project_slug: nullish(z.string()),
    dependencies: nullish(z.array(z.string())).transform((v) => v ?? []),
    /** Required in the spec but cannot hold for jobs not started yet (https://circleci.com/docs/api/v2/index.html). */
    started_at: nullish(z.string()),
    stopped_at: nullish(z.string()),
    /** Absent for approval jobs and jobs not yet started; the key for job details. */
    job_number: nullish(z.number().int()),
    approval_request_id: nullish(z.string()),
    approved_by: nullish(z.string()),
    canceled_by: nullish(z.string()),
    requires: nullish(z.record(z.string(), z.array(z.string()))),
  }),
);
/** A job as listed by `listWorkflowJobs()`. */
export type WorkflowJob = z.output<typeof workflowJobSchema>;

/**
 * `GET /project/{slug}/job/{job-number}` (https://circleci.com/docs/api/v2/index.html). The API's `duration` is in
 * **milliseconds**; it is exposed as `duration_ms` so the unit is in the name.
 */
export const jobDetailsSchema = lazySchema(() =>
  z
    .object({
      web_url: nullish(z.string()),
      name: z.string(),
      number: z.number().int(),
      status: openEnum(),
      created_at: nullish(z.string()),
      queued_at: nullish(z.string()),
      started_at: nullish(z.string()),
      stopped_at: nullish(z.string()),
      duration: nullish(z.number()),
      parallelism: nullish(z.number().int()),
      parallel_runs: nullish(z.array(z.object({ index: z.number().int(), status: openEnum() }))),
      executor: nullish(z.object({ resource_class: nullish(z.string()), type: nullish(z.string()) })),
      project: nullish(
        z.object({ id: nullish(z.string()), slug: nullish(z.string()), name: nullish(z.string()), external_url: nullish(z.string()) }),
      ),
      organization: nullish(z.object({ name: nullish(z.string()) })),
      latest_workflow: nullish(z.object({ id: z.string(), name: nullish(z.string()) })),
      pipeline: nullish(z.object({ id: z.string() })),
      contexts: nullish(z.array(z.object({ name: z.string() }))),
      messages: nullish(z.array(z.object({ type: openEnum(), message: z.string(), reason: nullish(z.string()) }))),
    })
    .transform(({ duration, ...rest }) => ({ ...rest, duration_ms: duration ?? null })),
);
/** A job's details from `getJobDetails()`; `duration_ms` is in milliseconds. */
export type JobDetails = z.output<typeof jobDetailsSchema>;
