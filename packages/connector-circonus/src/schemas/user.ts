import { z } from "zod";
import { str } from "./common.js";
import { lazySchema } from "@toolweave/core";

/** `GET /user/current` (SPEC `User`; `contact_info` may be `{}`). */
export const userSchema = lazySchema(() =>
  z.object({
    _cid: z.string(),
    email: str,
    firstname: str,
    lastname: str,
    contact_info: z.object({ sms: str, xmpp: str, victorops: str }).nullable().optional(),
  }),
);
/** The token's owner, from `getCurrentUser()`. */
export type CirconusUser = z.output<typeof userSchema>;
