import { decodePathSegments } from "./page-path.js";
import { REPO_PATTERN } from "./correlation-keys.js";
import { ConfigurationError } from "./errors.js";
import type { PageFocus, PageKind, PageReading } from "./page-focus.js";

/** The web origins of the VCS hosts core reads. */
export const VCS_ORIGINS: readonly string[] = ["https://github.com", "https://gitlab.com", "https://bitbucket.org"];

type VcsHost = "github" | "gitlab" | "bitbucket";

/** Options of {@link readRepositoryUrl}. */
export interface ReadRepositoryUrlOptions {
  /** Extra bare hostnames read like each host, e.g. GitHub Enterprise's `{ github: ["github.example.com"] }`. */
  hosts?: { github?: string[]; gitlab?: string[]; bitbucket?: string[] };
}

const HOSTS: readonly VcsHost[] = ["github", "gitlab", "bitbucket"];
const DEFAULT_HOST: Record<VcsHost, string> = { github: "github.com", gitlab: "gitlab.com", bitbucket: "bitbucket.org" };
const TITLE: Record<VcsHost, string> = { github: "GitHub", gitlab: "GitLab", bitbucket: "Bitbucket" };
const PAGES: Record<VcsHost, string> = {
  github:
    "repositories (/<owner>/<repo>) and their commits (/commit/<sha>), branches (/tree/<branch>), pull requests (/pull/<n>) and Actions runs (/actions/runs/<id>)",
  gitlab:
    "projects (/<group>/<project>, in subgroups too) and their commits (/-/commit/<sha>), branches (/-/tree/<branch>) and merge requests (/-/merge_requests/<n>)",
  bitbucket:
    "repositories (/<workspace>/<repo>) and their commits (/commits/<sha>), branches (/branch/<name>) and pull requests (/pull-requests/<n>)",
};
// First path segments that are the host's own pages, not owners (compared in lower case).
const RESERVED: Record<VcsHost, ReadonlySet<string>> = {
  github: new Set(
    "about account apps codespaces collections contact copilot dashboard discussions enterprise enterprises events explore features join login logout marketplace new notifications organizations orgs pricing pulls issues readme search security settings signup site sponsors stars team topics trending users watching".split(" "),
  ),
  gitlab: new Set("- admin api dashboard explore groups help import oauth profile projects search snippets uploads users".split(" ")),
  bitbucket: new Set("account dashboard product repo site snippets socialauth support workspace".split(" ")),
};
const BARE_HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
const ABBREVIATED_SHA = /^[0-9a-f]{7,64}$/i;
const NUMBER = /^\d{1,15}$/;

/** What the part of the path after the repository shows. */
type Route =
  | { kind: "repository" }
  | { kind: "commit"; sha: string }
  | { kind: "branch"; branch: string }
  | { kind: "pull-request"; number: string }
  | { kind: "actions-run"; runId: string; jobId?: string; attempt?: string };

const REPOSITORY: Route = { kind: "repository" };

/** A ref in a URL: a full SHA (or, where only commits go, an abbreviated one) is a commit, else a branch. */
function refRoute(ref: string | undefined, commitsOnly = false): Route {
  if (!ref) return REPOSITORY;
  return FULL_SHA.test(ref) || (commitsOnly && ABBREVIATED_SHA.test(ref))
    ? { kind: "commit", sha: ref.toLowerCase() }
    : { kind: "branch", branch: ref };
}

/** A pull (merge) request page's number, when it is one. */
const pullRequest = (number: string | undefined): Route => (number !== undefined && NUMBER.test(number) ? { kind: "pull-request", number } : REPOSITORY);

/**
 * The ref pages GitHub and GitLab share: `tree/<branch, slashes kept>`, `commits/<branch>`,
 * `blob/<ref>/<file>` and `commit/<sha>`; undefined for any other section.
 */
function refPage([section, first, ...more]: string[]): Route | undefined {
  switch (section) {
    case "tree":
    case "commits":
      return refRoute(first === undefined ? undefined : [first, ...more].join("/"));
    case "blob":
      return refRoute(first);
    case "commit":
      return refRoute(first, true);
    default:
      return undefined;
  }
}

// https://docs.github.com/en/repositories/working-with-files/using-files/getting-permanent-links-to-files
function githubRoute(parts: string[]): Route {
  const ref = refPage(parts);
  if (ref) return ref;
  const [section, first, ...more] = parts;
  if (section === "pull") return pullRequest(first);
  if (section !== "actions") return REPOSITORY;
  const [runId, ...tail] = more;
  if (first !== "runs" || runId === undefined || !NUMBER.test(runId)) return REPOSITORY;
  const route: Route = { kind: "actions-run", runId };
  for (let i = 0; i + 1 < tail.length; i += 2) {
    const value = tail[i + 1] as string;
    if (!NUMBER.test(value)) break;
    if (tail[i] === "job") route.jobId = value;
    else if (tail[i] === "attempts") route.attempt = value;
  }
  return route;
}

// https://docs.gitlab.com/ee/development/routing.html#project-routes (`/-/` ends a project's path)
function gitlabRoute(parts: string[]): Route {
  return refPage(parts) ?? (parts[0] === "merge_requests" ? pullRequest(parts[1]) : REPOSITORY);
}

// https://developer.atlassian.com/cloud/bitbucket/rest/api-group-pullrequests/ (a resource's `links.html`)
function bitbucketRoute([section, first, ...more]: string[]): Route {
  switch (section) {
    case "branch":
      return refRoute(first === undefined ? undefined : [first, ...more].join("/"));
    case "commits":
      if (first === "branch") return refRoute(more.length ? more.join("/") : undefined);
      return first !== undefined && ABBREVIATED_SHA.test(first) ? refRoute(first, true) : REPOSITORY;
    case "src":
      return refRoute(first);
    case "pull-requests":
      return pullRequest(first);
    default:
      return REPOSITORY;
  }
}

