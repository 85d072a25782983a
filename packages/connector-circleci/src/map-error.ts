import {
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  PermissionError,
  vendorMessage,
  type HttpErrorContext,
  type ToolweaveError,
} from "@toolweave/core";
import type { CircleCITokenFormat } from "./credential.js";
import { personalTokenUrl } from "./credential.js";

/** Operations whose 404 usually means "no access" as much as "does not exist" (https://circleci.com/docs/api/v2/index.html#section/Authentication, https://circleci.com/docs/api/v2/index.html). */
export const PROJECT_SCOPED_OPERATIONS: ReadonlySet<string> = new Set([
  "getProject",
  "listPipelines",
  "getPipelineByNumber",
  "getJobDetails",
  "getWorkflowInsights",
  "listWorkflowRuns",
  "listProjectEnvVars",
]);

/** Options for {@link createErrorMapper}. */
export interface ErrorMapperOptions {
  /** The web app URL, used in fixes that link to the token settings page. */
  appUrl: string;
  /** How the token kind was learned, so an authentication error can say what to check. */
  tokenFormat: CircleCITokenFormat;
}

/**
 * CircleCI's error mapper for core's HTTP client. Bodies are `{message}` on most routes and
 * `{error}` on policy/OIDC routes (https://circleci.com/docs/api/v2/index.html); both are read.
 */
export function createErrorMapper(options: ErrorMapperOptions): (context: HttpErrorContext) => ToolweaveError | undefined {
  const tokens = personalTokenUrl(options.appUrl);
  return (context) => {
    const said = vendorMessage(context.json, context.text);
    const base = {
      status: context.status,
      provider: context.provider,
      cause: context.defaultError,
      ...(context.defaultError.request ? { request: context.defaultError.request } : {}),
    };
    const quote = said ? ` (CircleCI said: ${said})` : "";
    switch (context.status) {
      case 400:
        return new InvalidInputError(`CircleCI ${context.operation}: the request was refused as invalid${quote}.`, {
          ...base,
          fix: `Check the arguments passed to ${context.operation} (branch, dates, reporting window, slug).`,
        });
      case 401:
        return new AuthenticationError(`CircleCI ${context.operation}: the token was not accepted (HTTP 401)${quote}.`, {
          ...base,
          fix: `Check CIRCLECI_TOKEN (or the token setting): it must be a current personal API token; expired or revoked tokens answer 401. Create one at ${tokens}.`,
        });
      case 403:
        // Context routes answer 403 for a missing context too (https://circleci.com/docs/api/v2/index.html, corsair #795).
        return new PermissionError(`CircleCI ${context.operation}: permission denied (HTTP 403)${quote}.`, {
          ...base,
          fix: "Check the id and that the token's user may see it: org membership, context security groups, and SSO authorisation of the token for the org (User Settings → Personal API Tokens).",
        });
      case 404: {
        if (!PROJECT_SCOPED_OPERATIONS.has(context.operation)) return undefined;
        const legacy =
          options.tokenFormat === "legacy-hex"
            ? " This token has the legacy 40-hex format: if it is a project token rather than a personal one, API v2 cannot use it."
            : "";
        return new NotFoundError(
          `CircleCI ${context.operation}: project not found or not visible to this token${quote}.`,
          {
            ...base,
            fix: `Check the slug (gh/<org>/<repo>, or circleci/<org-id>/<project-id> copied from Project Settings) and that the token's user can see the project (org membership, SSO authorisation of the token).${legacy} Personal tokens are created at ${tokens}.`,
          },
        );
      }
      default:
        return undefined;
    }
  };
}
