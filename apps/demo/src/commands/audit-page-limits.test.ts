import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCatalog, type Catalog } from "../catalog.js";
import { createPainter } from "../io.js";
import { main } from "../main.js";
import { setupProviders, type Providers } from "../providers.js";
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderAudit, runAudit } from "./audit.js";

// A large catalog makes the audit's lists longer than one run reads: CircleCI's contexts past
// the connectors' 1000 pages, Circonus' check bundles past the API's offset limit. The CLI then
// says what it checked and what a CLI user can do, never a library option ("Raise maxPages",
// "toArray({ limit })", search filters).

const NOW = "2026-11-25T12:00:00Z";
const LIBRARY_WORDS = /maxPages|toArray|f_ filters|narrow the query/;
const catalogOf = (count: number): Catalog =>
  parseCatalog({ services: Array.from({ length: count }, (_, i) => ({ name: `svc-${i}`, repo: `gh/acme/svc-${i}`, envs: ["staging", "prod"], team: `team-${i % 40}` })) }, "generated catalog");

describe("audit on a catalog larger than one list reads", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "toolweave-audit-limits-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("CircleCI contexts past --max-pages: the contexts read are checked, the fix speaks CLI", async () => {
    // 20 services in two envs: 40 contexts, 14 pages of the simulation's 3; --max-pages 5 reads 15.
    const file = join(dir, "catalog.json");
    writeFileSync(file, JSON.stringify({ services: catalogOf(20).services }));
    let stdout = "";
    const code = await main(["audit", "--service", "svc-1", "--catalog", file, "--simulated", "--max-pages", "5"], {
      stdout: { write: (t: string) => ((stdout += t), true), isTTY: false },
      stderr: { write: () => true, isTTY: false },
      env: { TOOLWEAVE_SIM_NOW: NOW, NO_COLOR: "1" },
      cwd: dir,
    });
    expect(code, stdout).toBe(3);
    expect(stdout).toContain("- missing: contexts of organization gh/acme");
    expect(stdout).toContain("Fix: The 15 contexts read were checked; the rest were not");
    expect(stdout).toContain("Rerun with a higher --max-pages");
    expect(stdout).not.toMatch(LIBRARY_WORDS);
  }, 60_000);

  describe("Circonus check bundles past the API's offset limit", () => {
    let providers: Providers;
    const catalog = catalogOf(700);
    beforeAll(async () => {
      providers = await setupProviders({ env: {}, simulated: true, catalog, now: Date.parse(NOW) });
    }, 60_000);
    afterAll(() => providers?.close());

    it("audits the bundles read and says to audit one service at a time", async () => {
      const circonusOnly = { ...providers, connectors: [providers.circonus!] };
      const results = await runAudit(circonusOnly, catalog.services, undefined);
      expect(results[0]).toMatchObject({ ok: true });
      const text = renderAudit("simulated", results, createPainter({ write: () => true, isTTY: false }, { NO_COLOR: "1" }));
      expect(text).toContain("- missing: check bundles\n");
      expect(text).toContain("toolweave-demo audit --service <name> reads only the bundles tagged service:<name>");
      expect(text).not.toMatch(LIBRARY_WORDS);
      // One service's bundles fit in one list: nothing is missing.
      const one = await runAudit(circonusOnly, [catalog.services[699]!], "svc-699");
      expect(one[0]).toMatchObject({ ok: true, value: { incomplete: [] } });
    }, 120_000);
  });
});
