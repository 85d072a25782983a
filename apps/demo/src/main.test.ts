import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main, VERSION } from "./main.js";
import { runMain } from "./testing/run-main.js";
import { SIMULATED_CATALOG } from "./catalog.js";
import { startSimulation } from "./simulation/sim-server.js";
import { SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_APP, SIM_CIRCONUS_TOKEN } from "./simulation/sim-credentials.js";

const NOW = "2026-11-25T12:00:00Z";
const CANARY_CIRCLECI = "CCIPAT_Canary9zQ_0123456789abcdef0123456789abcdef01234567";
const everything: string[] = [];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], env: Record<string, string> = {}, tty = false, signal?: AbortSignal): Promise<Run> {
  const r = await runMain(argv, { TOOLWEAVE_SIM_NOW: NOW, ...env }, { tty, ...(signal ? { signal } : {}) });
  everything.push(r.stdout, r.stderr);
  return r;
}

const ANSI = /\u001b\[/;

describe("status", () => {
  it("shows CI and monitoring side by side on the simulated world, and says it is simulated", async () => {
    const r = await run(["status", "checkout"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("SIMULATED DATA");
    expect(r.stdout).toMatch(/CircleCI {2}project gh\/acme\/checkout · default branch main/);
    expect(r.stdout).toMatch(/Latest pipeline #1045 on main · 30m ago · by \S+ · [0-9a-f]{7} · on_hold/);
    expect(r.stdout).toMatch(/deploy-checkout +on_hold +https:\/\/app\.circleci\.simulated\.invalid\/pipelines\/github\/acme\/checkout\/1045\/workflows\//);
    // Simulated links never point at the real CircleCI.
    expect(r.stdout).not.toContain("app.circleci.com");
    expect(r.stdout).toMatch(/staging +#\d{4} +\d+h ago +[0-9a-f]{7} +by \S+ +https:\/\//);
    expect(r.stdout).toMatch(/prod +#\d{4} +\d+h ago/);
    expect(r.stdout).toMatch(/build-api +\d+% of \d+ runs +median \d+m \d+s +p95 \d+m \d+s/);
    expect(r.stdout).toContain("Active alerts tagged service:checkout: 1× sev1, 1× sev2");
    expect(r.stdout).toMatch(/sev1 +checkout\.prod\.acme\.example health +duration = 3412/);
    expect(r.stdout).toContain("Check bundles tagged service:checkout: 4");
    // Words, not Circonus search syntax or CircleCI's window ids.
    expect(r.stdout).not.toMatch(/\(tags:|\(active:|last-30-days/);
    expect(r.stdout).toContain("Workflows (last 30 days, branch main)");
    expect(r.stdout).not.toMatch(ANSI);
  });

  it("narrows to one environment with --env", async () => {
    const r = await run(["status", "checkout", "--env", "staging"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("checkout (staging)");
    expect(r.stdout).not.toMatch(/^ +prod +#/m);
    expect(r.stdout).toContain("Active alerts tagged service:checkout, env:staging: none");
  });

  it("prints a stable JSON shape with --json", async () => {
    const r = await run(["status", "checkout", "--json"]);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data).toMatchObject({ schemaVersion: 2, command: "status", mode: "simulated", generatedAt: "2026-11-25T12:00:00.000Z", env: null, service: { name: "checkout", repo: "gh/acme/checkout" } });
    const [circleci, circonus] = data.providers;
    expect(circleci).toMatchObject({ id: "circleci", ok: true, configured: true });
    expect(circleci.data.latest.pipeline.number).toBe(1045);
    expect(circleci.data.deploys.map((d: { env: string }) => d.env)).toEqual(["staging", "prod"]);
    expect(circleci.data.deploys[1].deploy.commitSha).toMatch(/^[0-9a-f]{40}$/);
    expect(circonus).toMatchObject({ id: "circonus", ok: true, data: { alertsBySeverity: { "1": 1, "2": 1 } } });
    expect(circonus.data.alerts[0]).toMatchObject({ severity: 1, url: expect.stringMatching(/^https:\/\/acme-sim\.circonus\.simulated\.invalid\//) });
    // Simulated links never point at a real tool.
    expect(JSON.stringify(data)).not.toMatch(/https:\/\/(app\.circleci\.com|[a-z-]+\.circonus\.com)/);
  });

  it("keeps showing CircleCI when Circonus is down, with the error and its fix (exit 1)", async () => {
    const r = await run(["status", "checkout"], { TOOLWEAVE_SIM_FAULT: "circonus-down" });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Latest pipeline #1045");
    expect(r.stdout).toMatch(/Circonus\n {2}✗ .*HTTP 503/);
    expect(r.stdout).toMatch(/Fix: /);
    const json = JSON.parse((await run(["status", "checkout", "--json"], { TOOLWEAVE_SIM_FAULT: "circonus-down" })).stdout);
    expect(json.providers[0].ok).toBe(true);
    expect(json.providers[1]).toMatchObject({ id: "circonus", ok: false, error: { kind: "service", status: 503 } });
    // Review of #27: `complete: false` names what is missing — a provider that failed is an incomplete part, with its fix.
    expect(json.complete).toBe(false);
    expect(json.incomplete).toEqual([expect.objectContaining({ provider: "circonus", lookup: "Circonus status of checkout", retryable: true, error: expect.objectContaining({ kind: "service", fix: expect.any(String) }) })]);
  });

  it("explains a Circonus app that is not approved yet", async () => {
    const r = await run(["status", "checkout"], { TOOLWEAVE_SIM_FAULT: "circonus-unapproved" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/approv/i);
    expect(r.stdout).toMatch(/API Tokens/);
  });

  it("says plainly what is missing and why when the newest pipeline's workflows cannot be read, and exits 3", async () => {
    const r = await run(["status", "checkout"], { TOOLWEAVE_SIM_FAULT: "circleci-workflows-down" });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/Latest pipeline #1045 on main .* unknown/);
    expect(r.stdout).toMatch(/! Incomplete: \d+ lookup\(s\) could not be made/);
    expect(r.stdout).toMatch(/- missing: workflows of pipeline #1045 \(gh\/acme\/checkout\)/);
    expect(r.stdout).toMatch(/- missing: last \w+ deploy: workflows of pipeline #1045 \(gh\/acme\/checkout\), which could hold a later-finishing deploy-checkout/);
    expect(r.stdout).toMatch(/why: .*HTTP 503.*\(temporary: retrying may work\)/);
    expect(r.stdout).toMatch(/Fix: /);
    expect(r.stdout).toMatch(/\(incomplete: may not be the last, see below\)|none found, but some pipelines could not be read/);
  });

  it("carries the incomplete parts in --json, with complete: false", async () => {
    const r = await run(["status", "checkout", "--json"], { TOOLWEAVE_SIM_FAULT: "circleci-workflows-down" });
    expect(r.code).toBe(3);
    const json = JSON.parse(r.stdout);
    expect(json.complete).toBe(false);
    expect(json.incomplete[0]).toMatchObject({
      provider: "circleci",
      lookup: "workflows of pipeline #1045 (gh/acme/checkout)",
      retryable: true,
      error: { kind: "service", status: 503, isRetryable: true },
    });
    expect(json.providers[0]).toMatchObject({ id: "circleci", ok: true, incomplete: expect.arrayContaining([expect.objectContaining({ retryable: true })]) });
    const clean = JSON.parse((await run(["status", "checkout", "--json"])).stdout);
    expect(clean).toMatchObject({ complete: true, incomplete: [] });
  });

  it("shows CircleCI failing while Circonus still answers", async () => {
    const r = await run(["status", "web-shop"], { TOOLWEAVE_SIM_FAULT: "circleci-down" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/CircleCI\n {2}✗ /);
    expect(r.stdout).toContain("Active alerts tagged service:web-shop: 1× sev3");
  });
});

describe("colours", () => {
  it("are used on a TTY only, and never with NO_COLOR", async () => {
    expect((await run(["services"], {}, true)).stdout).toMatch(ANSI);
    expect((await run(["services"], { NO_COLOR: "1" }, true)).stdout).not.toMatch(ANSI);
    expect((await run(["services"], {}, false)).stdout).not.toMatch(ANSI);
    expect((await run(["services"], { FORCE_COLOR: "1" }, false)).stdout).toMatch(ANSI);
    expect((await run(["services"], { FORCE_COLOR: "1", NO_COLOR: "1" }, false)).stdout).not.toMatch(ANSI);
  });
});

describe("doctor", () => {
  it("reports each credential masked, whether it works, and rotation advice", async () => {
    const r = await run(["doctor"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/CircleCI .*works, with advice/);
    expect(r.stdout).toMatch(/credential +personal CCIPAT_\*{4}[0-9a-f]{4}/);
    expect(r.stdout).toContain("47 days old");
    expect(r.stdout).toContain("due for rotation soon");
    expect(r.stdout).not.toContain("rotate-soon");
    // What is fine (✓) and what needs doing (→) are apart: no ✓ carries advice, no advice is said twice.
    const circleci = r.stdout.slice(r.stdout.indexOf("\nCircleCI "), r.stdout.indexOf("\nCirconus "));
    expect(circleci).not.toMatch(/✓ .*(rotate|plan to|Set )/);
    expect(circleci.match(/plan to rotate it before day 60/g)).toHaveLength(1);
    expect(circleci).toMatch(/→ The token is 47 days old: plan to rotate it before day 60\./);
    expect(r.stdout).toMatch(/Circonus +✓ ok/);
    expect(r.stdout).toMatch(/approved/);
    const json = JSON.parse((await run(["doctor", "--json"])).stdout);
    expect(json.providers.map((p: { id: string }) => p.id)).toEqual(["circleci", "circonus"]);
    expect(json.providers[0].rotation).toMatchObject({ status: "rotate-soon", ageDays: 47 });
  });

  it("fails (exit 1) when a credential does not work", async () => {
    const r = await run(["doctor"], { TOOLWEAVE_SIM_FAULT: "circonus-unapproved" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Circonus .*(✗|!)/);
    // A CLI user runs doctor, not verify().
    expect(r.stdout).not.toMatch(/run verify|verify\(\)/);
  });

  it("names the real variable in rotation advice and documents every variable it suggests", async () => {
    const r = await run(["doctor"], { CIRCLECI_TOKEN: CANARY_CIRCLECI, CIRCLECI_BASE_URL: "http://127.0.0.1:9/circleci/api/v2" });
    expect(r.stdout).not.toContain("<VAR>");
    expect(r.stdout).toContain("set CIRCLECI_TOKEN_CREATED_AT");
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const variable of new Set(r.stdout.match(/\b(CIRCLECI|CIRCONUS)_[A-Z_]+\b/g) ?? [])) {
      expect(readme, variable).toContain(variable.replace(/_(FILE|CREATED_AT|EXPIRES_AT)$/, ""));
    }
  });
});

describe("audit", () => {
  it("groups naming-convention findings by service with suggested fixes (exit 1)", async () => {
    const r = await run(["audit"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^billing$/m);
    expect(r.stdout).toContain("billing_production");
    expect(r.stdout).toContain("→ rename to svc-billing-prod");
    expect(r.stdout).toMatch(/Pipeline parameter "svc" should be named "service"\. \(in \d+ recent pipelines/);
    expect(r.stdout).toContain("Build_Worker");
    expect(r.stdout).toMatch(/Conflicting service tags/);
  });

  it("filters by --service and prints JSON", async () => {
    const json = JSON.parse((await run(["audit", "--service", "billing", "--json"])).stdout);
    expect(json).toMatchObject({ schemaVersion: 2, command: "audit", service: "billing" });
    expect(json.findings.length).toBeGreaterThan(0);
    expect(json.findings.every((f: { service?: string }) => f.service === "billing")).toBe(true);
    const clean = await run(["audit", "--service", "checkout"]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain("No naming-convention findings.");
  });

  it("reports pipelines whose workflows could not be read instead of failing or hiding them, and exits 3", async () => {
    const r = await run(["audit", "--service", "checkout"], { TOOLWEAVE_SIM_FAULT: "circleci-workflows-down" });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/- missing: workflows of pipeline #1045 \(gh\/acme\/checkout\)/);
    expect(r.stdout).toMatch(/incomplete: some lookups failed/);
    const json = JSON.parse((await run(["audit", "--service", "checkout", "--json"], { TOOLWEAVE_SIM_FAULT: "circleci-workflows-down" })).stdout);
    expect(json.complete).toBe(false);
    expect(json.incomplete).toEqual([expect.objectContaining({ provider: "circleci", lookup: "workflows of pipeline #1045 (gh/acme/checkout)", retryable: true })]);
  });
});

describe("services", () => {
  it("lists the catalog and where each tool looks", async () => {
    const r = await run(["services"]);
    expect(r.code).toBe(0);
    for (const name of ["checkout", "web-shop", "search", "billing"]) expect(r.stdout).toMatch(new RegExp(`^${name} `, "m"));
    expect(r.stdout).toMatch(/circleci +context +svc-checkout-prod/);
    expect(r.stdout).toMatch(/circonus +check_bundle +tagged service:checkout, env:prod/);
    expect(r.stdout).not.toContain("(tags:");
  });
});

describe("catalog", () => {
  const dir = mkdtempSync(join(tmpdir(), "toolweave-demo-"));

  it("reads a catalog file and builds the simulated world from it", async () => {
    const file = join(dir, "catalog.json");
    writeFileSync(file, JSON.stringify({ services: [{ name: "payments-api", repo: "gh/acme/payments-api", envs: ["prod"], team: "payments" }] }));
    const r = await run(["status", "payments-api", "--catalog", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("project gh/acme/payments-api");
    const viaEnv = await run(["services"], { TOOLWEAVE_CATALOG: file });
    expect(viaEnv.stdout).toContain("payments-api");
  });

  it("refuses a repo that is not a CircleCI project slug (exit 2, before any call)", async () => {
    for (const repo of ["acme/checkout", "gitlab/acme/web"]) {
      const file = join(dir, `bad-repo-${repo.replace(/\//g, "-")}.json`);
      writeFileSync(file, JSON.stringify({ services: [{ name: "web", repo, envs: ["prod"] }] }));
      const r = await run(["status", "web", "--catalog", file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`service "web": repo: Invalid project slug "${repo}"`);
      expect(r.stderr).toContain('Use "gh/<org>/<repo>"');
      expect(r.stdout).toBe("");
    }
    const ok = join(dir, "long-slug.json");
    writeFileSync(ok, JSON.stringify({ services: [{ name: "web", repo: "github/acme/web", envs: ["prod"] }] }));
    expect((await run(["services", "--json", "--catalog", ok])).stdout).toContain('"repo": "gh/acme/web"');
  });

  it("accepts a catalog saved with a UTF-8 byte order mark", async () => {
    const file = join(dir, "bom.json");
    writeFileSync(file, `\uFEFF${JSON.stringify({ services: [{ name: "web", repo: "gh/acme/web", envs: ["prod"] }] })}`);
    const r = await run(["services", "--catalog", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^web +repo gh\/acme\/web/m);
  });

  it('refuses --catalog "" instead of falling back to the built-in catalog (exit 2)', async () => {
    const r = await run(["services", "--catalog", ""]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--catalog needs a file path");
    expect(r.stdout).toBe("");
  });

  it("reads ./.env for variables that are not set, and real variables win", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "toolweave-demo-dotenv-"));
    writeFileSync(join(cwd, ".env"), "CIRCONUS_API_TOKEN=not-a-uuid\n");
    const run2 = async (env: Record<string, string>) => {
      let stderr = "";
      const code = await main(["doctor"], { stdout: { write: () => true }, stderr: { write: (t: string) => ((stderr += t), true) }, env: { TOOLWEAVE_SIM_NOW: NOW, ...env }, cwd });
      return { code, stderr };
    };
    const fromDotenv = await run2({});
    expect(fromDotenv.code).toBe(2);
    expect(fromDotenv.stderr).toMatch(/CIRCONUS_API_TOKEN: not valid/);
    const realWins = await run2({ CIRCONUS_API_TOKEN: "5b7f3c1e-9a2d-4e8b-b1c4-0d2e6f8a9c11" });
    expect(realWins.stderr).not.toMatch(/CIRCONUS_API_TOKEN: not valid/);
    expect(realWins.stderr).toMatch(/CIRCONUS_API_APP: not set/);
  });

  it("lists every bad entry in one error (exit 2)", async () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ services: [{ name: "Web Shop", repo: "acme", envs: [] }, { name: "ok", repo: "gh/acme/ok", envs: ["prod"], owner: "x" }] }));
    const r = await run(["services", "--catalog", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('service "Web Shop": name:');
    expect(r.stderr).toContain('service "Web Shop": repo:');
    expect(r.stderr).toContain('service "Web Shop": envs:');
    expect(r.stderr).toMatch(/service "ok": .*owner/);
  });

  it("names a missing or malformed file", async () => {
    const missing = await run(["services", "--catalog", join(dir, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read catalog .*nope\.json/);
    const file = join(dir, "broken.json");
    writeFileSync(file, "{ services: ");
    const broken = await run(["services", "--catalog", file]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("is not valid JSON");
  });

  // Review of #27: a FIFO (or /dev/zero) given as the catalog hung the CLI and the MCP server at start.
  it.runIf(process.platform !== "win32")("refuses what is not a regular file instead of hanging on it", async () => {
    const fifo = join(dir, "catalog.fifo");
    execFileSync("mkfifo", [fifo]);
    const r = await run(["services", "--catalog", fifo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot read catalog .*catalog\.fifo/);
    expect(r.stderr).toMatch(/not a regular file/);
  });
});

describe("usage errors (exit 2)", () => {
  it.each([
    [["--bogus"], /Unknown option '--bogus'/],
    [["frobnicate"], /Unknown command "frobnicate"/],
    [[], /No command given/],
    [["status"], /status needs a service name/],
    [["status", "nope"], /Service "nope" is not in the catalog.*\n.*Use one of: checkout, web-shop, search, billing/],
    [["status", "checkout", "--env", "qa"], /no environment "qa"/],
    [["doctor", "--env", "prod"], /--env applies to the status, timeline, delivery and annotate commands only/],
    [["simulate", "--port", "99999"], /--port must be a number/],
    [["audit", "--max-pages", "0"], /--max-pages must be a whole number from 1 to 1000000 \(got "0"\)/],
    [["services", "extra"], /Unexpected argument "extra"/],
  ])("%j", async (argv, message) => {
    const r = await run(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("reports usage errors as JSON with --json", async () => {
    const r = await run(["status", "nope", "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 2, ok: false, error: { kind: "invalid_input" } });
  });

  it("prints help and version", async () => {
    expect((await run(["--help"])).stdout).toContain("Usage: toolweave-demo <command>");
    expect((await run(["--version"])).stdout.trim()).toBe(VERSION);
  });
});

describe("real tools (tokens set)", () => {
  it("uses them, and lists every bad variable without echoing the value (exit 2)", async () => {
    const r = await run(["doctor"], { CIRCLECI_TOKEN: "not-a-token-" + CANARY_CIRCLECI.slice(-12), CIRCONUS_API_TOKEN: "nope-123456" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("CIRCLECI_TOKEN");
    expect(r.stderr).toContain("CIRCONUS_API_TOKEN");
    expect(r.stderr).toContain("CIRCONUS_API_APP");
    expect(r.stderr).not.toContain("nope-123456");
  });

  it("reads credentials through secrets-env and talks to the configured hosts (here: a local simulation)", async () => {
    const simulation = await startSimulation({ services: SIMULATED_CATALOG.services, now: Date.parse(NOW) });
    try {
      const env = {
        CIRCLECI_TOKEN: SIM_CIRCLECI_TOKEN,
        CIRCLECI_BASE_URL: simulation.circleciBaseUrl,
        CIRCLECI_TOKEN_CREATED_AT: "2026-11-01",
        CIRCONUS_API_TOKEN: SIM_CIRCONUS_TOKEN,
        CIRCONUS_API_APP: SIM_CIRCONUS_APP,
        CIRCONUS_API_URL: simulation.circonusBaseUrl,
        CIRCONUS_API_TOKEN_CREATED_AT: "2026-08-01",
      };
      const doctor = JSON.parse((await run(["doctor", "--json"], env)).stdout);
      expect(doctor.mode).toBe("live");
      expect(doctor.providers[0]).toMatchObject({ id: "circleci", verify: { ok: true }, rotation: { status: "ok", ageDays: 24 } });
      expect(doctor.providers[1]).toMatchObject({ id: "circonus", verify: { ok: true }, rotation: { status: "rotate-now", ageDays: 116 } });
      expect(doctor.providers[0].variables).toContainEqual(expect.objectContaining({ variable: "CIRCLECI_TOKEN", set: true, source: "env" }));
      const file = join(mkdtempSync(join(tmpdir(), "toolweave-live-")), "catalog.json");
      writeFileSync(file, JSON.stringify({ services: [SIMULATED_CATALOG.services[0]] }));
      const status = await run(["status", "checkout", "--catalog", file], env);
      expect(status.code).toBe(0);
      expect(status.stdout).not.toContain("SIMULATED DATA");
      expect(status.stdout).toContain("Latest pipeline #1045");
      expect(simulation.requests.circleci).toBeGreaterThan(0);
      expect(simulation.requests.circonus).toBeGreaterThan(0);
    } finally {
      await simulation.close();
    }
  });

  it("needs a catalog for status when real tools are used", async () => {
    const r = await run(["status", "checkout"], { CIRCLECI_TOKEN: CANARY_CIRCLECI });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs a service catalog.*--catalog/s);
  });
});

describe("status hints at a naming mismatch it can see", () => {
  it("says which deploy workflow it looked for, what it found, and where the reason is", async () => {
    const r = await run(["status", "billing"]);
    expect(r.stdout).toMatch(/prod +none found in recent pipelines/);
    expect(r.stdout).toContain("→ no deploy-billing workflow; found deploy — run `toolweave-demo audit --service billing`");
    const json = JSON.parse((await run(["status", "billing", "--json"])).stdout);
    expect(json.providers[0].data.deployNaming).toEqual({ expected: "deploy-billing", found: ["deploy"] });
    expect((await run(["status", "checkout"])).stdout).not.toContain("→ no deploy-");
  });
});

describe("plain wording", () => {
  it("says add for a missing tag, and counts the tools that produced findings", async () => {
    const r = await run(["audit"]);
    expect(r.stdout).toMatch(/no service: tag.*\n +→ add service:<service>/);
    expect(r.stdout).not.toMatch(/rename to service:<service>/);
    expect(r.stdout).toMatch(/\d+ finding\(s\) from 2 tool\(s\)\./);
    const billing = await run(["audit", "--service", "billing"]);
    expect(billing.stdout).toMatch(/\d+ finding\(s\) from 1 tool\(s\)\./);
  });

  it("names the built-in catalog without double parentheses", async () => {
    const r = await run(["status", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Service "nope" is not in the catalog (built-in simulated catalog).');
    expect(r.stderr).not.toContain("((");
  });

  it("prints a configuration error's problems once", async () => {
    const r = await run(["doctor"], { CIRCONUS_API_TOKEN: "not-a-uuid" });
    expect(r.code).toBe(2);
    expect(r.stderr.match(/CIRCONUS_API_APP: not set/g)).toHaveLength(1);
    expect(r.stderr.match(/CIRCONUS_API_TOKEN: not valid/g)).toHaveLength(1);
  });
});

/**
 * How long `simulate` may take to print its variables: quick alone, several
 * times longer on a loaded machine (a polling limit, not a timing assertion).
 */
const SERVER_START_MS = 30_000;

describe("simulate", () => {
  it("serves the simulated APIs until stopped", async () => {
    const controller = new AbortController();
    let stdout = "";
    const done = main(["simulate", "--port", "0"], {
      stdout: { write: (t: string) => ((stdout += t), true) },
      stderr: { write: () => true },
      env: { TOOLWEAVE_SIM_NOW: NOW },
      cwd: process.cwd(),
      signal: controller.signal,
    });
    await expect.poll(() => stdout, { timeout: SERVER_START_MS }).toContain("CIRCLECI_BASE_URL=");
    await expect.poll(() => stdout, { timeout: SERVER_START_MS }).toContain("TOOLWEAVE_CATALOG=");
    const base = /CIRCLECI_BASE_URL='([^']+)'/.exec(stdout)![1]!;
    const catalogFile = /TOOLWEAVE_CATALOG='([^']+)'/.exec(stdout)![1]!;
    expect(JSON.parse(readFileSync(catalogFile, "utf8")).services.map((s: { name: string }) => s.name)).toEqual(["checkout", "web-shop", "search", "billing"]);
    const me = await fetch(`${base}/me`, { headers: { "Circle-Token": SIM_CIRCLECI_TOKEN } });
    expect(me.status).toBe(200);
    expect((await fetch(`${base}/me`)).status).toBe(401);
    controller.abort();
    expect(await done).toBe(0);
    // The catalog it wrote is removed when it stops.
    expect(existsSync(catalogFile)).toBe(false);
  }, 60_000);
});

describe("simulate on a busy port", () => {
  it("takes a free port when the default one is in use, and refuses a chosen port that is", async () => {
    const { createServer } = await import("node:net");
    const blocker = createServer();
    const listening = await new Promise<boolean>((resolve) => {
      blocker.once("error", () => resolve(false));
      blocker.listen(4010, "127.0.0.1", () => resolve(true));
    });
    try {
      const controller = new AbortController();
      let stdout = "";
      const done = main(["simulate"], { stdout: { write: (t: string) => ((stdout += t), true) }, stderr: { write: () => true }, env: { TOOLWEAVE_SIM_NOW: NOW }, cwd: process.cwd(), signal: controller.signal });
      await expect.poll(() => stdout, { timeout: SERVER_START_MS }).toContain("TOOLWEAVE_CATALOG=");
      expect(stdout).not.toMatch(/127\.0\.0\.1:4010\//);
      if (listening) expect(stdout).toContain("port 4010 is in use");
      controller.abort();
      expect(await done).toBe(0);
      if (listening) {
        const chosen = await run(["simulate", "--port", "4010"]);
        expect(chosen.code).toBe(2);
        expect(chosen.stderr).toContain("Port 4010 is in use");
      }
    } finally {
      blocker.close();
    }
  }, 60_000);
});

describe("simulated world at scale", () => {
  it("builds only the services a command asks about", async () => {
    const services = Array.from({ length: 2000 }, (_, i) => ({ name: `svc-${i}`, repo: `gh/acme/svc-${i}`, envs: ["staging", "prod"] }));
    const simulation = await startSimulation({ services, now: Date.parse(NOW) });
    try {
      const headers = { "Circle-Token": SIM_CIRCLECI_TOKEN };
      const project = await fetch(`${simulation.circleciBaseUrl}/project/gh/acme/svc-1999`, { headers });
      expect(project.status).toBe(200);
      const pipelines = (await (await fetch(`${simulation.circleciBaseUrl}/project/gh/acme/svc-1999/pipeline`, { headers })).json()) as { items: { id: string }[] };
      const workflows = await fetch(`${simulation.circleciBaseUrl}/pipeline/${pipelines.items[0]!.id}/workflow`, { headers });
      expect(workflows.status).toBe(200);
      const circonus = { "X-Circonus-Auth-Token": SIM_CIRCONUS_TOKEN, "X-Circonus-App-Name": SIM_CIRCONUS_APP };
      const bundles = (await (await fetch(`${simulation.circonusBaseUrl}/check_bundle?search=${encodeURIComponent("(tags:service:svc-1999)")}`, { headers: circonus })).json()) as { _cid: string }[];
      expect(bundles).toHaveLength(4);
      const one = await fetch(`${simulation.circonusBaseUrl}${bundles[3]!._cid}`, { headers: circonus });
      expect(((await one.json()) as { tags: string[] }).tags).toContain("service:svc-1999");
      expect(simulation.built).toEqual({ circleci: 1, circonus: 1 });
    } finally {
      await simulation.close();
    }
  });

  it("is the same data for a service whatever else the catalog holds", async () => {
    const now = Date.parse(NOW);
    const a = await startSimulation({ services: [...SIMULATED_CATALOG.services], now });
    const b = await startSimulation({ services: [...SIMULATED_CATALOG.services, { name: "zeta", repo: "gh/acme/zeta", envs: ["prod"] }], now });
    try {
      const get = async (base: string) => (await fetch(`${base}/project/gh/acme/checkout/pipeline`, { headers: { "Circle-Token": SIM_CIRCLECI_TOKEN } })).text();
      expect(await get(b.circleciBaseUrl)).toBe(await get(a.circleciBaseUrl));
    } finally {
      await a.close();
      await b.close();
    }
  });
});

afterAll(() => {
  // No secret in any output of any command above (simulate prints the simulated tokens on
  // purpose and is not collected here).
  const all = everything.join("\n");
  for (const secret of [SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_TOKEN, CANARY_CIRCLECI]) expect(all.includes(secret)).toBe(false);
});
