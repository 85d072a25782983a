import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { createEnvSecrets, type EnvSecretsOptions } from "./index.js";
import { VALID, circleci, circonus } from "./test-support/fake-connectors.js";

// A valid CircleCI personal token and an invalid Circonus one, both carrying a marker.
const CANARY = "CCIPAT_CanaryLeakXq9Rt_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d";
const CANARY_INVALID = "CanaryLeak-circonus-token-that-is-no-uuid";
const MARKER = "CanaryLeak";

const dir = mkdtempSync(join(tmpdir(), "secrets-env-leak-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Every way an error or a result gets printed. */
function renderings(value: unknown): string[] {
  const out = [JSON.stringify(value) ?? "", inspect(value, { depth: Infinity, showHidden: true }), String(value)];
  if (value instanceof Error) out.push(value.message, value.stack ?? "");
  return out;
}

function expectClean(value: unknown): void {
  for (const text of renderings(value)) {
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(CANARY_INVALID);
    expect(text).not.toContain(MARKER);
  }
}

function thrownBy(options: EnvSecretsOptions): unknown {
  try {
    createEnvSecrets(options).resolve([circleci, circonus]);
  } catch (error) {
    return error;
  }
  throw new Error("expected resolve() to throw");
}

const scenarios: [string, () => EnvSecretsOptions][] = [
  ["a valid secret next to missing variables", () => ({ env: { CIRCLECI_TOKEN: CANARY } })],
  ["an invalid secret", () => ({ env: { ...VALID, CIRCONUS_API_TOKEN: CANARY_INVALID } })],
  ["an invalid secret read from a file", () => ({ env: { ...VALID, CIRCONUS_API_TOKEN: "", CIRCONUS_API_TOKEN_FILE: file("bad", `${CANARY_INVALID}\n`) } })],
  ["a secret set both directly and through _FILE", () => ({ env: { ...VALID, CIRCLECI_TOKEN: CANARY, CIRCLECI_TOKEN_FILE: file("dup", CANARY) } })],
  ["a secret in .env next to a bad date", () => ({ env: { ...VALID, CIRCLECI_TOKEN: "", CIRCLECI_TOKEN_CREATED_AT: "soon" }, dotenv: file("leak.env", `CIRCLECI_TOKEN=${CANARY}\n`) })],
  ["an invalid non-secret setting", () => ({ env: { ...VALID, CIRCLECI_BASE_URL: `${MARKER}-not-a-url` } })],
  ["an invalid profile-scoped secret", () => ({ env: { CIRCONUS_API_TOKEN__ACME: CANARY_INVALID }, profile: "acme" })],
];

describe("a secret value never leaks", () => {
  it.each(scenarios)("from the error for %s", (_name, options) => {
    const error = thrownBy(options());
    expectClean(error);
    expectClean((error as { problems: unknown }).problems);
    expectClean((error as { toJSON(): unknown }).toJSON());
  });

  // describe() shows non-secret settings (base URLs, app names) in plain text by design.
  const secretScenarios = scenarios.filter(([name]) => !name.includes("non-secret"));

  it.each(secretScenarios)("from describe() for %s", (_name, options) => {
    const reports = createEnvSecrets(options()).describe([circleci, circonus]);
    expectClean(reports);
    for (const report of reports) expectClean(report.display);
  });

  it("from resolved settings, whatever the source", () => {
    const providers = [
      createEnvSecrets({ env: { ...VALID, CIRCLECI_TOKEN: CANARY } }),
      createEnvSecrets({ env: { ...VALID, CIRCLECI_TOKEN: "", CIRCLECI_TOKEN_FILE: file("ok", `${CANARY}\n`) } }),
      createEnvSecrets({ env: { ...VALID, CIRCLECI_TOKEN: undefined }, dotenv: file("ok.env", `CIRCLECI_TOKEN=${CANARY}\n`) }),
    ];
    for (const provider of providers) {
      const resolved = provider.resolve([circleci, circonus]);
      expectClean(resolved);
      const token = resolved[0]!.settings.token as { reveal(): string };
      expectClean(token);
      expect(String(token)).toBe(`CCIPAT_****${CANARY.slice(-4)}`);
      // The value is still there for the connector's authenticate callback.
      expect(token.reveal()).toBe(CANARY);
    }
  });
});
