import { z } from "zod";
import { bool, num, str, tags } from "./common.js";
import { lazySchema } from "@toolweave/core";

/** SPEC `ContactGroup` (https://docs.circonus.com/circonus/api/). */
export const contactGroupSchema = lazySchema(() =>
  z.object({
    _cid: z.string(),
    _last_modified: num,
    _last_modified_by: str,
    name: str,
    /** `normal` | `escalation` | `opsgenie` | `pagerduty` | `slack` … (open string). */
    group_type: str,
    aggregation_window: num,
    always_send_clear: bool,
    reminders: z.array(z.number().nullable()).nullable().optional(),
    contacts: z
      .object({
        users: z.array(z.object({ user: str, method: str, _contact_info: str })).nullable().optional(),
        external: z.array(z.object({ contact_info: str, method: str })).nullable().optional(),
      })
      .nullable()
      .optional(),
    tags,
  }),
);
/** A contact group (who is notified of alerts), from `listContactGroups()`. */
export type CirconusContactGroup = z.output<typeof contactGroupSchema>;
