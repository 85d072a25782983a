/**
 * A small hand-built CircleCI API v2 + Circonus API v2 world with explicit times, served by msw
 * (tests only), for the delivery-health known-answer tests. Shaped as the APIs answer
 * (https://circleci.com/docs/api/v2/index.html, https://docs.circonus.com/circonus/api/ and its
 * search appendix): CircleCI pipeline pages newest first with `next_page_token`, workflow lists
 * per pipeline, reruns as new workflows of the same name; Circonus `/alert` searches bounded by
 * `(active:…)(occurred_on_start:…)(occurred_on_end:…)` (at most 30 days), epochs in whole
 * seconds, `_tags` carrying `service:` and `env:`.
 *
 * The story (UTC, window 2026-03-02 00:00–12:00, service checkout of gh/acme/checkout):
 *
 * - #100 (prod, commit A) went live 2026-03-01 21:10, before since − 60 min;
 * - #98 (staging) went live 2026-03-01 22:08; staging has no deploy in the window;
 * - #101 (prod, commit B) live 01:10:00 (D1). Alerts at D1 + 0 s, D1 + 3600 s (both attributed),
 *   D1 + 3601 s (not, and still open); a staging alert at D1 + 120 s;
 * - #102 (prod, commit C) live 05:10:00 (D2), then #100's deploy re-run, live 05:40:00: a rollback;
 * - #103 (prod) deploy failed 08:06:00 (a failed pipeline, not a deployment);
 * - an alert at 09:00:00 cleared 12:30:00, after until (still open at until).
 */
import { circonusFixtures } from "@toolweave/connector-circonus/fixtures";
import { http, HttpResponse, type RequestHandler } from "msw";

export const CIRCLECI_BASE = "https://circleci.com/api/v2";
export const CIRCONUS_BASE = "https://api.circonus.test/v2";
export const SLUG = "gh/acme/checkout";
export const SINCE = new Date("2026-03-02T00:00:00.000Z");
export const UNTIL = new Date("2026-03-02T12:00:00.000Z");

const REPO_URL = "https://github.com/acme/checkout";
const USER_ID = "d7a1c6b2-5e3f-4a8b-9c0d-1e2f3a4b5c6d";
const epoch = (iso: string) => Date.parse(iso) / 1000;

export const SHA = {
  A: "a1a1a1a1b2b2b2b2c3c3c3c3d4d4d4d4e5e5e5e5",
  B: "b0b0b0b01111222233334444555566667777aaaa",
  C: "c0c0c0c08888999900001111222233334444bbbb",
  D: "d0d0d0d0555566667777888899990000aaaacccc",
  S: "5a5a5a5a0000111122223333444455556666dddd",
} as const;

export const PIPELINE = {
  p98: "98000000-0000-4000-8000-000000000098",
  p100: "10000000-0000-4000-8000-000000000100",
  p101: "10100000-0000-4000-8000-000000000101",
  p102: "10200000-0000-4000-8000-000000000102",
  p103: "10300000-0000-4000-8000-000000000103",
} as const;

export const WORKFLOW = {
  /** #98's deploy to staging, before the window. */
  w98: "f0980000-0000-4000-8000-000000000098",
  /** #100's first deploy, before since − 60 min. */
  w100: "f1000000-0000-4000-8000-000000000100",
  /** #100's deploy re-run 30 min after D2: the rollback. */
  w100rerun: "f1000000-0000-4000-8000-0000000001e1",
  w100build: "f1000000-0000-4000-8000-0000000001b0",
  /** D1. */
  w101: "f1010000-0000-4000-8000-000000000101",
  /** D2. */
  w102: "f1020000-0000-4000-8000-000000000102",
  /** Failed deploy. */
  w103: "f1030000-0000-4000-8000-000000000103",
} as const;

export const ALERT = {
  /** Opened at D1 (gap 0), cleared 15 min later. */
  atDeploy: "/alert/5001",
  /** Opened at D1 + 3600 s (exactly the window), cleared 30 min later. */
  atWindow: "/alert/5002",
  /** Opened at D1 + 3601 s, still open. */
  pastWindow: "/alert/5003",
  /** Staging, opened at D1 + 120 s, cleared 8 min later. */
  staging: "/alert/5004",
  /** Opened 09:00, cleared 12:30 (after until). */
  clearedAfterUntil: "/alert/5005",
} as const;

