import { z } from "zod";
import { bool, str, strList } from "./common.js";
import { lazySchema } from "@toolweave/core";

/** SPEC `Check`: one bundle on one broker. `_reverse_url` (SPEC) vs `_reverse_urls` (GOAPI), https://github.com/circonus-labs/go-apiclient. */
export const checkSchema = lazySchema(() =>
  z.object({
    _cid: z.string(),
    _active: bool,
    _broker: str,
    _check_bundle: str,
    _check_uuid: str,
    _details: z.record(z.string(), z.unknown()).nullable().optional(),
    _reverse_url: str,
    _reverse_urls: strList,
  }),
);
/** One check of a bundle (one per broker), from `listChecks()`. */
export type CirconusCheck = z.output<typeof checkSchema>;
