import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleEnv, startSimulation } from "../../support/start-simulation.mjs";

const run = promisify(execFile);
/** The Node ESM example, as built (plain ESM importing the packages by name). */
const EXAMPLE_DIR = fileURLToPath(new URL("../../node-esm/", import.meta.url));
const MAIN = `${EXAMPLE_DIR}dist/main.js`;
const BIN = fileURLToPath(new URL("../node_modules/.bin/", import.meta.url));

/** The runtimes from their npm packages (pinned in devDependencies), and how each runs a file. */
const RUNTIMES = [
  { name: "Bun", bin: `${BIN}bun`, args: [] as string[] },
  // -A: the example reads its variables, ./.env when present, and calls the APIs.
  { name: "Deno", bin: `${BIN}deno`, args: ["run", "-A", "--no-lock"] },
];

let sim: Awaited<ReturnType<typeof startSimulation>>;
beforeAll(async () => {
  sim = await startSimulation();
}, 30_000);
afterAll(() => sim?.stop());

describe.each(RUNTIMES)("the Node ESM example on $name (npm package)", ({ bin, args }) => {
  it("is installed from npm", () => {
    expect(existsSync(bin), `${bin} is missing: run pnpm install (the package's postinstall links the binary)`).toBe(true);
  });

  it("shows the service's latest pipeline, its active alerts and both tools' resources", async () => {
    const env: NodeJS.ProcessEnv = { ...exampleEnv(sim.env), DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1" };
    const { stdout } = await run(bin, [...args, MAIN, "gh/acme/checkout", "checkout", "prod"], { env, cwd: EXAMPLE_DIR });
    expect(stdout).toMatch(/^latest pipeline of gh\/acme\/checkout on main: #\d+ \w+/m);
    expect(stdout).toMatch(/^active alerts tagged service:checkout, env:prod: [1-9]\d*$/m);
    expect(stdout).toMatch(/^CircleCI: \d+ resource\(s\) for checkout/m);
    expect(stdout).toMatch(/^Circonus: [1-9]\d* resource\(s\) for checkout/m);
  });

  it("fails with the fix and exit 1 when a variable is missing", async () => {
    const env: NodeJS.ProcessEnv = { ...exampleEnv(sim.env), DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1" };
    delete env.CIRCLECI_TOKEN;
    const failure = (await run(bin, [...args, MAIN], { env, cwd: EXAMPLE_DIR }).catch((error: unknown) => error)) as { code?: number; stderr?: string };
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/^configuration: [^]*CIRCLECI_TOKEN: not set/m);
  });
});
