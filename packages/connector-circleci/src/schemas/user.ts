import { z } from "zod";
import { nullish } from "./common.js";

/** `GET /me` and `GET /user/{id}` (API-NOTES §8.1). */
export const userSchema = z.object({
  id: z.string(),
  login: z.string(),
  name: nullish(z.string()),
  avatar_url: nullish(z.string()),
});
export type User = z.output<typeof userSchema>;
