import { z } from "zod";
import { nullish, openEnum } from "./common.js";
import { lazySchema } from "@toolweave/core";

/** `GET /project/{project-slug}` (https://circleci.com/docs/api/v2/index.html; the spec says the shape "may change"). */
export const projectSchema = lazySchema(() =>
  z.object({
    slug: z.string(),
    name: z.string(),
    /** The stable key: slugs come back in other forms (https://circleci.com/docs/api-developers-guide/, steampipe PR #53). */
    id: z.string(),
    organization_name: nullish(z.string()),
    organization_slug: nullish(z.string()),
    organization_id: nullish(z.string()),
    vcs_info: nullish(
      z.object({
        vcs_url: nullish(z.string()),
        /** `Bitbucket` | `CircleCI` | `GitHub`, open (GitLab is missing from the enum). */
        provider: nullish(openEnum()),
        default_branch: nullish(z.string()),
      }),
    ),
  }),
);
/** A CircleCI project, as returned by `getProject()`; key it on `id`, not on `slug`. */
export type Project = z.output<typeof projectSchema>;
