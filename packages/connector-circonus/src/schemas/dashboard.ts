import { z } from "zod";
import { bool, num, str } from "./common.js";
import { lazySchema } from "@toolweave/core";

/** SPEC `Dashboard` (legacy dashboards; https://docs.circonus.com/circonus/api/). No tags. */
export const dashboardSchema = lazySchema(() =>
  z.object({
    _cid: z.string(),
    _active: bool,
    _created: num,
    _created_by: str,
    _dashboard_uuid: str,
    _last_modified: num,
    title: str,
    shared: bool,
    widgets: z.array(z.unknown()).nullable().optional(),
  }),
);
/** A legacy dashboard, from `listDashboards()`. */
export type CirconusDashboard = z.output<typeof dashboardSchema>;
