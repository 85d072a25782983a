import { longPrefix, parseProjectSlug, parseOrgSlug, type ProjectSlug } from "./project-slug.js";

/**
 * Web UI links on the configured app host: `https://app.circleci.com` on cloud, the Server
 * host otherwise (never hard-coded; Backstage #16193 broke on Server that way).
 */
export interface DeepLinks {
  /** The app host, without a trailing slash. */
  readonly appUrl: string;
  /** A project's pipelines page. Throws `InvalidInputError` for a malformed slug (as do the others). */
  project(slug: string | ProjectSlug): string;
  /** One pipeline, by its per-project number. */
  pipeline(slug: string | ProjectSlug, pipelineNumber: number): string;
  /** One workflow of a pipeline. */
  workflow(slug: string | ProjectSlug, pipelineNumber: number, workflowId: string): string;
  /** One job of a workflow. */
  job(slug: string | ProjectSlug, pipelineNumber: number, workflowId: string, jobNumber: number): string;
  /** An organization context's settings page. */
  context(orgSlug: string, contextId: string): string;
  /** Commit page on the VCS host, from a pipeline's repository URL; `undefined` when unknown. */
  commit(repositoryUrl: string | null | undefined, revision: string | null | undefined): string | undefined;
}

const seg = (value: string | number) => encodeURIComponent(String(value));

/** Deep-link builders for the CircleCI web app at `appUrl` (e.g. `https://app.circleci.com`). */
export function createDeepLinks(appUrl: string): DeepLinks {
  const base = appUrl.replace(/\/+$/, "");
  const projectPart = (input: string | ProjectSlug) => {
    const slug = parseProjectSlug(input);
    return `${longPrefix(slug.vcs)}/${seg(slug.org)}/${seg(slug.repo)}`;
  };
  return {
    appUrl: base,
    project: (slug) => `${base}/pipelines/${projectPart(slug)}`,
    pipeline: (slug, n) => `${base}/pipelines/${projectPart(slug)}/${seg(n)}`,
    workflow: (slug, n, id) => `${base}/pipelines/${projectPart(slug)}/${seg(n)}/workflows/${seg(id)}`,
    job: (slug, n, id, job) => `${base}/pipelines/${projectPart(slug)}/${seg(n)}/workflows/${seg(id)}/jobs/${seg(job)}`,
    context: (orgSlug, id) => {
      const org = parseOrgSlug(orgSlug);
      return `${base}/settings/organization/${longPrefix(org.vcs)}/${seg(org.org)}/contexts/${seg(id)}`;
    },
    commit(repositoryUrl, revision) {
      if (!repositoryUrl || !revision || !/^[0-9a-f]{7,64}$/i.test(revision)) return undefined;
      let url: URL;
      try {
        url = new URL(repositoryUrl);
      } catch {
        return undefined;
      }
      if (url.protocol !== "https:") return undefined;
      const repo = `${url.origin}${url.pathname.replace(/\.git$/, "").replace(/\/+$/, "")}`;
      if (/bitbucket/i.test(url.hostname)) return `${repo}/commits/${revision}`;
      if (/gitlab/i.test(url.hostname)) return `${repo}/-/commit/${revision}`;
      return `${repo}/commit/${revision}`;
    },
  };
}
