import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ConfigurationError, Secret } from "@toolweave/core";
import { afterAll, describe, expect, it } from "vitest";
import { createEnvSecrets, type EnvSecretsOptions } from "./index.js";
import { VALID, circleci, circonus, circonusDeclaringDate } from "./test-support/fake-connectors.js";

const dir = mkdtempSync(join(tmpdir(), "secrets-env-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function tempFile(content: string): string {
  const path = join(dir, `file-${++fileCount}`);
  writeFileSync(path, content);
  return path;
}

function resolveError(options: EnvSecretsOptions): ConfigurationError {
  try {
    createEnvSecrets(options).resolve([circleci, circonus]);
  } catch (error) {
    expect(ConfigurationError.isInstance(error)).toBe(true);
    return error as ConfigurationError;
  }
  throw new Error("expected resolve() to throw");
}

function settingsOf(options: EnvSecretsOptions) {
  const [ci, mon] = createEnvSecrets(options).resolve([circleci, circonus]);
  return { ci: ci!, mon: mon! };
}

function revealed(value: unknown): string {
  expect(Secret.isInstance(value)).toBe(true);
  return (value as Secret).reveal();
}

describe("resolve", () => {
  it("returns each connector's settings, secrets wrapped in Secret labelled with the variable", () => {
    const env = {
      ...VALID,
      CIRCLECI_BASE_URL: "https://circleci.internal.example.com/api/v2",
      CIRCONUS_API_URL: "https://api.circonus.example.com/v2",
      UNRELATED: "x",
    };
    const result = createEnvSecrets({ env }).resolve([circleci, circonus]);

    expect(result.map((r) => r.connectorId)).toEqual(["circleci", "circonus"]);
    const [ci, mon] = result;
    expect(Object.keys(ci!.settings).sort()).toEqual(["baseUrl", "token"]);
    expect(revealed(ci!.settings.token)).toBe(VALID.CIRCLECI_TOKEN);
    expect((ci!.settings.token as Secret).label).toBe("CIRCLECI_TOKEN");
    expect(ci!.settings.baseUrl).toBe("https://circleci.internal.example.com/api/v2");
    expect(ci!.sources).toEqual({
      token: { variable: "CIRCLECI_TOKEN", source: "env" },
      baseUrl: { variable: "CIRCLECI_BASE_URL", source: "env" },
    });
    expect(revealed(mon!.settings.token)).toBe(VALID.CIRCONUS_API_TOKEN);
    expect(mon!.settings.appName).toBe("toolweave");
    expect(mon!.settings.baseUrl).toBe("https://api.circonus.example.com/v2");
  });

  it("leaves unset optional settings out so the connector applies its default", () => {
    const { ci, mon } = settingsOf({ env: { ...VALID } });
    expect(ci.settings).not.toHaveProperty("baseUrl");
    expect(mon.settings).not.toHaveProperty("baseUrl");
    expect(Object.keys(mon.settings).sort()).toEqual(["appName", "token"]);
  });

  it("resolves only the requested connectors", () => {
    const result = createEnvSecrets({ env: { CIRCLECI_TOKEN: VALID.CIRCLECI_TOKEN } }).resolve([circleci]);
    expect(result).toHaveLength(1);
    expect(result[0]!.connectorId).toBe("circleci");
  });

  it("lists every missing and invalid variable of all connectors in one ConfigurationError", () => {
    const error = resolveError({
      env: {
        CIRCLECI_BASE_URL: "circleci.com/api/v2",
        CIRCONUS_API_TOKEN: "not-a-uuid-0000",
        CIRCONUS_API_TOKEN_EXPIRES_AT: "next year",
      },
    });

    expect(error.problems.map((p) => p.name)).toEqual([
      "CIRCLECI_TOKEN",
      "CIRCLECI_BASE_URL",
      "CIRCONUS_API_TOKEN",
      "CIRCONUS_API_TOKEN_EXPIRES_AT",
      "CIRCONUS_API_APP",
    ]);
    const byName = Object.fromEntries(error.problems.map((p) => [p.name, p]));
    expect(byName.CIRCLECI_TOKEN!.problem).toMatch(/^not set/);
    expect(byName.CIRCLECI_TOKEN!.problem).toContain("a CircleCI personal API token");
    expect(byName.CIRCLECI_TOKEN!.fix).toContain("User Settings → Personal API Tokens");
    expect(byName.CIRCLECI_TOKEN!.fix).toContain("CIRCLECI_TOKEN_FILE");
    expect(byName.CIRCLECI_BASE_URL!.problem).toContain("not valid");
    expect(byName.CIRCLECI_BASE_URL!.problem).toContain("an absolute https URL");
    expect(byName.CIRCONUS_API_TOKEN!.problem).toContain("a Circonus API token (a UUID)");
    expect(byName.CIRCONUS_API_TOKEN!.fix).toContain("Integrations → API Tokens");
    expect(byName.CIRCONUS_API_APP!.problem).toMatch(/^not set/);
    expect(byName.CIRCONUS_API_TOKEN_EXPIRES_AT!.problem).toContain("ISO 8601");

    // One line per problem, each with its name and fix; never a value.
    const lines = error.message.split("\n");
    expect(lines[0]).toBe("5 environment variables are missing or invalid:");
    for (const problem of error.problems) {
      expect(lines.filter((line) => line.startsWith(` - ${problem.name}: `))).toEqual([
        ` - ${problem.name}: ${problem.problem} Fix: ${problem.fix}`,
      ]);
    }
    expect(error.fix).toContain("each variable listed above");
    expect(error.kind).toBe("configuration");
    for (const value of ["circleci.com/api/v2", "not-a-uuid-0000", "next year"]) {
      expect(error.message).not.toContain(value);
      expect(JSON.stringify(error)).not.toContain(value);
    }
  });

  it("uses a singular header for one problem", () => {
    const error = resolveError({ env: { ...VALID, CIRCONUS_API_APP: "tool weave!" } });
    expect(error.message.split("\n")[0]).toBe("1 environment variable is missing or invalid:");
    expect(error.problems).toEqual([
      expect.objectContaining({ name: "CIRCONUS_API_APP", problem: expect.stringContaining("not valid (Not an application name)") }),
    ]);
  });

  it("ends the message with the last problem: no trailing newline, the fix only in `fix`", () => {
    const error = resolveError({ env: { ...VALID, CIRCONUS_API_APP: "tool weave!", CIRCONUS_API_TOKEN: "not-a-uuid-0000" } });
    const lines = error.message.split("\n");
    // The header, then one line per problem, the last one last.
    expect(lines).toHaveLength(1 + error.problems.length);
    expect(error.problems).toHaveLength(2);
    expect(lines.at(-1)).toMatch(/^ - CIRCONUS_API_\w+: .* Fix: .*\S$/);
    expect(error.message).not.toContain(error.fix!);
    expect(JSON.parse(JSON.stringify(error)).message).toBe(error.message);
  });

  it("does not modify the env record", () => {
    const env = { ...VALID, CIRCLECI_TOKEN_CREATED_AT: "2025-01-31" };
    const copy = { ...env };
    createEnvSecrets({ env }).resolve([circleci, circonus]);
    expect(env).toEqual(copy);
  });

  it("reads process.env by default", () => {
    const name = "CIRCONUS_API_APP";
    // process.env is read at each call, not copied at creation.
    const provider = createEnvSecrets({ prefix: "SECRETS_ENV_TEST_" });
    process.env[`SECRETS_ENV_TEST_${name}`] = "from-process-env";
    try {
      const reports = provider.describe([circonus]);
      expect(reports.find((r) => r.name === name)).toMatchObject({ set: true, source: "env", display: "from-process-env" });
    } finally {
      delete process.env[`SECRETS_ENV_TEST_${name}`];
    }
  });
});

describe("<VAR>_FILE", () => {
  it("reads the value from the file, trimming the trailing newline", () => {
    const path = tempFile(`${VALID.CIRCLECI_TOKEN}\n`);
    const { ci } = settingsOf({ env: { ...VALID, CIRCLECI_TOKEN: undefined, CIRCLECI_TOKEN_FILE: path } });
    expect(revealed(ci.settings.token)).toBe(VALID.CIRCLECI_TOKEN);
    expect((ci.settings.token as Secret).label).toBe("CIRCLECI_TOKEN_FILE");
    expect(ci.sources.token).toEqual({ variable: "CIRCLECI_TOKEN_FILE", source: "file" });
  });

  it("works for non-secret settings too", () => {
    const path = tempFile("toolweave-prod\r\n");
    const { mon } = settingsOf({ env: { ...VALID, CIRCONUS_API_APP: "", CIRCONUS_API_APP_FILE: path } });
    expect(mon.settings.appName).toBe("toolweave-prod");
    expect(mon.sources.appName).toEqual({ variable: "CIRCONUS_API_APP_FILE", source: "file" });
  });

  it("reports an unreadable file by path and reason", () => {
    const path = join(dir, "missing", "circleci-token");
    const error = resolveError({ env: { ...VALID, CIRCLECI_TOKEN: undefined, CIRCLECI_TOKEN_FILE: path } });
    expect(error.problems).toEqual([
      {
        name: "CIRCLECI_TOKEN_FILE",
        problem: expect.stringContaining(`points to ${path}, which cannot be read (no such file)`),
        fix: expect.stringContaining(`Mount or create the file at ${path}`),
      },
    ]);
  });

  it("reports a file whose content is invalid without quoting it", () => {
    const path = tempFile("0f4b5c2e-not-a-uuid\n");
    const error = resolveError({ env: { ...VALID, CIRCONUS_API_TOKEN: "", CIRCONUS_API_TOKEN_FILE: path } });
    expect(error.problems).toEqual([
      expect.objectContaining({ name: "CIRCONUS_API_TOKEN_FILE", problem: expect.stringContaining("a Circonus API token (a UUID)") }),
    ]);
    expect(error.message).not.toContain("0f4b5c2e-not-a-uuid");
  });

  it("reports an empty file", () => {
    const path = tempFile("\n");
    const error = resolveError({ env: { ...VALID, CIRCLECI_TOKEN: undefined, CIRCLECI_TOKEN_FILE: path } });
    expect(error.problems[0]).toMatchObject({ name: "CIRCLECI_TOKEN_FILE", problem: expect.stringContaining("which is empty") });
  });

  it("refuses <VAR> and <VAR>_FILE both set, naming both", () => {
    const path = tempFile(VALID.CIRCLECI_TOKEN);
    const error = resolveError({ env: { ...VALID, CIRCLECI_TOKEN_FILE: path } });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]!.name).toBe("CIRCLECI_TOKEN");
    expect(error.problems[0]!.problem).toContain("both CIRCLECI_TOKEN (environment) and CIRCLECI_TOKEN_FILE (environment) are set");
    expect(error.problems[0]!.fix).toContain("Unset one of them");
  });

  it("uses the injected readFile", () => {
    const reads: string[] = [];
    const { mon } = settingsOf({
      env: { ...VALID, CIRCONUS_API_TOKEN: undefined, CIRCONUS_API_TOKEN_FILE: "/run/secrets/circonus" },
      readFile: (path) => {
        reads.push(path);
        return `${VALID.CIRCONUS_API_TOKEN}\n`;
      },
    });
    expect(reads).toEqual(["/run/secrets/circonus"]);
    expect(revealed(mon.settings.token)).toBe(VALID.CIRCONUS_API_TOKEN);
  });
});

