import type { PagedIterable } from "@toolweave/core";
import type { CirconusContext } from "../context.js";
import { maintenanceSchema, type CirconusMaintenance } from "../schemas/maintenance.js";
import { listPaged, type ListOptions } from "./list-paged.js";
import { parseListOptions } from "./parse-arguments.js";

/**
 * `GET /maintenance`. The list shows only windows that have not stopped yet; past ones are
 * reachable only by CID (https://docs.circonus.com/circonus/api/). Search terms: maintenance_item, type, notes, tags.
 */
export function listMaintenance(ctx: CirconusContext, options?: ListOptions): PagedIterable<CirconusMaintenance> {
  return listPaged(ctx, { operation: "listMaintenance", path: "/maintenance", item: maintenanceSchema, options: parseListOptions(options, "listMaintenance") });
}
