/** Test helpers (not part of the published entry points). */
import { useMswServer } from "@toolweave/core/testing";
import { createCircleCI } from "../create-circleci.js";
import type { CircleCISettings } from "../settings.js";

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
