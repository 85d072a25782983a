import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { configurationErrorOf } from "./configuration-error-of.js";
import { defineSettings } from "./define-settings.js";
import { lazySchema } from "./lazy-schema.js";
import { RUNTIME_SETTING_KEYS } from "./runtime-settings.js";
import { Secret } from "./secret.js";
import { settingSchema } from "./setting-schema.js";
import { tokenSecret } from "./token-value.js";

const TOKEN = "acme_0123456789abcdef0123";
let built = 0;
/** A zod schema that counts its builds: the fast path must not build any. */
const counted = <T extends z.ZodType>(build: () => T) =>
  lazySchema(() => {
    built += 1;
    return build();
  });

const acme = defineSettings({
  provider: "acme",
  displayName: "Acme",
  fields: {
    token: {
      schema: settingSchema.custom({ ...settingSchema.secret(), zod: counted(() => z.custom<string | Secret>((v) => typeof v === "string" || Secret.isInstance(v))) }),
      required: true,
      secret: true,
      env: { name: "ACME_TOKEN", schema: lazySchema(() => z.string().min(1)), expected: "an Acme API token" },
      fix: "Set token (or ACME_TOKEN) to an Acme API token.",
      doc: "API token, a string or a `Secret`.",
    },
    baseUrl: {
      schema: settingSchema.unknown<string | URL>(),
      default: "https://api.acme.example/v1",
      env: { name: "ACME_BASE_URL", schema: lazySchema(() => z.string()), expected: "the API root", description: "Acme API root." },
      fix: 'Set baseUrl (or ACME_BASE_URL) to the API root, e.g. "https://api.acme.example/v1".',
      doc: "API root | self-hosted installs have their own.",
    },
    pageSize: {
      schema: settingSchema.custom({ ...settingSchema.int({ min: 1, max: 100 }), zod: counted(() => z.number().int().min(1).max(100)) }),
      default: 50,
      fix: "Set pageSize to a whole number from 1 to 100.",
      doc: "Items per page.",
    },
    mode: {
      schema: settingSchema.enum(["fast", "safe"]),
      defaultDoc: "picked per call",
      fix: 'Set mode to "fast" or "safe".',
      doc: "How calls are made.",
    },
    tokenExpiresAt: {
      schema: settingSchema.date(),
      fix: 'Set tokenExpiresAt to a Date or an ISO date such as "2026-12-31".',
      doc: "When the token expires.",
    },
  },
  refine: (s, issue) => {
    let token: Secret | undefined;
    if (s.token !== undefined) {
      const checked = tokenSecret(s.token, "ACME_TOKEN");
      if ("secret" in checked) token = checked.secret;
      else issue({ key: "token", problem: `token ${checked.problem}` });
    }
    if (typeof s.baseUrl !== "string" || !s.baseUrl.startsWith("https://")) issue({ key: "baseUrl", name: "baseUrl (ACME_BASE_URL)", problem: "baseUrl (ACME_BASE_URL) must be an https URL" });
    if (s.mode === "fast" && s.pageSize > 20) issue({ key: "mode", problem: 'mode "fast" takes pageSize 20 at most' });
    if (!token) return undefined;
    return { token, baseUrl: String(s.baseUrl), pageSize: s.pageSize, mode: s.mode, tokenExpiresAt: s.tokenExpiresAt, runtime: s.runtime };
  },
});

const thrown = (input: unknown) => configurationErrorOf(() => acme.parse(input));

