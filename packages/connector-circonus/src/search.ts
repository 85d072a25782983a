import { InvalidInputError, describeReceived } from "@toolweave/core";
import { builtText, isBuiltText, type BuiltText } from "./built-text.js";
import { quoteInput } from "./quote-input.js";

/**
 * Builders for Circonus object search (`search=`) and `f_<field>` filters
 * (https://docs.circonus.com/circonus/appendix/search/). Every value is validated so user text
 * can never add parentheses, quotes or another clause: invalid input throws `InvalidInputError`
 * naming the field.
 */

/** How a term matches. Primary-field terms are fuzzy (trigram ≥ 0.3) unless exact/prefix/contains (https://docs.circonus.com/circonus/appendix/search/). */
export type SearchMatch = "exact" | "prefix" | "contains" | "fuzzy";

/** A field term's value with how it matches, e.g. `{ value: "web", match: "prefix" }`. */
export interface SearchTermValue {
  /** The value; validated so it cannot add a clause. */
  value: string;
  /** Default `exact` for field terms (the UI quotes them, https://docs.circonus.com/circonus/appendix/search/). */
  match?: Exclude<SearchMatch, "fuzzy">;
}

/**
 * What to search for, given to `buildSearch` or as a list operation's `search` option. All
 * parts must match. Invalid values throw `InvalidInputError` naming the field.
 */
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

const SEARCH = "circonus-search";

/**
 * A search made by `buildSearch`, so operations know it was validated: operations refuse a
 * raw string at run time, not only through this type. `String(search)` and `search.text` give
 * the text sent as `search=`.
 */
export type CirconusSearch = BuiltText<"circonus-search">;

/** True for a search made by `buildSearch` (from any copy of this package). */
export function isCirconusSearch(value: unknown): value is CirconusSearch {
  return isBuiltText(value, SEARCH);
}

const SPEC_KEYS = new Set(["text", "tags", "terms"]);
const SEARCH_FIX =
  'Pass search as a spec such as { tags: { service: "checkout" } } or as buildSearch({ tags: { service: "checkout" } }); a raw string is sent unchecked, and Circonus matches bare text fuzzily against the primary field.';

/**
 * The text to send for a caller's `search` option: a built search as is, a spec object through
 * `buildSearch` (which refuses unknown keys). Anything else, a raw string included, is an
 * `InvalidInputError` naming the operation.
 */
export function searchText(search: unknown, operation = "search"): string | undefined {
  if (search === undefined) return undefined;
  if (isCirconusSearch(search)) return search.text;
  if (typeof search === "object" && search !== null && !Array.isArray(search)) return buildSearch(search as SearchSpec).text;
  throw new InvalidInputError(`Circonus ${operation}: search must be a spec object or a search built by buildSearch (got ${describeReceived(search)}).`, {
    provider: "circonus",
    fix: SEARCH_FIX,
  });
}

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
    throw invalid(field, `${quoteInput(text)} contains a parenthesis, quote, backslash or control character`, `Remove ( ) " \\ from ${field}; the builder adds quoting itself.`);
  }
  if (text.includes("*")) {
    throw invalid(field, `${quoteInput(text)} contains "*"`, `Use match: "prefix" or "contains" instead of writing * in ${field}.`);
  }
  if (!allowComma && text.includes(",")) {
    throw invalid(field, `${quoteInput(text)} contains a comma`, `Pass each value of ${field} separately.`);
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
  if (typeof tag !== "string") {
    throw invalid(field, `each tag must be a "category:value" string (got ${describeReceived(tag)})`, 'Write tags as "category:value", e.g. "service:webshop".');
  }
  const text = tag.trim().toLowerCase();
  if (!TAG.test(text)) {
    throw invalid(
      field,
      `${quoteInput(tag, 60)} is not a category:value tag`,
      'Write tags as "category:value" without spaces, commas, parentheses, quotes or "*" (e.g. "service:webshop").',
    );
  }
  return text;
}

function checkMatch(field: string, match: unknown, allowed: readonly string[]): void {
  if (match !== undefined && !allowed.includes(match as string)) {
    throw invalid(field, `match ${describeReceived(match)} is not one of ${allowed.join(", ")}`, `Pass match as one of ${allowed.map((m) => `"${m}"`).join(", ")}.`);
  }
}

function tagList(tags: SearchSpec["tags"]): string[] {
  if (tags === undefined) return [];
  if (typeof tags !== "object" || tags === null) {
    throw invalid("tags", `expected an array of "category:value" strings or a { category: value } object (got ${describeReceived(tags)})`, 'Pass tags as ["service:checkout"] or { service: "checkout" }.');
  }
  const raw = Array.isArray(tags)
    ? (tags as readonly string[])
    : Object.entries(tags as Record<string, string>).map(([category, value]) => `${category}:${value}`);
  return raw.map((t) => {
    if (typeof t !== "string") {
      throw invalid("tags", `each tag must be a "category:value" string (got ${describeReceived(t)})`, 'Pass tags as ["service:checkout"] or { service: "checkout" }.');
    }
    return normalizeTag(t);
  });
}

