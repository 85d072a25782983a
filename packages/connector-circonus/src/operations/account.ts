import type { OperationContext } from "../operation-context.js";
import { parseSignalOptions } from "./parse-input.js";
import { accountSchema, type CirconusAccount } from "../schemas/account.js";
import { userSchema, type CirconusUser } from "../schemas/user.js";

/** `GET /account/current`: the account the token belongs to (tokens are scoped to one account). */
export async function getAccount(ctx: OperationContext, options?: { signal?: AbortSignal }): Promise<CirconusAccount> {
  const signal = parseSignalOptions(options, "getAccount");
  return ctx.http.get({ operation: "getAccount", path: "/account/current", schema: accountSchema, ...signal });
}

/** `GET /user/current`: the token's owner. */
export async function getCurrentUser(ctx: OperationContext, options?: { signal?: AbortSignal }): Promise<CirconusUser> {
  const signal = parseSignalOptions(options, "getCurrentUser");
  return ctx.http.get({ operation: "getCurrentUser", path: "/user/current", schema: userSchema, ...signal });
}
