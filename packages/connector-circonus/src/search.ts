import { InvalidInputError } from "@toolweave/core";

/**
 * Builders for Circonus object search (`search=`) and `f_<field>` filters (https://docs.circonus.com/circonus/appendix/search/;
 * SEARCHDOC). Every value is validated so user text can never add parentheses, quotes or
 * another clause: invalid input throws `InvalidInputError` naming the field.
 */

/** How a term matches. Primary-field terms are fuzzy (trigram ≥ 0.3) unless exact/prefix/contains (SEARCHDOC). */
export type SearchMatch = "exact" | "prefix" | "contains" | "fuzzy";

export interface SearchTermValue {
  value: string;
  /** Default `exact` for field terms (the UI quotes them, https://docs.circonus.com/circonus/appendix/search/). */
  match?: Exclude<SearchMatch, "fuzzy">;
}

export interface SearchSpec {
  /** Text matched against the object's primary field (check name, alert host, graph title …). */
  text?: string | { value: string; match?: SearchMatch };
  /**
   * Tags that must all be present: `["service:webshop", "env:prod"]` or `{ service: "webshop", env: "prod" }`,
   * rendered as one `(tags:service:webshop,env:prod)` tuple. Lower-cased (stored tags are lower case).
   */
  tags?: readonly string[] | Readonly<Record<string, string>>;
  /** Field terms: `{ active: true, type: "httptrap", host: { value: "web", match: "prefix" } }`. */
  terms?: Readonly<Record<string, string | number | boolean | SearchTermValue>>;
}

/** A search string made by `buildSearch` (so operations know it was validated). */
export type CirconusSearch = string & { readonly __circonusSearch: true };