/** Which host a hostname is, after checking every extra hostname in `options`. */
function hostOf(name: string, options: ReadRepositoryUrlOptions | undefined): VcsHost | undefined {
  let found: VcsHost | undefined;
  for (const host of HOSTS) {
    if (name === DEFAULT_HOST[host]) found = host;
    (options?.hosts?.[host] ?? []).forEach((extra, i) => {
      // The value is not echoed: a mistaken entry could be a URL with credentials in it.
      if (typeof extra !== "string" || !BARE_HOSTNAME.test(extra)) {
        throw new ConfigurationError(`hosts.${host}[${i}] is not a bare hostname.`, {
          fix: `Pass hostnames only, e.g. { hosts: { ${host}: ["${host}.example.com"] } }: no scheme, port, path or credentials.`,
        });
      }
      if (extra.toLowerCase().replace(/^www\./, "") === name) found ??= host;
    });
  }
  return found;
}

/**
 * Reads a GitHub, GitLab or Bitbucket URL (or one on an extra hostname from `options.hosts`):
 * `undefined` for any other host, `{ ok: false, reason }` for a page of the host that is not
 * about one repository, else the focus (repository, commit, branch, pull request or Actions
 * run). Reads the URL only: makes no lookups. Throws a `ConfigurationError` when an extra
 * hostname is not a bare hostname.
 */
export function readRepositoryUrl(url: URL, options?: ReadRepositoryUrlOptions): PageReading | undefined {
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  const name = url.hostname.toLowerCase().replace(/\.$/, "").replace(/^www\./, "");
  const host = hostOf(name, options);
  if (host === undefined) return undefined;
  // github.com, gitlab.com and bitbucket.org serve on the default port only: another port is another site.
  if (name === DEFAULT_HOST[host] && url.port !== "") return undefined;
  // Default hosts serve https only, so an http: URL is read as its https page; no credentials kept.
  const origin = name === DEFAULT_HOST[host] ? `https://${name}` : `${url.protocol}//${url.host}`;
  const decoded = decodePathSegments(url.pathname);
  const notRead = (why: string): PageReading => ({
    ok: false,
    // The path is the page's own, shown so the reader sees which page is meant; a long one is cut.
    reason: `${`${origin}${url.pathname.replace(/\/+$/, "")}`.slice(0, 200)} ${why}; toolweave reads ${TITLE[host]} ${PAGES[host]}.`,
  });
  if ("malformed" in decoded) return notRead("has a malformed percent-encoded path");
  const path = decoded.segments;
  if (path.length === 0) return notRead(`is ${TITLE[host]}'s home page`);
  if (RESERVED[host].has((path[0] as string).toLowerCase())) return notRead(`is one of ${TITLE[host]}'s own pages, not a repository`);

  // GitLab projects sit in any depth of subgroups, ended by `/-/`; GitHub and Bitbucket have two segments.
  const dash = host === "gitlab" ? path.indexOf("-") : -1;
  const repoLength = host === "gitlab" ? (dash < 0 ? path.length : dash) : 2;
  const repoSegments = path.slice(0, repoLength);
  const last = repoSegments.length - 1;
  if (last >= 0) repoSegments[last] = (repoSegments[last] as string).replace(/\.git$/i, "");
  if (repoSegments.length < 2 || repoSegments.some((segment) => segment === "")) {
    return notRead(`is ${host === "gitlab" ? "a group or user" : host === "github" ? "an owner" : "a workspace"} page, not a repository`);
  }
  const rest = path.slice(host === "gitlab" ? repoLength + 1 : repoLength);
  const route = host === "github" ? githubRoute(rest) : host === "gitlab" ? gitlabRoute(rest) : bitbucketRoute(rest);

  const repoPath = repoSegments.join("/");
  const rawPath = decoded.raw.slice();
  rawPath[last] = (rawPath[last] as string).replace(/\.git$/i, "");
  const attributes: Record<string, string | number> = { repoPath, repoName: (repoSegments[last] as string).toLowerCase() };
  const keys: PageFocus["keys"] = {};
  const slug = host === "github" ? `gh/${repoPath}` : host === "bitbucket" ? `bb/${repoPath}` : undefined;
  if (slug !== undefined && REPO_PATTERN.test(slug)) keys.repo = slug;

  let id: string;
  let label: string;
  const of = ` of ${repoPath}`;
  switch (route.kind) {
    case "repository":
      [id, label] = [repoPath, `${host === "gitlab" ? "project" : "repository"} ${repoPath}`];
      break;
    case "commit":
      [id, label, attributes.sha] = [route.sha, `commit ${route.sha.slice(0, 7)}${of}`, route.sha];
      break;
    case "branch":
      [id, label, attributes.branch] = [route.branch, `branch ${route.branch}${of}`, route.branch];
      break;
    case "pull-request":
      [id, attributes.pullRequest] = [route.number, Number(route.number)];
      label = host === "gitlab" ? `merge request !${route.number}${of}` : `pull request #${route.number}${of}`;
      break;
    case "actions-run":
      [id, attributes.runId] = [route.runId, route.runId];
      label = `Actions run ${route.runId}${of}`;
      if (route.jobId !== undefined) [attributes.jobId, label] = [route.jobId, `job ${route.jobId} of ${label}`];
      if (route.attempt !== undefined) attributes.attempt = Number(route.attempt);
      break;
  }
  const kind: PageKind = route.kind;
  return { ok: true, focus: { provider: host, kind, id, label, url: `${origin}/${rawPath.join("/")}`, keys, attributes }, incomplete: [] };
}