describe(".env", () => {
  it("fills gaps from the .env file, never overriding the real environment, and says dotenv", () => {
    const envFile = tempFile(
      [
        "# local development",
        `CIRCLECI_TOKEN=${VALID.CIRCLECI_TOKEN}`,
        "CIRCONUS_API_APP=from-dotenv",
        'CIRCONUS_API_URL="https://api.circonus.dev.example.com/v2"',
        "SECRETS_ENV_DOTENV_ONLY=1",
        "",
      ].join("\n"),
    );
    const env = { CIRCONUS_API_TOKEN: VALID.CIRCONUS_API_TOKEN, CIRCONUS_API_APP: "from-env" };
    const provider = createEnvSecrets({ env, dotenv: envFile });
    const [ci, mon] = provider.resolve([circleci, circonus]);

    expect(provider.dotenvPath).toBe(resolve(envFile));
    expect(revealed(ci!.settings.token)).toBe(VALID.CIRCLECI_TOKEN);
    expect(ci!.sources.token).toEqual({ variable: "CIRCLECI_TOKEN", source: "dotenv" });
    expect(mon!.settings.appName).toBe("from-env");
    expect(mon!.sources.appName!.source).toBe("env");
    expect(mon!.settings.baseUrl).toBe("https://api.circonus.dev.example.com/v2");
    expect(mon!.sources.baseUrl!.source).toBe("dotenv");
    expect(env).toEqual({ CIRCONUS_API_TOKEN: VALID.CIRCONUS_API_TOKEN, CIRCONUS_API_APP: "from-env" });
    expect(process.env.SECRETS_ENV_DOTENV_ONLY).toBeUndefined();
    expect(process.env.CIRCONUS_API_APP).toBeUndefined();
  });

  it("fills a variable set to an empty string in the real environment", () => {
    const envFile = tempFile("CIRCONUS_API_APP=from-dotenv\n");
    const { mon } = settingsOf({ env: { ...VALID, CIRCONUS_API_APP: "" }, dotenv: envFile });
    expect(mon.settings.appName).toBe("from-dotenv");
    expect(mon.sources.appName).toEqual({ variable: "CIRCONUS_API_APP", source: "dotenv" });
  });

  it("treats a real <VAR> and a .env <VAR>_FILE as both set", () => {
    const envFile = tempFile("CIRCLECI_TOKEN_FILE=/run/secrets/circleci\n");
    const error = resolveError({ env: { ...VALID }, dotenv: envFile });
    expect(error.problems[0]!.problem).toContain(
      `both CIRCLECI_TOKEN (environment) and CIRCLECI_TOKEN_FILE (.env file ${resolve(envFile)}) are set`,
    );
  });

  it("reads ./.env for dotenv: true", () => {
    const reads: string[] = [];
    const { mon } = settingsOf({
      env: { CIRCLECI_TOKEN: VALID.CIRCLECI_TOKEN },
      dotenv: true,
      readFile: (path) => {
        reads.push(path);
        return `CIRCONUS_API_TOKEN=${VALID.CIRCONUS_API_TOKEN}\nCIRCONUS_API_APP=toolweave\n`;
      },
    });
    expect(reads).toEqual([resolve(".env")]);
    expect(mon.sources.token).toEqual({ variable: "CIRCONUS_API_TOKEN", source: "dotenv" });
  });

  it("skips a missing ./.env for dotenv: true, and says so in the fix of a missing variable", () => {
    const enoent = Object.assign(new Error("ENOENT: no such file or directory"), { code: "ENOENT" });
    const provider = createEnvSecrets({
      env: {},
      dotenv: true,
      readFile: () => {
        throw enoent;
      },
    });
    expect(provider.dotenvPath).toBeUndefined();
    const error = (() => {
      try {
        provider.resolve([circleci]);
      } catch (e) {
        return e as ConfigurationError;
      }
      throw new Error("expected an error");
    })();
    expect(error.problems[0]!.fix).toContain(`No .env file was found at ${resolve(".env")}.`);
  });

  it("refuses an explicit .env path that cannot be read, naming the path", () => {
    const path = join(dir, "no-such.env");
    expect(() => createEnvSecrets({ env: {}, dotenv: path })).toThrow(
      expect.objectContaining({
        kind: "configuration",
        message: expect.stringContaining(`Cannot read the .env file ${path} (no such file)`),
        fix: expect.stringContaining("`dotenv` option"),
      }),
    );
  });
});

