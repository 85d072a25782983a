import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleEnv, startSimulation } from "../../support/start-simulation.mjs";

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL("../main.cjs", import.meta.url));
let sim;
beforeAll(async () => {
  sim = await startSimulation();
}, 30_000);
afterAll(() => sim?.stop());

describe("the CommonJS example (require of the ESM packages, Node 20.19+)", () => {
  it("loads every package with require() and answers from the simulated APIs", async () => {
    const { stdout } = await run(process.execPath, [MAIN, "gh/acme/checkout", "checkout", "prod"], { env: exampleEnv(sim.env) });
    expect(stdout).toMatch(/^latest pipeline of gh\/acme\/checkout on main: #\d+ \w+/m);
    expect(stdout).toMatch(/^active alerts tagged service:checkout, env:prod: [1-9]\d*$/m);
  });
});
