import { z } from "zod";
import { nullish, openEnum } from "./common.js";
import { lazySchema } from "@toolweave/core";

/** Workflow (https://circleci.com/docs/api/v2/index.html). Reruns create new ids under the same pipeline with the same name. */
export const workflowSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    pipeline_id: z.string(),
    pipeline_number: z.number().int(),
    project_slug: z.string(),
    /** `success` | `running` | `not_run` | `failed` | `error` | `failing` | `on_hold` | `canceled` | `unauthorized`, open; CircleCI's MCP server types it nullable. */
    status: nullish(openEnum()),
    started_by: nullish(z.string()),
    created_at: z.string(),
    /** Null while running or on hold. */
    stopped_at: nullish(z.string()),
    canceled_by: nullish(z.string()),
    errored_by: nullish(z.string()),
    /** `setup` marks dynamic-config setup workflows. */
    tag: nullish(openEnum()),
    auto_rerun_number: nullish(z.number().int()),
    max_auto_reruns: nullish(z.number().int()),
  }),
);
/** A workflow of a pipeline; a rerun is a new workflow (new id, same name) under the same pipeline. */
export type Workflow = z.output<typeof workflowSchema>;

/** Workflow statuses that will not change any more (https://circleci.com/docs/api/v2/index.html). */
export const TERMINAL_WORKFLOW_STATUSES: ReadonlySet<string> = new Set([
  "success",
  "failed",
  "error",
  "canceled",
  "unauthorized",
  "not_run",
]);
