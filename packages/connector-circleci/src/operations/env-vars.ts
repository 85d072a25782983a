import type { PagedIterable } from "@toolweave/core";
import type { OperationContext } from "../operation-context.js";
import { paginateList } from "../paginate-list.js";
import { projectPath } from "../project-slug.js";
import { projectEnvVarSchema, type ProjectEnvVar } from "../schemas/env-var.js";
import { parseSignalOptions, requireProject, signalOf } from "./parse-input.js";
import type { ProjectInput } from "./projects.js";

/** `GET /project/{slug}/envvar`: names with values masked by CircleCI (`xxxx` + last 4), as given. */
export function listProjectEnvVars(ctx: OperationContext, project: ProjectInput, options?: { signal?: AbortSignal }): PagedIterable<ProjectEnvVar> {
  return paginateList(ctx, {
    operation: "listProjectEnvVars",
    item: projectEnvVarSchema,
    signal: signalOf(options),
    prepare() {
      const path = `${projectPath(requireProject(project, "listProjectEnvVars"))}/envvar`;
      parseSignalOptions(options, "listProjectEnvVars");
      ctx.guard("listProjectEnvVars");
      return { path };
    },
  });
}
