import {
  definedOnly,
  incompleteLookups,
  pagePathUnder,
  throwIfCancelled,
  type CorrelationKeys,
  type PageFocus,
  type PageReader,
  type PageReading,
  type PageReadOptions,
} from "@toolweave/core";
import { parseProjectSlug, type ProjectSlug } from "../project-slug.js";
import type { Pipeline } from "../schemas/pipeline.js";
import { nameKeys, pipelineKeys, PROVIDER } from "./keys.js";
import type { CircleCICorrelatorPorts, PortOptions } from "./ports.js";

/** The pages this reader knows, for every `{ ok: false }` answer. */
const KNOWN =
  "toolweave reads CircleCI project, pipeline, workflow and job pages (…/pipelines/<vcs>/<org>/<repo>[/<pipeline>[/workflows/<workflow-id>[/jobs/<job>]]], project settings and insights pages)";
const NOT_KNOWN = `not a page I know: ${KNOWN}.`;
/** Legacy job links (`https://circleci.com/gh/<org>/<repo>/<job>`) still fill READMEs and chat history. */
const LEGACY_ROOT = new URL("https://circleci.com");
const LEGACY_VCS = new Set(["gh", "bb", "github", "bitbucket"]);
const NUMBER = /^[1-9][0-9]{0,14}$/;
// Workflow ids are UUIDs; anything else from a URL would only go into labels and a failing lookup.
const WORKFLOW_ID = /^[A-Za-z0-9-]{1,64}$/;

type Page =
  | { kind: "project"; slug: ProjectSlug; branch?: string; workflowName?: string }
  | { kind: "pipeline"; slug: ProjectSlug; pipelineNumber: number }
  | { kind: "workflow"; slug: ProjectSlug; pipelineNumber: number; workflowId: string }
  | { kind: "job"; slug: ProjectSlug; pipelineNumber: number; workflowId: string; jobNumber: number }
  | { kind: "legacy-job"; slug: ProjectSlug; jobNumber: number };

type Parsed = Page | { reason: string };

/** The project a URL's `<vcs>/<org>/<repo>` names, or why it names none (the text is not echoed: it may hold anything). */
function projectOf(vcs: string, org: string, repo: string): ProjectSlug | { reason: string } {
  try {
    return parseProjectSlug(`${vcs}/${org}/${repo}`);
  } catch {
    return {
      reason: `the project in this URL is not a CircleCI project slug (a VCS of github, bitbucket, circleci, gh or bb, then an organization and a repository of letters, digits, ".", "_" and "-"); ${KNOWN}.`,
    };
  }
}

const pageNumber = (text: string | undefined) => (text !== undefined && NUMBER.test(text) ? Number(text) : undefined);

/** A page of the web app (https://circleci.com/docs/pipelines/, https://circleci.com/docs/insights/), from its decoded path segments. */
function appPage(parts: readonly string[], query: URLSearchParams): Parsed {
  const [section, ...rest] = parts;
  const branch = query.get("branch")?.trim() || undefined;
  if (section === "pipelines") {
    if (rest.length < 3) return { reason: `${rest.length === 2 ? "an organization's pipelines page" : "a list of pipelines"} is ${NOT_KNOWN}` };
    const slug = projectOf(rest[0]!, rest[1]!, rest[2]!);
    if ("reason" in slug) return slug;
    const [number, workflows, workflowId, jobs, job] = rest.slice(3);
    if (number === undefined) return { kind: "project", slug, ...definedOnly({ branch }) };
    const pipelineNumber = pageNumber(number);
    if (pipelineNumber === undefined) return { reason: `the pipeline number in this URL is not a number; ${NOT_KNOWN}` };
    if (workflows === undefined) return { kind: "pipeline", slug, pipelineNumber };
    if (workflows !== "workflows" || workflowId === undefined) return { reason: NOT_KNOWN };
    if (!WORKFLOW_ID.test(workflowId)) return { reason: `the workflow id in this URL is not a CircleCI workflow id; ${NOT_KNOWN}` };
    if (jobs === undefined) return { kind: "workflow", slug, pipelineNumber, workflowId };
    const jobNumber = pageNumber(job);
    // A job's tabs (`/tests`, `/artifacts`, `/parallel-runs/0`) are the same job.
    if (jobs !== "jobs" || jobNumber === undefined) return { reason: NOT_KNOWN };
    return { kind: "job", slug, pipelineNumber, workflowId, jobNumber };
  }
  if (section === "settings" && rest[0] === "project" && rest.length >= 4) {
    const slug = projectOf(rest[1]!, rest[2]!, rest[3]!);
    return "reason" in slug ? slug : { kind: "project", slug };
  }
  if (section === "insights" && rest.length >= 3) {
    const slug = projectOf(rest[0]!, rest[1]!, rest[2]!);
    if ("reason" in slug) return slug;
    const workflowName = rest[3] === "workflows" ? rest[4] : undefined;
    return { kind: "project", slug, ...definedOnly({ branch, workflowName }) };
  }
  return { reason: NOT_KNOWN };
}

