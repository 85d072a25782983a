import { z } from "zod";
import { num, numOrStr, str, strList, tags } from "./common.js";
import { lazySchema } from "@toolweave/core";

/** SPEC `CheckBundle` (https://docs.circonus.com/circonus/api/); `config` values depend on `type`. */
export const checkBundleSchema = lazySchema(() =>
  z.object({
    _cid: z.string(),
    _checks: strList,
    _check_uuids: strList,
    _created: num,
    _last_modified: num,
    _last_modified_by: str,
    _reverse_connection_urls: strList,
    brokers: strList,
    config: z.record(z.string(), z.unknown()).nullable().optional(),
    display_name: str,
    metric_limit: num,
    metrics: z
      .array(z.object({ name: z.string(), type: str, status: str, units: str, tags: strList }))
      .nullable()
      .optional(),
    notes: str,
    period: num,
    /** `active` | `disabled` (open string). */
    status: str,
    tags,
    target: str,
    timeout: numOrStr,
    /** Check module: `http`, `httptrap`, `json:nad` … (SPEC `CheckTypesEnum`, open string). */
    type: str,
  }),
);
/** A check bundle (a check configuration deployed to one or more brokers), from `listCheckBundles()` and `getCheckBundle()`. */
export type CirconusCheckBundle = z.output<typeof checkBundleSchema>;
