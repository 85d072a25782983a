import { AuthenticationError, PermissionError, adviceCheck, assessRotation, buildVerifyReport, failedCheck, rotationCheck, throwIfCancelled, type VerifyCheck, type VerifyReport } from "@toolweave/core";
import type { CirconusCredential } from "./credential.js";
import { API_TOKENS_PAGE } from "./map-error.js";
import type { CirconusAccount } from "./schemas/account.js";
import type { CirconusUser } from "./schemas/user.js";

export interface VerifyDeps {
  credential: CirconusCredential;
  getAccount(signal?: AbortSignal): Promise<CirconusAccount>;
  getCurrentUser(signal?: AbortSignal): Promise<CirconusUser>;
}

const RANK: Record<string, number> = { "read-only": 0, "read only": 0, normal: 1, admin: 2 };

/**
 * `verify()`: calls `GET /account/current` and `GET /user/current` and reports the account, the
 * user, whether the app name is approved for the token (401 means pending, https://docs.circonus.com/circonus/integrations/api/api-tokens/), and the
 * declared kind and privilege (the API cannot report a token's privilege; the owner's account
 * role is only an upper bound, https://docs.circonus.com/circonus/integrations/api/api-tokens/).
 */
export async function verify(deps: VerifyDeps, options: { signal?: AbortSignal } = {}): Promise<VerifyReport> {
  const { credential } = deps;
  const [account, user] = await Promise.allSettled([deps.getAccount(options.signal), deps.getCurrentUser(options.signal)]);
  throwIfCancelled(options.signal, { provider: "circonus", operation: "verify" });
  const checks: VerifyCheck[] = [];
  const errors = [account, user].flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  const notApproved = errors.find((e) => AuthenticationError.isInstance(e));
  const denied = errors.find((e) => PermissionError.isInstance(e));
  const approved = account.status === "fulfilled" || user.status === "fulfilled" ? true : notApproved || denied ? false : undefined;

  if (notApproved) {
    // Said for verify (run it again once approved); the 401's kind and status are kept.
    checks.push(
      failedCheck("app approved", notApproved, {
        detail: `App "${credential.appName}" is not approved for this token yet (HTTP 401), or the token/app header is missing.`,
        fix: `Approve "${credential.appName}" under ${API_TOKENS_PAGE} in the Circonus UI (it is listed as pending after the first request), then run verify again. If it is not listed, check that CIRCONUS_API_TOKEN and CIRCONUS_API_APP are both set.`,
      }),
    );
  } else if (denied) {
    const reason = (denied as PermissionError).details.reason;
    checks.push(failedCheck(reason === "bad-token" ? "token accepted" : "app approved", denied));
  } else if (approved) {
    checks.push({ name: "app approved", ok: true, detail: `App "${credential.appName}" is approved for this token.` });
  }

  if (account.status === "fulfilled") {
    const a = account.value;
    checks.push({ name: "account", ok: true, detail: `${a.name ?? a._cid} (${a._cid})${a._ui_base_url ? `, UI ${a._ui_base_url}` : ""}` });
  } else if (!notApproved && !denied) {
    checks.push(failedCheck("account", account.reason));
  }
  if (user.status === "fulfilled") {
    const u = user.value;
    checks.push({ name: "user", ok: true, detail: `${[u.firstname, u.lastname].filter(Boolean).join(" ") || u._cid} <${u.email ?? "no email"}> (${u._cid})` });
  } else if (!notApproved && !denied) {
    checks.push(failedCheck("user", user.reason));
  }

  // The owner's role bounds the token's privilege (a token cannot exceed its creator's role).
  const role =
    account.status === "fulfilled" && user.status === "fulfilled"
      ? account.value.users?.find((entry) => entry.user === user.value._cid)?.role ?? undefined
      : undefined;
  const declared = credential.privilege;
  if (declared) {
    const exceeds = role !== undefined && role !== null && RANK[role.toLowerCase()] !== undefined && RANK[declared]! > RANK[role.toLowerCase()]!;
    const detail = `Declared ${declared}${role ? `; the owner's account role is ${role}` : ""} (Circonus does not report a token's own privilege).`;
    // Advice: the token still works; only the declaration (used to refuse writes early) is off.
    checks.push(
      exceeds
        ? adviceCheck("privilege", detail, `A token cannot have more privilege than its owner (${role}): declare privilege "${role!.toLowerCase()}" or use another token.`)
        : { name: "privilege", ok: true, detail },
    );
  } else {
    checks.push({
      name: "privilege",
      ok: true,
      detail: `Not declared${role ? `; the owner's account role is ${role}` : ""}. Set privilege (CIRCONUS_API_TOKEN_PRIVILEGE) so writes can be refused early with a read-only token.`,
    });
  }

  const rotation = rotationCheck(credential, {
    variable: "CIRCONUS_API_TOKEN",
    fix: `Create a new API token under ${API_TOKENS_PAGE} in the Circonus UI, approve "${credential.appName}" for it, and replace CIRCONUS_API_TOKEN.`,
  });
  checks.push(rotation);
  const accountValue = account.status === "fulfilled" ? account.value : undefined;
  const userValue = user.status === "fulfilled" ? user.value : undefined;
  const identity = userValue
    ? `${userValue.email ?? userValue._cid}${accountValue?.name ? ` @ ${accountValue.name}` : ""}`
    : accountValue?.name ?? undefined;

  return buildVerifyReport({
    provider: "circonus",
    identity,
    credential,
    checks,
    details: {
      appName: credential.appName,
      appApproved: approved,
      ...(accountValue
        ? { account: { cid: accountValue._cid, name: accountValue.name, uuid: accountValue._account_uuid, uiBaseUrl: accountValue._ui_base_url } }
        : {}),
      ...(userValue ? { user: { cid: userValue._cid, email: userValue.email, role } } : {}),
      rotation: assessRotation(credential).status,
    },
  });
}
