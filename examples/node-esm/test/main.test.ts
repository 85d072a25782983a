import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleEnv, startSimulation } from "../../support/start-simulation.mjs";

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
let sim: Awaited<ReturnType<typeof startSimulation>>;
beforeAll(async () => {
  sim = await startSimulation();
}, 30_000);
afterAll(() => sim?.stop());

describe("the Node ESM example against the demo's simulated APIs", () => {
  it("shows the service's latest pipeline, its active alerts and both tools' resources", async () => {
    const { stdout } = await run(process.execPath, [MAIN, "gh/acme/checkout", "checkout", "prod"], { env: exampleEnv(sim.env) });
    expect(stdout).toMatch(/^latest pipeline of gh\/acme\/checkout on main: #\d+ \w+/m);
    expect(stdout).toMatch(/^active alerts tagged service:checkout, env:prod: [1-9]\d*$/m);
    expect(stdout).toMatch(/^CircleCI: \d+ resource\(s\) for checkout/m);
    expect(stdout).toMatch(/^Circonus: [1-9]\d* resource\(s\) for checkout/m);
  });

  it("fails with the fix, exit 1 and no stack, when a variable is missing", async () => {
    const env = exampleEnv(sim.env);
    delete env.CIRCLECI_TOKEN;
    const failure = await run(process.execPath, [MAIN], { env, cwd: fileURLToPath(new URL("..", import.meta.url)) }).catch((error: { code: number; stderr: string }) => error);
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stderr: string }).stderr).toMatch(/^configuration: [^]*CIRCLECI_TOKEN: not set/m);
    expect((failure as { stderr: string }).stderr).not.toMatch(/\n\s+at /);
  });
});
