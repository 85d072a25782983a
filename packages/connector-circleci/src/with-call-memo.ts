import { memoizedGets, type CallMemo } from "@toolweave/core";
import type { OperationContext } from "./operation-context.js";

/**
 * The context an operation works with when it is one of several calls made for one answer:
 * every GET it sends (a pipeline page, a pipeline's workflows, the project) goes through
 * `memo` (core's `memoizedGets`), so no read is sent twice within the answer. Without a memo, `ctx` itself.
 */
export function withCallMemo(ctx: OperationContext, memo: CallMemo | undefined): OperationContext {
  return memo ? { ...ctx, http: memoizedGets(ctx.http, memo) } : ctx;
}
