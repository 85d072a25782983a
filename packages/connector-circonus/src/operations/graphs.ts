import type { PagedIterable } from "@toolweave/core";
import type { CirconusContext } from "../context.js";
import { graphSchema, type CirconusGraph } from "../schemas/graph.js";
import { listPaged, type ListOptions } from "./list-paged.js";
import { parseListOptions } from "./parse-arguments.js";

/** `GET /graph`. Search terms: title (primary), description, notes, tags. */
export function listGraphs(ctx: CirconusContext, options?: ListOptions): PagedIterable<CirconusGraph> {
  return listPaged(ctx, { operation: "listGraphs", path: "/graph", item: graphSchema, options: parseListOptions(options, "listGraphs") });
}
