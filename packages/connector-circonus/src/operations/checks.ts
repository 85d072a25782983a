import type { PagedIterable } from "@toolweave/core";
import type { OperationContext } from "../operation-context.js";
import { checkSchema, type CirconusCheck } from "../schemas/check.js";
import { paginateList, type ListOptions } from "../paginate-list.js";
import { parseListOptions } from "./parse-input.js";

/** `GET /check`. Search terms: name, check_uuid, check_bundle_id, type, host, broker, active, tags. */
export function listChecks(ctx: OperationContext, options?: ListOptions): PagedIterable<CirconusCheck> {
  return paginateList(ctx, { operation: "listChecks", path: "/check", item: checkSchema, options: parseListOptions(options, "listChecks") });
}
