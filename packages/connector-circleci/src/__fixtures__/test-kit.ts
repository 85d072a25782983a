/** Test helpers (not part of the published entry points). */
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createCircleCI } from "../create-circleci.js";
import type { CircleCISettings } from "../settings.js";

export const API = "https://circleci.com/api/v2";
/** A canary personal token: it must never show up in errors, URLs or serialised output. */
export const TOKEN = "CCIPAT_Kq8ZcanaryTOKENx7Vb3_c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
export const PROJECT_TOKEN = "CCIPRJ_Rk2XprojectTOKENz9_deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";
export const LEGACY_TOKEN = "0123456789abcdef0123456789abcdef01234567";

/** An msw server that fails on any request without a handler; `requests` lists what was sent. */
export function useServer() {
  const server = setupServer();
  const requests: Request[] = [];
  server.events.on("request:start", ({ request }) => {
    requests.push(request);
  });
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    server.resetHandlers();
    requests.length = 0;
  });
  afterAll(() => server.close());
  return { server, requests };
}

export function testClient(settings: Partial<CircleCISettings> = {}) {
  return createCircleCI({
    token: TOKEN,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    throttle: false,
    ...settings,
  } as CircleCISettings);
}
