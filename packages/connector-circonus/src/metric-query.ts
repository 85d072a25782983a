import { InvalidInputError, describeReceived } from "@toolweave/core";
import { builtText, isBuiltText, type BuiltText } from "./built-text.js";
import { quoteInput } from "./quote-input.js";

/**
 * IRONdb tag queries for `GET /metric` (Circonus search docs, "searching metric stream tags":
 * https://docs.circonus.com/circonus/appendix/search/): `and(__check_bundle_id:1234,service:checkout)`.
 * This is not object search; the builder validates every category and value so user text
 * cannot add or close a clause.
 */
const METRIC_QUERY = "circonus-metric-query";

/**
 * A metric query made by these builders. `searchMetrics` refuses a raw string at run time,
 * not only through this type; `String(query)` and `query.text` give the text sent.
 */
export type MetricQuery = BuiltText<"circonus-metric-query">;

/** True for a query made by `metricTag`, `and`, `or`, `not` or `buildMetricQuery` (from any copy of this package). */
export function isMetricQuery(value: unknown): value is MetricQuery {
  return isBuiltText(value, METRIC_QUERY);
}

/** A category: letters, digits, `_`, `.`, `-`; built-ins start with `__` (`__name`, `__check_uuid`). */
const CATEGORY = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** A value: no whitespace, separators, parentheses, quotes, slashes (regex) or backslashes. */
const VALUE = /^[^\s,()"'\\/\[\]`]+$/;

const QUERY_FIX = 'Build the query with buildMetricQuery({ service: "checkout" }), and(...), or(...), not(...) or metricTag(category, value), or pass a { category: value } record.';

/** Options for {@link metricTag}. */
export interface MetricTagOptions {
  /** `exact` (default) refuses `*`; `glob` allows `*` wildcards in the value. */
  match?: "exact" | "glob";
}

/** One `category:value` term. */
export function metricTag(category: string, value: string | number, options: MetricTagOptions = {}): MetricQuery {
  if (typeof category !== "string" || !CATEGORY.test(category)) {
    throw new InvalidInputError(`Invalid metric tag category ${typeof category === "string" ? quoteInput(category) : `(got ${describeReceived(category)})`}.`, {
      provider: "circonus",
      fix: 'Use letters, digits, "_", "." or "-" (e.g. "service", "__check_bundle_id").',
    });
  }
  if (typeof value !== "string" && !(typeof value === "number" && Number.isFinite(value))) {
    throw new InvalidInputError(`Invalid metric tag value for ${category}: expected a string or a finite number (got ${describeReceived(value)}).`, {
      provider: "circonus",
      fix: `Pass ${category} as a string such as "checkout" or a number.`,
    });
  }
  const text = String(value).trim();
  if (!text || !VALUE.test(text) || (options.match !== "glob" && text.includes("*"))) {
    throw new InvalidInputError(`Invalid metric tag value for ${category}: ${quoteInput(text)}.`, {
      provider: "circonus",
      fix: 'Use a value without spaces, commas, parentheses, quotes, slashes or brackets; pass { match: "glob" } to use "*".',
    });
  }
  return builtText(METRIC_QUERY, `${category}:${text}`);
}

function termsOf(part: unknown, where: string): string[] {
  if (isMetricQuery(part)) return [part.text];
  if (typeof part === "object" && part !== null && !Array.isArray(part) && !(part instanceof Date)) {
    return Object.entries(part as Record<string, string | number>).map(([category, value]) => metricTag(category, value).text);
  }
  throw new InvalidInputError(`${where}: expected a built metric query or a { category: value } record (got ${describeReceived(part)}).`, {
    provider: "circonus",
    fix: QUERY_FIX,
  });
}

function combine(op: "and" | "or", parts: readonly (MetricQuery | Readonly<Record<string, string | number>>)[]): MetricQuery {
  const terms = parts.flatMap((p) => termsOf(p, `${op}()`));
  if (terms.length === 0) {
    throw new InvalidInputError(`${op}() needs at least one term.`, { provider: "circonus", fix: "Pass at least one metricTag(...) or { category: value }." });
  }
  return builtText(METRIC_QUERY, `${op}(${terms.join(",")})`);
}

/** `and(a,b,…)`: all terms must match. Accepts built terms or a `{ category: value }` record. */
export function and(...parts: readonly (MetricQuery | Readonly<Record<string, string | number>>)[]): MetricQuery {
  return combine("and", parts);
}

/** `or(a,b,…)`: any term matches. */
export function or(...parts: readonly (MetricQuery | Readonly<Record<string, string | number>>)[]): MetricQuery {
  return combine("or", parts);
}

/** `not(x)`. */
export function not(part: MetricQuery): MetricQuery {
  if (!isMetricQuery(part)) {
    throw new InvalidInputError(`not(): expected a built metric query (got ${describeReceived(part)}).`, { provider: "circonus", fix: QUERY_FIX });
  }
  return builtText(METRIC_QUERY, `not(${part.text})`);
}

/** `buildMetricQuery({ service: "checkout", env: "prod" })` → `and(service:checkout,env:prod)`. */
export function buildMetricQuery(tags: Readonly<Record<string, string | number>>): MetricQuery {
  return and(tags);
}

/**
 * The text to send for `searchMetrics`' query: a built query as is, a record through
 * `buildMetricQuery`. A raw string (unchecked IRONdb syntax) or any other value is refused.
 */
export function metricQueryText(query: unknown, operation = "searchMetrics"): string {
  if (isMetricQuery(query)) return query.text;
  if (typeof query === "object" && query !== null && !Array.isArray(query) && !(query instanceof Date)) {
    return buildMetricQuery(query as Record<string, string | number>).text;
  }
  throw new InvalidInputError(`Circonus ${operation}: query must be built by buildMetricQuery (or and/or/not/metricTag) or be a { category: value } record (got ${describeReceived(query)}).`, {
    provider: "circonus",
    fix: QUERY_FIX,
  });
}

/** Metric searches return at most 10 000 results and cannot page with `from` (SPEC `metricLimitParam`). */
export const MAX_METRIC_RESULTS = 10_000;