describe("profiles", () => {
  it("reads <VAR>__<PROFILE> for a profile, with _FILE and dates on the full name", () => {
    const path = tempFile(`${VALID.CIRCONUS_API_TOKEN}\n`);
    const env = {
      ...VALID, // the unprofiled account, ignored
      CIRCLECI_TOKEN__ACME: "0123456789abcdef0123456789abcdef01234567",
      CIRCLECI_TOKEN__ACME_CREATED_AT: "2025-03-01",
      CIRCONUS_API_TOKEN__ACME_FILE: path,
      CIRCONUS_API_APP__ACME: "acme-toolweave",
    };
    const { ci, mon } = settingsOf({ env, profile: "acme" });
    expect(revealed(ci.settings.token)).toBe("0123456789abcdef0123456789abcdef01234567");
    expect((ci.settings.token as Secret).label).toBe("CIRCLECI_TOKEN__ACME");
    expect(ci.settings.tokenCreatedAt).toEqual(new Date("2025-03-01T00:00:00Z"));
    expect(ci.sources.tokenCreatedAt).toEqual({ variable: "CIRCLECI_TOKEN__ACME_CREATED_AT", source: "env" });
    expect(mon.sources.token).toEqual({ variable: "CIRCONUS_API_TOKEN__ACME_FILE", source: "file" });
    expect(mon.settings.appName).toBe("acme-toolweave");
  });

  it("does not fall back to the unprofiled variable, and hints at the expected name", () => {
    const error = resolveError({ env: { ...VALID }, profile: "acme" });
    expect(error.problems.map((p) => p.name)).toEqual([
      "CIRCLECI_TOKEN__ACME",
      "CIRCONUS_API_TOKEN__ACME",
      "CIRCONUS_API_APP__ACME",
    ]);
    expect(error.problems[0]!.fix).toContain(
      'CIRCLECI_TOKEN is set but not read: with profile "acme" the variable is CIRCLECI_TOKEN__ACME.',
    );
  });

  it("refuses an invalid profile name when the provider is created", () => {
    expect(() => createEnvSecrets({ env: {}, profile: "ACME" })).toThrow(
      expect.objectContaining({ kind: "configuration", message: expect.stringContaining("`profile`") }),
    );
  });
});

