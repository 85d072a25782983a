/** Shared test setup (not part of the published entry points). */
import { useMswServer as useSharedMswServer } from "@toolweave/core/testing";
import { createCirconus } from "./create-circonus.js";
import type { CirconusSettingsInput } from "./settings.js";

export const BASE = "https://api.circonus.test/v2";
export const UI = "https://example-ops.circonus.com/";
/** A canary token: a valid UUID that must never show up in any output. */
export const TOKEN = "0f8b2c4e-5a6d-4e7f-9a1b-c4a7a2e15ec7";
export const APP = "toolweave-tests";

/** An msw server that fails on any request without a handler (core's shared test setup). */
export function useMswServer() {
  return useSharedMswServer().server;
}

export function makeClient(overrides: Partial<CirconusSettingsInput> = {}) {
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
