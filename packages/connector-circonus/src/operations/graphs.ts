import type { PagedIterable } from "@toolweave/core";
import type { OperationContext } from "../operation-context.js";
import { graphSchema, type CirconusGraph } from "../schemas/graph.js";
import { paginateList, type ListOptions } from "../paginate-list.js";
import { parseListOptions } from "./parse-input.js";

/** `GET /graph`. Search terms: title (primary), description, notes, tags. */
export function listGraphs(ctx: OperationContext, options?: ListOptions): PagedIterable<CirconusGraph> {
  return paginateList(ctx, { operation: "listGraphs", path: "/graph", item: graphSchema, options: parseListOptions(options, "listGraphs") });
}
