import type { OperationContext } from "../operation-context.js";
import { parseSignalOptions } from "./parse-input.js";
import { userSchema, type User } from "../schemas/user.js";

/**
 * `GET /me`: the user the token acts as. Not `async`: it hands back core's promise rather than
 * wrapping it (one suspended frame less per call in flight); a refused argument still rejects.
 */
export function me(ctx: OperationContext, options?: { signal?: AbortSignal }): Promise<User> {
  try {
    const signal = parseSignalOptions(options, "me");
    ctx.guard("me");
    return ctx.http.get({ operation: "me", path: "me", schema: userSchema, ...signal });
  } catch (error) {
    return Promise.reject(error);
  }
}
