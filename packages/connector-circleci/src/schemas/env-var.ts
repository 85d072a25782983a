import { z } from "zod";
import { nullish } from "./common.js";
import { lazySchema } from "@toolweave/core";

/**
 * A project environment variable (`GET /project/{slug}/envvar`, https://circleci.com/docs/api/v2/index.html). `value`
 * is masked by CircleCI (`xxxx` + last 4 characters) and returned as given. `created-at` is
 * hyphenated, untyped and EDN-ish (`#joda/inst 2023-…`), so it is exposed as raw text in
 * `created_at_raw`, never parsed strictly.
 */
export const projectEnvVarSchema = lazySchema(() =>
  z
    .object({
      name: z.string(),
      value: z.string(),
      "created-at": nullish(z.unknown()),
    })
    .transform(({ "created-at": created, ...rest }) => ({
      ...rest,
      created_at_raw: typeof created === "string" ? created : created == null ? null : String(created),
    })),
);
/** A project environment variable from `listProjectEnvVars()`; `value` is CircleCI's mask, `created_at_raw` unparsed text. */
export type ProjectEnvVar = z.output<typeof projectEnvVarSchema>;
