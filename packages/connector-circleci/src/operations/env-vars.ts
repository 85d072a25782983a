import type { PagedIterable } from "@toolweave/core";
import type { OperationContext } from "../operation-context.js";
import { paginateList } from "../paginate-list.js";
import { projectPath } from "../project-slug.js";
import { projectEnvVarSchema, type ProjectEnvVar } from "../schemas/env-var.js";
import type { ProjectInput } from "./projects.js";

/** `GET /project/{slug}/envvar`: names with values masked by CircleCI (`xxxx` + last 4), as given. */
export function listProjectEnvVars(ctx: OperationContext, project: ProjectInput, options: { signal?: AbortSignal } = {}): PagedIterable<ProjectEnvVar> {
  return paginateList(ctx, {
    operation: "listProjectEnvVars",
    item: projectEnvVarSchema,
    signal: options.signal,
    prepare() {
      const path = `${projectPath(project)}/envvar`;
      ctx.guard("listProjectEnvVars");
      return { path };
    },
  });
}