describe("prefix", () => {
  it("reads only prefixed variables", () => {
    const env = {
      TOOLWEAVE_CIRCLECI_TOKEN: VALID.CIRCLECI_TOKEN,
      TOOLWEAVE_CIRCONUS_API_TOKEN: VALID.CIRCONUS_API_TOKEN,
      TOOLWEAVE_CIRCONUS_API_APP: "toolweave",
      CIRCLECI_BASE_URL: "https://ignored.example.com/api/v2",
    };
    const { ci, mon } = settingsOf({ env, prefix: "TOOLWEAVE_" });
    expect((ci.settings.token as Secret).label).toBe("TOOLWEAVE_CIRCLECI_TOKEN");
    expect(ci.settings).not.toHaveProperty("baseUrl");
    expect(mon.sources.appName).toEqual({ variable: "TOOLWEAVE_CIRCONUS_API_APP", source: "env" });
  });

  it("combines with a profile", () => {
    const env = { TOOLWEAVE_CIRCLECI_TOKEN__ACME: VALID.CIRCLECI_TOKEN };
    const [ci] = createEnvSecrets({ env, prefix: "TOOLWEAVE_", profile: "acme" }).resolve([circleci]);
    expect(ci!.sources.token).toEqual({ variable: "TOOLWEAVE_CIRCLECI_TOKEN__ACME", source: "env" });
  });

  it("does not fall back to the unprefixed variable, and hints at the expected name", () => {
    const error = resolveError({ env: { ...VALID }, prefix: "TOOLWEAVE_" });
    expect(error.problems[0]!.name).toBe("TOOLWEAVE_CIRCLECI_TOKEN");
    expect(error.problems[0]!.fix).toContain(
      'CIRCLECI_TOKEN is set but not read: with prefix "TOOLWEAVE_" the variable is TOOLWEAVE_CIRCLECI_TOKEN.',
    );
  });

  it("refuses an invalid prefix", () => {
    expect(() => createEnvSecrets({ env: {}, prefix: "toolweave" })).toThrow(
      expect.objectContaining({ kind: "configuration", fix: expect.stringContaining('"TOOLWEAVE_"') }),
    );
  });
});

