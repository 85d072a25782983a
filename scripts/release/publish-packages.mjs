#!/usr/bin/env node
// The publish half of `pnpm release` (the release workflow runs it once the "Version Packages"
// pull request is merged). Unlike `changeset publish`, which publishes up to ten packages at a
// time in no particular order, it
// - refuses an unclean working tree or pending changesets (a release is tagged at HEAD and must
//   be exactly what HEAD holds, with every changeset already applied by `changeset version`);
// - runs each package's publish checks (check-publishable.mjs: built, built for this version,
//   its workspace dependencies on the registry) before packing it;
// - publishes one package at a time in dependency order (core before what depends on it), waits
//   until each is visible on the registry, and stops at the first failure, so a dependent is
//   never public before the version of core it names;
// - skips versions the registry already has, so a rerun after a failure finishes the release;
// - tags each published version `<name>@<version>` and prints `New tag: <name>@<version>`, the
//   line changesets/action reads to push tags and write GitHub releases.
// `--preflight` runs only the working-tree checks (`pnpm release` runs them before building).
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { pnpmCommand } from "../pnpm-command.mjs";
import { publishProblems, refusal } from "./check-publishable.mjs";
import { firstLines, isPublished, quietNpm, redactTokens, waitUntilVisible } from "./registry.mjs";
import { dependencyOrder, workspacePackages } from "./workspace-packages.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Packs `pkg` with pnpm into a temporary folder and returns the tarball's path. */
async function pack(pkg, env) {
  const destination = mkdtempSync(join(tmpdir(), "toolweave-publish-"));
  const [command, prefix] = pnpmCommand();
  const run = await run_(command, [...prefix, "pack", "--pack-destination", destination], { cwd: pkg.dir, env });
  const [file] = existsSync(destination) ? readdirSync(destination).filter((f) => f.endsWith(".tgz")) : [];
  if (run.code !== 0 || !file) throw new Error(`pnpm pack failed for ${pkg.name}:\n${redactTokens(run.stderr || run.stdout, env)}`);
  return join(destination, file);
}

/** Runs a command without a terminal to prompt on (stdin closed) and returns its exit code and output. */
async function run_(command, args, options) {
  return await new Promise((resolve) => {
    execFile(command, args, { ...options, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    }).stdin?.end();
  });
}

/** npm's error lines without the tarball listing it prints first (`npm notice …`). */
function npmReason(output) {
  const lines = output.split("\n").filter((line) => line.trim() && !line.startsWith("npm notice"));
  return firstLines(lines.join("\n"), 12) || "(npm printed no reason)";
}

/** Why the tree at `root` cannot be released, or nothing. */
export function treeProblems(root) {
  const problems = [];
  const status = execFileSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: root, encoding: "utf8" }).trim();
  if (status) {
    const lines = status.split("\n");
    problems.push(`the working tree has changes git does not have (${lines.slice(0, 5).map((l) => l.slice(3)).join(", ")}${lines.length > 5 ? ` and ${lines.length - 5} more` : ""}): commit or remove them. The release is tagged at HEAD and must be exactly what HEAD holds.`);
  }
  const pending = readdirSync(join(root, ".changeset")).filter((file) => file.endsWith(".md") && file !== "README.md");
  if (pending.length > 0) {
    problems.push(`${pending.length} changeset${pending.length === 1 ? " is" : "s are"} still pending (${pending.slice(0, 3).join(", ")}${pending.length > 3 ? ", …" : ""}): run \`pnpm changeset version\` and commit the result (the release workflow's "Version Packages" pull request does this) before publishing.`);
  }
  return problems;
}

/**
 * Publishes every public package of the workspace at `root` that the registry does not have, one
 * at a time in dependency order, and returns the specs published. Throws at the first package it
 * cannot publish, saying what was published and what was not; `log` receives progress lines
 * (including the \`New tag: …\` ones).
 */
export async function publishAll(root, { env = quietNpm(process.env), log = console.log } = {}) {
  const all = workspacePackages(root);
  const order = dependencyOrder(all.filter((pkg) => !pkg.private));
  const published = [];
  const stop = (pkg, why) => {
    const rest = order.slice(order.indexOf(pkg) + 1).map((p) => p.name);
    return new Error(`${why}\nStopped before ${rest.length ? rest.join(", ") : "nothing else"}. Published in this run: ${published.length ? published.join(", ") : "none"}. Fix the cause and run the release again: published versions are skipped.`);
  };
  for (const pkg of order) {
    const spec = `${pkg.name}@${pkg.version}`;
    if (await isPublished(pkg.name, pkg.version, { cwd: pkg.dir, env })) {
      log(`${spec} is already on the registry: skipped.`);
      continue;
    }
    const problems = await publishProblems(pkg, all, { cwd: pkg.dir, env });
    if (problems.length > 0) throw stop(pkg, refusal(pkg, problems));
    log(`Publishing ${spec} …`);
    // pnpm packs (rewriting workspace: ranges to the versions being released); npm publishes the
    // tarball with an environment of its own: through `pnpm publish`, npm would also get pnpm's
    // private settings (npm-globalconfig…) and warn "Unknown env config" for each.
    // Packing needs no registry: pnpm is found with the caller's own npm config.
    const tarball = await pack(pkg, quietNpm(process.env));
    const run = await run_("npm", ["publish", tarball, "--access", "public", "--tag", "latest"], { cwd: pkg.dir, env });
    rmSync(dirname(tarball), { recursive: true, force: true });
    if (run.code !== 0) throw stop(pkg, `Publishing ${spec} failed: npm publish exited ${run.code}:\n${redactTokens(npmReason(`${run.stderr}\n${run.stdout}`), env)}`);
    if (run.stdout.trim()) log(redactTokens(run.stdout.trim(), env));
    await waitUntilVisible(pkg.name, pkg.version, { cwd: pkg.dir, env });
    published.push(spec);
    const tagged = spawnSync("git", ["tag", spec], { cwd: root, encoding: "utf8" });
    if (tagged.status !== 0 && !/already exists/.test(tagged.stderr)) log(`Could not tag ${spec}: ${tagged.stderr.trim()}`);
    log(`New tag: ${spec}`);
  }
  log(published.length ? `Published ${published.length} package${published.length === 1 ? "" : "s"} in dependency order: ${published.join(", ")}.` : "Nothing to publish: every version is already on the registry.");
  return published;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = treeProblems(root);
  if (problems.length > 0) {
    console.error(`Refusing to release:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exit(1);
  }
  if (!process.argv.includes("--preflight")) {
    await publishAll(root).catch((error) => {
      console.error(`\n${error.message}`);
      process.exit(1);
    });
  }
}
