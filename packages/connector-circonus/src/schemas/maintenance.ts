import { z } from "zod";
import { num, str, tags } from "./common.js";
import { lazySchema } from "@toolweave/core";

/** SPEC `Maintenance` (https://docs.circonus.com/circonus/api/); `severities` is an array of 1–5 or a string like "12345". */
export const maintenanceSchema = lazySchema(() =>
  z.object({
    _cid: z.string(),
    /** `account` | `check` | `rule_set` | `host` (open string). */
    type: str,
    item: str,
    start: num,
    stop: num,
    severities: z.union([z.array(z.union([z.number(), z.string()])), z.string()]).nullable().optional(),
    notes: str,
    tags,
  }),
);
/** A maintenance window that has not stopped yet, from `listMaintenance()`. */
export type CirconusMaintenance = z.output<typeof maintenanceSchema>;
