#!/usr/bin/env node
// `pnpm release:rehearse`: the release, end to end, against a real npm registry on loopback.
// In a clone of HEAD (your checkout is not touched) it
//  1. checks the pending changesets, and that one naming only a private package is refused;
//  2. runs the release workflow's own version command and commits the result, as merging the
//     "Version Packages" pull request would, and checks each first release's CHANGELOG entry;
//  3. shows the publish path refusing a build older than the version (stale constants), a
//     missing build and an unclean tree, with nothing reaching the registry;
//  4. runs the workflow's own publish command with the `.npmrc` actions/setup-node writes and only
//     the variables the workflow's step sets (so the workflow's auth is what is proven), with
//     provenance off (only npm's CI identity can sign it), and checks every public package was
//     published, in dependency order, with its `workspace:` ranges rewritten and a tag each;
//  5. installs the published packages into a fresh app (strict TypeScript, its own zod, Redis)
//     and runs it against the demo's simulated APIs, alone and on a real redis-server.
// It stops everything it started. Exit 0 means every check passed.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { pnpmCommand } from "../pnpm-command.mjs";
import { installAndBuild, prepareApp, runApp } from "./consumer-from-registry.mjs";
import { SETUP_NODE_PLACEHOLDER_TOKEN, readReleaseWorkflow, resolveStepEnv, setupNodeNpmrc } from "./release-workflow.mjs";
import { fetchPackument, redactTokens } from "./registry.mjs";
import { startVerdaccio } from "./verdaccio.mjs";
import { dependencyOrder, publicPackages } from "./workspace-packages.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const passed = [];
const cleanups = [];

/** Records a passed check, or throws with `message` and the end of the `output` that disproved it. */
function check(condition, message, output) {
  if (!condition) throw new Error(output ? `${message}\n--- output (end) ---\n${tail(output, 40)}` : message);
  passed.push(message);
  console.log(`  ok  ${message}`);
}

function step(title) {
  console.log(`\n== ${title}`);
}

