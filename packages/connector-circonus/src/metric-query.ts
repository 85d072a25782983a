import { InvalidInputError } from "@toolweave/core";

/**
 * IRONdb tag queries for `GET /metric` (https://docs.circonus.com/circonus/appendix/search/; SEARCHDOC "searching metric stream
 * tags"): `and(__check_bundle_id:1234,service:checkout)`. This is not object search; the
 * builder validates every category and value so user text cannot add or close a clause.
 */
export type MetricQuery = string & { readonly __metricQuery: true };

/** A category: letters, digits, `_`, `.`, `-`; built-ins start with `__` (`__name`, `__check_uuid`). */
const CATEGORY = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** A value: no whitespace, separators, parentheses, quotes, slashes (regex) or backslashes. */
const VALUE = /^[^\s,()"'\\/\[\]`]+$/;

export interface MetricTagOptions {
  /** `exact` (default) refuses `*`; `glob` allows `*` wildcards in the value. */
  match?: "exact" | "glob";
}

/** One `category:value` term. */
export function metricTag(category: string, value: string | number, options: MetricTagOptions = {}): MetricQuery {
  if (!CATEGORY.test(category)) {
    throw new InvalidInputError(`Invalid metric tag category ${JSON.stringify(category.slice(0, 40))}.`, {
      provider: "circonus",
      fix: 'Use letters, digits, "_", "." or "-" (e.g. "service", "__check_bundle_id").',
    });
  }
  const text = String(value).trim();
  if (!text || !VALUE.test(text) || (options.match !== "glob" && text.includes("*"))) {
    throw new InvalidInputError(`Invalid metric tag value for ${category}: ${JSON.stringify(text.slice(0, 40))}.`, {
      provider: "circonus",
      fix: 'Use a value without spaces, commas, parentheses, quotes, slashes or brackets; pass { match: "glob" } to use "*".',
    });
  }
  return `${category}:${text}` as MetricQuery;
}

function combine(op: "and" | "or", parts: readonly (MetricQuery | Readonly<Record<string, string | number>>)[]): MetricQuery {
  const terms = parts.flatMap((p) =>
    typeof p === "string" ? [p] : Object.entries(p).map(([category, value]) => metricTag(category, value)),
  );
  if (terms.length === 0) {
    throw new InvalidInputError(`${op}() needs at least one term.`, { provider: "circonus", fix: "Pass at least one metricTag(...) or { category: value }." });
  }
  return `${op}(${terms.join(",")})` as MetricQuery;
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
  return `not(${part})` as MetricQuery;
}

/** `buildMetricQuery({ service: "checkout", env: "prod" })` → `and(service:checkout,env:prod)`. */
export function buildMetricQuery(tags: Readonly<Record<string, string | number>>): MetricQuery {
  return and(tags);
}

/** Metric searches return at most 10 000 results and cannot page with `from` (SPEC `metricLimitParam`). */
export const MAX_METRIC_RESULTS = 10_000;
