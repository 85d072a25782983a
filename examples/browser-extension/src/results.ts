/** ToolJump's result statuses; `none` and an absent status look the same. */
export const STATUSES = ["important", "relevant", "success", "none"] as const;
export type Status = (typeof STATUSES)[number];

interface Common {
  content: string;
  status?: Status;
  tooltip?: string;
  icon?: string;
}
export interface DropdownItem extends Common {
  href: string;
}
export type Result = (Common & { type: "text" }) | (Common & { type: "link"; href: string }) | (Common & { type: "dropdown"; items: DropdownItem[] });

/** More would not fit in one bar; the rest is counted in a visible line, not dropped silently. */
export const MAX_RESULTS = 40;

type Check<T> = { ok: true; value: T } | { ok: false; problem: string };
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function common(value: Record<string, unknown>, at: string): Check<Common> {
  if (typeof value.content !== "string") return { ok: false, problem: `${at}.content is not text` };
  const out: Common = { content: value.content };
  if (value.status !== undefined) {
    if (!STATUSES.includes(value.status as Status)) return { ok: false, problem: `${at}.status is not one of ${STATUSES.join(", ")}` };
    out.status = value.status as Status;
  }
  if (value.tooltip !== undefined) {
    if (typeof value.tooltip !== "string" || value.tooltip.length < 1 || value.tooltip.length > 500) return { ok: false, problem: `${at}.tooltip is not text of 1 to 500 characters` };
    out.tooltip = value.tooltip;
  }
  if (value.icon !== undefined) {
    if (typeof value.icon !== "string") return { ok: false, problem: `${at}.icon is not text` };
    out.icon = value.icon;
  }
  return { ok: true, value: out };
}

function item(value: unknown, at: string): Check<DropdownItem> {
  if (!isObject(value)) return { ok: false, problem: `${at} is not an object` };
  const base = common(value, at);
  if (!base.ok) return base;
  if (typeof value.href !== "string") return { ok: false, problem: `${at}.href is not text` };
  return { ok: true, value: { ...base.value, href: value.href } };
}

function result(value: unknown, at: string): Check<Result> {
  if (!isObject(value)) return { ok: false, problem: `${at} is not an object` };
  const base = common(value, at);
  if (!base.ok) return base;
  switch (value.type) {
    case "text":
      return { ok: true, value: { ...base.value, type: "text" } };
    case "link":
      if (typeof value.href !== "string") return { ok: false, problem: `${at}.href is not text` };
      return { ok: true, value: { ...base.value, type: "link", href: value.href } };
    case "dropdown": {
      if (!Array.isArray(value.items)) return { ok: false, problem: `${at}.items is not a list` };
      const items: DropdownItem[] = [];
      for (const [i, raw] of value.items.entries()) {
        const checked = item(raw, `${at}.items[${i}]`);
        if (!checked.ok) return checked;
        items.push(checked.value);
      }
      return { ok: true, value: { ...base.value, type: "dropdown", items } };
    }
    default:
      return { ok: false, problem: `${at}.type is not text, link or dropdown` };
  }
}

/**
 * Checks a `POST /context` answer: `{ data: Result[], … }` or (older servers) a bare `Result[]`.
 * One malformed result rejects the answer: a bar that silently left out a part could look like
 * all clear.
 */
export function readAnswer(body: unknown): Check<Result[]> {
  const list = Array.isArray(body) ? body : isObject(body) ? body.data : undefined;
  if (!Array.isArray(list)) return { ok: false, problem: "the answer is neither a list of results nor { data: [...] }" };
  const results: Result[] = [];
  for (const [i, raw] of list.entries()) {
    const checked = result(raw, `data[${i}]`);
    if (!checked.ok) return checked;
    results.push(checked.value);
  }
  return { ok: true, value: results };
}

/** Only http(s) URLs become links; anything else (a `javascript:` URL) is shown as text. */
export function safeHref(href: string): string | undefined {
  try {
    const url = new URL(href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the manifest's own content script already runs on an origin. */
function coveredByManifest(url: URL): boolean {
  return url.protocol === "https:" && url.port === "" && (url.hostname === "github.com" || url.hostname === "app.circleci.com" || url.hostname.endsWith(".circonus.com"));
}

/**
 * The origins `GET /config` lists in `customDomains` (a toolweave server sends origins such as
 * `https://circleci.example.com`; a bare hostname is read as https), less those the manifest
 * already covers. Anything else (a path, credentials, another scheme) is skipped.
 */
export function readCustomDomains(body: unknown): string[] {
  if (!isObject(body) || !Array.isArray(body.customDomains)) return [];
  const origins = new Set<string>();
  for (const entry of body.customDomains) {
    if (typeof entry !== "string") continue;
    let url: URL;
    try {
      url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ? entry : `https://${entry}`);
    } catch {
      continue;
    }
    const bare = url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
    if (bare && (url.protocol === "https:" || url.protocol === "http:") && !coveredByManifest(url)) origins.add(url.origin);
  }
  return [...origins];
}
