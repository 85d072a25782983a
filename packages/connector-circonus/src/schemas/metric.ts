import { z } from "zod";
import { bool, str, tags } from "./common.js";
import { lazySchema } from "@toolweave/core";

/** SPEC `Metric` from `GET /metric` (https://docs.circonus.com/circonus/api/); `_histogram` mixes strings and `false`. */
export const metricSchema = lazySchema(() =>
  z.object({
    _cid: z.string(),
    _active: bool,
    _check: str,
    _check_active: bool,
    _check_broker: str,
    _check_bundle: str,
    _check_module: str,
    _check_tags: tags,
    _check_target: str,
    _check_uuid: str,
    _display_name: str,
    _histogram: z.union([z.string(), z.boolean()]).nullable().optional(),
    _metric_name: str,
    _metric_type: str,
    _status: str,
    units: str,
  }),
);
/** A metric stream found by `searchMetrics()`. */
export type CirconusMetric = z.output<typeof metricSchema>;
