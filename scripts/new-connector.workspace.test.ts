// The connector generator end to end (slow, so `pnpm test:quick` leaves it out): a package
// generated into a temporary copy of the workspace, installed offline, then built,
// typechecked, tested (conformance suite included) and linted, as a contributor would.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { pnpmCommand } from "./pnpm-command.mjs";

const SCRIPTS = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(SCRIPTS, "..");
const GENERATOR = join(SCRIPTS, "new-connector.mjs");

// ---------------------------------------------------------------------------------------
// Slow: the generated package in a copy of the workspace, from install to lint.

const PNPM = pnpmCommand();
const pnpm = (args: string[], cwd: string) => run(PNPM[0], [...PNPM[1], ...args], cwd);

/** The environment a contributor's shell would have: no vitest/pnpm-run/turbo variables leaking in. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|npm_|PNPM_SCRIPT|TURBO_|TEST$|NODE_ENV$|NODE_OPTIONS$)/i.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    CI: "true",
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
    NO_UPDATE_NOTIFIER: "1",
    npm_config_update_notifier: "false",
    FORCE_COLOR: "0",
  };
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(command, args, { cwd, env: childEnv(), maxBuffer: 64 * 1024 * 1024, timeout: 300_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      done({ code, output: `$ ${command} ${args.join(" ")} (in ${cwd})\n${stdout}\n${stderr}`.slice(-8_000) });
    });
  });
}

/** Copies what a workspace needs: root manifests, lockfile, base tsconfigs, the build, test-config and pack scripts, changesets config, packages/core (with dist). */
function copyWorkspace(target: string): void {
  for (const file of ["package.json", "pnpm-workspace.yaml", "pnpm-lock.yaml", "tsconfig.base.json", "tsconfig.build.base.json", "turbo.json"]) {
    if (existsSync(join(REPO, file))) cpSync(join(REPO, file), join(target, file));
  }
  mkdirSync(join(target, "scripts"));
  for (const file of ["check-pack.mjs", "package-build.mjs", "package-build.d.mts", "vitest-config.mjs", "vitest-config.d.mts"]) cpSync(join(REPO, "scripts", file), join(target, "scripts", file));
  mkdirSync(join(target, ".changeset"));
  cpSync(join(REPO, ".changeset", "config.json"), join(target, ".changeset", "config.json"));
  cpSync(join(REPO, "packages", "core"), join(target, "packages", "core"), {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|\.turbo)$|\.vitest-report\.json$/.test(source),
  });
}

describe("a generated connector in a workspace copy", () => {
  it(
    "installs offline, then builds, typechecks, passes its tests (conformance suite included) and lints",
    async () => {
      const workspace = mkdtempSync(join(tmpdir(), "toolweave-new-connector-"));
      try {
        copyWorkspace(workspace);
        const generated = await run(process.execPath, [GENERATOR, "acme-probe", "--display-name", "Acme Probe", "--root", workspace], REPO);
        expect(generated.code, generated.output).toBe(0);

        // Not --frozen-lockfile: the new package is not in the lockfile yet (pnpm adds it).
        let install = await pnpm(["install", "--offline", "--no-frozen-lockfile"], workspace);
        if (install.code !== 0) install = await pnpm(["install", "--prefer-offline", "--no-frozen-lockfile"], workspace);
        expect(install.code, install.output).toBe(0);

        // packages/core was copied with its dist/ (turbo's ^build made it before this test).
        const pkgDir = join(workspace, "packages", "connector-acme-probe");
        for (const script of ["build", "typecheck", "test"]) {
          const step = await pnpm(["--filter", "@toolweave/connector-acme-probe", "run", script], workspace);
          expect(step.code, step.output).toBe(0);
        }
        // The scaffold cannot be released while its API host is the placeholder (the pack
        // check, the last step of its lint, says so)...
        const placeholder = await run(process.execPath, [join(workspace, "scripts", "check-pack.mjs")], pkgDir);
        expect(placeholder.code, placeholder.output).not.toBe(0);
        expect(placeholder.output).toMatch(/placeholder API host .*DEFAULT_BASE_URL/);
        // ...and can once the author puts the vendor's real API root there: the whole lint passes.
        const settingsFile = join(pkgDir, "src", "settings.ts");
        writeFileSync(settingsFile, readFileSync(settingsFile, "utf8").replace(/https:\/\/api\.acme-probe\.example/g, "https://api.acmeprobe.io/v1"));
        for (const script of ["build", "lint"]) {
          const step = await pnpm(["--filter", "@toolweave/connector-acme-probe", "run", script], workspace);
          expect(step.code, step.output).toBe(0);
        }

        const report = JSON.parse(readFileSync(join(pkgDir, ".vitest-report.json"), "utf8"));
        expect(report.numFailedTests).toBe(0);
        expect(report.numFailedTestSuites).toBe(0);
        expect(report.numPassedTests).toBeGreaterThanOrEqual(25);
        const files = (report.testResults as { name: string }[]).map((r) => relative(pkgDir, r.name).split("\\").join("/")).sort();
        expect(files).toEqual(["src/conformance.test.ts", "src/correlator/correlator.test.ts", "src/create-acme-probe.test.ts", "src/readme-settings.test.ts", "src/settings.test.ts"]);
        // The conformance suite checked that every runtime setting reaches its HTTP client.
        const passed = (report.testResults as { assertionResults: { title: string; status: string }[] }[]).flatMap((r) => r.assertionResults.filter((a) => a.status === "passed").map((a) => a.title));
        for (const title of ["fetch: the given fetch sends the requests", "userAgent: appended to the connector's own product token (toolweave-<id>/<version>)", "maxResponseBytes: a larger body is refused with InvalidResponseError", "throttle and stores: the shared throttle store is opened with the throttle settings; throttle: false opens none", "cache and stores: a repeated GET is served from the cache; the shared cache store is opened with the cache settings"]) {
          expect(passed, title).toContain(title);
        }

        // The built package is consumable through its exports: factory, descriptor, correlator.
        const mod = await import(pathToFileURL(join(pkgDir, "dist", "index.js")).href);
        let userAgent: string | null = null;
        const fetch = async (_url: unknown, init?: RequestInit) => {
          userAgent = new Headers(init?.headers).get("user-agent");
          return Response.json({ id: "u-1", email: "ada@example.com" });
        };
        const client = mod.createAcmeProbe({ token: "probe-token-0123456789", fetch, userAgent: "acme-portal/2.3" });
        expect(client.id).toBe("acme-probe");
        // Its own product token, with the version stamped in at build time, then the app's.
        await client.whoami();
        expect(userAgent).toBe("toolweave-acme-probe/0.0.0 acme-portal/2.3");
        expect(client.correlator.resolve({ service: "checkout", env: "prod" })[0].value).toBe("checkout-prod");
        // It implements this core's contract (version 2: find answers { resources, incomplete }).
        expect(mod.acmeProbeConnector.contractVersion).toBe("2");
        expect(mod.acmeProbeConnector.env.map((v: { name: string }) => v.name)).toEqual(["ACME_PROBE_TOKEN", "ACME_PROBE_BASE_URL"]);
      } finally {
        rmSync(workspace, { recursive: true, force: true });
      }
    },
    600_000,
  );
});