describe("empty strings", () => {
  it("count as unset for <VAR>, <VAR>_FILE and dates", () => {
    const error = resolveError({
      env: { ...VALID, CIRCLECI_TOKEN: "", CIRCLECI_TOKEN_FILE: "", CIRCLECI_TOKEN_CREATED_AT: "", CIRCLECI_BASE_URL: "" },
    });
    expect(error.problems).toEqual([expect.objectContaining({ name: "CIRCLECI_TOKEN", problem: expect.stringMatching(/^not set/) })]);
  });

  it("let <VAR>_FILE be used while <VAR> is empty (no conflict), and drop empty optional settings", () => {
    const path = tempFile(VALID.CIRCLECI_TOKEN);
    const { ci } = settingsOf({
      env: { ...VALID, CIRCLECI_TOKEN: "", CIRCLECI_TOKEN_FILE: path, CIRCLECI_BASE_URL: "", CIRCLECI_TOKEN_EXPIRES_AT: "" },
    });
    expect(ci.sources.token!.source).toBe("file");
    expect(Object.keys(ci.settings)).toEqual(["token"]);
  });
});

describe("rotation dates", () => {
  it("become ${setting}CreatedAt / ${setting}ExpiresAt Dates for secrets", () => {
    const { ci, mon } = settingsOf({
      env: {
        ...VALID,
        CIRCLECI_TOKEN_CREATED_AT: "2025-01-31",
        CIRCLECI_TOKEN_EXPIRES_AT: "2026-01-31T09:30:00+01:00",
        CIRCONUS_API_TOKEN_CREATED_AT: "2025-06-01T12:00:00Z",
      },
    });
    expect(ci.settings.tokenCreatedAt).toEqual(new Date("2025-01-31T00:00:00Z"));
    expect(ci.settings.tokenExpiresAt).toEqual(new Date("2026-01-31T08:30:00Z"));
    expect(ci.sources.tokenExpiresAt).toEqual({ variable: "CIRCLECI_TOKEN_EXPIRES_AT", source: "env" });
    expect(mon.settings.tokenCreatedAt).toEqual(new Date("2025-06-01T12:00:00Z"));
    expect(mon.settings).not.toHaveProperty("tokenExpiresAt");
  });

  it("are listed in the same error when invalid, with the expected format", () => {
    const error = resolveError({
      env: { ...VALID, CIRCLECI_TOKEN_CREATED_AT: "31/01/2025", CIRCONUS_API_TOKEN_EXPIRES_AT: "2025-02-30", CIRCONUS_API_APP: "" },
    });
    expect(error.problems.map((p) => p.name)).toEqual([
      "CIRCLECI_TOKEN_CREATED_AT",
      "CIRCONUS_API_TOKEN_EXPIRES_AT",
      "CIRCONUS_API_APP",
    ]);
    expect(error.problems[0]!.problem).toContain("an ISO 8601 date such as 2025-01-31");
    expect(error.problems[0]!.fix).toContain("Set CIRCLECI_TOKEN_CREATED_AT to the date the token was created");
    expect(error.message).not.toContain("31/01/2025");
  });

  it("refuses an expiry that is not after the creation date", () => {
    const error = resolveError({
      env: { ...VALID, CIRCLECI_TOKEN_CREATED_AT: "2025-05-01", CIRCLECI_TOKEN_EXPIRES_AT: "2025-04-01" },
    });
    expect(error.problems).toEqual([
      expect.objectContaining({ name: "CIRCLECI_TOKEN_EXPIRES_AT", problem: expect.stringContaining("not after CIRCLECI_TOKEN_CREATED_AT") }),
    ]);
  });

  it("defer to a variable the connector declares itself", () => {
    const env = { ...VALID, CIRCONUS_API_TOKEN_CREATED_AT: "2025-01-31", CIRCONUS_API_TOKEN_EXPIRES_AT: "2026-01-31" };
    const provider = createEnvSecrets({ env });
    const [mon] = provider.resolve([circonusDeclaringDate]);
    expect(mon!.settings.tokenCreatedAt).toBe("2025-01-31"); // the declared spec's validated string
    expect(mon!.settings.tokenExpiresAt).toEqual(new Date("2026-01-31T00:00:00Z"));
    const names = provider.describe([circonusDeclaringDate]).map((r) => r.name);
    expect(names.filter((n) => n === "CIRCONUS_API_TOKEN_CREATED_AT")).toHaveLength(1);

    const bad = createEnvSecrets({ env: { ...env, CIRCONUS_API_TOKEN_CREATED_AT: "Jan 31" } });
    expect(() => bad.resolve([circonusDeclaringDate])).toThrow(
      expect.objectContaining({
        problems: [expect.objectContaining({ name: "CIRCONUS_API_TOKEN_CREATED_AT", problem: expect.stringContaining('an ISO date, e.g. "2025-01-31"') })],
      }),
    );
  });

  it("are not read for non-secret settings", () => {
    const { ci } = settingsOf({ env: { ...VALID, CIRCLECI_BASE_URL_CREATED_AT: "garbage" } });
    expect(ci.settings).not.toHaveProperty("baseUrlCreatedAt");
  });
});

