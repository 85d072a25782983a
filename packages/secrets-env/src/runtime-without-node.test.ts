import { Secret } from "@toolweave/core";
import { configurationErrorOf } from "@toolweave/core/testing";
import { describe, expect, it } from "vitest";
import { createEnvSecrets } from "./create-env-secrets.js";
import { VALID, circleci } from "./test-support/fake-connectors.js";

/** Runs `fn` as on a runtime without `process` (a browser, a Worker): synchronously, then restores it. */
function withoutProcess<T>(fn: () => T): T {
  const saved = globalThis.process;
  Object.defineProperty(globalThis, "process", { value: undefined, configurable: true, writable: true });
  try {
    return fn();
  } finally {
    Object.defineProperty(globalThis, "process", { value: saved, configurable: true, writable: true });
  }
}

describe("createEnvSecrets where there is no process (browsers, Workers)", () => {
  it("reads a given env record", () => {
    const [resolved] = withoutProcess(() => createEnvSecrets({ env: { CIRCLECI_TOKEN: VALID.CIRCLECI_TOKEN } }).resolve([circleci]));
    expect(resolved.settings.token).toBeInstanceOf(Secret);
    expect(resolved.sources.token).toEqual({ variable: "CIRCLECI_TOKEN", source: "env" });
  });

  it("asks for env when none is given", () => {
    const error = withoutProcess(() => configurationErrorOf(() => createEnvSecrets()));
    expect(error.message).toMatch(/no process\.env/);
    expect(error.fix).toMatch(/`env` option/);
  });

  it("says a _FILE variable cannot be read here, with the fix", () => {
    const error = withoutProcess(() => configurationErrorOf(() => createEnvSecrets({ env: { CIRCLECI_TOKEN_FILE: "/run/secrets/token" } }).resolve([circleci])));
    expect(error.message).toMatch(/CIRCLECI_TOKEN_FILE: points to \/run\/secrets\/token, but this runtime cannot read files/);
    expect(error.problems?.[0]?.fix).toMatch(/Set CIRCLECI_TOKEN itself/);
  });

  it("says .env cannot be read here", () => {
    const error = withoutProcess(() => configurationErrorOf(() => createEnvSecrets({ env: {}, dotenv: true })));
    expect(error.message).toMatch(/Cannot read the \.env file \.env: this runtime cannot read files/);
  });

  it("still reads _FILE through an injected readFile", () => {
    const [resolved] = withoutProcess(() =>
      createEnvSecrets({ env: { CIRCLECI_TOKEN_FILE: "/token" }, readFile: () => `${VALID.CIRCLECI_TOKEN}\n` }).resolve([circleci]),
    );
    expect((resolved.settings.token as Secret).reveal()).toBe(VALID.CIRCLECI_TOKEN);
    expect(resolved.sources.token?.source).toBe("file");
  });
});

describe("createEnvSecrets with an env record on Node", () => {
  it("never reads process.env", () => {
    const saved = process.env;
    const reads: PropertyKey[] = [];
    process.env = new Proxy({}, { get: (_t, key) => (reads.push(key), undefined), ownKeys: () => (reads.push("ownKeys"), []) }) as NodeJS.ProcessEnv;
    try {
      createEnvSecrets({ env: { CIRCLECI_TOKEN: VALID.CIRCLECI_TOKEN } }).resolve([circleci]);
    } finally {
      process.env = saved;
    }
    expect(reads).toEqual([]);
  });
});
