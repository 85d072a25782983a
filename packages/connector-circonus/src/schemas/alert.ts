import { z } from "zod";
import { num, numOrStr, str, strList, tags } from "./common.js";
import { lazySchema } from "@toolweave/core";

/**
 * SPEC `Alert` (https://docs.circonus.com/circonus/api/). `_cleared_on` and `_acknowledgement` are always present,
 * null when unset (ONPREM changelog 2020); `_value` is a string even for numeric metrics.
 */
export const alertSchema = lazySchema(() =>
  z.object({
    _cid: z.string(),
    _acknowledgement: str,
    _alert_url: str,
    _broker: str,
    _canonical_metric_name: str,
    _check: str,
    _check_module: str,
    _check_name: str,
    _check_target: str,
    _cleared_on: num,
    _cleared_value: numOrStr,
    _maintenance: strList,
    _metric_link: str,
    _metric_name: str,
    _metric_notes: str,
    _occurred_on: num,
    _rule: z.object({ criteria: str, value: numOrStr }).nullable().optional(),
    _rule_set: str,
    /** 1 (highest) … 5. */
    _severity: num,
    _signature: str,
    /** Bundle tags frozen at alert time. */
    _tags: tags,
    _value: numOrStr,
    comment: str,
  }),
);
/** An alert, from `listAlerts()` and `getAlert()`; times are epoch seconds. */
export type CirconusAlert = z.output<typeof alertSchema>;
