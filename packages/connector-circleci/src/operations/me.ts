import type { OperationContext } from "../operation-context.js";
import { userSchema, type User } from "../schemas/user.js";

/** `GET /me`: the user the token acts as. */
export async function me(ctx: OperationContext, options: { signal?: AbortSignal } = {}): Promise<User> {
  ctx.guard("me");
  return ctx.http.get({ operation: "me", path: "me", schema: userSchema, ...(options.signal ? { signal: options.signal } : {}) });
}
