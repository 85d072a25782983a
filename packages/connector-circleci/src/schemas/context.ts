import { z } from "zod";
import { nullish } from "./common.js";
import { lazySchema } from "@toolweave/core";

/** A context (`GET /context`, https://circleci.com/docs/api/v2/index.html). */
export const contextSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    created_at: nullish(z.string()),
  }),
);
/** A CircleCI context (a named set of environment variables), from `listContexts()`. */
export type Context = z.output<typeof contextSchema>;

/** A context variable: names and dates only; the API never returns values (https://circleci.com/docs/api/v2/index.html). */
export const contextVariableSchema = lazySchema(() =>
  z.object({
    variable: z.string(),
    created_at: nullish(z.string()),
    updated_at: nullish(z.string()),
    context_id: nullish(z.string()),
  }),
);
/** A context variable's name and dates, from `listContextVariables()`; never its value. */
export type ContextVariable = z.output<typeof contextVariableSchema>;
