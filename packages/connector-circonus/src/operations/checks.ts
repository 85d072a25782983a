import type { PagedIterable } from "@toolweave/core";
import type { CirconusContext } from "../context.js";
import { checkSchema, type CirconusCheck } from "../schemas/check.js";
import { listPaged, type ListOptions } from "./list-paged.js";
import { parseListOptions } from "./parse-arguments.js";

/** `GET /check`. Search terms: name, check_uuid, check_bundle_id, type, host, broker, active, tags. */
export function listChecks(ctx: CirconusContext, options?: ListOptions): PagedIterable<CirconusCheck> {
  return listPaged(ctx, { operation: "listChecks", path: "/check", item: checkSchema, options: parseListOptions(options, "listChecks") });
}
