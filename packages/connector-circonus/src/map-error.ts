import {
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  ToolweaveError,
  redactExcerpt,
  redactText,
  type HttpErrorContext,
} from "@toolweave/core";
import { parseCirconusErrorBody, type CirconusErrorBody } from "./schemas/error-body.js";

/** Where tokens and their app approvals are managed in the Circonus UI (https://docs.circonus.com/circonus/integrations/api/api-tokens/). */
export const API_TOKENS_PAGE = "Integrations → API Tokens";

function describe(body: CirconusErrorBody): string {
  const parts: string[] = [];
  if (body.code) parts.push(body.code);
  const message = body.message ?? body.text;
  if (message) parts.push(message);
  if (body.explanation && body.explanation !== message) parts.push(`(${body.explanation})`);
  return redactExcerpt(parts.join(": ").replace(": (", " ("), 400);
}

/** The body's text, unless core's message already quotes it. */
function addition(error: ToolweaveError, said: string, suffix: string): string {
  return said && !error.message.includes(said) ? suffix : "";
}

function details(body: CirconusErrorBody): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // `tag` is the trace id support greps server logs for, `server` the API node (ONPREM, https://docs.circonus.com/circonus/api/).
  for (const key of ["code", "message", "explanation", "reference", "tag", "server", "text"] as const) {
    if (body[key] !== undefined) out[key] = redactText(body[key]);
  }
  return out;
}

/**
 * Maps a Circonus error answer to a toolweave error (app approval flow: https://docs.circonus.com/circonus/integrations/api/api-tokens/; status codes: https://docs.circonus.com/circonus/api/):
 * - 401: the app name is pending approval for this token (or a header is missing); not retried.
 * - 403 `Forbidden.BadToken`: bad or retired token; `Forbidden.BadApp`: app name denied.
 * - 400: invalid input, bad search syntax, and account usage limits (hashicorp/consul#2567).
 * - 404: missing or not visible to this token (GoAPI returns 404 instead of 403 since 2021).
 * Every error keeps `code`, `message`, `explanation`, `reference`, `tag`, `server` in `details`.
 */
export function createErrorMapper(appName: string) {
  return function mapCirconusError(context: HttpErrorContext): ToolweaveError | undefined {
    const body = parseCirconusErrorBody(context.json, context.text);
    const said = describe(body);
    const suffix = said ? ` Circonus said: ${said}.` : "";
    const base = {
      provider: "circonus",
      status: context.status,
      cause: context.defaultError,
      ...(context.defaultError.request ? { request: context.defaultError.request } : {}),
      details: details(body),
    };
    const where = `Circonus ${context.operation}`;
    const code = body.code ?? "";

    if (context.status === 401) {
      return new AuthenticationError(
        `${where}: app "${appName}" is not approved for this token yet (HTTP 401), or the token or app-name header is missing.${suffix}`,
        {
          ...base,
          isRetryable: false,
          fix: `Approve the app name "${appName}" for this token in the Circonus UI under ${API_TOKENS_PAGE} (it is listed there as pending after this first request), then retry. If it is not listed, check that CIRCONUS_API_TOKEN and CIRCONUS_API_APP are both set.`,
          details: { ...base.details, reason: "app-not-approved", appName },
        },
      );
    }
    if (context.status === 403) {
      if (/BadToken/i.test(code)) {
        return new PermissionError(`${where}: Circonus rejected the API token (HTTP 403, bad or retired token).${suffix}`, {
          ...base,
          isRetryable: false,
          fix: `Set CIRCONUS_API_TOKEN (or token) to an active token from ${API_TOKENS_PAGE}; retired tokens stop working for good.`,
          details: { ...base.details, reason: "bad-token" },
        });
      }
      if (/BadApp/i.test(code)) {
        return new PermissionError(`${where}: app "${appName}" is denied for this token (HTTP 403).${suffix}`, {
          ...base,
          isRetryable: false,
          fix: `On the ${API_TOKENS_PAGE} page, change app "${appName}" from Deny to Allow for this token (or use another app name that is allowed via CIRCONUS_API_APP).`,
          details: { ...base.details, reason: "app-denied", appName },
        });
      }
      return new PermissionError(`${where}: Circonus refused this request (HTTP 403).${suffix}`, {
        ...base,
        isRetryable: false,
        fix: context.method === "GET"
          ? `Check the token's privilege and the object's visibility on the ${API_TOKENS_PAGE} page.`
          : `Writes need a token with Normal or Admin privilege: create one under ${API_TOKENS_PAGE} and set CIRCONUS_API_TOKEN.`,
        details: { ...base.details, reason: "forbidden" },
      });
    }
    if (context.status === 404) {
      return new NotFoundError(`${where}: not found, or not visible to this token (HTTP 404).${suffix}`, {
        ...base,
        fix: "Check the id or CID; Circonus answers 404 also for objects this token may not see.",
      });
    }
    if (context.status === 400 || context.status === 422) {
      const quota = /limit|quota|usage/i.test(said);
      return new InvalidInputError(`${where}: Circonus rejected the request (HTTP ${context.status}).${suffix}`, {
        ...base,
        fix: quota
          ? "An account usage limit may have been reached: check the account's usage on the Account page or ask Circonus to raise it."
          : "Check the arguments; for search= use the search builder (buildSearch) and for metric searches buildMetricQuery.",
      });
    }
    if (context.status === 429 && RateLimitedError.isInstance(context.defaultError)) {
      return new RateLimitedError(`${context.defaultError.message}${addition(context.defaultError, said, suffix)}`, {
        ...base,
        ...(context.defaultError.retryAfterMs === undefined ? {} : { retryAfterMs: context.defaultError.retryAfterMs }),
        ...(context.defaultError.fix === undefined ? {} : { fix: context.defaultError.fix }),
      });
    }
    // Keep core's classification (5xx → ServiceError …) but carry the body's facts.
    if (Object.keys(base.details).length) {
      const Ctor = context.defaultError.constructor as new (message: string, options: object) => ToolweaveError;
      try {
        return new Ctor(`${context.defaultError.message}${addition(context.defaultError, said, suffix)}`, {
          ...base,
          isRetryable: context.defaultError.isRetryable,
          ...(context.defaultError.fix === undefined ? {} : { fix: context.defaultError.fix }),
        });
      } catch {
        return undefined;
      }
    }
    return undefined;
  };
}
