import type { CallMemo } from "./call-memo.js";
import type { Connector } from "./connector.js";
import { normalizeKeys } from "./correlation-keys.js";
import { ToolweaveError } from "./errors.js";
import { incompletePart } from "./incomplete-part.js";
import type { PageFocus, PageReading } from "./page-focus.js";
import { readRepositoryUrl, VCS_ORIGINS } from "./read-repository-url.js";
import { redactText } from "./redact.js";
import type { CatalogService, UrlResolution } from "./url-resolution.js";

/** Options of the hub's `resolve(url)`. */
export interface ResolveUrlOptions {
  /** The catalog: the services a page may belong to. */
  services: readonly CatalogService[];
  signal?: AbortSignal;
  /** Shared by every call made for one answer: pass the same memo to `insights`. */
  memo?: CallMemo;
}

/** The URL without query string, fragment or credentials (they may carry a token). */
function pageUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** Reads `input` as a page URL, or says why it is not one. */
function parsePageUrl(input: string | URL): URL | UrlResolution {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    return notMatched(redactText(String(input)).slice(0, 200), "this is not a URL.", "Pass the full address of the page, e.g. https://app.circleci.com/pipelines/github/acme/checkout/123.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return notMatched(`${url.protocol}…`, `a ${url.protocol} URL is not a web page.`, "Pass an https:// page address.");
  }
  return url;
}

function notMatched(url: string, reason: string, fix: string, focus?: PageFocus, extra: Partial<UrlResolution> = {}): UrlResolution {
  return { url, matched: false, ...(focus ? { focus } : {}), reason, fix, incomplete: [], ...extra };
}

/** The page's reading: core's VCS hosts first, then each connector's own web app. */
async function readPage(connectors: readonly Connector[], url: URL, options: ResolveUrlOptions): Promise<{ reading: PageReading; provider: string } | undefined> {
  const vcs = readRepositoryUrl(url);
  if (vcs) return { reading: vcs, provider: vcs.ok ? vcs.focus.provider : hostName(url) };
  for (const connector of connectors) {
    const pages = connector.correlator.pages;
    if (!pages) continue;
    options.signal?.throwIfAborted();
    const reading = await pages.read(url, { ...(options.signal ? { signal: options.signal } : {}), ...(options.memo ? { memo: options.memo } : {}) });
    if (reading) return { reading, provider: connector.id };
  }
  return undefined;
}

const hostName = (url: URL) => url.hostname.toLowerCase();
const sameRepo = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** The web origins every reader knows, for the "not a page I know" sentence. */
async function knownOrigins(connectors: readonly Connector[], options: ResolveUrlOptions): Promise<string[]> {
  const lists = await Promise.all(
    connectors.map(async (c) => {
      const pages = c.correlator.pages;
      if (!pages) return [];
      const origins = await pages.origins(options.signal ? { signal: options.signal } : {}).catch(() => []);
      return origins.map((o) => `${c.displayName} at ${o}`);
    }),
  );
  return [...VCS_ORIGINS, ...lists.flat()];
}

/**
 * The catalog service a page belongs to, by the naming conventions correlation uses: the
 * resource's own keys (`service` parameter, deploy workflow name, `service:` tag) first, then
 * the catalog entry whose `repo` is the page's repository, then the service named like the
 * repository.
 */