describe("defineSettings", () => {
  it("resolves valid settings with defaults, without building a zod schema", () => {
    built = 0;
    const hooks = {};
    const s = acme.parse({ token: `  ${TOKEN} `, mode: "safe", tokenExpiresAt: new Date("2026-12-31T00:00:00Z"), timeoutMs: 5_000, hooks });
    expect(built).toBe(0);
    expect(s.token.reveal()).toBe(TOKEN);
    expect(s).toMatchObject({ baseUrl: "https://api.acme.example/v1", pageSize: 50, mode: "safe", runtime: { timeoutMs: 5_000, hooks } });
    expect(Object.keys(s.runtime)).toEqual(["timeoutMs", "hooks"]);
  });

  it("takes what the fast check leaves to zod when zod accepts it (an ISO date string)", () => {
    expect(acme.parse({ token: TOKEN, tokenExpiresAt: "2026-12-31" }).tokenExpiresAt).toEqual(new Date("2026-12-31T00:00:00Z"));
  });

  it("lists every problem at once, in field order, each with its fix, and never echoes a value", () => {
    const secret = "s3cr3t-0123456789abcdef";
    const error = thrown({ token: 42, pageSize: 0, mode: secret, tokenExpiresAt: "next year", retry: { retries: -1 }, extra: secret });
    expect(error.problems.map((p) => p.name)).toEqual(["token", "pageSize", "mode", "tokenExpiresAt", "retry.retries", "settings"]);
    expect(error.problems.map((p) => p.problem)).toEqual([
      "token must be a string or a Secret (got a number)",
      "pageSize must be a whole number from 1 to 100",
      'mode must be "fast" or "safe"',
      'tokenExpiresAt must be a Date or an ISO date such as "2026-01-31" or "2026-01-31T12:00:00Z" (got a string)',
      "retry.retries: -1 is not allowed",
      'unknown setting(s) "extra"',
    ]);
    expect(error.problems[0]!.fix).toBe("Set token (or ACME_TOKEN) to an Acme API token.");
    expect(error.problems[4]!.fix).toMatch(/retries/);
    expect(error.problems[5]!.fix).toBe(`Remove them; known settings are token, baseUrl, pageSize, mode, tokenExpiresAt, ${RUNTIME_SETTING_KEYS.join(", ")}.`);
    expect(error.message).toMatch(/^Invalid Acme settings: token must be a string or a Secret \(got a number\); pageSize must be/);
    expect(error.provider).toBe("acme");
    for (const text of [error.message, JSON.stringify(error), inspect(error)]) expect(text).not.toContain(secret);
  });

  it("names a missing required setting, and runs refine on the settings that were valid", () => {
    for (const input of [undefined, null, {}]) {
      const error = thrown(input);
      expect(error.problems.map((p) => p.problem)).toEqual(["token is missing"]);
    }
    const both = thrown({ baseUrl: "http://api.acme.example" });
    expect(both.problems.map((p) => p.name)).toEqual(["token", "baseUrl (ACME_BASE_URL)"]);
    expect(both.problems[1]!.fix).toMatch(/ACME_BASE_URL/);
  });

  it("keeps one problem per setting: refine's second word on a setting already at fault is dropped", () => {
    const error = thrown({ token: "has space inside", baseUrl: 7 });
    expect(error.problems.map((p) => p.name)).toEqual(["token", "baseUrl (ACME_BASE_URL)"]);
    expect(error.problems[0]!.problem).toMatch(/^token contains a space/);
    expect(thrown({ token: TOKEN, mode: "fast", pageSize: 500 }).problems.map((p) => p.name)).toEqual(["pageSize"]);
    expect(thrown({ token: TOKEN, mode: "fast", pageSize: 30 }).problems).toEqual([{ name: "mode", problem: 'mode "fast" takes pageSize 20 at most', fix: 'Set mode to "fast" or "safe".' }]);
  });

  it("refuses settings that are not an object", () => {
    for (const input of [42, "token", [TOKEN]]) {
      expect(thrown(input).problems).toEqual([expect.objectContaining({ name: "settings", fix: "Pass an object such as { token: … }." })]);
    }
  });

  it("describes the environment variables for the connector descriptor, in field order", () => {
    expect(acme.env.map((v) => [v.name, v.setting, v.secret === true, v.required, v.defaultValue])).toEqual([
      ["ACME_TOKEN", "token", true, true, undefined],
      ["ACME_BASE_URL", "baseUrl", false, false, "https://api.acme.example/v1"],
    ]);
    expect(acme.env[0]).toMatchObject({ expected: "an Acme API token", fix: "Set token (or ACME_TOKEN) to an Acme API token.", description: "API token, a string or a `Secret`." });
    expect(acme.env[1]!.description).toBe("Acme API root.");
  });

  it("gives the strict schema (runtime settings included) and picked parts of it", () => {
    expect(Object.keys(acme.schema.shape)).toEqual([...acme.keys]);
    expect(acme.schema.safeParse({ token: TOKEN, timeoutMs: 10 }).success).toBe(true);
    expect(acme.schema.safeParse({ token: TOKEN, other: 1 }).success).toBe(false);
    const credential = acme.pick(["token", "tokenExpiresAt"]);
    expect(Object.keys(credential.shape)).toEqual(["token", "tokenExpiresAt"]);
    expect(credential.safeParse({ tokenExpiresAt: "2026-12-31" }).success).toBe(false);
  });

  it("renders the README's settings table from the fields", () => {
    expect(acme.readme().split("\n")).toEqual([
      "| Setting | Default | Env variable | Notes |",
      "| --- | --- | --- | --- |",
      "| `token` | required | `ACME_TOKEN` | API token, a string or a `Secret`. |",
      '| `baseUrl` | `"https://api.acme.example/v1"` | `ACME_BASE_URL` | API root \\| self-hosted installs have their own. |',
      "| `pageSize` | `50` |  | Items per page. |",
      "| `mode` | picked per call |  | How calls are made. |",
      "| `tokenExpiresAt` |  |  | When the token expires. |",
      expect.stringMatching(/^\| `fetch`, `timeoutMs`, .*`userAgent` \| core defaults \| {2}\| Runtime settings of `@toolweave\/core`/),
    ]);
  });

  it("refuses a field named like a runtime setting", () => {
    expect(() =>
      defineSettings({ provider: "x", displayName: "X", fields: { timeoutMs: { schema: settingSchema.int(), fix: "f", doc: "d" } } }),
    ).toThrow(/timeoutMs" is one of core's runtime settings/);
  });
});