type PipelineInput = { id: string; number: number; env: string; createdAt: string; receivedAt: string; revision: string; subject: string; actor: string };

function pipeline(p: PipelineInput) {
  return {
    id: p.id,
    errors: [],
    project_slug: SLUG,
    updated_at: p.createdAt,
    number: p.number,
    trigger_parameters: { service: "checkout", env: p.env },
    state: "created",
    created_at: p.createdAt,
    trigger: { received_at: p.receivedAt, type: "api", actor: { login: p.actor, avatar_url: null } },
    vcs: {
      provider_name: "GitHub",
      target_repository_url: REPO_URL,
      branch: "main",
      revision: p.revision,
      origin_repository_url: REPO_URL,
      commit: { subject: p.subject, body: null },
    },
  };
}

type WorkflowInput = { id: string; pipeline: { id: string; number: number }; name?: string; status: string; createdAt: string; stoppedAt: string | null };

function workflow(w: WorkflowInput) {
  return {
    pipeline_id: w.pipeline.id,
    id: w.id,
    name: w.name ?? "deploy-checkout",
    project_slug: SLUG,
    status: w.status,
    started_by: USER_ID,
    pipeline_number: w.pipeline.number,
    created_at: w.createdAt,
    stopped_at: w.stoppedAt,
    tag: null,
  };
}

const p98 = pipeline({ id: PIPELINE.p98, number: 98, env: "staging", createdAt: "2026-03-01T22:00:00.000Z", receivedAt: "2026-03-01T21:59:59.400Z", revision: SHA.S, subject: "Try the new tax tables on staging", actor: "asmith" });
const p100 = pipeline({ id: PIPELINE.p100, number: 100, env: "prod", createdAt: "2026-03-01T21:00:00.000Z", receivedAt: "2026-03-01T20:59:59.250Z", revision: SHA.A, subject: "Cache card BIN lookups", actor: "jdoe" });
const p101 = pipeline({ id: PIPELINE.p101, number: 101, env: "prod", createdAt: "2026-03-02T01:00:00.000Z", receivedAt: "2026-03-02T00:59:59.200Z", revision: SHA.B, subject: "Retry card authorisation once on 502", actor: "jdoe" });
const p102 = pipeline({ id: PIPELINE.p102, number: 102, env: "prod", createdAt: "2026-03-02T05:00:00.000Z", receivedAt: "2026-03-02T04:59:59.500Z", revision: SHA.C, subject: "Bump payment SDK to 4.3", actor: "bwayne" });
const p103 = pipeline({ id: PIPELINE.p103, number: 103, env: "prod", createdAt: "2026-03-02T08:00:00.000Z", receivedAt: "2026-03-02T07:59:59.900Z", revision: SHA.D, subject: "Round tax totals per line", actor: "asmith" });

/** Newest first, in two pages, as CircleCI lists a project's pipelines. */
const PIPELINE_PAGES = [[p103, p102, p101], [p98, p100]];

const WORKFLOWS: Record<string, object[]> = {
  [PIPELINE.p98]: [workflow({ id: WORKFLOW.w98, pipeline: p98, status: "success", createdAt: "2026-03-01T22:00:04.000Z", stoppedAt: "2026-03-01T22:08:00.000Z" })],
  [PIPELINE.p100]: [
    workflow({ id: WORKFLOW.w100build, pipeline: p100, name: "build-checkout", status: "success", createdAt: "2026-03-01T21:00:02.000Z", stoppedAt: "2026-03-01T21:04:00.000Z" }),
    workflow({ id: WORKFLOW.w100, pipeline: p100, status: "success", createdAt: "2026-03-01T21:04:05.000Z", stoppedAt: "2026-03-01T21:10:00.000Z" }),
    // Re-run from the UI the next morning: a new workflow of the same name under the old pipeline.
    workflow({ id: WORKFLOW.w100rerun, pipeline: p100, status: "success", createdAt: "2026-03-02T05:32:00.000Z", stoppedAt: "2026-03-02T05:40:00.000Z" }),
  ],
  [PIPELINE.p101]: [workflow({ id: WORKFLOW.w101, pipeline: p101, status: "success", createdAt: "2026-03-02T01:00:03.000Z", stoppedAt: "2026-03-02T01:10:00.000Z" })],
  [PIPELINE.p102]: [workflow({ id: WORKFLOW.w102, pipeline: p102, status: "success", createdAt: "2026-03-02T05:00:02.000Z", stoppedAt: "2026-03-02T05:10:00.000Z" })],
  [PIPELINE.p103]: [workflow({ id: WORKFLOW.w103, pipeline: p103, status: "failed", createdAt: "2026-03-02T08:00:03.000Z", stoppedAt: "2026-03-02T08:06:00.000Z" })],
};

