import { z } from "zod";
import { InvalidInputError, describeReceived } from "@toolweave/core";
import type { OperationContext } from "../operation-context.js";
import { epochSeconds } from "../epoch-seconds.js";
import { MAX_METRIC_RESULTS, metricQueryText, type MetricQuery } from "../metric-query.js";
import { metricSchema, type CirconusMetric } from "../schemas/metric.js";
import { MORE_ITEMS_HEADER } from "../paginate-list.js";
import { parseSignalOptions } from "./parse-input.js";
import { quoteInput } from "../quote-input.js";

/** Options for `searchMetrics()`. */
export interface SearchMetricsOptions {
  /** Results wanted, 1–10 000 (`size`). Default 1000. `from` is not supported by metric search. */
  size?: number;
  /** Sort field; unreliable beyond 10 000 matches (SPEC `metricSortParam`). */
  order?: string;
  /** Sort direction. API default `asc`. */
  dir?: "asc" | "desc";
  /** Activity window start (`activity_start_secs`). API default: one month ago. */
  activityStart?: Date | number;
  /** Activity window end (`activity_end_secs`). API default: now. */
  activityEnd?: Date | number;
  /** Cancels the request; the call then rejects with `AbortedError`. */
  signal?: AbortSignal;
}

/** What `searchMetrics()` answers. */
export interface MetricSearchResult {
  /** The metrics returned, at most `size`. */
  metrics: CirconusMetric[];
  /** `X-Snowth-Search-Result-Count`: the server's estimate of all matches, when sent. */
  estimatedTotal?: number;
  /** True when more matched than were returned (`X-Circonus-More-Items`, or the estimate exceeds the result). */
  truncated: boolean;
}

const OPTION_KEYS = ["size", "order", "dir", "activityStart", "activityEnd", "signal"];

/**
 * `GET /metric?search=<tag query>`: IRONdb tag-query syntax, not object search (https://docs.circonus.com/circonus/appendix/search/).
 * One request: metric search cannot page with `from` and returns at most 10 000 results
 * (SPEC `metricLimitParam`); narrow the query when `truncated` is true.
 */
export async function searchMetrics(
  ctx: OperationContext,
  query: MetricQuery | Readonly<Record<string, string | number>>,
  input?: SearchMetricsOptions,
): Promise<MetricSearchResult> {
  const search = metricQueryText(query, "searchMetrics");
  const options = (input ?? {}) as SearchMetricsOptions;
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new InvalidInputError(`Circonus searchMetrics: options must be an object (got ${describeReceived(input)}).`, {
      provider: "circonus",
      fix: "Pass { size?, order?, dir?, activityStart?, activityEnd?, signal? }, or leave the options out.",
    });
  }
  const unknown = Object.keys(options).filter((key) => !OPTION_KEYS.includes(key));
  if (unknown.length) {
    throw new InvalidInputError(`Circonus searchMetrics: unknown option(s) ${unknown.map((k) => quoteInput(k)).join(", ")}.`, {
      provider: "circonus",
      fix: `Known options are ${OPTION_KEYS.join(", ")}.`,
    });
  }
  const { signal } = parseSignalOptions(options.signal === undefined ? undefined : { signal: options.signal }, "searchMetrics");
  if (options.dir !== undefined && options.dir !== "asc" && options.dir !== "desc") {
    throw new InvalidInputError(`Circonus searchMetrics: dir must be "asc" or "desc" (got ${describeReceived(options.dir)}).`, { provider: "circonus", fix: 'Pass dir: "asc" or dir: "desc".' });
  }
  const activityStart = options.activityStart === undefined ? undefined : epochSeconds(options.activityStart, "activityStart", "searchMetrics");
  const activityEnd = options.activityEnd === undefined ? undefined : epochSeconds(options.activityEnd, "activityEnd", "searchMetrics");
  const size = options.size ?? 1000;
  if (!Number.isInteger(size) || size < 1 || size > MAX_METRIC_RESULTS) {
    throw new InvalidInputError(`searchMetrics: size must be an integer from 1 to ${MAX_METRIC_RESULTS}.`, {
      provider: "circonus",
      fix: `Pass size between 1 and ${MAX_METRIC_RESULTS}; to see more metrics, narrow the query (e.g. add __check_bundle_id).`,
    });
  }
  if (options.order !== undefined && (typeof options.order !== "string" || !/^_?[a-z][a-z0-9_]*$/.test(options.order))) {
    throw new InvalidInputError("searchMetrics: order is not a field name.", { provider: "circonus", fix: 'Pass a field such as "_metric_name".' });
  }
  const response = await ctx.http.request({
    operation: "searchMetrics",
    path: "/metric",
    query: {
      search,
      size,
      // Core leaves out a parameter whose value is undefined.
      order: options.order,
      dir: options.dir,
      activity_start_secs: activityStart,
      activity_end_secs: activityEnd,
    },
    schema: z.array(metricSchema),
    ...(signal === undefined ? {} : { signal }),
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
