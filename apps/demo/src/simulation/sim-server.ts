import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServiceEntry } from "../catalog.js";
import { buildCircleCiWorld, type CircleCiWorld } from "./circleci-world.js";
import { buildCirconusWorld, type CirconusCollection, type CirconusWorld } from "./circonus-world.js";
import { matchesFilters, matchesSearch, matchesTagQuery } from "./circonus-search.js";
import { SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_APP, SIM_CIRCONUS_TOKEN } from "./sim-credentials.js";

/**
 * Faults the simulation plays on purpose. `secrets-in-data`: both simulated tokens inside the
 * data the tools return (commit messages, actors, alert names and links, an annotation), as a
 * careless commit or integration would put them, for the tests that no output carries them.
 */
export type SimFault = "circleci-down" | "circonus-down" | "circonus-unapproved" | "circleci-workflows-down" | "circonus-read-only" | "secrets-in-data";
export const SIM_FAULTS: readonly SimFault[] = ["circleci-down", "circonus-down", "circonus-unapproved", "circleci-workflows-down", "circonus-read-only", "secrets-in-data"];

export interface SimulationOptions {
  services: readonly ServiceEntry[];
  /** The simulated clock (ms). Default: now. */
  now?: number;
  port?: number;
  fault?: SimFault;
  /**
   * Answer CORS (preflights and `Access-Control-Allow-*`), so a page in a browser can call the
   * simulation; the real CircleCI and Circonus APIs do not. Default: on when the environment
   * variable `TOOLWEAVE_SIM_CORS` is `1`.
   */
  cors?: boolean;
}

export interface Simulation {
  readonly url: string;
  readonly circleciBaseUrl: string;
  readonly circonusBaseUrl: string;
  /**
   * The simulated CircleCI web app's root, on an origin of its own (as app.circleci.com is not
   * circleci.com/api): its `/pipelines/…` and `/settings/…` links answer a page that says it is
   * simulated, so a link the demo prints or renders never 404s on the API host.
   */
  readonly circleciAppUrl: string;
  /** Requests answered, by provider; `circonusWrites`: the Circonus requests that were not reads (`POST /annotation`, `DELETE /annotation/<id>`). */
  readonly requests: { circleci: number; circonus: number; circonusWrites: number };
  /** Services whose simulated data was built so far, by provider (the world is built lazily). */
  readonly built: { circleci: number; circonus: number };
  close(): Promise<void>;
}

type Json = Record<string, unknown> | unknown[];
interface Reply {
  status: number;
  body?: Json | string;
  headers?: Record<string, string>;
}

const json = (body: Json, status = 200, headers: Record<string, string> = {}): Reply => ({ status, body, headers });
const DAY = 86_400;

/** CircleCI cursor pages (https://circleci.com/docs/api/v2/index.html#section/Pagination): opaque `next_page_token`, null on the last page. */
function cursorPage(items: readonly unknown[], url: URL, size = 20): Reply {
  const token = url.searchParams.get("page-token");
  let offset = 0;
  if (token) {
    const decoded = Number(Buffer.from(token, "base64url").toString("utf8").replace(/^o:/, ""));
    if (!Number.isInteger(decoded) || decoded < 0) return json({ message: "Invalid page-token." }, 400);
    offset = decoded;
  }
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? Buffer.from(`o:${offset + size}`).toString("base64url") : null;
  return json({ items: page, next_page_token: next });
}

/** Circonus offset pages (https://docs.circonus.com/circonus/api/, `size`/`from` parameters): `size` (default 20, max 1000) and `from`; `X-Circonus-More-Items`. */
function offsetPage(items: Iterable<unknown>, url: URL): Reply {
  const size = Math.min(1000, Math.max(1, Number(url.searchParams.get("size") ?? 20) || 20));
  const from = Math.max(0, Number(url.searchParams.get("from") ?? 0) || 0);
  // Reads only as far as the page (and one item past it, to know whether more exist).
  const page: unknown[] = [];
  let position = 0;
  let more = false;
  for (const item of items) {
    if (position >= from + size) {
      more = true;
      break;
    }
    if (position >= from) page.push(item);
    position += 1;
  }
  return json(page, 200, more ? { "X-Circonus-More-Items": "true" } : {});
}

function* filtered<T>(items: Iterable<T>, keep: (item: T) => boolean): Iterable<T> {
  for (const item of items) if (keep(item)) yield item;
}

