import { contexts, pipelines as pipelineFixtures, project as projectFixture, user, workflowsByPipeline } from "@toolweave/connector-circleci/fixtures";
import type { CircleCIWorldOptions, Reply } from "./types.js";

/**
 * A generated CircleCI API v2 (paths as the connector calls them, shapes from the connector's
 * spec-faithful fixtures). Every `gh/<org>/<repo>` project exists except repo `missing`;
 * pipelines are generated from their index, so a 100,000-item list costs no server memory.
 */
export const CIRCLECI_TOKEN = "CCIPAT_TestServerToken_0123456789abcdef";
const PAGE_SIZE = 20;

const pipelineTemplate = pipelineFixtures[0]!;
const workflowTemplate = Object.values(workflowsByPipeline)[0]![0] as Record<string, unknown>;
const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Reply => ({ status, body, headers });
const notFound = (what = "Not found") => json({ message: what }, 404);

/** Pipeline ids encode slug and number, so workflows can be served without any index. */
export const pipelineId = (slug: string, number: number) => `pl-${Buffer.from(`${slug}#${number}`).toString("hex")}`;
function decodePipelineId(id: string): { slug: string; number: number } | undefined {
  if (!id.startsWith("pl-")) return undefined;
  const [slug, n] = Buffer.from(id.slice(3), "hex").toString("utf8").split("#");
  const number = Number(n);
  return slug && Number.isSafeInteger(number) ? { slug, number } : undefined;
}

function shortSlug(parts: readonly string[]): string | undefined {
  const [vcs, org, repo] = parts;
  if (!vcs || !org || !repo) return undefined;
  const prefix = vcs === "github" ? "gh" : vcs === "bitbucket" ? "bb" : vcs;
  return `${prefix}/${org}/${repo}`;
}

function projectOf(slug: string) {
  const [, org, repo] = slug.split("/") as [string, string, string];
  return { ...projectFixture, slug, name: repo, organization_name: org, organization_slug: slug.split("/").slice(0, 2).join("/"), vcs_info: { ...projectFixture.vcs_info, vcs_url: `https://github.com/${org}/${repo}` } };
}

function pipelineOf(slug: string, number: number) {
  const repo = slug.split("/")[2]!;
  return {
    ...pipelineTemplate,
    id: pipelineId(slug, number),
    number,
    project_slug: slug,
    trigger_parameters: { service: repo, env: "prod" },
    vcs: { ...pipelineTemplate.vcs, target_repository_url: `https://github.com/acme/${repo}`, origin_repository_url: `https://github.com/acme/${repo}` },
  };
}

function workflowsOf(slug: string, number: number) {
  const repo = slug.split("/")[2]!;
  const base = { ...workflowTemplate, pipeline_id: pipelineId(slug, number), project_slug: slug, pipeline_number: number };
  return [
    { ...base, id: `wf-build-${number}-${repo}`, name: `build-${repo}`, status: "success" },
    { ...base, id: `wf-deploy-${number}-${repo}`, name: `deploy-${repo}`, status: number % 7 === 0 ? "failed" : "success" },
  ];
}

/** A cursor page: `page-token` is the offset, base64url-encoded (opaque to the client). */
function cursorPage<T>(total: number, itemAt: (i: number) => T, url: URL, size: number): Reply {
  const token = url.searchParams.get("page-token");
  let offset = 0;
  if (token) {
    offset = Number(Buffer.from(token, "base64url").toString("utf8").replace(/^o:/, ""));
    if (!Number.isSafeInteger(offset) || offset < 0) return json({ message: "Invalid page-token." }, 400);
  }
  const end = Math.min(total, offset + size);
  const items: T[] = [];
  for (let i = offset; i < end; i++) items.push(itemAt(i));
  return json({ items, next_page_token: end < total ? Buffer.from(`o:${end}`).toString("base64url") : null });
}

export function createCircleCIWorld(options: CircleCIWorldOptions = {}) {
  const token = options.token ?? CIRCLECI_TOKEN;
  const size = options.pageSize ?? PAGE_SIZE;
  const countFor = options.pipelinesFor ?? (() => 3);

  return function handle(path: string, url: URL, headers: Record<string, string>): Reply {
    const given = headers["circle-token"] ?? (headers.authorization?.startsWith("Bearer ") ? headers.authorization.slice(7) : undefined);
    if (given !== token) return json({ message: "You must log in first." }, 401);
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    const [head, ...rest] = parts;

    if (head === "me" && rest.length === 0) return json(user);
    if (head === "project") {
      const slug = shortSlug(rest);
      if (!slug || slug.endsWith("/missing")) return notFound("Project not found");
      const tail = rest.slice(3);
      if (tail.length === 0) return json(projectOf(slug));
      if (tail[0] === "pipeline" && tail.length === 1) {
        const total = countFor(slug);
        return cursorPage(total, (i) => pipelineOf(slug, total - i), url, size);
      }
      if (tail[0] === "pipeline" && tail.length === 2) {
        const n = Number(tail[1]);
        return Number.isSafeInteger(n) && n >= 1 && n <= countFor(slug) ? json(pipelineOf(slug, n)) : notFound("Pipeline not found");
      }
      return notFound();
    }
    if (head === "pipeline" && rest.length >= 1) {
      const decoded = decodePipelineId(rest[0]!);
      const fixtureWorkflows = workflowsByPipeline[rest[0]!];
      if (rest[1] === "workflow" && fixtureWorkflows) return cursorPage(fixtureWorkflows.length, (i) => fixtureWorkflows[i], url, size);
      if (!decoded) return notFound("Pipeline not found");
      if (rest.length === 1) return json(pipelineOf(decoded.slug, decoded.number));
      if (rest[1] === "workflow") {
        const list = workflowsOf(decoded.slug, decoded.number);
        return cursorPage(list.length, (i) => list[i], url, size);
      }
    }
    if (head === "context" && rest.length === 0) {
      if (!url.searchParams.get("owner-id") && !url.searchParams.get("owner-slug")) return json({ message: "owner-id or owner-slug is required" }, 400);
      return cursorPage(contexts.length, (i) => contexts[i], url, size);
    }
    return notFound();
  };
}