describe("isConfigured", () => {
  it("is true when every required variable is set, from any source, without validating", () => {
    const path = tempFile("whatever");
    const envFile = tempFile("CIRCONUS_API_APP=toolweave\n");
    const provider = createEnvSecrets({ env: { CIRCLECI_TOKEN: "not-valid", CIRCONUS_API_TOKEN_FILE: path }, dotenv: envFile });
    expect(provider.isConfigured(circleci)).toBe(true);
    expect(provider.isConfigured(circonus)).toBe(true);
  });

  it("is false when a required variable is missing or empty; optional ones do not matter", () => {
    const provider = createEnvSecrets({ env: { CIRCONUS_API_TOKEN: VALID.CIRCONUS_API_TOKEN, CIRCONUS_API_APP: "", CIRCLECI_BASE_URL: "https://circleci.com/api/v2" } });
    expect(provider.isConfigured(circleci)).toBe(false);
    expect(provider.isConfigured(circonus)).toBe(false);
  });

  it("uses prefix and profile", () => {
    const provider = createEnvSecrets({ env: { ...VALID, TW_CIRCLECI_TOKEN__ACME: "x" }, prefix: "TW_", profile: "acme" });
    expect(provider.isConfigured(circleci)).toBe(true);
    expect(provider.isConfigured(circonus)).toBe(false);
  });
});

