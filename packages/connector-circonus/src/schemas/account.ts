import { z } from "zod";
import { num, str, strList } from "./common.js";
import { lazySchema } from "@toolweave/core";

/** `GET /account/current` (SPEC `Account`; https://docs.circonus.com/circonus/api/). */
export const accountSchema = lazySchema(() =>
  z.object({
    _cid: z.string(),
    _account_uuid: str,
    _owner: str,
    _created_on: num,
    /** The account's UI root, used for deep links. */
    _ui_base_url: str,
    _c3_data_url: str,
    _contact_groups: strList,
    _trial_length: str,
    _usage: z.array(z.object({ _type: str, _limit: num, _used: num })).nullable().optional(),
    name: str,
    description: str,
    timezone: str,
    country_code: str,
    city: str,
    state_prov: str,
    default_dashboard_uuid: str,
    default_dashboard_type: str,
    invites: z.array(z.object({ email: str, role: str })).nullable().optional(),
    /** Roles are `Admin`, `Normal`, `Read Only` (SPEC `RolesEnum`), kept as open strings. */
    users: z.array(z.object({ user: str, role: str })).nullable().optional(),
  }),
);
/** The account a token belongs to, from `getAccount()`; `_ui_base_url` is its web UI root. */
export type CirconusAccount = z.output<typeof accountSchema>;
