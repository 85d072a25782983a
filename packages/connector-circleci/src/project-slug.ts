import { InvalidInputError, describeReceived, encodePathSegment, redactExcerpt } from "@toolweave/core";

/** Short VCS prefixes as CircleCI v2 returns them (https://circleci.com/docs/api-developers-guide/). */
export type VcsPrefix = "gh" | "bb" | "circleci";

/** A parsed project slug: `gh/<org>/<repo>`, `bb/<org>/<repo>` or opaque `circleci/<org-id>/<project-id>`. */
export interface ProjectSlug {
  readonly vcs: VcsPrefix;
  /** Organisation name, or the organisation id for `circleci/` slugs. */
  readonly org: string;
  /** Repository name, or the project id for `circleci/` slugs. */
  readonly repo: string;
  /** Normalised slug, e.g. `gh/acme/checkout`. */
  readonly slug: string;
}

/** A parsed organisation slug: `gh/<org>`, `bb/<org>` or `circleci/<org-id>`. */
export interface OrgSlug {
  readonly vcs: VcsPrefix;
  readonly org: string;
  readonly slug: string;
}

// v2 accepts both the short and long forms and answers with the short one (https://circleci.com/docs/api-developers-guide/).
const PREFIXES: Readonly<Record<string, VcsPrefix>> = {
  gh: "gh",
  github: "gh",
  bb: "bb",
  bitbucket: "bb",
  circleci: "circleci",
};

/** Names and ids CircleCI uses in slugs: letters, digits, `.`, `_`, `-` (never `.`/`..` alone). */
const SEGMENT = /^[A-Za-z0-9._-]+$/;

export const PROJECT_FORMAT =
  'Use "gh/<org>/<repo>" or "bb/<org>/<repo>" ("github/…" and "bitbucket/…" are accepted too), or "circleci/<org-id>/<project-id>" as shown (with a copy button) in Project Settings.';
const ORG_FORMAT = 'Use "gh/<org>", "bb/<org>" ("github/…", "bitbucket/…" accepted) or "circleci/<org-id>" from Organization Settings.';

/** The caller's text for a message: redacted before it is cut (a token pasted as a slug never shows in part). */
const show = (input: string) => JSON.stringify(redactExcerpt(input, 80, { foldWhitespace: false }));

function checkSegments(input: string, what: string, parts: readonly string[], fix: string): void {
  for (const part of parts) {
    if (part === "" || part === "." || part === ".." || !SEGMENT.test(part)) {
      throw new InvalidInputError(
        `Invalid ${what} ${show(input)}: segment ${show(part)} may contain only letters, digits, ".", "_" and "-" (and cannot be empty, "." or "..").`,
        { fix },
      );
    }
  }
}

function prefixOf(input: string, raw: string | undefined, what: string, fix: string): VcsPrefix {
  const vcs = raw === undefined ? undefined : PREFIXES[raw.toLowerCase()];
  if (!vcs) {
    // No silent default: an unprefixed slug once went to Bitbucket in Backstage (#3079, #21013).
    throw new InvalidInputError(
      `Invalid ${what} ${show(input)}: it must start with gh/, github/, bb/, bitbucket/ or circleci/ (got ${show(raw ?? "")}).`,
      { fix },
    );
  }
  return vcs;
}

/**
 * Parses a project slug and normalises `github`→`gh`, `bitbucket`→`bb`. A slug without a
 * known prefix, with a wrong number of segments or with characters such as `/`, `?`, `#`,
 * `%` or `..` in a segment is an `InvalidInputError`; nothing is guessed.
 */
export function parseProjectSlug(input: string | ProjectSlug): ProjectSlug {
  if (typeof input !== "string") {
    if (!isProjectSlugLike(input)) {
      throw new InvalidInputError(`Invalid project slug: expected a string such as "gh/<org>/<repo>" or a parsed ProjectSlug (got ${describeReceived(input)}).`, {
        provider: "circleci",
        fix: PROJECT_FORMAT,
      });
    }
    return formatCheck(input);
  }
  const text = input.trim();
  const parts = text.split("/");
  if (parts.length !== 3) {
    throw new InvalidInputError(
      `Invalid project slug ${show(input)}: expected 3 segments separated by "/" (got ${parts.length}).`,
      { fix: PROJECT_FORMAT },
    );
  }
  const [prefix, org, repo] = parts as [string, string, string];
  const vcs = prefixOf(input, prefix, "project slug", PROJECT_FORMAT);
  checkSegments(input, "project slug", [org, repo], PROJECT_FORMAT);
  return Object.freeze({ vcs, org, repo, slug: `${vcs}/${org}/${repo}` });
}

