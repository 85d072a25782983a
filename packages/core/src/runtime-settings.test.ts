import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigurationError } from "./errors.js";
import { createHttpClient } from "./http/http-client.js";
import type { HttpClientSettings } from "./http/types.js";
import { RUNTIME_SETTING_FIXES, RUNTIME_SETTING_KEYS, runtimeSettingsProblems, runtimeSettingsShape } from "./runtime-settings.js";

const BASE = "https://api.example.test/v2";
const create = (settings: Partial<HttpClientSettings>) => createHttpClient({ provider: "x", baseUrl: BASE, ...settings } as HttpClientSettings);
const thrown = (settings: Partial<HttpClientSettings>): ConfigurationError => {
  try {
    create(settings);
  } catch (error) {
    if (ConfigurationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`createHttpClient accepted ${JSON.stringify(settings)}`);
};
const shape = z.strictObject(runtimeSettingsShape);

describe("runtime settings: createHttpClient and the settings schema apply the same bounds", () => {
  it.each([
    [{ retry: { retries: 50 } }, "retry.retries", /whole number between 0 and 20/],
    [{ timeoutMs: 900_000 }, "timeoutMs", /whole number of milliseconds between 1 and 600000/],
    [{ retry: { minDelayMs: 1.5 } }, "retry.minDelayMs", /whole number of milliseconds between 0 and/],
  ])("createHttpClient refuses %j, as createCircleCI's schema does, naming the setting and the fix", (settings, name, fix) => {
    expect(shape.safeParse(settings).success).toBe(false);
    const error = thrown(settings as Partial<HttpClientSettings>);
    expect(error.problems.map((p) => p.name)).toEqual([name]);
    expect(error.problems[0]!.fix).toMatch(fix);
    expect(error.fix).toContain(error.problems[0]!.fix);
    expect(error.message).toContain(name);
  });

  // Both sides judge every sample the same way: one bounds table behind both.
  const samples: [string, Record<string, unknown>][] = [
    ["timeoutMs 1", { timeoutMs: 1 }],
    ["timeoutMs 600000", { timeoutMs: 600_000 }],
    ["timeoutMs 600001", { timeoutMs: 600_001 }],
    ["timeoutMs 0.5", { timeoutMs: 0.5 }],
    ["timeoutMs Infinity", { timeoutMs: Infinity }],
    ["timeoutMs NaN", { timeoutMs: Number.NaN }],
    ["timeoutMs string", { timeoutMs: "100" }],
    ["deadlineMs 3600000", { deadlineMs: 3_600_000 }],
    ["deadlineMs 3600001", { deadlineMs: 3_600_001 }],
    ["retry false", { retry: false }],
    ["retry true", { retry: true }],
    ["retry {}", { retry: {} }],
    ["retry.retries 20", { retry: { retries: 20 } }],
    ["retry.retries 21", { retry: { retries: 21 } }],
    ["retry.retries -1", { retry: { retries: -1 } }],
    ["retry.maxDelayMs 2^31", { retry: { maxDelayMs: 2 ** 31 } }],
    ["retry.maxRetryAfterMs 0", { retry: { maxRetryAfterMs: 0 } }],
    ["retry unknown key", { retry: { attempts: 3 } }],
    ["throttle false", { throttle: false }],
    ["throttle.maxConcurrency 1", { throttle: { maxConcurrency: 1 } }],
    ["throttle.maxConcurrency 0", { throttle: { maxConcurrency: 0 } }],
    ["throttle.maxConcurrency 1.5", { throttle: { maxConcurrency: 1.5 } }],
    ["throttle.maxConcurrency Infinity", { throttle: { maxConcurrency: Infinity } }],
    ["throttle.requestsPerSecond Infinity", { throttle: { requestsPerSecond: Infinity } }],
    ["throttle.requestsPerSecond 0.5", { throttle: { requestsPerSecond: 0.5 } }],
    ["throttle.requestsPerSecond 0", { throttle: { requestsPerSecond: 0 } }],
    ["throttle.adaptive ok", { throttle: { adaptive: { initialRequestsPerSecond: 5, minRequestsPerSecond: 0.1, maxRequestsPerSecond: 100_000 } } }],
    ["throttle.adaptive over", { throttle: { adaptive: { maxRequestsPerSecond: 100_001 } } }],
    ["throttle.adaptive unknown key", { throttle: { adaptive: { start: 5 } } }],
    ["cache ok", { cache: { ttlMs: 1_000, maxEntries: 10 } }],
    ["cache without ttlMs", { cache: { maxEntries: 10 } }],
    ["cache.ttlMs 0", { cache: { ttlMs: 0 } }],
    ["cache.maxEntries 0", { cache: { ttlMs: 10, maxEntries: 0 } }],
    ["cache false", { cache: false }],
    ["maxResponseBytes 1", { maxResponseBytes: 1 }],
    ["maxResponseBytes 0", { maxResponseBytes: 0 }],
    ["maxPages 1", { maxPages: 1 }],
    ["maxPages 0", { maxPages: 0 }],
    ["fetch not a function", { fetch: "fetch" }],
    ["hooks not an object", { hooks: 3 }],
    ["stores without open", { stores: { throttle: {} } }],
    ["userAgent ok", { userAgent: "acme-portal/2.3" }],
    ["userAgent with a line break", { userAgent: "acme\nportal" }],
  ];
  it.each(samples)("%s: accepted by both or refused by both", (_, settings) => {
    const bySchema = shape.safeParse(settings).success;
    let byClient = true;
    try {
      create(settings as Partial<HttpClientSettings>);
    } catch (error) {
      if (!ConfigurationError.isInstance(error)) throw error;
      byClient = false;
    }
    expect(byClient).toBe(bySchema);
  });

  it("reports every problem at once, each with its own fix", () => {
    const error = thrown({ timeoutMs: 0, retry: { retries: 21, maxDelayMs: -1 }, cache: { ttlMs: 1.5 } });
    expect(error.problems.map((p) => p.name)).toEqual(["timeoutMs", "retry.retries", "retry.maxDelayMs", "cache.ttlMs"]);
    for (const problem of error.problems) expect(problem.fix).toContain(problem.name);
  });

  it("has one fix text per runtime setting, for connectors to use", () => {
    expect(Object.keys(RUNTIME_SETTING_FIXES).sort()).toEqual([...RUNTIME_SETTING_KEYS].sort());
    expect(RUNTIME_SETTING_FIXES.timeoutMs).toMatch(/between 1 and 600000 \(default 10000\)/);
    expect(RUNTIME_SETTING_FIXES.retry).toMatch(/retries.*between 0 and 20/);
    for (const key of RUNTIME_SETTING_KEYS) expect(RUNTIME_SETTING_FIXES[key]).toContain(key);
  });
});

describe("runtime settings: a token passed as a key by mistake", () => {
  const token = "CCIPAT_Kq8ZrtsTOKENx7Vb3_c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
  it.each(["retry", "throttle", "cache"] as const)("is counted, never quoted, under %s", (group) => {
    const problems = runtimeSettingsProblems({ [group]: { [token]: 1, retriez: 2 } });
    const text = problems.map((p) => `${p.problem} ${p.fix}`).join("\n");
    expect(JSON.stringify(problems)).not.toContain(token.slice(0, 20));
    expect(text).toContain('"retriez"');
    expect(text).toContain("1 more not shown");
  });
});
