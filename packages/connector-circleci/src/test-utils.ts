/** Test helpers (not part of the published entry points). */
import { createCircleCI } from "./create-circleci.js";
import { createOperationContext, type OperationContext } from "./operation-context.js";
import type { CircleCISettings } from "./settings.js";

export const BASE = "https://circleci.com/api/v2";
/** A canary personal token: it must never show up in errors, URLs or serialised output. */
export const TOKEN = "CCIPAT_Kq8ZcanaryTOKENx7Vb3_c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
export const PROJECT_TOKEN = "CCIPRJ_Rk2XprojectTOKENz9_deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";
export const LEGACY_TOKEN = "0123456789abcdef0123456789abcdef01234567";

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
  return createOperationContext({ token: TOKEN, retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 }, throttle: false, ...settings });
}
