import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIMULATED_CATALOG } from "../catalog.js";
import { runMain } from "../testing/run-main.js";
import { startSimulation, type Simulation } from "../simulation/sim-server.js";
import { SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_APP, SIM_CIRCONUS_TOKEN } from "../simulation/sim-credentials.js";

// A base URL with a wrong path reaches a server that answers 404 to the identity call (CircleCI
// `GET /me`, Circonus `GET /account/current` and `/user/current`): doctor must say that the base
// URL is wrong and name its variable, not "check the identifier".

const NOW = "2026-11-25T12:00:00Z";
let simulation: Simulation;

beforeAll(async () => {
  simulation = await startSimulation({ services: SIMULATED_CATALOG.services, now: Date.parse(NOW) });
});
afterAll(async () => {
  await simulation?.close();
});

const doctor = (env: Record<string, string>, json = false) => runMain(json ? ["doctor", "--json"] : ["doctor"], { TOOLWEAVE_SIM_NOW: NOW, NO_COLOR: "1", ...env }, { cwd: "/nonexistent" });

const circleci = () => ({ CIRCLECI_TOKEN: SIM_CIRCLECI_TOKEN, CIRCLECI_BASE_URL: simulation.circleciBaseUrl });
const circonus = () => ({ CIRCONUS_API_TOKEN: SIM_CIRCONUS_TOKEN, CIRCONUS_API_APP: SIM_CIRCONUS_APP, CIRCONUS_API_URL: simulation.circonusBaseUrl });
/** The part of doctor's text about one tool. */
const section = (text: string, name: string) => text.slice(text.indexOf(`${name}  `), text.indexOf("\n\n", text.indexOf(`${name}  `)));

describe("doctor with a base URL whose path is wrong (the identity call answers 404)", () => {
  it("CircleCI: says CIRCLECI_BASE_URL is wrong, with its expected form, instead of 'check the identifier'", async () => {
    const r = await doctor({ ...circleci(), ...circonus(), CIRCLECI_BASE_URL: `${simulation.url}/nope/api/v2` });
    expect(r.code).toBe(1);
    const text = section(r.stdout, "CircleCI");
    expect(text).toMatch(/✗ problem/);
    expect(text).toMatch(/→ .*CIRCLECI_BASE_URL.*(wrong|not the API)/);
    expect(text).toMatch(/→ .*https:\/\/circleci\.com\/api\/v2.*\/api\/v2/);
    expect(text).toContain(`${simulation.url}/nope/api/v2`);
    expect(text).not.toMatch(/Check the identifier/);
    // The other tool, whose URL is right, is unaffected.
    expect(section(r.stdout, "Circonus")).not.toMatch(/_URL.*wrong/);
    const json = JSON.parse((await doctor({ ...circleci(), ...circonus(), CIRCLECI_BASE_URL: `${simulation.url}/nope/api/v2` }, true)).stdout);
    expect(json.providers[0].todo.some((t: string) => /CIRCLECI_BASE_URL/.test(t))).toBe(true);
    expect(json.providers[0].todo.some((t: string) => /Check the identifier/.test(t))).toBe(false);
  });

  it("Circonus: says CIRCONUS_API_URL is wrong, with its expected form, instead of 'check the id or CID'", async () => {
    const r = await doctor({ ...circleci(), ...circonus(), CIRCONUS_API_URL: `${simulation.url}/nope/v2` });
    expect(r.code).toBe(1);
    const text = section(r.stdout, "Circonus");
    expect(text).toMatch(/✗ problem/);
    expect(text).toMatch(/→ .*CIRCONUS_API_URL.*(wrong|not the API)/);
    expect(text).toMatch(/→ .*https:\/\/api\.circonus\.com\/v2/);
    expect(text).not.toMatch(/Check the id or CID/);
    // Said once, though both identity calls (account and user) answered 404.
    expect(text.match(/CIRCONUS_API_URL.*(wrong|not the API)/g)).toHaveLength(1);
    expect(section(r.stdout, "CircleCI")).not.toMatch(/_URL.*wrong/);
  });

  it("a right base URL with a rejected token is still about the token, not the URL", async () => {
    const r = await doctor({ ...circleci(), ...circonus(), CIRCLECI_TOKEN: `CCIPAT_${"x".repeat(20)}_${"0".repeat(40)}` });
    expect(r.code).toBe(1);
    expect(section(r.stdout, "CircleCI")).not.toMatch(/CIRCLECI_BASE_URL.*wrong/);
  });
});
