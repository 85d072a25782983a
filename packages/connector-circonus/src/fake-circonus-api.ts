/**
 * A small stand-in for the Circonus API's `/alert` and `/annotation` lists (tests only, not
 * part of the published entry points), faithful to what the API documents
 * (https://docs.circonus.com/circonus/api/ and its search appendix):
 *
 * - `/alert` answers uncleared alerts unless the search says `(active:0)`, and only alerts
 *   whose `_occurred_on` lies in `[occurred_on_start, occurred_on_end]`, which default to the
 *   30 days up to now; a window longer than 30 days is refused with HTTP 400;
 * - `(tags:a,b)` needs every tag (compared in lower case), `(description:*x*)` a substring;
 * - `f_<field>[_op]` filters (`eq`, `gt`, `ge`, `lt`, `le`; the field keeps its own leading
 *   `_`, so `f__cleared_on_ge`), `order` / `dir`, and `size` / `from` paging with
 *   `X-Circonus-More-Items: true` while more remain.
 *
 * Hand-built scenarios on it have a known right answer, so tests can hold `events` to it.
 */
import { http, HttpResponse, type RequestHandler } from "msw";

type Item = Record<string, unknown>;

export interface FakeCirconusData {
  alerts: Item[];
  annotations: Item[];
  /** The server's clock, for the default alert window. */
  now: Date;
}

export interface FakeCirconusOptions {
  /** `false`: ignore `f_` filters, as an older server might (default `true`). */
  filters?: boolean;
  /** Answer a request with this response instead (e.g. a 503 for one window). */
  fault?(url: URL): Response | undefined;
}

const DAY = 86_400;

function tuples(search: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of search.matchAll(/\(([a-z_]+):([^)]*)\)/g)) out.set(match[1]!, match[2]!);
  return out;
}

function numeric(value: unknown): number | string {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\/[a-z_]+\/\d+$/.test(value)) return Number(value.slice(value.lastIndexOf("/") + 1));
  return String(value);
}

function passesFilters(item: Item, params: URLSearchParams): boolean {
  for (const [name, raw] of params) {
    if (!name.startsWith("f_")) continue;
    const match = /^f_(.+?)(?:_(gt|ge|lt|le|eq))?$/.exec(name)!;
    const field = match[1]!;
    const op = match[2] ?? "eq";
    const have = item[field];
    if (raw === "null") {
      if (op === "eq" ? have !== null && have !== undefined : true) return false;
      continue;
    }
    if (typeof have !== "number") return false;
    const want = Number(raw);
    const ok = op === "gt" ? have > want : op === "ge" ? have >= want : op === "lt" ? have < want : op === "le" ? have <= want : have === want;
    if (!ok) return false;
  }
  return true;
}

function page(items: Item[], params: URLSearchParams): Response {
  const order = params.get("order");
  const dir = params.get("dir") === "desc" ? -1 : 1;
  const sorted = order
    ? [...items].sort((a, b) => {
        const x = numeric(a[order]);
        const y = numeric(b[order]);
        return (x < y ? -1 : x > y ? 1 : 0) * dir;
      })
    : items;
  const size = Number(params.get("size") ?? 20);
  const from = Number(params.get("from") ?? 0);
  const slice = sorted.slice(from, from + size);
  const more = from + size < sorted.length;
  return HttpResponse.json(slice, more ? { headers: { "X-Circonus-More-Items": "true" } } : {});
}

/** msw handlers for `GET <base>/alert` and `GET <base>/annotation` over `data`; `requests` lists every URL asked. */
export function fakeCirconusApi(base: string, data: FakeCirconusData, options: FakeCirconusOptions = {}): { handlers: RequestHandler[]; requests: URL[] } {
  const requests: URL[] = [];
  const filters = options.filters ?? true;
  const nowSeconds = Math.floor(data.now.getTime() / 1000);
  const alerts = http.get(`${base}/alert`, ({ request }) => {
    const url = new URL(request.url);
    requests.push(url);
    const fault = options.fault?.(url);
    if (fault) return fault;
    const terms = tuples(url.searchParams.get("search") ?? "");
    const start = Number(terms.get("occurred_on_start") ?? nowSeconds - 30 * DAY);
    const end = Number(terms.get("occurred_on_end") ?? nowSeconds);
    if (end - start > 30 * DAY) {
      return HttpResponse.json({ code: "InputError.InvalidSearch", message: "Searches may span at most 30 days.", server: "api-fake" }, { status: 400 });
    }
    const active = (terms.get("active") ?? "1") !== "0";
    const tags = (terms.get("tags") ?? "").split(",").filter(Boolean).map((t) => t.toLowerCase());
    const matched = data.alerts.filter((a) => {
      const occurred = a._occurred_on as number;
      if (occurred < start || occurred > end) return false;
      if (active !== (a._cleared_on === null || a._cleared_on === undefined)) return false;
      const have = new Set(((a._tags as string[] | undefined) ?? []).map((t) => t.toLowerCase()));
      if (!tags.every((t) => have.has(t))) return false;
      return !filters || passesFilters(a, url.searchParams);
    });
    return page(matched, url.searchParams);
  });
  const annotations = http.get(`${base}/annotation`, ({ request }) => {
    const url = new URL(request.url);
    requests.push(url);
    const fault = options.fault?.(url);
    if (fault) return fault;
    const description = tuples(url.searchParams.get("search") ?? "").get("description");
    const needle = description?.replace(/^\*|\*$/g, "").toLowerCase();
    const matched = data.annotations.filter(
      (a) => (!needle || String(a.description ?? "").toLowerCase().includes(needle)) && (!filters || passesFilters(a, url.searchParams)),
    );
    return page(matched, url.searchParams);
  });
  return { handlers: [alerts, annotations], requests };
}

/** A realistic alert (fields as `GET /alert` returns them) with the given cid, times and tags. */
export function fakeAlert(cid: number | string, occurredOn: number, clearedOn: number | null, tags: string[], extra: Item = {}): Item {
  const id = typeof cid === "number" ? `/alert/${cid}` : cid;
  return {
    _cid: id,
    _acknowledgement: null,
    _alert_url: typeof cid === "number" ? `https://example-ops.circonus.com/fault-detection/alerts/${cid}` : null,
    _broker: "/broker/35",
    _canonical_metric_name: "duration",
    _check: "/check/62514",
    _check_module: "http",
    _check_name: "checkout.example.com health",
    _check_target: "checkout.example.com",
    _cleared_on: clearedOn,
    _cleared_value: clearedOn === null ? null : "180",
    _maintenance: [],
    _metric_link: null,
    _metric_name: "duration",
    _metric_notes: null,
    _occurred_on: occurredOn,
    _rule: { criteria: "max value", value: "2000" },
    _rule_set: "/rule_set/98231",
    _severity: 2,
    _signature: "62514_duration",
    _tags: tags,
    _value: "3412",
    comment: "",
    ...extra,
  };
}

/** A realistic annotation (fields as `GET /annotation` returns them). */
export function fakeAnnotation(id: number, start: number, description: string, extra: Item = {}): Item {
  return {
    _cid: `/annotation/${id}`,
    _created: start,
    _last_modified: start,
    _last_modified_by: "/user/42",
    title: `deploy #${id}`,
    description,
    category: "deploy",
    start,
    stop: start,
    rel_metrics: [],
    ...extra,
  };
}