/** True for an object with string `vcs`, `org` and `repo` (a `ProjectSlug` from any copy of this package). */
export function isProjectSlugLike(value: unknown): value is ProjectSlug {
  if (typeof value !== "object" || value === null) return false;
  const { vcs, org, repo } = value as Record<string, unknown>;
  return typeof vcs === "string" && typeof org === "string" && typeof repo === "string";
}

function formatCheck(input: ProjectSlug): ProjectSlug {
  return parseProjectSlug(formatProjectSlug(input));
}

/**
 * Formats a slug. `style: "long"` gives `github/…` / `bitbucket/…` (the form v1.1 and the
 * web app use); the default is the short form v2 answers with.
 */
export function formatProjectSlug(
  slug: Pick<ProjectSlug, "vcs" | "org" | "repo">,
  options: { style?: "short" | "long" } = {},
): string {
  if (!isProjectSlugLike(slug)) {
    throw new InvalidInputError(`Invalid project slug: expected { vcs, org, repo } strings (got ${describeReceived(slug)}).`, {
      provider: "circleci",
      fix: PROJECT_FORMAT,
    });
  }
  const vcs = PREFIXES[String(slug.vcs).toLowerCase()];
  if (!vcs) {
    throw new InvalidInputError(`Invalid project slug prefix ${show(String(slug.vcs))}.`, { fix: PROJECT_FORMAT });
  }
  checkSegments(`${String(slug.vcs)}/${slug.org}/${slug.repo}`, "project slug", [slug.org, slug.repo], PROJECT_FORMAT);
  return `${options.style === "long" ? longPrefix(vcs) : vcs}/${slug.org}/${slug.repo}`;
}

/** `github` / `bitbucket` / `circleci`: the prefix the web app and v1.1 use. */
export function longPrefix(vcs: VcsPrefix): string {
  return vcs === "gh" ? "github" : vcs === "bb" ? "bitbucket" : "circleci";
}

/** Parses an organisation slug (`gh/<org>`, `bb/<org>`, `circleci/<org-id>`), normalising the prefix. */
export function parseOrgSlug(input: string): OrgSlug {
  if (typeof input !== "string") {
    throw new InvalidInputError(`Invalid organization slug: expected a string such as "gh/<org>" (got ${describeReceived(input)}).`, {
      provider: "circleci",
      fix: ORG_FORMAT,
    });
  }
  const text = input.trim();
  const parts = text.split("/");
  if (parts.length !== 2) {
    throw new InvalidInputError(`Invalid organization slug ${show(input)}: expected 2 segments separated by "/".`, {
      fix: ORG_FORMAT,
    });
  }
  const [prefix, org] = parts as [string, string];
  const vcs = prefixOf(input, prefix, "organization slug", ORG_FORMAT);
  checkSegments(input, "organization slug", [org], ORG_FORMAT);
  return Object.freeze({ vcs, org, slug: `${vcs}/${org}` });
}

/** Paths of project slugs given as strings, at most {@link MAX_CACHED_PATHS} (slugs are not secrets). */
const projectPaths = new Map<string, string>();
const MAX_CACHED_PATHS = 256;

/**
 * `project/<vcs>/<org>/<repo>` with each segment percent-encoded, so user input can never
 * change the request path (the spec allows `/` in the slug raw or escaped; https://circleci.com/docs/api-developers-guide/).
 */
export function projectPath(input: string | ProjectSlug): string {
  if (typeof input !== "string") return `project/${slugPath(parseProjectSlug(input))}`;
  // A list or a lookup names the same few projects over and over: parsed and encoded once.
  let path = projectPaths.get(input);
  if (path === undefined) {
    path = `project/${slugPath(parseProjectSlug(input))}`; // a refused slug throws and is not kept
    if (projectPaths.size >= MAX_CACHED_PATHS) projectPaths.clear();
    projectPaths.set(input, path);
  }
  return path;
}

/** `<vcs>/<org>/<repo>` with each segment encoded (for paths such as `insights/{slug}/…`). */
export function slugPath(slug: ProjectSlug): string {
  return [slug.vcs, slug.org, slug.repo].map((s) => encodePathSegment(s, "project slug segment")).join("/");
}
