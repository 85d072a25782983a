import { z } from "zod";
import { InvalidInputError } from "@toolweave/core";
import type { CirconusContext } from "../context.js";
import { MAX_METRIC_RESULTS, buildMetricQuery, type MetricQuery } from "../metric-query.js";
import { metricSchema, type CirconusMetric } from "../schemas/metric.js";
import { MORE_ITEMS_HEADER } from "./list-paged.js";

export interface SearchMetricsOptions {
  /** Results wanted, 1–10 000 (`size`). Default 1000. `from` is not supported by metric search. */
  size?: number;
  /** Sort field; unreliable beyond 10 000 matches (SPEC `metricSortParam`). */
  order?: string;
  dir?: "asc" | "desc";
  /** Activity window start (`activity_start_secs`). API default: one month ago. */
  activityStart?: Date | number;
  /** Activity window end (`activity_end_secs`). API default: now. */
  activityEnd?: Date | number;
  signal?: AbortSignal;
}

export interface MetricSearchResult {
  metrics: CirconusMetric[];
  /** `X-Snowth-Search-Result-Count`: the server's estimate of all matches, when sent. */
  estimatedTotal?: number;
  /** True when more matched than were returned (`X-Circonus-More-Items`, or the estimate exceeds the result). */
  truncated: boolean;
}

const toSecs = (v: Date | number) => (v instanceof Date ? Math.floor(v.getTime() / 1000) : Math.floor(v));

/**
 * `GET /metric?search=<tag query>`: IRONdb tag-query syntax, not object search (https://docs.circonus.com/circonus/appendix/search/).
 * One request: metric search cannot page with `from` and returns at most 10 000 results
 * (SPEC `metricLimitParam`); narrow the query when `truncated` is true.
 */
export async function searchMetrics(
  ctx: CirconusContext,
  query: MetricQuery | Readonly<Record<string, string | number>>,
  options: SearchMetricsOptions = {},
): Promise<MetricSearchResult> {
  const search = typeof query === "string" ? query : buildMetricQuery(query);
  const size = options.size ?? 1000;
  if (!Number.isInteger(size) || size < 1 || size > MAX_METRIC_RESULTS) {
    throw new InvalidInputError(`searchMetrics: size must be an integer from 1 to ${MAX_METRIC_RESULTS}.`, {
      provider: "circonus",
      fix: `Pass size between 1 and ${MAX_METRIC_RESULTS}; to see more metrics, narrow the query (e.g. add __check_bundle_id).`,
    });
  }
  if (options.order !== undefined && !/^_?[a-z][a-z0-9_]*$/.test(options.order)) {
    throw new InvalidInputError("searchMetrics: order is not a field name.", { provider: "circonus", fix: 'Pass a field such as "_metric_name".' });
  }
  const response = await ctx.http.request({
    operation: "searchMetrics",
    path: "/metric",
    query: {
      search,
      size,
      ...(options.order === undefined ? {} : { order: options.order }),
      ...(options.dir === undefined ? {} : { dir: options.dir }),
      ...(options.activityStart === undefined ? {} : { activity_start_secs: toSecs(options.activityStart) }),
      ...(options.activityEnd === undefined ? {} : { activity_end_secs: toSecs(options.activityEnd) }),
    },
    schema: z.array(metricSchema),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const countHeader = response.headers.get("X-Snowth-Search-Result-Count");
  const count = countHeader === null ? undefined : Number(countHeader);
  const estimatedTotal = count !== undefined && Number.isFinite(count) ? count : undefined;
  const more = response.headers.get(MORE_ITEMS_HEADER)?.trim().toLowerCase() === "true";
  return {
    metrics: response.data,
    ...(estimatedTotal === undefined ? {} : { estimatedTotal }),
    truncated: more || (estimatedTotal !== undefined && estimatedTotal > response.data.length),
  };
}