function alert(cid: string, occurredOn: string, clearedOn: string | null, env: string) {
  const n = cid.slice(cid.lastIndexOf("/") + 1);
  return {
    _cid: cid,
    _acknowledgement: null,
    _alert_url: `https://example-ops.circonus.com/fault-detection/alerts/${n}`,
    _broker: "/broker/35",
    _canonical_metric_name: "duration",
    _check: "/check/62514",
    _check_module: "http",
    _check_name: `checkout.${env}.example.com health`,
    _check_target: `checkout.${env}.example.com`,
    _cleared_on: clearedOn === null ? null : epoch(clearedOn),
    _cleared_value: clearedOn === null ? null : "180",
    _maintenance: [],
    _metric_link: null,
    _metric_name: "duration",
    _metric_notes: null,
    _occurred_on: epoch(occurredOn),
    _rule: { criteria: "max value", value: "2000" },
    _rule_set: "/rule_set/98231",
    _severity: 2,
    _signature: "62514_duration",
    _tags: [`service:checkout`, `env:${env}`, "team:payments"],
    _value: "3412",
    comment: "",
  };
}

const ALERTS = [
  alert(ALERT.atDeploy, "2026-03-02T01:10:00.000Z", "2026-03-02T01:25:00.000Z", "prod"),
  alert(ALERT.atWindow, "2026-03-02T02:10:00.000Z", "2026-03-02T02:40:00.000Z", "prod"),
  alert(ALERT.pastWindow, "2026-03-02T02:10:01.000Z", null, "prod"),
  alert(ALERT.staging, "2026-03-02T01:12:00.000Z", "2026-03-02T01:20:00.000Z", "staging"),
  alert(ALERT.clearedAfterUntil, "2026-03-02T09:00:00.000Z", "2026-03-02T12:30:00.000Z", "prod"),
];

/** A deploy marker as `demo annotate` writes it (annotations have no tags: the words carry them). */
const ANNOTATIONS = [
  {
    _cid: "/annotation/7101",
    _created: epoch("2026-03-02T01:10:05.000Z"),
    _last_modified: epoch("2026-03-02T01:10:05.000Z"),
    _last_modified_by: "/user/42",
    title: "deploy-checkout #101",
    description: `Deployed #101 by jdoe\nservice:checkout env:prod\ntoolweave-deploy:circleci:${WORKFLOW.w101}`,
    category: "deploy",
    start: epoch("2026-03-02T01:10:00.000Z"),
    stop: epoch("2026-03-02T01:10:00.000Z"),
    rel_metrics: [],
  },
];

type Item = Record<string, unknown>;

/** `search=` tuples, `(name:value)`, quotes and the `*…*` of a contains match kept in the value. */
function terms(search: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of (search ?? "").matchAll(/\(([a-z_]+):([^)]*)\)/g)) out.set(m[1]!, m[2]!.replace(/^"|"$/g, ""));
  return out;
}

/** `f_<field>_<op>` filters on numeric fields (`f__cleared_on_ge`: the field keeps its own `_`). */
function passesFilters(item: Item, params: URLSearchParams): boolean {
  for (const [name, raw] of params) {
    const m = /^f_(.+?)(?:_(gt|ge|lt|le))?$/.exec(name);
    if (!m) continue;
    const have = item[m[1]!];
    if (typeof have !== "number") return false;
    const want = Number(raw);
    const op = m[2];
    if (op === "gt" ? !(have > want) : op === "ge" ? !(have >= want) : op === "lt" ? !(have < want) : op === "le" ? !(have <= want) : have !== want) return false;
  }
  return true;
}

