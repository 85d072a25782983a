import { z } from "zod";
import { nullish } from "./common.js";
import { lazySchema } from "@toolweave/core";

/** `GET /me` and `GET /user/{id}` (https://circleci.com/docs/api/v2/index.html). */
export const userSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    login: z.string(),
    name: nullish(z.string()),
    avatar_url: nullish(z.string()),
  }),
);
/** The user a token acts as, as returned by `me()`. */
export type User = z.output<typeof userSchema>;
