import type { PagedIterable } from "@toolweave/core";
import type { CirconusContext } from "../context.js";
import { dashboardSchema, type CirconusDashboard } from "../schemas/dashboard.js";
import { listPaged, type ListOptions } from "./list-paged.js";
import { parseListOptions } from "./parse-arguments.js";

/** `GET /dashboard` (legacy dashboards; custom dashboards live under `/custom_dashboard`, https://docs.circonus.com/circonus/api/). */
export function listDashboards(ctx: CirconusContext, options?: ListOptions): PagedIterable<CirconusDashboard> {
  return listPaged(ctx, { operation: "listDashboards", path: "/dashboard", item: dashboardSchema, options: parseListOptions(options, "listDashboards") });
}
