import { z } from "zod";
import { nullish, openEnum } from "./common.js";
import { lazySchema } from "@toolweave/core";

/** Pipeline (https://circleci.com/docs/api/v2/index.html). `state` says nothing about success; workflows carry the outcome. */
export const pipelineSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    number: z.number().int(),
    project_slug: z.string(),
    /** `created` | `errored` | `setup-pending` | `setup` | `pending`, open. */
    state: openEnum(),
    created_at: z.string(),
    updated_at: nullish(z.string()),
    errors: nullish(z.array(z.object({ type: openEnum(), message: z.string() }))).transform((v) => v ?? []),
    trigger: nullish(
      z.object({
        /** `scheduled_pipeline` | `explicit` | `api` | `webhook`, open. */
        type: openEnum(),
        received_at: nullish(z.string()),
        actor: nullish(z.object({ login: z.string(), avatar_url: nullish(z.string()) })),
      }),
    ),
    /** Values may be nested objects for GitHub App / GitLab triggers (https://circleci.com/docs/pipeline-variables/, steampipe PR #53). */
    trigger_parameters: nullish(z.record(z.string(), z.unknown())),
    /** The whole object can be absent (https://circleci.com/docs/api/v2/index.html). */
    vcs: nullish(
      z.object({
        provider_name: nullish(z.string()),
        origin_repository_url: nullish(z.string()),
        target_repository_url: nullish(z.string()),
        /** Newly nullable in the 2025-10 spec. */
        revision: nullish(z.string()),
        branch: nullish(z.string()),
        tag: nullish(z.string()),
        review_id: nullish(z.string()),
        review_url: nullish(z.string()),
        commit: nullish(z.object({ subject: nullish(z.string()), body: nullish(z.string()) })),
      }),
    ),
  }),
);
/** A pipeline; its `state` is not an outcome (read its workflows' `status` for that). */
export type Pipeline = z.output<typeof pipelineSchema>;
