// The real toolweave server for the extension's test and screenshots: the built demo CLI's
// `simulate` (the simulated CircleCI and Circonus APIs) and `serve` (ToolJump's `POST /context`
// and `GET /config`) as child processes on free loopback ports, with the connectors reading
// pages on app.circleci.com and acme.circonus.com (the hosts the extension runs on).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const DEMO_CLI = fileURLToPath(new URL("../../../../apps/demo/dist/cli.js", import.meta.url));

/** A fixed simulated clock (as the demo's own tests pin it), so texts such as "9 h ago" are stable. */
export const SIM_NOW = "2026-11-25T12:00:00Z";

/** Where the connectors read pages and link to: the hosts the extension's manifest matches. */
const PAGE_HOSTS = { CIRCLECI_APP_URL: "https://app.circleci.com", CIRCONUS_UI_URL: "https://acme.circonus.com/" };

/**
 * Runs `node <cli> <args>` in `cwd` with exactly `env` (no .env there, nothing inherited), and
 * resolves with its stdout once `done(stdout)` says so; rejects if it exits or fails first.
 * @param {string[]} args
 * @param {Record<string, string>} env
 * @param {string} cwd
 * @param {(stdout: string) => boolean} done
 * @param {(child: import("node:child_process").ChildProcess) => void} track
 * @returns {Promise<string>}
 */
function runUntil(args, env, cwd, done, track) {
  const child = spawn(process.execPath, [DEMO_CLI, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  track(child);
  let stdout = "";
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => reject(new Error(`demo ${args[0]} exited (${code ?? signal}) before it was ready:\n${stdout}${stderr}`)));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (done(stdout)) resolve(stdout);
    });
  });
}

/** `export NAME='value'   # comment` lines, as `simulate` prints them. */
function readExports(stdout) {
  return Object.fromEntries([...stdout.matchAll(/^export ([A-Z_]+)='([^']*)'/gm)].map(([, name, value]) => [name, value]));
}

/**
 * Starts `demo simulate`, then `demo serve` with simulate's exports, the page hosts and
 * `TOOLWEAVE_SERVE_TOKEN`. Returns at once: `ready` gives serve's URL (no trailing slash);
 * `stop()` ends whatever was started, also when `ready` failed or never settled.
 * @param {{ token: string }} options
 * @returns {{ ready: Promise<{ url: string }>, stop: () => Promise<void> }}
 */
export function startDemoServer({ token }) {
  /** @type {import("node:child_process").ChildProcess[]} */
  const children = [];
  const track = (child) => children.push(child);
  // An empty working directory: the demo would read a .env file in its cwd.
  const cwd = mkdtempSync(join(tmpdir(), "toolweave-extension-demo-"));
  const base = { NO_COLOR: "1", TOOLWEAVE_SIM_NOW: SIM_NOW };
  const ready = (async () => {
    if (!existsSync(DEMO_CLI)) throw new Error(`${DEMO_CLI} is missing: build it with npx -y pnpm@10.34.9 --filter @toolweave/demo build`);
    // The catalog line comes last.
    const simulated = readExports(await runUntil(["simulate", "--port", "0"], base, cwd, (out) => "TOOLWEAVE_CATALOG" in readExports(out), track));
    const served = await runUntil(["serve", "--port", "0"], { ...base, ...simulated, ...PAGE_HOSTS, TOOLWEAVE_SERVE_TOKEN: token }, cwd, (out) => /on http:\/\/127\.0\.0\.1:\d+\/\n/.test(out), track);
    return { url: /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(served)[1] };
  })();
  // Awaited by the caller; a failure here must not also surface as an unhandled rejection.
  ready.catch(() => {});
  return {
    ready,
    async stop() {
      // Serve first (it calls the simulation), then the simulation, which removes its catalog file.
      for (const child of children.reverse()) {
        if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) continue;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}