/** Field names: `name`, `check_name`, `occurred_on_start`. */
const FIELD = /^[a-z][a-z0-9_]*$/;
/** Parentheses, quotes, backslashes and control characters could end a term or start another. */
const FORBIDDEN = /[()"\\\u0000-\u001f\u007f]/;
/** Tag: `category:value`, lower case, no whitespace or separators. */
const TAG = /^[a-z0-9][a-z0-9_.-]*:[^\s,()"\\*]+$/;

function invalid(field: string, problem: string, fix: string): InvalidInputError {
  return new InvalidInputError(`Invalid search ${field}: ${problem}.`, { provider: "circonus", fix });
}

function checkText(field: string, value: string, { allowComma = true } = {}): string {
  const text = value.trim();
  if (!text) throw invalid(field, "the value is empty", `Pass a non-empty value for ${field}.`);
  if (text.length > 200) throw invalid(field, "the value is longer than 200 characters", `Shorten the value for ${field}.`);
  if (FORBIDDEN.test(text)) {
    throw invalid(field, `${JSON.stringify(text.slice(0, 40))} contains a parenthesis, quote, backslash or control character`, `Remove ( ) " \\ from ${field}; the builder adds quoting itself.`);
  }
  if (text.includes("*")) {
    throw invalid(field, `${JSON.stringify(text.slice(0, 40))} contains "*"`, `Use match: "prefix" or "contains" instead of writing * in ${field}.`);
  }
  if (!allowComma && text.includes(",")) {
    throw invalid(field, `${JSON.stringify(text.slice(0, 40))} contains a comma`, `Pass each value of ${field} separately.`);
  }
  return text;
}

function render(field: string, value: string, match: SearchMatch): string {
  const text = checkText(field, value);
  switch (match) {
    case "exact":
      return `"${text}"`;
    case "prefix":
      return `${text}*`;
    case "contains":
      return `*${text}*`;
    case "fuzzy":
      // Commas separate values inside a tuple; quote-free fuzzy text must not contain one.
      return checkText(field, text, { allowComma: false });
  }
}

/** Validates and lower-cases one tag (`service:WebShop` → `service:webshop`). */
export function normalizeTag(tag: string, field = "tags"): string {
  const text = tag.trim().toLowerCase();
  if (!TAG.test(text)) {
    throw invalid(
      field,
      `${JSON.stringify(tag.slice(0, 60))} is not a category:value tag`,
      'Write tags as "category:value" without spaces, commas, parentheses, quotes or "*" (e.g. "service:webshop").',
    );
  }
  return text;
}

function tagList(tags: SearchSpec["tags"]): string[] {
  if (!tags) return [];
  const raw = Array.isArray(tags)
    ? (tags as readonly string[])
    : Object.entries(tags as Record<string, string>).map(([category, value]) => `${category}:${value}`);
  return raw.map((t) => normalizeTag(t));
}

/**
 * Builds a Circonus search string: `buildSearch({ tags: { service: "webshop", env: "prod" }, terms: { active: true } })`
 * → `(tags:service:webshop,env:prod)(active:1)`. Terms are ANDed (SPEC `searchParam`).
 */
export function buildSearch(spec: SearchSpec): CirconusSearch {
  let out = "";
  if (spec.text !== undefined) {
    const t = typeof spec.text === "string" ? { value: spec.text } : spec.text;
    out += render("text", t.value, t.match ?? "fuzzy");
  }
  const tags = tagList(spec.tags);
  if (tags.length) out += `(tags:${tags.join(",")})`;
  for (const [field, raw] of Object.entries(spec.terms ?? {})) {
    if (!FIELD.test(field)) {
      throw invalid(`field ${JSON.stringify(field.slice(0, 40))}`, "a field name must be lower-case letters, digits and _", 'Use a documented search field such as "name", "host", "type", "active".');
    }
    if (field === "tags") throw invalid("field \"tags\"", "tags go in the tags option", "Pass tags through the tags option.");
    let rendered: string;
    if (typeof raw === "boolean") rendered = raw ? "1" : "0";
    else if (typeof raw === "number") {
      if (!Number.isFinite(raw)) throw invalid(field, "the number is not finite", `Pass a finite number for ${field}.`);
      rendered = String(raw);
    } else if (typeof raw === "string") rendered = render(field, raw, "exact");
    else rendered = render(field, raw.value, raw.match ?? "exact");
    out += `(${field}:${rendered})`;
  }
  if (!out) throw invalid("spec", "nothing to search for", "Pass text, tags or terms.");
  return out as CirconusSearch;
}

/** Filter operators: suffixes on `f_<field>` (https://docs.circonus.com/circonus/appendix/search/; CLI, GOAPI usage). */
export type FilterOp = "eq" | "has" | "wildcard" | "gt" | "ge" | "lt" | "le";

export interface FilterClause {
  /** JSON field name, with its own leading `_` for read-only fields (`_cleared_on` → `f__cleared_on`). */
  field: string;
  /** Default `eq`. */
  op?: FilterOp;
  /** `null` matches null; a `Date` becomes epoch seconds. */
  value: string | number | boolean | null | Date;
}

const FILTER_FIELD = /^_?[a-z][a-z0-9_]*$/;
const NUMERIC_OPS = new Set<FilterOp>(["gt", "ge", "lt", "le"]);

/**
 * Builds `f_<field>[_<op>]` query parameters: `[{ field: "_cleared_on", value: null }]` →
 * `{ f__cleared_on: ["null"] }`. Repeating a field passes several values (semantics undocumented).
 */
export function buildFilters(clauses: readonly FilterClause[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const clause of clauses) {
    const op = clause.op ?? "eq";
    if (!FILTER_FIELD.test(clause.field)) {
      throw new InvalidInputError(`Invalid filter field ${JSON.stringify(clause.field.slice(0, 40))}.`, {
        provider: "circonus",
        fix: 'Use a JSON field name of lower-case letters, digits and _, e.g. "tags", "_cleared_on", "display_name".',
      });
    }
    if (!["eq", "has", "wildcard", "gt", "ge", "lt", "le"].includes(op)) {
      throw new InvalidInputError(`Invalid filter operator ${JSON.stringify(op)} for ${clause.field}.`, {
        provider: "circonus",
        fix: "Use one of eq, has, wildcard, gt, ge, lt, le.",
      });
    }
    let value: string;
    const v = clause.value;
    if (v === null) value = "null";
    else if (v instanceof Date) {
      if (Number.isNaN(v.getTime())) throw filterValue(clause.field, "is an invalid Date");
      value = String(Math.floor(v.getTime() / 1000));
    } else if (typeof v === "number") {
      if (!Number.isFinite(v)) throw filterValue(clause.field, "is not a finite number");
      value = String(v);
    } else if (typeof v === "boolean") value = v ? "true" : "false";
    else {
      value = v.trim();
      if (!value || /[\u0000-\u001f\u007f]/.test(value)) throw filterValue(clause.field, "is empty or has control characters");
      if (op !== "wildcard" && value.includes("*")) throw filterValue(clause.field, 'contains "*" (only op "wildcard" takes globs)');
      if (NUMERIC_OPS.has(op) && !/^-?\d+(\.\d+)?$/.test(value)) throw filterValue(clause.field, `must be a number for op "${op}"`);
      if (clause.field.endsWith("tags") && (op === "has" || op === "eq")) value = normalizeTag(value, `filter ${clause.field}`);
    }
    const key = `f_${clause.field}${op === "eq" ? "" : `_${op}`}`;
    (out[key] ??= []).push(value);
  }
  return out;
}

function filterValue(field: string, problem: string): InvalidInputError {
  return new InvalidInputError(`Invalid filter value for ${field}: it ${problem}.`, {
    provider: "circonus",
    fix: `Pass a plain value for ${field} (numbers or Dates for gt/ge/lt/le, null for "is null").`,
  });
}
