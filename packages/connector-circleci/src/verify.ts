import { buildVerifyReport, failedCheck, rotationCheck, type VerifyCheck, type VerifyReport } from "@toolweave/core";
import { assertV2Allowed, personalTokenUrl } from "./credential.js";
import type { OperationContext } from "./operation-context.js";
import { me } from "./operations/me.js";
import { getProject } from "./operations/projects.js";

/**
 * Who the token is (`GET /me`), what kind it is, whether its rotation is due, and whether
 * each given project is reachable. A project token is reported without any request, since
 * API v2 does not accept it (https://circleci.com/docs/managing-api-tokens/).
 */
export async function verify(
  ctx: OperationContext,
  options: { signal?: AbortSignal; projects?: readonly string[] } = {},
): Promise<VerifyReport> {
  const checks: VerifyCheck[] = [];
  const signal = options.signal ? { signal: options.signal } : {};
  const kindDetail =
    ctx.credential.format === "legacy-hex"
      ? "personal API token (legacy 40-hex format; assumed personal, since legacy project tokens look the same)"
      : ctx.credential.format === "declared"
        ? `${ctx.credential.kind} token (declared with tokenKind)`
        : `${ctx.credential.kind} token (${ctx.credential.format}_ prefix)`;
  try {
    // The same refusal every v2 operation makes with a project token, before any request.
    assertV2Allowed(ctx.credential, "verify", { appUrl: ctx.settings.appUrl });
  } catch (error) {
    checks.push(failedCheck("token-kind", error, { detail: `${kindDetail}: project tokens do not work on API v2.` }));
    return buildVerifyReport({ provider: "circleci", credential: ctx.credential, checks, details: { baseUrl: ctx.settings.baseUrl.href } });
  }
  checks.push({ name: "token-kind", ok: true, detail: kindDetail });

  let identity: string | undefined;
  let userId: string | undefined;
  let refused: unknown;
  try {
    const user = await me(ctx, signal);
    identity = user.name ? `${user.login} (${user.name})` : user.login;
    userId = user.id;
    checks.push({ name: "authentication", ok: true, detail: `GET /me answered as ${identity}.` });
  } catch (error) {
    checks.push(failedCheck("authentication", error));
    refused = error;
  }

  // Due rotation is advice (the token still works); an expired token fails verification.
  checks.push(rotationCheck(ctx.credential, { variable: "CIRCLECI_TOKEN", fix: `Create a new personal API token at ${personalTokenUrl(ctx.settings.appUrl)} and replace CIRCLECI_TOKEN.` }));

  for (const project of options.projects ?? []) {
    const name = `project:${project}`;
    if (refused !== undefined) {
      checks.push(failedCheck(name, refused, { detail: "Not checked: the token was not accepted.", fix: "Fix the authentication check first." }));
      continue;
    }
    try {
      const p = await getProject(ctx, project, signal);
      checks.push({ name, ok: true, detail: `Reachable as ${p.slug} (id ${p.id}).` });
    } catch (error) {
      checks.push(failedCheck(name, error));
    }
  }
  return buildVerifyReport({
    provider: "circleci",
    identity,
    credential: ctx.credential,
    checks,
    details: { baseUrl: ctx.settings.baseUrl.href, appUrl: ctx.settings.appUrl, ...(userId ? { userId } : {}) },
  });
}
