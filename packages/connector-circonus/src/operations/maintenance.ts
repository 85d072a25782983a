import type { PagedIterable } from "@toolweave/core";
import type { OperationContext } from "../operation-context.js";
import { maintenanceSchema, type CirconusMaintenance } from "../schemas/maintenance.js";
import { paginateList, type ListOptions } from "../paginate-list.js";
import { parseListOptions } from "./parse-input.js";

/**
 * `GET /maintenance`. The list shows only windows that have not stopped yet; past ones are
 * reachable only by CID (https://docs.circonus.com/circonus/api/). Search terms: maintenance_item, type, notes, tags.
 */
export function listMaintenance(ctx: OperationContext, options?: ListOptions): PagedIterable<CirconusMaintenance> {
  return paginateList(ctx, { operation: "listMaintenance", path: "/maintenance", item: maintenanceSchema, options: parseListOptions(options, "listMaintenance") });
}
