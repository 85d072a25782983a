/** Test helpers (not part of the published entry points). */
import { createHttpClient } from "@toolweave/core";
import { useMswServer } from "@toolweave/core/testing";
import { createCircleCI } from "../create-circleci.js";
import { buildCredential } from "../credential.js";
import { createDeepLinks } from "../deep-links.js";
import { createErrorMapper } from "../map-error.js";
import { createOperationContext, type OperationContext } from "../operation-context.js";
import { resolveSettings, type CircleCISettings } from "../settings.js";
import { PRODUCT } from "../version.js";

export const API = "https://circleci.com/api/v2";
/** A canary personal token: it must never show up in errors, URLs or serialised output. */
export const TOKEN = "CCIPAT_Kq8ZcanaryTOKENx7Vb3_c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
export const PROJECT_TOKEN = "CCIPRJ_Rk2XprojectTOKENz9_deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";
export const LEGACY_TOKEN = "0123456789abcdef0123456789abcdef01234567";

/** An msw server that fails on any request without a handler; `requests` lists what was sent. */
export const useServer = useMswServer;

export function testClient(settings: Partial<CircleCISettings> = {}) {
  return createCircleCI({
    token: TOKEN,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    throttle: false,
    ...settings,
  } as CircleCISettings);
}

/** The operation context a client built from these settings works with, for tests of internal helpers. */
export function testContext(settings: Partial<CircleCISettings> = {}): OperationContext {
  const resolved = resolveSettings({ token: TOKEN, retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 }, throttle: false, ...settings });
  const credential = buildCredential(resolved);
  const http = createHttpClient({
    provider: "circleci",
    displayName: "CircleCI",
    baseUrl: resolved.baseUrl,
    authenticate: (headers) => headers.set("circle-token", resolved.token.reveal()),
    mapError: createErrorMapper({ appUrl: resolved.appUrl, tokenFormat: credential.format }),
    product: PRODUCT,
    ...resolved.runtime,
  });
  return createOperationContext(http, credential, resolved, createDeepLinks(resolved.appUrl));
}