/** Runs `command` through bash in `cwd` and returns { status, output } (stdout and stderr together). */
function sh(command, { cwd, env }) {
  const run = spawnSync("bash", ["-c", `${command} 2>&1`], { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status, output: run.stdout ?? "" };
}

/** The rehearsal registry's token, masked in everything the rehearsal prints. */
let registryToken;

function tail(text, lines = 30) {
  return redactTokens(text.trim().split("\n").slice(-lines).join("\n"), { NPM_TOKEN: registryToken });
}

async function nothingPublished(url, packages) {
  for (const pkg of packages) if (await fetchPackument(url, pkg.name)) return false;
  return true;
}

async function rehearse() {
  const dirty = execFileSync("git", ["status", "--porcelain"], { cwd: root, encoding: "utf8" }).trim();
  const withUncommitted = process.argv.includes("--include-uncommitted");
  if (dirty && !withUncommitted) console.log("note: your uncommitted changes are not part of the rehearsal: it releases HEAD (pass --include-uncommitted to rehearse them too).");
  const work = mkdtempSync(join(tmpdir(), "toolweave-rehearsal-"));
  cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  const clone = join(work, "repo");
  execFileSync("git", ["clone", "--quiet", root, clone]);
  const git = (...args) => execFileSync("git", ["-c", "user.name=Release Rehearsal", "-c", "user.email=rehearsal@localhost", ...args], { cwd: clone, encoding: "utf8" });
  if (dirty && withUncommitted) {
    // Your changes as one more commit in the clone, so the release sees a clean tree.
    const list = (...args) => execFileSync("git", [...args, "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);
    // Staged and unstaged changes against HEAD (a rename as a deletion and an addition), and
    // untracked files git does not ignore.
    for (const file of list("diff", "--name-only", "--no-renames", "--diff-filter=D", "HEAD")) rmSync(join(clone, file), { force: true });
    for (const file of [...list("diff", "--name-only", "--no-renames", "--diff-filter=d", "HEAD"), ...list("ls-files", "--others", "--exclude-standard")]) {
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(join(root, file), join(clone, file));
    }
    git("add", "-A");
    git("commit", "--quiet", "-m", "rehearsal: uncommitted changes");
  }
  const [pnpm, pnpmPrefix] = pnpmCommand();
  const pnpmLine = [pnpm, ...pnpmPrefix].join(" ");
  // The environment of a developer or a CI job: none of the npm_config_* a pnpm script exports.
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_config_|npm_package_|NODE_AUTH_TOKEN$)/i.test(key)));

  step("install the clone (frozen lockfile) and read the release workflow");
  const install = sh(`${pnpmLine} install --frozen-lockfile --prefer-offline`, { cwd: clone, env: baseEnv });
  if (install.status !== 0) throw new Error(`pnpm install in the clone failed:\n${tail(install.output)}`);
  const workflow = readReleaseWorkflow(clone);
  check(Boolean(workflow.registryUrl), "release.yml's setup-node step sets registry-url (it writes the .npmrc the publish authenticates with)");
  const packages = dependencyOrder(publicPackages(clone));
  const before = Object.fromEntries(packages.map((pkg) => [pkg.name, pkg.version]));

  step("start a registry on loopback");
  const registry = await startVerdaccio({ onStop: (stop) => cleanups.push(stop) });
  registryToken = registry.token;
  console.log(`  registry ${registry.url} (storage in a temp folder)`);
  const npmrc = join(work, "npmrc");
  writeFileSync(npmrc, setupNodeNpmrc(registry.url));
  // As in the job: setup-node's .npmrc and placeholder token, then the step's own variables.
  const stepEnv = {
    ...baseEnv,
    CI: "true",
    NPM_CONFIG_USERCONFIG: npmrc,
    NODE_AUTH_TOKEN: SETUP_NODE_PLACEHOLDER_TOKEN,
    ...resolveStepEnv(workflow.env, { NPM_TOKEN: registry.token, GITHUB_TOKEN: "rehearsal-has-no-github-token" }),
    // Provenance needs npm's CI identity (GitHub's OIDC token): off here only.
    NPM_CONFIG_PROVENANCE: "false",
  };
  check(workflow.env.NPM_CONFIG_PROVENANCE === "true", "release.yml asks for provenance (NPM_CONFIG_PROVENANCE=true); the rehearsal alone turns it off");

  step("changesets");
  const checkChangesets = () => sh("node scripts/release/check-changesets.mjs", { cwd: clone, env: baseEnv });
  const pending = checkChangesets();
  check(pending.status === 0, `the pending changesets can be released${pending.status === 0 ? "" : `:\n${tail(pending.output)}`}`);
  writeFileSync(join(clone, ".changeset", "rehearsal-private-only.md"), '---\n"@toolweave/demo": patch\n---\n\nA change to the demo only.\n');
  const privateOnly = checkChangesets();
  check(privateOnly.status !== 0 && /never consumes it/.test(privateOnly.output), "a changeset naming only a private package is refused, with the fix", privateOnly.output);
  rmSync(join(clone, ".changeset", "rehearsal-private-only.md"));

  step("build, then version (the build is now older than the versions)");
  const build = () => sh(`${pnpmLine} exec turbo run build --filter=./packages/* --output-logs=errors-only`, { cwd: clone, env: baseEnv });
  const built = build();
  if (built.status !== 0) throw new Error(`the build failed:\n${tail(built.output)}`);
  const versioned = sh(workflow.version, { cwd: clone, env: stepEnv });
  if (versioned.status !== 0) throw new Error(`the workflow's version command (${workflow.version}) failed:\n${tail(versioned.output)}`);
  git("add", "-A");
  git("commit", "--quiet", "-m", "chore: version packages");
  const after = Object.fromEntries(publicPackages(clone).map((pkg) => [pkg.name, pkg.version]));
  check(packages.every((pkg) => after[pkg.name] !== before[pkg.name]), `every public package got a new version (${packages.map((p) => `${p.name} ${before[p.name]} → ${after[p.name]}`).join(", ")})`);
  for (const pkg of packages.filter((p) => before[p.name] === "0.0.0")) {
    const changelog = readFileSync(join(pkg.dir, "CHANGELOG.md"), "utf8");
    const section = changelog.split(/^## /m)[1] ?? "";
    const entries = section.match(/^- [0-9a-f]{7,}: /gm) ?? [];
    const updated = section.match(/^- Updated dependencies/gm) ?? [];
    // Changesets adds one "Updated dependencies" line per release of a workspace dependency.
    check(entries.length === 1 && updated.length <= pkg.internal.length && /^- [0-9a-f]{7,}: First release/m.test(section), `${pkg.name}'s first CHANGELOG entry is one "First release" note (${entries.length} entr${entries.length === 1 ? "y" : "ies"}, ${updated.length} dependency update${updated.length === 1 ? "" : "s"})`);
  }

  step("refusals: nothing reaches the registry");
  const bypass = `${pnpmLine} exec changeset publish`;
  const stale = sh(bypass, { cwd: clone, env: stepEnv });
  check(stale.status !== 0 && /were built for @toolweave\/core@0\.0\.0/.test(stale.output) && (await nothingPublished(registry.url, packages)), "`changeset publish` of a build made before `changeset version` is refused (stale version constants), and nothing is published", stale.output);
  const rebuilt = build();
  if (rebuilt.status !== 0) throw new Error(`the build failed:\n${tail(rebuilt.output)}`);
  rmSync(join(clone, "packages", "core", "dist"), { recursive: true, force: true });
  const missing = sh(bypass, { cwd: clone, env: stepEnv });
  check(missing.status !== 0 && /(is|are) missing: the package is not built/.test(missing.output) && /which the registry does not have yet/.test(missing.output) && (await nothingPublished(registry.url, packages)), "`changeset publish` without core's build is refused, and so are its dependents (core is not on the registry): nothing is published", missing.output);
  writeFileSync(join(clone, "packages", "core", "src", "uncommitted.ts"), "export const uncommitted = true;\n");
  const unclean = sh(workflow.publish, { cwd: clone, env: stepEnv });
  check(unclean.status !== 0 && /the working tree has changes git does not have/.test(unclean.output) && (await nothingPublished(registry.url, packages)), `the workflow's publish command (${workflow.publish}) refuses an unclean tree, and nothing is published`, unclean.output);
  rmSync(join(clone, "packages", "core", "src", "uncommitted.ts"));

  step(`publish with the workflow's command and variables: ${workflow.publish}`);
  const release = sh(workflow.publish, { cwd: clone, env: stepEnv });
  if (release.status !== 0) {
    const auth = /E401|ENEEDAUTH|Unable to authenticate|authentication/i.test(release.output);
    throw new Error(
      `the release failed:\n${tail(release.output, 40)}` +
        (auth && !("NODE_AUTH_TOKEN" in workflow.env) ? "\n\nrelease.yml's publish step does not set NODE_AUTH_TOKEN, which the .npmrc setup-node writes reads: add `NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}` to that step's env." : ""),
    );
  }
  const warnings = release.output.match(/npm warn Unknown env config.*/g) ?? [];
  check(warnings.length === 0, `npm printed no "Unknown env config" warnings${warnings.length ? `: ${[...new Set(warnings)].join("; ")}` : ""}`);
  const tagged = [...release.output.matchAll(/^New tag: (\S+)$/gm)].map((m) => m[1]);
  const expected = packages.map((pkg) => `${pkg.name}@${after[pkg.name]}`);
  check(JSON.stringify(tagged) === JSON.stringify(expected), `every public package was published once, in dependency order: ${tagged.join(", ")}`);
  for (const pkg of packages) {
    const packument = await fetchPackument(registry.url, pkg.name);
    const manifest = packument?.versions?.[after[pkg.name]];
    const ranges = Object.entries({ ...manifest?.dependencies, ...manifest?.peerDependencies }).filter(([name]) => name.startsWith("@toolweave/"));
    check(Boolean(manifest) && ranges.every(([name, range]) => range === `^${after[name]}`), `${pkg.name}@${after[pkg.name]} is on the registry, its toolweave dependencies pinned to what was published (${ranges.map(([n, r]) => `${n} ${r}`).join(", ") || "none"})`);
  }
  const tags = git("tag", "--list").split("\n").filter(Boolean);
  check(expected.every((spec) => tags.includes(spec)), "each published version is tagged <name>@<version>");
  check(git("status", "--porcelain").trim() === "", "the release left the working tree clean");
  const again = sh(workflow.publish, { cwd: clone, env: stepEnv });
  check(again.status === 0 && /Nothing to publish/.test(again.output), "running the release again publishes nothing and succeeds (a rerun after a failure finishes the release)", again.output);

  step("a fresh app installs the published packages and runs against the demo's simulation");
  const app = join(work, "app");
  const versions = await prepareApp(join(root, "examples", "tarball-consumer", "app"), app, registry.url);
  check(Object.entries(versions).every(([name, version]) => version === after[name]), `the app depends on the published versions (${Object.entries(versions).map(([n, v]) => `${n}@${v}`).join(", ")})`);
  const problems = await installAndBuild(app, baseEnv);
  check(problems.length === 0, `npm ci from the registry (third-party packages from the app's lock), one zod, strict typecheck${problems.length ? `:\n${problems.join("\n")}` : ""}`);
  const { exampleEnv, startSimulation } = await import("../../examples/support/start-simulation.mjs");
  const sim = await startSimulation();
  cleanups.push(sim.stop);
  const alone = await runApp(app, exampleEnv(sim.env));
  check(alone.slug === "gh/acme/checkout" && alone.found?.length === 2 && alone.found.every((f) => !f.endsWith(":failed")), `the app runs against the simulated CircleCI and Circonus (${JSON.stringify(alone.found)})`);
  check(existsSync(join(app, "node_modules", ".bin", "toolweave-mcp")), "npm ci linked the published toolweave-mcp bin into node_modules/.bin");
  const assistant = await runApp(app, { PATH: process.env.PATH ?? "" }, "mcp-client.js");
  check(assistant.suspects?.join() === "090c25c" && assistant.complete === true && assistant.tools?.includes("alert_suspects") && !assistant.tools.includes("annotate_deploys"), `an MCP client (the SDK's, over stdio) runs the published toolweave-mcp bin: ${JSON.stringify(assistant)}`);
  const { requireRedisServer, startRedisServer } = await import("@toolweave/redis/testing");
  if (requireRedisServer("release rehearsal")) {
    const redis = await startRedisServer();
    cleanups.push(redis.stop);
    const shared = await runApp(app, { ...exampleEnv(sim.env), REDIS_URL: redis.url });
    check(shared.shared === true && shared.slug === "gh/acme/checkout", "the app runs with the published @toolweave/redis stores on a real redis-server");
  }
}

async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => {});
}
// Ctrl-C or a CI cancel: stop the registry, the simulation and Redis, and remove the folders.
let interrupted;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    interrupted = signal;
    console.error(`\nrelease rehearsal: ${signal}, stopping what it started…`);
    cleanUp().finally(() => process.exit(130));
  });
}

let failed;
try {
  await rehearse();
} catch (error) {
  failed = error;
} finally {
  await cleanUp();
}
if (interrupted) {
  // The signal handler exits once everything is stopped; what failed after it is its doing.
  await new Promise(() => {});
}
if (failed) {
  console.error(`\nrelease rehearsal FAILED after ${passed.length} checks: ${failed.message}`);
  process.exit(1);
}
console.log(`\nrelease rehearsal passed: ${passed.length} checks.`);