/**
 * Builds a Circonus search string: `buildSearch({ tags: { service: "webshop", env: "prod" }, terms: { active: true } })`
 * → `(tags:service:webshop,env:prod)(active:1)`. Terms are ANDed (SPEC `searchParam`).
 */
export function buildSearch(spec: SearchSpec | CirconusSearch): CirconusSearch {
  if (isCirconusSearch(spec)) return spec;
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    throw invalid("spec", `expected an object such as { tags: { service: "checkout" } } (got ${describeReceived(spec)})`, SEARCH_FIX);
  }
  const unknown = Object.keys(spec).filter((key) => !SPEC_KEYS.has(key));
  if (unknown.length) {
    throw invalid("spec", `unknown key(s) ${unknown.map((k) => quoteInput(k)).join(", ")}`, `Use text, tags and terms only. ${SEARCH_FIX}`);
  }
  let out = "";
  if (spec.text !== undefined) {
    const t = typeof spec.text === "string" ? { value: spec.text } : spec.text;
    if (typeof t !== "object" || t === null || typeof t.value !== "string") {
      throw invalid("text", `expected a string or { value, match } (got ${describeReceived(spec.text)})`, 'Pass text as "checkout" or { value: "checkout", match: "exact" }.');
    }
    checkMatch("text", t.match, ["exact", "prefix", "contains", "fuzzy"]);
    out += render("text", t.value, t.match ?? "fuzzy");
  }
  const tags = tagList(spec.tags);
  if (tags.length) out += `(tags:${tags.join(",")})`;
  if (spec.terms !== undefined && (typeof spec.terms !== "object" || spec.terms === null || Array.isArray(spec.terms))) {
    throw invalid("terms", `expected a { field: value } object (got ${describeReceived(spec.terms)})`, 'Pass terms as { active: true, type: "httptrap" }.');
  }
  for (const [field, raw] of Object.entries(spec.terms ?? {})) {
    if (!FIELD.test(field)) {
      throw invalid(`field ${quoteInput(field)}`, "a field name must be lower-case letters, digits and _", 'Use a documented search field such as "name", "host", "type", "active".');
    }
    if (field === "tags") throw invalid("field \"tags\"", "tags go in the tags option", "Pass tags through the tags option.");
    let rendered: string;
    if (typeof raw === "boolean") rendered = raw ? "1" : "0";
    else if (typeof raw === "number") {
      if (!Number.isFinite(raw)) throw invalid(field, "the number is not finite", `Pass a finite number for ${field}.`);
      rendered = String(raw);
    } else if (typeof raw === "string") rendered = render(field, raw, "exact");
    else if (typeof raw === "object" && raw !== null && typeof raw.value === "string") {
      checkMatch(field, raw.match, ["exact", "prefix", "contains"]);
      rendered = render(field, raw.value, raw.match ?? "exact");
    } else {
      throw invalid(field, `expected a string, number, boolean or { value, match } (got ${describeReceived(raw)})`, `Pass a plain value for ${field}, e.g. { ${field}: "web" }.`);
    }
    out += `(${field}:${rendered})`;
  }
  if (!out) throw invalid("spec", "nothing to search for", "Pass text, tags or terms.");
  return builtText(SEARCH, out);
}

/** Filter operators: suffixes on `f_<field>` (https://docs.circonus.com/circonus/appendix/search/; CLI, GOAPI usage). */
export type FilterOp = "eq" | "has" | "wildcard" | "gt" | "ge" | "lt" | "le";

/** One `f_<field>[_<op>]` filter (https://docs.circonus.com/circonus/api/), given to `buildFilters` or a list's `filter` option. */
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
  const shape = 'Pass filter as an array of { field, op?, value } clauses, e.g. [{ field: "tags", op: "has", value: "env:prod" }].';
  if (!Array.isArray(clauses)) {
    throw new InvalidInputError(`Invalid filter: expected an array of clauses (got ${describeReceived(clauses)}).`, { provider: "circonus", fix: shape });
  }
  for (const clause of clauses as readonly unknown[] as readonly FilterClause[]) {
    if (typeof clause !== "object" || clause === null || typeof clause.field !== "string") {
      throw new InvalidInputError(`Invalid filter clause: expected { field: string, op?, value } (got ${describeReceived(clause)}).`, { provider: "circonus", fix: shape });
    }
    const op = clause.op ?? "eq";
    if (!FILTER_FIELD.test(clause.field)) {
      throw new InvalidInputError(`Invalid filter field ${quoteInput(clause.field)}.`, {
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
    else if (typeof v !== "string") throw filterValue(clause.field, `is ${describeReceived(v)}, not a string, number, boolean, Date or null`);
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
