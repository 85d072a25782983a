import { z } from "zod";
import { nullish } from "./common.js";

/** A context (`GET /context`, https://circleci.com/docs/api/v2/index.html). */
export const contextSchema = z.object({
  id: z.string(),
  name: z.string(),
  created_at: nullish(z.string()),
});
export type Context = z.output<typeof contextSchema>;

/** A context variable: names and dates only; the API never returns values (https://circleci.com/docs/api/v2/index.html). */
export const contextVariableSchema = z.object({
  variable: z.string(),
  created_at: nullish(z.string()),
  updated_at: nullish(z.string()),
  context_id: nullish(z.string()),
});
export type ContextVariable = z.output<typeof contextVariableSchema>;
