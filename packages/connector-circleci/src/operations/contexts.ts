import { encodePath, type PagedIterable } from "@toolweave/core";
import { z } from "zod";
import type { OperationContext } from "../operation-context.js";
import { paginateList } from "../paginate-list.js";
import { parseOrgSlug } from "../project-slug.js";
import { contextSchema, contextVariableSchema, type Context, type ContextVariable } from "../schemas/context.js";
import { parseInput, parseSignalOptions, requireId, signalOf } from "./parse-input.js";
import { lazySchema } from "@toolweave/core";

/** Options for `listContexts()`: the owner, as exactly one of `ownerSlug` or `ownerId`. */
export type ListContextsOptions = (
  | { /** `gh/<org>`, `bb/<org>` or `circleci/<org-id>` (organizations only). */ ownerSlug: string; ownerId?: never }
  | { /** Organization (or Server account) UUID; works for every org type. */ ownerId: string; ownerSlug?: never }
) & {
  /** `organization` (default) or `account` (CircleCI Server only; needs ownerId). */
  ownerType?: "organization" | "account";
  signal?: AbortSignal;
};

const FIX = 'Pass exactly one of { ownerSlug: "gh/<org>" } or { ownerId: "<org-uuid>" } (ownerType "account" needs ownerId).';
const schema = lazySchema(() =>
  z
    .strictObject({
      ownerSlug: z.string().min(1).optional(),
      ownerId: z.string().trim().min(1).optional(),
      ownerType: z.enum(["organization", "account"]).optional(),
      signal: z.instanceof(AbortSignal).optional(),
    })
    .refine((o) => (o.ownerSlug === undefined) !== (o.ownerId === undefined), "exactly one of ownerSlug or ownerId is required")
    .refine((o) => !(o.ownerType === "account" && o.ownerSlug !== undefined), "owner-slug works for organizations only"),
);

/** `GET /context?owner-slug=…|owner-id=…` (https://circleci.com/docs/api/v2/index.html). */
export function listContexts(ctx: OperationContext, options: ListContextsOptions): PagedIterable<Context> {
  return paginateList(ctx, {
    operation: "listContexts",
    item: contextSchema,
    signal: signalOf(options),
    prepare() {
      const o = parseInput(schema, options, "listContexts", FIX);
      const owner = o.ownerSlug !== undefined ? { "owner-slug": parseOrgSlug(o.ownerSlug).slug } : { "owner-id": o.ownerId! };
      ctx.guard("listContexts");
      return { path: "context", query: { ...owner, ...(o.ownerType ? { "owner-type": o.ownerType } : {}) } };
    },
  });
}

/** `GET /context/{id}/environment-variable`: names and dates only; CircleCI never returns values. */
export function listContextVariables(ctx: OperationContext, contextId: string, options?: { signal?: AbortSignal }): PagedIterable<ContextVariable> {
  return paginateList(ctx, {
    operation: "listContextVariables",
    item: contextVariableSchema,
    signal: signalOf(options),
    prepare() {
      const id = requireId(contextId, "context id", "listContextVariables");
      parseSignalOptions(options, "listContextVariables");
      ctx.guard("listContextVariables");
      return { path: encodePath`context/${id}/environment-variable` };
    },
  });
}