function handleCircleCi(world: CircleCiWorld, path: string[], url: URL, req: IncomingMessage, now: number, state: { insights429: boolean; workflowsDown: boolean }): Reply {
  const token = req.headers["circle-token"] ?? (req.headers.authorization?.startsWith("Bearer ") ? req.headers.authorization.slice(7) : undefined);
  if (token !== SIM_CIRCLECI_TOKEN) return json({ message: "You must log in first." }, 401);
  const [head, ...rest] = path;
  const slugOf = (parts: string[]) => parts.slice(0, 3).join("/");
  const projectNotFound = json({ message: "Project not found" }, 404);

  if (head === "me" && rest.length === 0) return json(world.me);
  if (head === "me" && rest[0] === "collaborations") return json(world.collaborations);
  if (head === "project" && rest.length >= 3) {
    const slug = slugOf(rest).replace(/^github\//, "gh/").replace(/^bitbucket\//, "bb/");
    const project = world.projects.get(slug);
    if (!project) return projectNotFound;
    const tail = rest.slice(3);
    if (tail.length === 0) return json(project as unknown as Json);
    if (tail[0] === "pipeline" && tail.length === 1) {
      const branch = url.searchParams.get("branch");
      const list = (world.pipelines.get(slug) ?? []).filter((p) => !branch || (p.vcs as { branch?: string }).branch === branch);
      return cursorPage(list, url);
    }
    if (tail[0] === "pipeline" && tail.length === 2) {
      const pipeline = (world.pipelines.get(slug) ?? []).find((p) => String(p.number) === tail[1]);
      return pipeline ? json(pipeline) : json({ message: "Pipeline not found" }, 404);
    }
    if (tail[0] === "job" && tail.length === 2) {
      const details = world.jobDetails.get(`${slug}#${tail[1]}`);
      return details ? json(details) : json({ message: "Job not found" }, 404);
    }
    if (tail[0] === "envvar" && tail.length === 1) return cursorPage(world.projectEnvVars.get(slug) ?? [], url);
    return json({ message: "Not found" }, 404);
  }
  if (head === "pipeline" && rest.length === 0) {
    const orgSlug = url.searchParams.get("org-slug");
    const all = [...world.pipelines.entries()]
      .filter(([slug]) => !orgSlug || slug.startsWith(`${orgSlug}/`))
      .flatMap(([, list]) => list)
      .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
    return cursorPage(all, url);
  }
  if (head === "pipeline" && rest.length >= 1) {
    const pipeline = world.pipelinesById.get(rest[0]!);
    if (!pipeline) return json({ message: "Pipeline not found" }, 404);
    if (rest.length === 1) return json(pipeline);
    if (rest[1] === "workflow") {
      // Fault "circleci-workflows-down": the newest pipeline of each project cannot list its workflows.
      const newest = (world.pipelines.get(String(pipeline.project_slug)) ?? [])[0];
      if (state.workflowsDown && newest?.id === pipeline.id) return json({ message: "upstream request timeout" }, 503);
      const workflows = world.workflows.get(rest[0]!) ?? [];
      // A pipeline whose config failed has no workflows, and CircleCI answers 404 (the Faros CircleCI source treats it as empty: https://github.com/faros-ai/airbyte-connectors).
      if (workflows.length === 0) return json({ message: "Not found" }, 404);
      return cursorPage(workflows, url);
    }
  }
  if (head === "workflow" && rest.length >= 1) {
    const workflow = world.workflowsById.get(rest[0]!);
    if (!workflow) return json({ message: "Workflow not found" }, 404);
    if (rest.length === 1) return json(workflow);
    if (rest[1] === "job") return cursorPage(world.jobs.get(rest[0]!) ?? [], url);
  }
  if (head === "insights" && rest.length >= 4 && rest[3] === "workflows") {
    const slug = slugOf(rest);
    const project = world.projects.get(slug);
    if (!project) return projectNotFound;
    // The first insights call is throttled once, as CircleCI does under load (https://circleci.com/docs/api-developers-guide/#rate-limits),
    // so the demo exercises Retry-After handling.
    if (!state.insights429) {
      state.insights429 = true;
      return json({ message: "Rate limit exceeded." }, 429, { "Retry-After": "0" });
    }
    const allBranches = url.searchParams.get("all-branches") === "true";
    const branch = url.searchParams.get("branch") ?? (allBranches ? null : project.vcs_info.default_branch);
    const runsOf = (name: string) =>
      (world.pipelines.get(slug) ?? [])
        .filter((p) => !branch || (p.vcs as { branch?: string }).branch === branch)
        .flatMap((p) => world.workflows.get(String(p.id)) ?? [])
        .filter((w) => w.name === name && w.stopped_at !== null)
        .map((w) => ({
          id: w.id,
          branch: ((world.pipelinesById.get(String(w.pipeline_id))?.vcs as { branch?: string }) ?? {}).branch ?? "main",
          duration: Math.round((Date.parse(String(w.stopped_at)) - Date.parse(String(w.created_at))) / 1000),
          created_at: w.created_at,
          stopped_at: w.stopped_at,
          credits_used: 120,
          status: ["success", "failed", "error", "canceled", "unauthorized"].includes(String(w.status)) ? w.status : null,
          is_approval: false,
        }));
    if (rest.length === 4) {
      const windowDays = { "last-24-hours": 1, "last-7-days": 7, "last-30-days": 30, "last-60-days": 60, "last-90-days": 90 }[url.searchParams.get("reporting-window") ?? "last-90-days"] ?? 90;
      const since = now - windowDays * DAY * 1000;
      const names = [...new Set((world.pipelines.get(slug) ?? []).flatMap((p) => (world.workflows.get(String(p.id)) ?? []).map((w) => String(w.name))))];
      const items = names.map((name) => {
        const runs = runsOf(name).filter((r) => Date.parse(String(r.created_at)) >= since);
        const ok = runs.filter((r) => r.status === "success").length;
        const durations = runs.map((r) => r.duration).sort((a, b) => a - b);
        const pick = (q: number) => (durations.length ? durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]! : null);
        return {
          name,
          project_id: project.id,
          window_start: new Date(since).toISOString(),
          window_end: new Date(now).toISOString(),
          metrics: {
            total_runs: runs.length,
            successful_runs: ok,
            failed_runs: runs.length - ok,
            success_rate: runs.length ? ok / runs.length : 0,
            throughput: runs.length / windowDays,
            mttr: runs.length - ok > 0 ? 3600 : null,
            total_credits_used: runs.length * 120,
            total_recoveries: null,
            duration_metrics: {
              min: pick(0),
              mean: durations.length ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length) : null,
              median: pick(0.5),
              p95: pick(0.95),
              max: pick(1),
              standard_deviation: durations.length ? 21.5 : null,
            },
          },
        };
      });
      return cursorPage(items, url);
    }
    const name = rest[4]!;
    return cursorPage(runsOf(name), url);
  }
  if (head === "context" && rest.length === 0) {
    const owner = url.searchParams.get("owner-slug") ?? url.searchParams.get("owner-id");
    if (!owner) return json({ message: "owner-id or owner-slug is required" }, 400);
    return cursorPage(world.contexts.get(owner) ?? [], url, 3);
  }
  if (head === "context" && rest.length === 2 && rest[1] === "environment-variable") {
    const vars = world.contextVariables.get(rest[0]!);
    // A missing context answers 403, not 404 (observed: https://github.com/corsairdev/corsair/pull/795).
    return vars ? cursorPage(vars, url) : json({ message: "Permission denied." }, 403);
  }
  return json({ message: "Not found" }, 404);
}

