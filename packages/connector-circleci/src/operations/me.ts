import type { OperationContext } from "../operation-context.js";
import { parseSignalOptions } from "./parse-input.js";
import { userSchema, type User } from "../schemas/user.js";

/** `GET /me`: the user the token acts as. */
export async function me(ctx: OperationContext, options?: { signal?: AbortSignal }): Promise<User> {
  const signal = parseSignalOptions(options, "me");
  ctx.guard("me");
  return ctx.http.get({ operation: "me", path: "me", schema: userSchema, ...signal });
}