/** A legacy page on circleci.com (`/gh/<org>/<repo>[/<job>]`, `/gh/<org>/<repo>/tree/<branch>`). */
function legacyPage(parts: readonly string[]): Parsed {
  const [vcs, org, repo, ...rest] = parts;
  if (vcs === undefined || org === undefined || repo === undefined) return { reason: NOT_KNOWN };
  const slug = projectOf(vcs, org, repo);
  if ("reason" in slug) return slug;
  if (rest.length === 0) return { kind: "project", slug };
  if (rest[0] === "tree" && rest[1]) return { kind: "project", slug, branch: rest.slice(1).join("/") };
  const jobNumber = pageNumber(rest[0]);
  return jobNumber !== undefined && rest.length === 1 ? { kind: "legacy-job", slug, jobNumber } : { reason: NOT_KNOWN };
}

/** What a URL is on the app at `appUrl` (or, on cloud, on circleci.com); `undefined` when it is on neither. */
function parsePage(url: URL, appUrl: URL, cloud: boolean): Parsed | undefined {
  const onApp = pagePathUnder(url, appUrl);
  const legacy = onApp === undefined && cloud ? pagePathUnder(url, LEGACY_ROOT) : undefined;
  const path = onApp ?? legacy;
  if (path === undefined) return undefined;
  // On circleci.com only the legacy app's paths are ours, not the docs or the blog.
  if (legacy && ("malformed" in path || !LEGACY_VCS.has((path.segments[0] ?? "").toLowerCase()))) return undefined;
  if ("malformed" in path) return { reason: `this URL has a malformed percent-escape in its path; ${KNOWN}.` };
  return legacy ? legacyPage(path.segments) : appPage(path.segments, url.searchParams);
}

/** The keys and facts a pipeline carries. */
function pipelineFacts(pipeline: Pipeline): { keys: Partial<CorrelationKeys>; attributes: Record<string, string | number> } {
  return {
    keys: pipelineKeys(pipeline),
    attributes: definedOnly({
      pipelineNumber: pipeline.number,
      sha: pipeline.vcs?.revision ?? undefined,
      branch: pipeline.vcs?.branch ?? undefined,
      at: pipeline.created_at,
    }),
  };
}

/**
 * `correlator.pages`: reads URLs of the CircleCI web app at `appUrl` (the inverse of
 * `client.links`) and, on cloud, legacy `https://circleci.com/gh/<org>/<repo>/<job>` links.
 * Pipeline, workflow and job pages are looked up (the pipeline's parameters, revision and
 * branch; the workflow's name) to learn their correlation keys; a lookup that fails goes into
 * `incomplete` and the focus keeps what the URL said. Only the caller's abort rejects.
 */
