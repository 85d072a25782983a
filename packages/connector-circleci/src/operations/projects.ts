import type { V1Alternative } from "../credential.js";
import { v1Url, type OperationContext } from "../operation-context.js";
import { longPrefix, parseProjectSlug, projectPath } from "../project-slug.js";
import { projectSchema, type Project } from "../schemas/project.js";
import { parseSignalOptions, requireProject, type ProjectInput } from "./parse-input.js";

export type { ProjectInput } from "./parse-input.js";

/** The v1.1 "recent builds" call that a read-only project token can make instead. */
export function recentBuildsAlternative(ctx: OperationContext, project: ProjectInput): V1Alternative | undefined {
  const slug = parseProjectSlug(project);
  if (slug.vcs === "circleci") return undefined;
  return {
    method: "GET",
    url: v1Url(ctx.settings, `project/${longPrefix(slug.vcs)}/${slug.org}/${slug.repo}`),
    scope: "read-only",
  };
}

/** `GET /project/{project-slug}`. Key projects on `id`: the slug can come back in another form. */
export async function getProject(ctx: OperationContext, project: ProjectInput, options?: { signal?: AbortSignal }): Promise<Project> {
  const path = projectPath(requireProject(project, "getProject"));
  const signal = parseSignalOptions(options, "getProject");
  ctx.guard("getProject", () => recentBuildsAlternative(ctx, project));
  return ctx.http.get({ operation: "getProject", path, schema: projectSchema, ...signal });
}