function matchService(focus: PageFocus, services: readonly CatalogService[]): Pick<UrlResolution, "service" | "rule" | "reason" | "fix" | "candidates"> {
  const named = focus.keys.service;
  if (named) {
    const entry = services.find((s) => s.name === named);
    if (entry) return { service: entry.name, rule: "resource-keys" };
    return {
      reason: `the ${focus.kind} names service "${named}", which is not in the catalog.`,
      fix: `Add "${named}" to the catalog (or fix the ${focus.kind}'s service name).`,
    };
  }
  const repo = focus.keys.repo;
  const byRepo = repo ? services.filter((s) => sameRepo(s.repo, repo)) : [];
  if (byRepo.length === 1) return { service: byRepo[0]!.name, rule: "catalog-repo" };
  const repoName = typeof focus.attributes.repoName === "string" ? focus.attributes.repoName : undefined;
  if (byRepo.length > 1) {
    // One repository, several services: the repository's name may still name one of them.
    const same = byRepo.find((s) => s.name === repoName);
    if (same) return { service: same.name, rule: "repo-name" };
    return {
      reason: `several catalog services are built from ${repo} (${byRepo.map((s) => s.name).join(", ")}) and this ${focus.kind} does not say which.`,
      fix: `Open a pipeline or alert of one service (its service parameter or tag names it), or give each service its own repo in the catalog.`,
      candidates: byRepo.map((s) => s.name),
    };
  }
  // The name convention only where repositories cannot be compared: a catalog entry without a
  // repo, or with an opaque `circleci/<org-id>/<project-id>` slug (GitLab and GitHub App projects).
  // An entry naming another repository is never matched by name (acme/checkout is not evil/checkout).
  const comparable = (entry: CatalogService) => entry.repo !== undefined && !entry.repo.toLowerCase().startsWith("circleci/");
  const byName = repoName ? services.find((s) => s.name === repoName && !comparable(s)) : undefined;
  if (byName) return { service: byName.name, rule: "repo-name" };
  const namedOther = repoName ? services.find((s) => s.name === repoName) : undefined;
  if (namedOther) {
    return {
      reason: `catalog service "${namedOther.name}" is built from ${namedOther.repo}, not from this ${repo ? `repository (${repo})` : "page's repository"}.`,
      fix: `Open ${namedOther.repo}'s pages, or fix "${namedOther.name}"'s repo in the catalog if it moved.`,
    };
  }
  const what = repo ? `repo "${repo}"` : repoName ? `a repository named "${repoName}"` : "this page's resource";
  return {
    reason: `no catalog service has ${what}${repoName && repo ? ` or is named "${repoName}"` : ""}.`,
    fix: repo ? `Set "repo": "${repo}" on the service's catalog entry.` : `Tag the resource with service:<name>, or name the catalog service like the repository.`,
  };
}

/**
 * The hub's `resolve(url)`: which catalog service and resource a page is about. See
 * {@link UrlResolution}. Never rejects for a URL it cannot read (the answer says why); rejects
 * only when the caller's signal aborts.
 */
export async function resolveUrl(connectors: readonly Connector[], input: string | URL, options: ResolveUrlOptions): Promise<UrlResolution> {
  const parsed = parsePageUrl(input);
  if (!(parsed instanceof URL)) return parsed;
  const url = pageUrl(parsed);
  let read: Awaited<ReturnType<typeof readPage>>;
  try {
    read = await readPage(connectors, parsed, options);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const part = { ...incompletePart(`reading the page ${url}`, error), provider: "hub" };
    const fix = ToolweaveError.isInstance(error) && error.fix ? error.fix : "Try again; if it persists, report the URL.";
    return notMatched(url, `reading the page failed: ${part.error.message}`, fix, undefined, { incomplete: [part] });
  }
  if (!read) {
    const origins = await knownOrigins(connectors, options);
    return notMatched(
      url,
      `not a page I know: ${parsed.host.toLowerCase()} is none of the sites toolweave reads (${origins.join(", ")}).`,
      "Open a repository, CircleCI or Circonus page; for CircleCI Server or another Circonus UI host, set the connector's appUrl or uiUrl to that host.",
    );
  }
  const { reading, provider } = read;
  if (!reading.ok) return notMatched(url, reading.reason, "Open a page of a project, pipeline, workflow, job, alert, check, graph, rule set, repository or commit.");
  const focus = reading.focus;
  const incomplete = reading.incomplete.map((part) => ({ ...part, provider }));
  const match = matchService(focus, options.services);
  if (!match.service && incomplete.length > 0 && !focus.keys.service) {
    // The lookup that would have named the service failed: say so, not "no service has it".
    const [part] = incomplete as [UrlResolution["incomplete"][number]];
    return { url, matched: false, focus, incomplete, reason: `the ${focus.kind}'s service is unknown: looking it up failed (${part.error.message}).`, fix: part.error.fix ?? "Try again in a moment." };
  }
  if (!match.service) return { url, matched: false, focus, incomplete, ...match };
  const entry = options.services.find((s) => s.name === match.service)!;
  const env = focus.keys.env;
  const keys = normalizeKeys({
    service: entry.name,
    ...(env ? { env } : {}),
    ...(entry.repo ? { repo: entry.repo } : {}),
    ...(entry.component ? { component: entry.component } : {}),
    ...(entry.team ? { team: entry.team } : {}),
  });
  return {
    url,
    matched: true,
    focus,
    service: entry.name,
    ...(match.rule ? { rule: match.rule } : {}),
    ...(env ? { env } : {}),
    ...(entry.envs ? { envs: [...entry.envs] } : {}),
    keys,
    incomplete,
  };
}