/** One page by `size`/`from` after `order`/`dir`, with `X-Circonus-More-Items` while more remain. */
function circonusPage(items: Item[], params: URLSearchParams): Response {
  const order = params.get("order");
  const dir = params.get("dir") === "desc" ? -1 : 1;
  const key = (v: unknown) => (typeof v === "string" && /\/\d+$/.test(v) ? Number(v.slice(v.lastIndexOf("/") + 1)) : (v as number));
  const sorted = order ? [...items].sort((a, b) => (key(a[order]) < key(b[order]) ? -1 : key(a[order]) > key(b[order]) ? 1 : 0) * dir) : items;
  const size = Number(params.get("size") ?? 20);
  const from = Number(params.get("from") ?? 0);
  const more = from + size < sorted.length;
  return HttpResponse.json(sorted.slice(from, from + size), more ? { headers: { "X-Circonus-More-Items": "true" } } : {});
}

/** A 500 as CircleCI sends one. */
export const circleciServerError = () => HttpResponse.json({ message: "Internal Server Error" }, { status: 500 });
/** A 500 as Circonus sends one. */
export const circonusServerError = () =>
  HttpResponse.json({ code: "InternalError", message: "internal server error", server: "api1.example.circonus.net" }, { status: 500 });

export interface KnownAnswerWorldOptions {
  /** Answers this response instead of the world's, for the requests a test picks (a fault). */
  fault?(url: URL): Response | undefined;
}

/** msw handlers serving the world; a request outside it is unhandled (and fails the test). */
export function knownAnswerWorld(options: KnownAnswerWorldOptions = {}): RequestHandler[] {
  const fault = (request: Request) => options.fault?.(new URL(request.url));
  return [
    http.get(`${CIRCLECI_BASE}/project/${SLUG}/pipeline`, ({ request }) => {
      const faulty = fault(request);
      if (faulty) return faulty;
      const url = new URL(request.url);
      const token = url.searchParams.get("page-token");
      const branch = url.searchParams.get("branch");
      const index = token === null ? 0 : token === "page-2" ? 1 : -1;
      if (index < 0) return HttpResponse.json({ message: "Not found" }, { status: 404 });
      const items = PIPELINE_PAGES[index]!.filter((p) => branch === null || p.vcs.branch === branch);
      return HttpResponse.json({ items, next_page_token: index === 0 ? "page-2" : null });
    }),
    http.get(`${CIRCLECI_BASE}/pipeline/:id/workflow`, ({ request, params }) => {
      const faulty = fault(request);
      if (faulty) return faulty;
      const items = WORKFLOWS[String(params.id)];
      return items ? HttpResponse.json({ items, next_page_token: null }) : HttpResponse.json({ message: "Pipeline not found" }, { status: 404 });
    }),
    http.get(`${CIRCONUS_BASE}/account/current`, ({ request }) => fault(request) ?? HttpResponse.json(circonusFixtures.accountCurrent)),
    http.get(`${CIRCONUS_BASE}/alert`, ({ request }) => {
      const faulty = fault(request);
      if (faulty) return faulty;
      const url = new URL(request.url);
      const t = terms(url.searchParams.get("search"));
      const nowSeconds = epoch("2026-03-02T13:00:00.000Z");
      const start = Number(t.get("occurred_on_start") ?? nowSeconds - 30 * 86_400);
      const end = Number(t.get("occurred_on_end") ?? nowSeconds);
      if (end - start > 30 * 86_400) return HttpResponse.json(circonusFixtures.errors.invalidSearch, { status: 400 });
      const active = (t.get("active") ?? "1") !== "0";
      const wanted = (t.get("tags") ?? "").split(",").filter(Boolean).map((tag) => tag.toLowerCase());
      const matched = ALERTS.filter(
        (a) =>
          a._occurred_on >= start &&
          a._occurred_on <= end &&
          active === (a._cleared_on === null) &&
          wanted.every((tag) => a._tags.includes(tag)) &&
          passesFilters(a, url.searchParams),
      );
      return circonusPage(matched, url.searchParams);
    }),
    http.get(`${CIRCONUS_BASE}/annotation`, ({ request }) => {
      const faulty = fault(request);
      if (faulty) return faulty;
      const url = new URL(request.url);
      const needle = (terms(url.searchParams.get("search")).get("description") ?? "").replace(/^\*|\*$/g, "").toLowerCase();
      const matched = ANNOTATIONS.filter((a) => a.description.toLowerCase().includes(needle) && passesFilters(a, url.searchParams));
      return circonusPage(matched, url.searchParams);
    }),
  ];
}
