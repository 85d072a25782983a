import { longPrefix, parseProjectSlug, parseOrgSlug, type ProjectSlug } from "./project-slug.js";

/**
 * Web UI links on the configured app host: `https://app.circleci.com` on cloud, the Server
 * host otherwise (never hard-coded; Backstage #16193 broke on Server that way).
 *
 * Slugs are checked (a malformed one throws `InvalidInputError`); ids and numbers are not,
 * since they come from the server: whatever they hold, a builder never throws on them. Each
 * becomes one percent-encoded path segment (a lone UTF-16 surrogate as U+FFFD), and one that
 * cannot be a path segment (`""`, `"."`, `".."`) gives the link of the page that holds it
 * (a workflow's pipeline, a job's workflow, the organization's contexts).
 */
export interface CircleCIDeepLinks {
  /** The app host, without a trailing slash. */
  readonly appUrl: string;
  /** A project's pipelines page. Throws `InvalidInputError` for a malformed slug (as do the others). */
  project(slug: string | ProjectSlug): string;
  /** One pipeline, by its per-project number. */
  pipeline(slug: string | ProjectSlug, pipelineNumber: number): string;
  /** One workflow of a pipeline (the pipeline when the id cannot be a path segment). */
  workflow(slug: string | ProjectSlug, pipelineNumber: number, workflowId: string): string;
  /** One job of a workflow (the workflow, or the pipeline, when an id cannot be a path segment). */
  job(slug: string | ProjectSlug, pipelineNumber: number, workflowId: string, jobNumber: number): string;
  /** An organization context's settings page (the contexts page when the id cannot be a path segment). Throws `InvalidInputError` for a malformed org slug. */
  context(orgSlug: string, contextId: string): string;
  /** Commit page on the VCS host, from a pipeline's repository URL; `undefined` when unknown. */
  commit(repositoryUrl: string | null | undefined, revision: string | null | undefined): string | undefined;
}

// A lone surrogate makes encodeURIComponent throw `URIError`; JSON can carry one (`"\ud800"`).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One path segment for any value (never throws); `undefined` for one that cannot be a segment: empty, `.` or `..` (a URL would resolve it away). */
function seg(value: unknown): string | undefined {
  const text = String(value).replace(LONE_SURROGATE, "\uFFFD");
  return text === "" || text === "." || text === ".." ? undefined : encodeURIComponent(text);
}

/** `base` followed by `/name/<value>` for each pair, stopping before the first value that cannot be a segment. */
function nested(base: string, ...pairs: [name: string, value: unknown][]): string {
  let out = base;
  for (const [name, value] of pairs) {
    const s = seg(value);
    if (s === undefined) return out;
    out += `${name}/${s}`;
  }
  return out;
}

/** Deep-link builders for the CircleCI web app at `appUrl` (e.g. `https://app.circleci.com`). */
export function createDeepLinks(appUrl: string): CircleCIDeepLinks {
  const base = appUrl.replace(/\/+$/, "");
  const projectPart = (input: string | ProjectSlug) => {
    const slug = parseProjectSlug(input);
    return `${longPrefix(slug.vcs)}/${encodeURIComponent(slug.org)}/${encodeURIComponent(slug.repo)}`;
  };
  return {
    appUrl: base,
    project: (slug) => `${base}/pipelines/${projectPart(slug)}`,
    pipeline: (slug, n) => nested(`${base}/pipelines/${projectPart(slug)}`, ["", n]),
    workflow: (slug, n, id) => nested(`${base}/pipelines/${projectPart(slug)}`, ["", n], ["/workflows", id]),
    job: (slug, n, id, job) => nested(`${base}/pipelines/${projectPart(slug)}`, ["", n], ["/workflows", id], ["/jobs", job]),
    context: (orgSlug, id) => {
      const org = parseOrgSlug(orgSlug);
      return nested(`${base}/settings/organization/${longPrefix(org.vcs)}/${encodeURIComponent(org.org)}/contexts`, ["", id]);
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
