import type { PagedIterable } from "@toolweave/core";
import type { OperationContext } from "../operation-context.js";
import { dashboardSchema, type CirconusDashboard } from "../schemas/dashboard.js";
import { paginateList, type ListOptions } from "../paginate-list.js";
import { parseListOptions } from "./parse-input.js";

/** `GET /dashboard` (legacy dashboards; custom dashboards live under `/custom_dashboard`, https://docs.circonus.com/circonus/api/). */
export function listDashboards(ctx: OperationContext, options?: ListOptions): PagedIterable<CirconusDashboard> {
  return paginateList(ctx, { operation: "listDashboards", path: "/dashboard", item: dashboardSchema, options: parseListOptions(options, "listDashboards") });
}
