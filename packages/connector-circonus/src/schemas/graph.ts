import { z } from "zod";
import { numOrStr, str, tags } from "./common.js";
import { lazySchema } from "@toolweave/core";

/** SPEC `Graph` (https://docs.circonus.com/circonus/api/); axis bounds are numbers encoded as strings, or null. */
export const graphSchema = lazySchema(() =>
  z.object({
    _cid: z.string(),
    title: str,
    description: str,
    notes: str,
    style: str,
    line_style: str,
    min_left_y: numOrStr,
    max_left_y: numOrStr,
    min_right_y: numOrStr,
    max_right_y: numOrStr,
    datapoints: z
      .array(z.object({ check_id: z.union([z.number(), z.string()]).nullable().optional(), metric_name: str, metric_type: str, name: str, caql: str, search: str }))
      .nullable()
      .optional(),
    tags,
  }),
);
/** A graph, from `listGraphs()`. */
export type CirconusGraph = z.output<typeof graphSchema>;
