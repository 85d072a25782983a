import type { PagedIterable } from "@toolweave/core";
import type { OperationContext } from "../operation-context.js";
import { contactGroupSchema, type CirconusContactGroup } from "../schemas/contact-group.js";
import { paginateList, type ListOptions } from "../paginate-list.js";
import { parseListOptions } from "./parse-input.js";

/** `GET /contact_group`. Search terms: name (primary), tags. */
export function listContactGroups(ctx: OperationContext, options?: ListOptions): PagedIterable<CirconusContactGroup> {
  return paginateList(ctx, { operation: "listContactGroups", path: "/contact_group", item: contactGroupSchema, options: parseListOptions(options, "listContactGroups") });
}