describe("describe", () => {
  it("reports each variable: set or not, from where, masked secrets, plain settings, problems and fixes", () => {
    const tokenFile = tempFile(`${VALID.CIRCONUS_API_TOKEN}\n`);
    const envFile = tempFile("CIRCONUS_API_URL=https://api.circonus.example.com/v2\n");
    const provider = createEnvSecrets({
      env: {
        CIRCLECI_BASE_URL: "not a url",
        CIRCONUS_API_TOKEN_FILE: tokenFile,
        CIRCONUS_API_TOKEN_CREATED_AT: "2025-01-31",
        CIRCONUS_API_APP: "toolweave",
      },
      dotenv: envFile,
    });

    const reports = provider.describe([circleci, circonus]);
    expect(reports).toEqual([
      {
        connectorId: "circleci",
        name: "CIRCLECI_TOKEN",
        variable: "CIRCLECI_TOKEN",
        set: false,
        required: true,
        secret: true,
        problem: expect.stringMatching(/^not set/),
        fix: expect.stringContaining("Personal API Tokens"),
      },
      {
        connectorId: "circleci",
        name: "CIRCLECI_BASE_URL",
        variable: "CIRCLECI_BASE_URL",
        set: true,
        source: "env",
        display: "not a url",
        required: false,
        secret: false,
        problem: expect.stringContaining("not valid"),
        fix: expect.stringContaining("CircleCI Server"),
      },
      {
        connectorId: "circonus",
        name: "CIRCONUS_API_TOKEN",
        variable: "CIRCONUS_API_TOKEN_FILE",
        set: true,
        source: "file",
        display: "****5c7f",
        required: true,
        secret: true,
      },
      {
        connectorId: "circonus",
        name: "CIRCONUS_API_TOKEN_CREATED_AT",
        variable: "CIRCONUS_API_TOKEN_CREATED_AT",
        set: true,
        source: "env",
        display: "2025-01-31",
        required: false,
        secret: false,
      },
      {
        connectorId: "circonus",
        name: "CIRCONUS_API_APP",
        variable: "CIRCONUS_API_APP",
        set: true,
        source: "env",
        display: "toolweave",
        required: true,
        secret: false,
      },
      {
        connectorId: "circonus",
        name: "CIRCONUS_API_URL",
        variable: "CIRCONUS_API_URL",
        set: true,
        source: "dotenv",
        display: "https://api.circonus.example.com/v2",
        required: false,
        secret: false,
      },
    ]);
  });

  it("never throws, even with nothing set or unreadable files", () => {
    const provider = createEnvSecrets({ env: { CIRCLECI_TOKEN_FILE: join(dir, "nope") }, prefix: undefined });
    const reports = provider.describe([circleci, circonus]);
    expect(reports.find((r) => r.name === "CIRCLECI_TOKEN")).toMatchObject({
      variable: "CIRCLECI_TOKEN_FILE",
      set: true,
      source: "file",
      problem: expect.stringContaining("cannot be read"),
    });
    expect(reports.filter((r) => !r.set).map((r) => r.variable)).toEqual([
      "CIRCLECI_BASE_URL",
      "CIRCONUS_API_TOKEN",
      "CIRCONUS_API_APP",
      "CIRCONUS_API_URL",
    ]);
  });

  it("names the variable actually read for a prefix and profile", () => {
    const reports = createEnvSecrets({ env: {}, prefix: "TOOLWEAVE_", profile: "acme" }).describe([circleci]);
    expect(reports.map((r) => [r.name, r.variable])).toEqual([
      ["CIRCLECI_TOKEN", "TOOLWEAVE_CIRCLECI_TOKEN__ACME"],
      ["CIRCLECI_BASE_URL", "TOOLWEAVE_CIRCLECI_BASE_URL__ACME"],
    ]);
  });
});

describe("options", () => {
  it.each([
    [{ prefx: "TOOLWEAVE_" }, 'Unknown createEnvSecrets option "prefx"'],
    [{ dotenv: "" }, "`dotenv`"],
    [{ dotenv: 1 }, "`dotenv`"],
    [{ env: "CIRCLECI_TOKEN=x" }, "`env`"],
    [{ readFile: "fs" }, "`readFile`"],
  ])("refuses %j with a ConfigurationError naming the option", (options, message) => {
    expect(() => createEnvSecrets(options as unknown as EnvSecretsOptions)).toThrow(
      expect.objectContaining({ kind: "configuration", message: expect.stringContaining(message) }),
    );
  });
});
