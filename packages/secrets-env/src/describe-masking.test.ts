import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTRACT_VERSION, ConfigurationError, InvalidInputError, defineConnector, type Connector } from "@toolweave/core";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createEnvSecrets } from "./index.js";
import { VALID, circleci, circonus } from "./test-support/fake-connectors.js";

const dir = mkdtempSync(join(tmpdir(), "secrets-env-mask-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("describe() on URL variables", () => {
  it("masks credentials and secret-looking query parameters in URL variables", () => {
    const env = {
      ...VALID,
      CIRCLECI_BASE_URL: "https://deploy-bot:hunter2hunter2@circleci.example.com/api/v2?api_key=k3y-9f8e7d6c5b4a&circle-token=t0k3n-abcdef123456&page=2",
      CIRCONUS_API_URL: "https://api.circonus.example.com/v2?access_token=zz-secret-zz-123456",
    };
    const reports = createEnvSecrets({ env }).describe([circleci, circonus]);
    const shown = JSON.stringify(reports);
    for (const leaked of ["hunter2hunter2", "deploy-bot", "k3y-9f8e7d6c5b4a", "t0k3n-abcdef123456", "zz-secret-zz-123456"]) {
      expect(shown).not.toContain(leaked);
    }
    const base = reports.find((r) => r.name === "CIRCLECI_BASE_URL")!;
    expect(base.display).toContain("https://circleci.example.com/api/v2");
    expect(base.display).toContain("page=2");
  });

  it("masks credentials in a URL variable whose value is invalid too", () => {
    const env = { ...VALID, CIRCONUS_API_URL: "ftp://ops:s3cr3tpassw0rd@api.circonus.example.com/v2" };
    const reports = createEnvSecrets({ env }).describe([circonus]);
    expect(JSON.stringify(reports)).not.toContain("s3cr3tpassw0rd");
  });
});

/** A connector whose token schema accepts anything: the provider's own token rule must still apply. */
const lenient = defineConnector<Record<string, unknown>, Connector>({
  contractVersion: CONTRACT_VERSION,
  id: "lenient",
  displayName: "Lenient",
  credentialSchema: z.object({ token: z.unknown() }),
  env: [
    {
      name: "LENIENT_TOKEN",
      setting: "token",
      secret: true,
      required: true,
      schema: z.string().min(1),
      expected: "an API token",
      fix: "Set LENIENT_TOKEN to the token from the tool's settings page.",
      description: "Token.",
    },
  ],
  create: () => ({ id: "lenient", displayName: "Lenient" }) as unknown as Connector,
});

describe("secret values", () => {
  it.each([
    ["a line feed", "abcdef\nghijkl-0123456789", /line feed \(LF\)/],
    ["a carriage return", "abcdef\rghijkl-0123456789", /carriage return \(CR\)/],
    ["a NUL", "abcdef\u0000ghijkl-0123456789", /NUL/],
    ["a space", "abcdef ghijkl-0123456789", /a space/],
    ["a tab", "abcdef\tghijkl-0123456789", /a tab/],
  ])("a token with %s is refused by the shared token rule, whatever the connector's schema", (_what, value, reason) => {
    let error: unknown;
    try {
      createEnvSecrets({ env: { LENIENT_TOKEN: value } }).resolve([lenient]);
    } catch (e) {
      error = e;
    }
    expect(ConfigurationError.isInstance(error)).toBe(true);
    const problem = (error as ConfigurationError).problems[0]!;
    expect(problem.name).toBe("LENIENT_TOKEN");
    expect(problem.problem).toMatch(reason);
    expect(JSON.stringify((error as ConfigurationError).toJSON())).not.toContain("ghijkl");
  });

  it("a token file with a line break inside is refused; surrounding newlines are still trimmed", () => {
    const broken = join(dir, "broken");
    writeFileSync(broken, "abcdef\nghijkl-0123456789\n");
    expect(() => createEnvSecrets({ env: { LENIENT_TOKEN_FILE: broken } }).resolve([lenient])).toThrow(/line feed/);
    const fine = join(dir, "fine");
    writeFileSync(fine, "abcdefghijkl-0123456789\n");
    expect(createEnvSecrets({ env: { LENIENT_TOKEN_FILE: fine } }).resolve([lenient])[0]!.settings.token).toBeDefined();
    expect(createEnvSecrets({ env: { LENIENT_TOKEN: "  abcdefghijkl-0123456789\n" } }).resolve([lenient])[0]!.settings.token).toBeDefined();
  });
});

describe("descriptor arguments", () => {
  const provider = createEnvSecrets({ env: { ...VALID } });
  it.each([
    ["describe(null)", () => provider.describe(null as never), /describe: descriptors must be an array of connector descriptors \(got null\)/],
    ["describe(descriptor)", () => provider.describe(circleci as never), /describe: descriptors must be an array/],
    ["describe([null])", () => provider.describe([null] as never), /describe: descriptors\[0\] is not a connector descriptor \(got null\)/],
    ["resolve(descriptor)", () => provider.resolve(circleci as never), /resolve: descriptors must be an array/],
    ["resolve([{}])", () => provider.resolve([{}] as never), /resolve: descriptors\[0\] is not a connector descriptor \(got an object\)/],
    ["isConfigured(null)", () => provider.isConfigured(null as never), /isConfigured: descriptor is not a connector descriptor \(got null\)/],
  ])("%s gives InvalidInputError naming the argument, never a TypeError", (_label, call, message) => {
    let error: unknown;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