/** `POST /annotation` (https://docs.circonus.com/circonus/api/, Annotation: title, category, description, start and stop required). */
function createAnnotation(world: CirconusWorld, body: unknown, fault: SimFault | undefined): Reply {
  // A read-only token may read but not write; Circonus answers a refused write with 403.
  if (fault === "circonus-read-only") {
    return json({ code: "Forbidden", message: "This API token is read-only", explanation: "Writes need a token with Normal or Admin privilege", server: "api-sim.circonus.net" }, 403);
  }
  const b = (typeof body === "object" && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const missing = ["title", "category", "description", "start", "stop"].filter((k) => b[k] === undefined || b[k] === null);
  const badTimes = ["start", "stop"].some((k) => b[k] !== undefined && !Number.isInteger(b[k]));
  if (missing.length || badTimes || typeof b.title !== "string" || typeof b.category !== "string" || typeof b.description !== "string") {
    return json({ code: "InputError.InvalidValue", message: `Invalid annotation: ${missing.length ? `missing ${missing.join(", ")}` : "wrong field types"}`, server: "api-sim.circonus.net" }, 400);
  }
  const relMetrics = Array.isArray(b.rel_metrics) ? b.rel_metrics.filter((m): m is string => typeof m === "string") : [];
  if (relMetrics.some((m) => !/^\d+_.+$/.test(m))) return json({ code: "InputError.InvalidValue", message: "rel_metrics must be <checkid>_<metric name>" }, 400);
  return json(world.createAnnotation({ title: b.title, category: b.category, description: b.description, start: b.start, stop: b.stop, rel_metrics: relMetrics }));
}

/** `DELETE /annotation/<id>` (https://docs.circonus.com/circonus/api/: annotations support full CRUD): 200 with no body, 404 when there is none. */
function deleteAnnotation(world: CirconusWorld, id: string, fault: SimFault | undefined): Reply {
  if (fault === "circonus-read-only") {
    return json({ code: "Forbidden", message: "This API token is read-only", explanation: "Writes need a token with Normal or Admin privilege", server: "api-sim.circonus.net" }, 403);
  }
  if (/^\d+$/.test(id) && world.deleteAnnotation(`/annotation/${id}`)) return { status: 200 };
  return json({ code: "NotFound", message: "No such annotation", server: "api-sim.circonus.net" }, 404);
}

function handleCirconus(world: CirconusWorld, path: string[], url: URL, req: IncomingMessage, fault: SimFault | undefined, nowMs: number, body?: unknown): Reply {
  const token = req.headers["x-circonus-auth-token"];
  const app = req.headers["x-circonus-app-name"];
  // App approval (https://docs.circonus.com/circonus/integrations/api/api-tokens/): missing headers or a pending app → 401; bad token → 403.
  if (!token || !app) return json({ code: "Unauthorized", message: "Missing auth token or app name" }, 401);
  if (token !== SIM_CIRCONUS_TOKEN) {
    return json({ code: "Forbidden.BadToken", message: "invalid authentication token", explanation: "The authentication token you supplied is invalid", server: "api-sim.circonus.net", tag: "7c0bbdc0-8264-11e9-ad0b-acde48001122" }, 403);
  }
  if (fault === "circonus-unapproved" || app !== SIM_CIRCONUS_APP) {
    return json({ code: "Unauthorized.PendingApproval", message: `Application ${String(app)} is pending approval`, server: "api-sim.circonus.net", tag: "a1b2c3d4-8264-11e9-ad0b-acde48001122" }, 401);
  }
  const [type, id] = path;
  if (req.method === "POST") return type === "annotation" && !id ? createAnnotation(world, body, fault) : json({ code: "NotFound", message: "The simulation writes annotations only." }, 405);
  if (req.method === "DELETE") return type === "annotation" && id ? deleteAnnotation(world, id, fault) : json({ code: "NotFound", message: "The simulation deletes annotations only." }, 405);
  const search = url.searchParams.get("search");
  const list = (items: Iterable<Record<string, unknown>>, kind: string) => {
    try {
      return offsetPage(filtered(items, (i) => matchesSearch(i, search, kind) && matchesFilters(i, url.searchParams)), url);
    } catch {
      return json({ code: "InputError.InvalidValue", message: "invalid search query", status: 400 }, 400);
    }
  };
  if (type === "account" && id === "current") return json(world.account);
  if (type === "user" && id === "current") return json(world.user);
  const COLLECTIONS: readonly CirconusCollection[] = ["check_bundle", "check", "rule_set", "contact_group", "graph", "dashboard", "maintenance", "annotation"];
  if (type === "metric" && !id) {
    const query = url.searchParams.get("search");
    if (!query) return json({ code: "InputError.InvalidValue", message: "search is required for metric queries" }, 400);
    try {
      const matches = [...filtered(world.items("metric", null), (m) => matchesTagQuery(m, query))];
      const size = Math.min(10_000, Number(url.searchParams.get("size") ?? 20) || 20);
      return json(matches.slice(0, size), 200, { "X-Snowth-Search-Result-Count": String(matches.length) });
    } catch {
      return json({ code: "InputError.InvalidValue", message: "invalid tag query" }, 400);
    }
  }
  if (type === "alert" && !id) {
    // Default listing: uncleared alerts from the last 30 days (https://docs.circonus.com/circonus/api/, `GET /alert`);
    // an `occurred_on_start` term replaces that start (matchesSearch applies it).
    const explicitActive = /\(active:/.test(search ?? "") || url.searchParams.has("f__cleared_on");
    const windowStart = /\(occurred_on_start:/.test(search ?? "") ? Number.NEGATIVE_INFINITY : Math.floor(nowMs / 1000) - 30 * DAY;
    const candidates = filtered(world.items("alert", search), (a) => Number(a._occurred_on) >= windowStart && (explicitActive || a._cleared_on === null));
    return list(candidates, "alert");
  }
  if (type === "alert" && id) {
    const found = world.byCid("alert", `/alert/${id}`);
    return found ? json(found) : json({ code: "NotFound", message: "No such alert" }, 404);
  }
  const collection = COLLECTIONS.find((c) => c === type);
  if (collection && !id) return list(world.items(collection, search), collection);
  if (collection && id) {
    const found = world.byCid(collection, `/${collection}/${id}`);
    return found ? json(found) : json({ code: "NotFound", message: `No such ${collection}`, server: "api-sim.circonus.net" }, 404);
  }
  return json({ code: "NotFound", message: "Not found" }, 404);
}

/** Request headers a page may send: the connectors' auth headers and what core sets. */
const CORS_ALLOW_HEADERS = "accept, cache-control, content-type, user-agent, authorization, circle-token, x-circonus-auth-token, x-circonus-app-name";
/** Response headers the connectors read (pagination and rate limits). */
const CORS_EXPOSE_HEADERS = "x-circonus-more-items, retry-after, ratelimit-remaining, ratelimit-reset, x-ratelimit-remaining, x-ratelimit-reset";

/** Adds CORS headers; answers a preflight (`OPTIONS`) and returns true when it was one. */
function answerCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader("access-control-allow-origin", "*");
  res.setHeader("access-control-expose-headers", CORS_EXPOSE_HEADERS);
  if (req.method !== "OPTIONS") return false;
  res.writeHead(204, { "access-control-allow-methods": "GET", "access-control-allow-headers": CORS_ALLOW_HEADERS, "access-control-max-age": "600" });
  res.end();
  return true;
}

function send(res: ServerResponse, reply: Reply): void {
  const body = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status, { "content-type": typeof reply.body === "string" ? "text/plain" : "application/json", ...reply.headers });
  res.end(body);
}

/** A page of the simulated CircleCI web app: what the link was for, said to be simulated (the real app has it at the same path). */
function circleciAppPage(world: CircleCiWorld, url: URL): { status: number; body: string } {
  const path = url.pathname;
  const escape = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  // /pipelines/<vcs>/<org>/<repo>[/<number>[/workflows/<id>[/jobs/<n>]]] (CircleCI's web routes).
  const match = /^\/pipelines\/([^/]+)\/([^/]+)\/([^/]+)(?:\/(\d+)(?:\/workflows\/([^/]+)(?:\/jobs\/(\d+))?)?)?\/?$/.exec(path);
  const short = { github: "gh", bitbucket: "bb", circleci: "circleci" } as Record<string, string>;
  let what: string | undefined;
  if (match) {
    const slug = `${short[match[1]!] ?? match[1]}/${decodeURIComponent(match[2]!)}/${decodeURIComponent(match[3]!)}`;
    const pipeline = match[4] ? (world.pipelines.get(slug) ?? []).find((p) => String(p.number) === match[4]) : undefined;
    if (world.projects.get(slug) && (!match[4] || pipeline)) {
      what = `project ${slug}${match[4] ? `, pipeline #${match[4]}` : ""}${match[5] ? `, workflow ${decodeURIComponent(match[5])}` : ""}${match[6] ? `, job ${match[6]}` : ""}`;
    }
  } else if (path.startsWith("/settings/")) {
    what = "settings";
  }
  const heading = what ? "Simulated CircleCI page" : "Not in the simulated CircleCI";
  const text = what
    ? `This link points at the simulated CircleCI that <code>toolweave-demo simulate</code> serves, not at circleci.com. In the real CircleCI app this path shows the ${escape(what)}; the simulation has no web pages, only its API.`
    : `The simulated CircleCI has nothing at ${escape(path)}.`;
  return {
    status: what ? 200 : 404,
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${heading} — toolweave</title></head><body><h1>${heading}</h1><p>${text}</p><p><code>${escape(path)}</code></p></body></html>\n`,
  };
}

/**
 * Serves a deterministic CircleCI (API v2) and Circonus (API v2) over loopback HTTP, so the
 * demo exercises the connectors' real code path: headers, pagination, retries, validation.
 */
export async function startSimulation(options: SimulationOptions): Promise<Simulation> {
  const now = options.now ?? Date.now();
  const worldOptions = { secretsInData: options.fault === "secrets-in-data" };
  const circleci = buildCircleCiWorld(options.services, now, worldOptions);
  const circonus = buildCirconusWorld(options.services, now, worldOptions);
  const requests = { circleci: 0, circonus: 0, circonusWrites: 0 };
  const state = { insights429: false, workflowsDown: options.fault === "circleci-workflows-down" };
  const cors = options.cors ?? process.env.TOOLWEAVE_SIM_CORS === "1";
  const server: Server = createServer((req, res) => {
    if (cors && answerCors(req, res)) return;
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const segments = url.pathname.split("/").filter(Boolean).map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
    const annotations = segments[0] === "circonus" && segments[1] === "v2" && segments[2] === "annotation";
    const annotationPost = req.method === "POST" && annotations && segments.length === 3;
    const annotationDelete = req.method === "DELETE" && annotations && segments.length === 4;
    if (req.method !== "GET" && !annotationPost && !annotationDelete) return send(res, json({ message: "The simulation is read-only (apart from creating and deleting Circonus annotations)." }, 405));
    // Every request is answered in one synchronous step once its body is in (the world has no
    // awaits), so concurrent writes from several processes never interleave half-way.
    if (annotationDelete) {
      requests.circonus += 1;
      requests.circonusWrites += 1;
      if (options.fault === "circonus-down") return send(res, { status: 503, body: "Service Unavailable" });
      return send(res, handleCirconus(circonus, segments.slice(2), url, req, options.fault, now));
    }
    if (annotationPost) {
      requests.circonus += 1;
      requests.circonusWrites += 1;
      if (options.fault === "circonus-down") return send(res, { status: 503, body: "Service Unavailable" });
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          return send(res, json({ code: "InputError.InvalidValue", message: "The body is not JSON." }, 400));
        }
        send(res, handleCirconus(circonus, segments.slice(2), url, req, options.fault, now, body));
      });
      return;
    }
    if (segments[0] === "circleci" && segments[1] === "api" && segments[2] === "v2") {
      requests.circleci += 1;
      if (options.fault === "circleci-down") return send(res, { status: 503, body: "upstream connect error or disconnect/reset before headers" });
      return send(res, handleCircleCi(circleci, segments.slice(3), url, req, now, state));
    }
    if (segments[0] === "circonus" && segments[1] === "v2") {
      requests.circonus += 1;
      if (options.fault === "circonus-down") return send(res, { status: 503, body: "Service Unavailable" });
      return send(res, handleCirconus(circonus, segments.slice(2), url, req, options.fault, now));
    }
    send(res, json({ message: "Unknown simulated API: use /circleci/api/v2 or /circonus/v2" }, 404));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  // The web app's links on an origin of their own: a link is never one to the API host.
  const app: Server = createServer((req, res) => {
    const page = req.method === "GET" || req.method === "HEAD" ? circleciAppPage(circleci, new URL(req.url ?? "/", "http://127.0.0.1")) : { status: 405, body: "GET only.\n" };
    res.writeHead(page.status, { "content-type": "text/html; charset=utf-8", "content-security-policy": "default-src 'none'", "x-content-type-options": "nosniff" });
    res.end(req.method === "HEAD" ? undefined : page.body);
  });
  app.keepAliveTimeout = 1000;
  try {
    await new Promise<void>((resolve, reject) => {
      app.once("error", reject);
      app.listen(0, "127.0.0.1", () => resolve());
    });
  } catch (error) {
    server.closeAllConnections();
    server.close();
    throw error;
  }
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  return {
    url,
    circleciBaseUrl: `${url}/circleci/api/v2`,
    circonusBaseUrl: `${url}/circonus/v2`,
    circleciAppUrl: appUrl,
    requests,
    get built() {
      return { circleci: circleci.built, circonus: circonus.built };
    },
    close: async () => {
      await Promise.all(
        [server, app].map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      );
    },
  };
}
