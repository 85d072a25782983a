import { encodePath } from "@toolweave/core";
import { v1Url, type OperationContext } from "../operation-context.js";
import { longPrefix, parseProjectSlug, projectPath } from "../project-slug.js";
import { jobDetailsSchema, type JobDetails } from "../schemas/job.js";
import { parseSignalOptions, requirePositiveInteger, requireProject } from "./parse-input.js";
import type { ProjectInput } from "./projects.js";

/** `GET /project/{slug}/job/{job-number}`; `duration_ms` is in milliseconds. */
export async function getJobDetails(
  ctx: OperationContext,
  project: ProjectInput,
  jobNumber: number,
  options?: { signal?: AbortSignal },
): Promise<JobDetails> {
  requireProject(project, "getJobDetails");
  const signal = parseSignalOptions(options, "getJobDetails");
  requirePositiveInteger(jobNumber, "job number", "getJobDetails", "Pass a job's job_number (from listWorkflowJobs; approval jobs have none).");
  const path = `${projectPath(project)}${encodePath`/job/${jobNumber}`}`;
  ctx.guard("getJobDetails", () => {
    const slug = parseProjectSlug(project);
    return slug.vcs === "circleci"
      ? undefined
      : { method: "GET", url: v1Url(ctx.settings, `project/${longPrefix(slug.vcs)}/${slug.org}/${slug.repo}/${jobNumber}`), scope: "read-only" };
  });
  return ctx.http.get({ operation: "getJobDetails", path, schema: jobDetailsSchema, ...signal });
}
