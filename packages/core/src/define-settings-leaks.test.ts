import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineSettings } from "./define-settings.js";
import { configurationErrorOf } from "./configuration-error-of.js";
import { secretLeakCheck } from "./secret-leaks.js";
import { checkBaseUrl } from "./http/base-url.js";
import { lazySchema } from "./lazy-schema.js";
import { redactExcerpt } from "./redact.js";
import type { Secret } from "./secret.js";
import { settingSchema } from "./setting-schema.js";
import { tokenSecret } from "./token-value.js";

// Each case uses its own token: a Secret made by an earlier case stays registered (and masked) until collected.
let serial = 0;
const freshToken = () => `acmeTok_${++serial}Xq7Lp2Vz9Rk4Wm8Ty3Hb6Nd1Jc5`;

const EXAMPLE = "https://api.acme.example/v1";
const BASE_URL = { provider: "Acme", setting: "baseUrl", variable: "ACME_BASE_URL", example: EXAMPLE, apiPath: "/v1" };

/** A table shaped like the generator's: token, base URL and UI URL checked in refine, nested settings checked by zod. */
const acme = defineSettings({
  provider: "acme",
  displayName: "Acme",
  fields: {
    token: { schema: settingSchema.secret(), required: true, secret: true, fix: "Set token (or ACME_TOKEN) to an Acme API token.", doc: "API token." },
    baseUrl: { schema: settingSchema.unknown<string | URL>(), default: EXAMPLE, fix: `Set baseUrl to the API root, e.g. "${EXAMPLE}".`, doc: "API root." },
    appUrl: { schema: settingSchema.url(), fix: 'Set appUrl to the web UI root, e.g. "https://app.acme.example".', doc: "UI root." },
    label: { schema: settingSchema.string(), fix: "Set label to a short name.", doc: "A label." },
    conventions: {
      schema: settingSchema.zod(lazySchema(() => z.strictObject({ env: z.string().optional() })), "{ env? }"),
      fix: 'Set conventions to { env?: "…" }.',
      doc: "Conventions.",
    },
    tags: {
      schema: settingSchema.zod(lazySchema(() => z.record(z.string(), z.string().min(1))), "names to values"),
      fix: "Set tags to non-empty strings.",
      doc: "Tags.",
    },
  },
  refine: (s, issue) => {
    // Another setting quoted before the token is read: the token must be masked all the same.
    if (s.label !== undefined && !/^[a-z-]+$/.test(s.label)) issue({ key: "label", problem: `label ${JSON.stringify(redactExcerpt(s.label, 40))} is not lower-case words` });
    let token: Secret | undefined;
    if (s.token !== undefined) {
      const checked = tokenSecret(s.token, "ACME_TOKEN");
      if ("secret" in checked) token = checked.secret;
      else issue({ key: "token", problem: `token ${checked.problem}` });
    }
    const base = checkBaseUrl(s.baseUrl, BASE_URL);
    if (!base.ok) issue({ key: "baseUrl", name: base.problem.name, problem: base.problem.problem, fix: base.problem.fix });
    if (s.appUrl !== undefined) {
      const app = checkBaseUrl(s.appUrl, { provider: "Acme", setting: "appUrl", example: "https://app.acme.example" });
      if (!app.ok) issue({ key: "appUrl", problem: app.problem.problem, fix: app.problem.fix });
    }
    if (!token || !base.ok) return undefined;
    return { token, baseUrl: base.url, runtime: s.runtime };
  },
});

const thrown = (input: unknown) => configurationErrorOf(() => acme.parse(input));

const expectNowhere = (error: unknown, token: string) => secretLeakCheck(token).expectRedactedError(error, "settings error");

describe("settings problems never print a token given in the wrong place", () => {
  it("a token used as an unknown key is counted, not quoted, with or without a token setting", () => {
    const alone = freshToken();
    const error = thrown({ [alone]: true });
    expectNowhere(error, alone);
    expect(error.message).toContain("1 unknown setting not shown");
    const other = freshToken();
    const withToken = thrown({ token: freshToken(), [other]: true, tokn: 1 });
    expectNowhere(withToken, other);
    expect(withToken.message).toContain('unknown setting(s) "tokn" and 1 more not shown');
    expect(withToken.fix).toContain("known settings are token, baseUrl");
  });

  it("a token with a line feed, passed as the token and as a key", () => {
    const token = `${freshToken()}\n${freshToken()}`;
    const error = thrown({ token, [token]: 1 });
    expectNowhere(error, token);
    expect(error.problems.map((p) => p.name)).toEqual(["token", "settings"]);
  });

  it("swapped token and baseUrl: the URL is refused as a token, and the example in the fix stays readable", () => {
    const token = freshToken();
    const error = thrown({ token: EXAMPLE, baseUrl: token });
    expectNowhere(error, token);
    expect(error.problems.map((p) => p.name)).toEqual(["token", "baseUrl (ACME_BASE_URL)"]);
    expect(error.problems[0]!.problem).toBe("token looks like a URL, not a credential (two settings swapped?)");
    expect(error.problems[1]!.problem).toMatch(/is not a valid URL: it has no scheme such as https:\/\//);
    expect(error.fix).toContain(`"${EXAMPLE}"`);
  });

  it.each([
    ["as appUrl", (token: string) => ({ appUrl: token })],
    ["in the baseUrl path", (token: string) => ({ baseUrl: `https://api.acme.example/${token}/v2` })],
    ["in the baseUrl host", (token: string) => ({ baseUrl: `http://${token}.acme.example/v1` })],
    ["as a baseUrl scheme", (token: string) => ({ baseUrl: `${token}:x@api.acme.example/v1` })],
    ["in an appUrl that does not parse", (token: string) => ({ appUrl: `${token} https://app.acme.example` })],
  ])("a token %s", (_, settings) => {
    const token = freshToken();
    expectNowhere(thrown({ token: freshToken(), ...settings(token) }), token);
  });

  it("a token as a nested unknown key or in a nested setting's path (zod's problems)", () => {
    const key = freshToken();
    const nested = thrown({ token: freshToken(), conventions: { [key]: "x", envv: "y" } });
    expectNowhere(nested, key);
    expect(nested.problems[0]!.problem).toContain('conventions: unknown key(s) "envv" and 1 more not shown');
    const path = freshToken();
    const record = thrown({ token: freshToken(), tags: { [path]: "" } });
    expectNowhere(record, path);
    expect(record.problems[0]!.name).toBe("tags.…");
  });

  it("the token setting's own value is masked wherever refine quotes it, whatever order it checks in", () => {
    const token = freshToken();
    // Cut to 40 characters before the error exists: only a token registered by then is masked whole.
    const error = thrown({ token, label: `some words ${token}`, baseUrl: 7 });
    expectNowhere(error, token);
  });

  it("keeps the parts of a URL that help: scheme, host and short path segments", () => {
    expect(thrown({ token: freshToken(), baseUrl: "https://api.acme.example/api/v2" }).problems[0]!.problem).toContain("(got https://api.acme.example/api/v2/)");
    expect(thrown({ token: freshToken(), baseUrl: "http://api.acme.example/v1" }).problems[0]!.problem).toContain("(got http://api.acme.example)");
    expect(thrown({ token: freshToken(), baseUrl: "ftp://api.acme.example/v1" }).problems[0]!.problem).toContain('its scheme is "ftp:"');
  });
});
