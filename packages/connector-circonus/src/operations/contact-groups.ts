import type { PagedIterable } from "@toolweave/core";
import type { CirconusContext } from "../context.js";
import { contactGroupSchema, type CirconusContactGroup } from "../schemas/contact-group.js";
import { listPaged, type ListOptions } from "./list-paged.js";
import { parseListOptions } from "./parse-arguments.js";

/** `GET /contact_group`. Search terms: name (primary), tags. */
export function listContactGroups(ctx: CirconusContext, options?: ListOptions): PagedIterable<CirconusContactGroup> {
  return listPaged(ctx, { operation: "listContactGroups", path: "/contact_group", item: contactGroupSchema, options: parseListOptions(options, "listContactGroups") });
}
