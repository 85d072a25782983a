import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIMULATED_CATALOG } from "./catalog.js";
import { startSimulation, type Simulation } from "./simulation/sim-server.js";
import { SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_APP, SIM_CIRCONUS_TOKEN } from "./simulation/sim-credentials.js";
import { buildPrivateCli, childExit, type ChildExit } from "./testing/private-cli-build.js";

// A tool's data can carry a secret the demo holds: a token pasted into a commit message, an
// actor, an alert's name or link, an annotation. The simulation's "secrets-in-data" fault puts
// both simulated tokens there; real CLI processes (and the real serve server) hold those tokens,
// and not one byte of any output, nor of what `annotate --apply` writes to Circonus, may carry them.

const NOW = "2026-11-25T12:00:00Z";
const TOKENS = { CIRCLECI_TOKEN: SIM_CIRCLECI_TOKEN, CIRCONUS_API_TOKEN: SIM_CIRCONUS_TOKEN };
/** Generous: node processes on a loaded 2-core machine. */
const TEST_TIMEOUT = 180_000;

let cli = "";
let removeCli = () => {};
let simulation: Simulation;
let dir = "";
let liveEnv: Record<string, string> = {};

/** The environment with no inherited tool or demo variables. */
const cleanEnv = () =>
  ({
    ...Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && !/^(CIRCLECI_|CIRCONUS_|TOOLWEAVE_|FORCE_COLOR|NODE_OPTIONS)/.test(k))),
    NO_COLOR: "1",
    TOOLWEAVE_SIM_NOW: NOW,
  }) as Record<string, string>;

beforeAll(async () => {
  ({ cli, remove: removeCli } = await buildPrivateCli("secrets-in-data"));
  simulation = await startSimulation({ services: SIMULATED_CATALOG.services, now: Date.parse(NOW), fault: "secrets-in-data" });
  dir = mkdtempSync(join(tmpdir(), "toolweave-secrets-in-data-"));
  const catalog = join(dir, "catalog.json");
  writeFileSync(catalog, JSON.stringify({ services: SIMULATED_CATALOG.services }));
  // As after pasting `demo simulate`'s lines: live mode, the simulation's URLs and tokens.
  liveEnv = {
    ...cleanEnv(),
    CIRCLECI_BASE_URL: simulation.circleciBaseUrl,
    CIRCONUS_API_URL: simulation.circonusBaseUrl,
    CIRCONUS_API_APP: SIM_CIRCONUS_APP,
    TOOLWEAVE_CATALOG: catalog,
    ...TOKENS,
  };
}, TEST_TIMEOUT);

afterAll(async () => {
  await simulation?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  removeCli();
});

const cliRun = (argv: string[], env: Record<string, string>): Promise<ChildExit> =>
  childExit(spawn(process.execPath, [cli, ...argv], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] }));

/** Fails naming the output and where in it a token (any letter case) appears. */
function expectNoToken(label: string, text: string): void {
  for (const [name, token] of Object.entries(TOKENS)) {
    const at = text.toLowerCase().indexOf(token.toLowerCase());
    expect(at, `${label} carries ${name}: …${text.slice(Math.max(0, at - 80), at + token.length + 20)}…`).toBe(-1);
  }
}

const circonusHeaders = { "X-Circonus-Auth-Token": SIM_CIRCONUS_TOKEN, "X-Circonus-App-Name": SIM_CIRCONUS_APP };

