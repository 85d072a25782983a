import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIMULATED_CATALOG } from "./catalog.js";
import { main } from "./main.js";
import { setupProviders, type Providers } from "./providers.js";
import { startServeServer, type ServeServer } from "./serve/server.js";
import { startSimulation, type Simulation } from "./simulation/sim-server.js";
import { SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_APP, SIM_CIRCONUS_TOKEN } from "./simulation/sim-credentials.js";

// One provider failure, one JSON shape: `demo status --json` and the page's
// `/api/services/<name>` describe the same failed provider with the same object. Both read one
// simulation (CircleCI down), as live tools, so even the failed request's URL is the same.

const NOW = "2026-11-25T12:00:00Z";

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve(body));
    })
      .on("error", reject)
      .end();
  });
}

describe("a provider's failure", () => {
  let simulation: Simulation;
  let providers: Providers;
  let server: ServeServer;
  let env: Record<string, string>;
  let catalogFile: string;

  beforeAll(async () => {
    simulation = await startSimulation({ services: SIMULATED_CATALOG.services, now: Date.parse(NOW), fault: "circleci-down" });
    env = {
      CIRCLECI_TOKEN: SIM_CIRCLECI_TOKEN,
      CIRCLECI_BASE_URL: simulation.circleciBaseUrl,
      CIRCONUS_API_TOKEN: SIM_CIRCONUS_TOKEN,
      CIRCONUS_API_APP: SIM_CIRCONUS_APP,
      CIRCONUS_API_URL: simulation.circonusBaseUrl,
    };
    catalogFile = join(mkdtempSync(join(tmpdir(), "toolweave-provider-view-")), "catalog.json");
    writeFileSync(catalogFile, JSON.stringify({ services: SIMULATED_CATALOG.services }));
    providers = await setupProviders({ env, simulated: false, catalog: SIMULATED_CATALOG, now: Date.parse(NOW) });
    server = await startServeServer({ providers, catalog: SIMULATED_CATALOG, port: 0, now: () => Date.parse(NOW), schemaVersion: 2 });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await providers?.close();
    await simulation?.close();
  });

  it("has one JSON shape in `status --json` and in /api/services/<name>", async () => {
    let stdout = "";
    const code = await main(["status", "web-shop", "--json", "--catalog", catalogFile], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: () => true },
      env: { ...env, TOOLWEAVE_SIM_NOW: NOW },
      cwd: process.cwd(),
    });
    expect(code).toBe(1);
    const cli = JSON.parse(stdout).providers as { id: string; ok: boolean }[];
    const api = JSON.parse(await get(`${server.url}api/services/web-shop`)).providers as { id: string; ok: boolean }[];

    const failed = cli.find((p) => p.id === "circleci");
    expect(failed).toMatchObject({ ok: false, error: { kind: "service", status: 503, provider: "circleci" } });
    expect(api.find((p) => p.id === "circleci")).toEqual(failed);
    // The provider that answered has the same fields in both, too.
    expect(Object.keys(api.find((p) => p.id === "circonus")!).sort()).toEqual(Object.keys(cli.find((p) => p.id === "circonus")!).sort());
  }, 60_000);
});