export function createPageReader(
  ports: Pick<CircleCICorrelatorPorts, "links" | "conventions" | "cloud" | "pipelineByNumber" | "pipeline" | "workflow" | "jobDetails">,
): PageReader {
  const appUrl = new URL(ports.links.appUrl);
  const cancelled = (signal: AbortSignal | undefined) => throwIfCancelled(signal, { operation: "pages.read", provider: PROVIDER });

  async function read(url: URL, options: PageReadOptions = {}): Promise<PageReading | undefined> {
    cancelled(options.signal);
    const page = parsePage(url, appUrl, ports.cloud);
    if (page === undefined) return undefined;
    if ("reason" in page) return { ok: false, reason: page.reason };

    const { slug } = page;
    const portOptions: PortOptions = definedOnly({ signal: options.signal, memo: options.memo });
    // A failed lookup is reported, not fatal; the caller's abort is the one failure that rejects.
    // Parts are kept in the order the lookups are listed, whichever failed first.
    const lookups = incompleteLookups(options.signal, { operation: "pages.read", provider: PROVIDER });
    let keys: Partial<CorrelationKeys> = {};
    const attributes: Record<string, string | number> = slug.vcs === "circleci" ? {} : { repoName: slug.repo };
    const learn = (more: { keys: Partial<CorrelationKeys>; attributes: Record<string, string | number> } | undefined) => {
      if (!more) return;
      keys = { ...keys, ...more.keys };
      Object.assign(attributes, more.attributes);
    };
    const ofPipeline = (n: number) => `pipeline #${n} of ${slug.slug}`;
    const focus = (kind: PageFocus["kind"], id: string, label: string): PageReading => ({
      ok: true,
      // The page's keys: what the lookups said, and the project from the URL.
      focus: { provider: PROVIDER, kind, id, label, url: `${url.origin}${url.pathname}`, keys: { ...keys, repo: slug.slug }, attributes: { ...attributes } },
      incomplete: lookups.incomplete,
    });

    switch (page.kind) {
      case "project": {
        if (page.branch) attributes.branch = page.branch;
        if (page.workflowName) {
          attributes.workflowName = page.workflowName;
          keys = nameKeys(page.workflowName, ports.conventions);
        }
        return focus("project", slug.slug, page.workflowName ? `workflow ${page.workflowName} of ${slug.slug}` : `project ${slug.slug}`);
      }
      case "pipeline": {
        const pipeline = await lookups.attempt(ofPipeline(page.pipelineNumber), () => ports.pipelineByNumber(slug, page.pipelineNumber, portOptions));
        learn(pipeline && pipelineFacts(pipeline));
        attributes.pipelineNumber = page.pipelineNumber;
        return focus("pipeline", String(page.pipelineNumber), ofPipeline(page.pipelineNumber));
      }
      case "workflow":
      case "job": {
        const [pipeline, workflow] = await Promise.all([
          lookups.attempt(ofPipeline(page.pipelineNumber), () => ports.pipelineByNumber(slug, page.pipelineNumber, portOptions)),
          lookups.attempt(`workflow ${page.workflowId} of ${ofPipeline(page.pipelineNumber)}`, () => ports.workflow(page.workflowId, portOptions)),
        ]);
        learn(pipeline && pipelineFacts(pipeline));
        // The URL's numbers win over what a lookup echoes: the page is what the person looks at.
        Object.assign(attributes, { pipelineNumber: page.pipelineNumber, workflowId: page.workflowId });
        // The workflow's name says what it builds or deploys, more precisely than its pipeline.
        if (workflow) learn({ keys: nameKeys(workflow.name, ports.conventions), attributes: { workflowName: workflow.name } });
        const where = `pipeline #${page.pipelineNumber} (${slug.slug})`;
        if (page.kind === "workflow") return focus("workflow", page.workflowId, `workflow ${workflow?.name ?? page.workflowId} of ${where}`);
        attributes.jobNumber = page.jobNumber;
        return focus("job", String(page.jobNumber), `job #${page.jobNumber} of ${where}`);
      }
      case "legacy-job": {
        // The legacy URL names only the job: its details give its pipeline and workflow.
        const job = await lookups.attempt(`job #${page.jobNumber} of ${slug.slug}`, () => ports.jobDetails(slug, page.jobNumber, portOptions));
        const pipelineId = job?.pipeline?.id;
        const pipeline = pipelineId ? await lookups.attempt(`pipeline ${pipelineId} of ${slug.slug}`, () => ports.pipeline(pipelineId, portOptions)) : undefined;
        learn(pipeline && pipelineFacts(pipeline));
        const workflow = job?.latest_workflow;
        if (workflow) {
          attributes.workflowId = workflow.id;
          if (workflow.name) learn({ keys: nameKeys(workflow.name, ports.conventions), attributes: { workflowName: workflow.name } });
        }
        attributes.jobNumber = page.jobNumber;
        return focus("job", String(page.jobNumber), `job #${page.jobNumber} of ${slug.slug}`);
      }
    }
  }

  return {
    // `appUrl` was checked when the client was created, so this cannot fail.
    origins: async () => [appUrl.origin],
    read,
  };
}