describe("a secret the demo holds, sent back inside tool data, is in no output", () => {
  it("the simulation really sends both tokens inside its data (so the checks below are not vacuous)", async () => {
    const pipelines = await (await fetch(`${simulation.circleciBaseUrl}/project/gh/acme/checkout/pipeline`, { headers: { "Circle-Token": SIM_CIRCLECI_TOKEN } })).text();
    const alerts = await (await fetch(`${simulation.circonusBaseUrl}/alert?search=${encodeURIComponent("(tags:service:checkout)")}`, { headers: circonusHeaders })).text();
    const annotations = await (await fetch(`${simulation.circonusBaseUrl}/annotation`, { headers: circonusHeaders })).text();
    for (const text of [pipelines, alerts, annotations]) {
      expect(text).toContain(SIM_CIRCLECI_TOKEN);
      expect(text).toContain(SIM_CIRCONUS_TOKEN);
    }
    expect(alerts).toContain(`?token=${SIM_CIRCONUS_TOKEN}`);
  });

  it(
    "timeline (text and --json)",
    async () => {
      const text = await cliRun(["timeline", "checkout", "--env", "prod"], liveEnv);
      expect(text.code, text.stderr).toBe(0);
      expectNoToken("timeline", text.stdout + text.stderr);
      expect(text.stdout).toMatch(/deploy-checkout deployed #1043/);
      // The tool's text is still shown, with the token masked.
      expect(text.stdout).toMatch(/ · by [a-z]+-[a-z]-CCIPAT_\*{4}/);
      const json = await cliRun(["timeline", "checkout", "--env", "prod", "--json"], liveEnv);
      expect(json.code, json.stderr).toBe(0);
      expectNoToken("timeline --json", json.stdout + json.stderr);
      const out = JSON.parse(json.stdout) as { events: { kind: string; url?: string; title: string }[] };
      expect(out.events.filter((e) => e.kind === "alert-opened").every((e) => /\?token=REDACTED&circle-token=REDACTED$/.test(e.url ?? ""))).toBe(true);
      expect(out.events.some((e) => e.kind === "annotation" && e.title.startsWith("[change] DB pool size raised ("))).toBe(true);
    },
    TEST_TIMEOUT,
  );

  it(
    "status (text and --json)",
    async () => {
      const text = await cliRun(["status", "checkout"], liveEnv);
      expect(text.code, text.stderr).toBe(0);
      expectNoToken("status", text.stdout + text.stderr);
      expect(text.stdout).toContain("Latest pipeline #1045");
      expect(text.stdout).toMatch(/health CCIPAT_\*{4}/);
      const json = await cliRun(["status", "checkout", "--json"], liveEnv);
      expect(json.code, json.stderr).toBe(0);
      expectNoToken("status --json", json.stdout + json.stderr);
      const out = JSON.parse(json.stdout) as { providers: { data: { alerts?: { url: string }[] } }[] };
      expect(out.providers[1]!.data.alerts!.length).toBeGreaterThan(0);
      for (const alert of out.providers[1]!.data.alerts!) expect(alert.url).toMatch(/\?token=REDACTED&circle-token=REDACTED$/);
    },
    TEST_TIMEOUT,
  );

  it(
    "annotate --json, and the annotations annotate --apply writes to Circonus (read back from it)",
    async () => {
      const argv = ["annotate", "checkout", "--env", "prod", "--since", "7d", "--json"];
      const dry = await cliRun(argv, liveEnv);
      expect(dry.code, dry.stderr).toBe(0);
      const applied = await cliRun([...argv, "--apply"], liveEnv);
      expect(applied.code, applied.stderr).toBe(0);
      const report = JSON.parse(applied.stdout) as { create: { cid: string }[] };
      const created = new Set(report.create.map((a) => a.cid));
      expect(created.size).toBeGreaterThan(0);
      const stored = (await (await fetch(`${simulation.circonusBaseUrl}/annotation?size=1000`, { headers: circonusHeaders })).json()) as { _cid: string; description: string }[];
      const written = stored.filter((a) => created.has(a._cid));
      expect(written.length).toBe(created.size);
      // Checked first: a secret written into another tool stays there.
      const carrying = written.filter((a) => Object.values(TOKENS).some((token) => JSON.stringify(a).toLowerCase().includes(token.toLowerCase())));
      expect(carrying.map((a) => a._cid), `${carrying.length} of ${written.length} annotations written carry a token`).toEqual([]);
      for (const annotation of written) {
        expectNoToken(`annotation ${annotation._cid} in Circonus`, JSON.stringify(annotation));
        // Built from the redacted fields: who deployed and the commit are still there, masked.
        expect(annotation.description).toMatch(/ by [a-z]+-[a-z]-CCIPAT_\*{4}/);
      }
      expectNoToken("annotate --json", dry.stdout + dry.stderr);
      expect((JSON.parse(dry.stdout) as { create: unknown[] }).create.length).toBeGreaterThan(0);
      expectNoToken("annotate --apply --json", applied.stdout + applied.stderr);
    },
    TEST_TIMEOUT,
  );

  it(
    "the serve page (HTML) and its JSON",
    async () => {
      const child = spawn(process.execPath, [cli, "serve", "--port", "0"], { cwd: dir, env: liveEnv, stdio: ["ignore", "pipe", "pipe"] });
      const exit = childExit(child);
      try {
        let printed = "";
        child.stdout.on("data", (d: Buffer) => (printed += d.toString()));
        await expect.poll(() => printed, { timeout: 90_000 }).toMatch(/ on http:\/\/127\.0\.0\.1:\d+\//);
        const url = / on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(printed)![1]!;
        const pages: [string, string][] = [];
        for (const path of ["", "api/services", "services/checkout?env=prod&since=7d", "services/checkout", "api/services/checkout?env=prod&since=7d", "api/services/checkout"]) {
          const response = await fetch(`${url}${path}`);
          expect(response.status, path).toBe(200);
          pages.push([path, await response.text()]);
        }
        for (const [path, body] of pages) expectNoToken(`serve /${path}`, body);
        const page = pages.find(([path]) => path === "services/checkout?env=prod&since=7d")![1];
        expect(page).toContain("DB pool size raised (");
        expect(page).toMatch(/CCIPAT_\*{4}/);
      } finally {
        child.kill("SIGINT");
      }
      const ended = await exit;
      expect(ended.code, ended.stderr).toBe(0);
      expectNoToken("serve's own output", ended.stdout + ended.stderr);
    },
    TEST_TIMEOUT,
  );

  it(
    "the same in simulated mode (TOOLWEAVE_SIM_FAULT=secrets-in-data, the demo's own simulation)",
    async () => {
      const env = { ...cleanEnv(), TOOLWEAVE_SIM_FAULT: "secrets-in-data" };
      for (const argv of [
        ["timeline", "checkout", "--env", "prod"],
        ["timeline", "checkout", "--env", "prod", "--json"],
        ["status", "checkout"],
        ["annotate", "checkout", "--env", "prod", "--json"],
      ]) {
        const r = await cliRun(argv, env);
        expect(r.code, `${argv.join(" ")}: ${r.stderr}`).toBe(0);
        expectNoToken(argv.join(" "), r.stdout + r.stderr);
        expect(r.stdout, argv.join(" ")).toMatch(/CCIPAT_\*{4}/);
      }
    },
    TEST_TIMEOUT,
  );
});
