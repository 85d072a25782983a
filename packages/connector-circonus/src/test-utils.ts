/** Shared test setup (not part of the published entry points). */
import { createCirconus } from "./create-circonus.js";
import type { CirconusSettings } from "./settings.js";

export const BASE = "https://api.circonus.test/v2";
export const UI = "https://example-ops.circonus.com/";
/** A canary token: a valid UUID that must never show up in any output. */
export const TOKEN = "0f8b2c4e-5a6d-4e7f-9a1b-c4a7a2e15ec7";
export const APP = "toolweave-tests";

export function testClient(overrides: Partial<CirconusSettings> = {}) {
  return createCirconus({
    token: TOKEN,
    appName: APP,
    baseUrl: BASE,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    throttle: false,
    ...overrides,
  });
}

export const url = (path: string) => `${BASE}${path}`;
