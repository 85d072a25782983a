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
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
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
  if (run.code !== 0 || !file) {
    rmSync(destination, { recursive: true, force: true });
    throw new Error(`pnpm pack failed for ${pkg.name}:\n${redactTokens(run.stderr || run.stdout, env, pkg.dir)}`);
  }
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
  // Not trimmed: each porcelain line starts with two status columns (" M path"), then the path.
  const lines = execFileSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);
  if (lines.length > 0) {
    problems.push(`the working tree has changes git does not have (${lines.slice(0, 5).map((l) => l.slice(3)).join(", ")}${lines.length > 5 ? ` and ${lines.length - 5} more` : ""}): commit or remove them. The release is tagged at HEAD and must be exactly what HEAD holds.`);
  }
  const pending = readdirSync(join(root, ".changeset")).filter((file) => file.endsWith(".md") && file.toLowerCase() !== "readme.md");
  // In changesets' pre mode (.changeset/pre.json) the consumed changesets stay until it exits.
  if (pending.length > 0 && !preMode(root)) {
    problems.push(`${pending.length} changeset${pending.length === 1 ? " is" : "s are"} still pending (${pending.slice(0, 3).join(", ")}${pending.length > 3 ? ", …" : ""}): run \`pnpm changeset version\` and commit the result (the release workflow's "Version Packages" pull request does this) before publishing.`);
  }
  return problems;
}

/** changesets' pre mode state (`changeset pre enter <tag>`), or undefined outside it. */
function preMode(root) {
  const file = join(root, ".changeset", "pre.json");
  if (!existsSync(file)) return undefined;
  const state = JSON.parse(readFileSync(file, "utf8"));
  return state.mode === "pre" ? state : undefined;
}

/**
 * The npm dist-tag a version goes out under: pre mode's tag, `next` for any other prerelease
 * (`0.2.0-beta.1`), `latest` otherwise — a prerelease on `latest` is what every install gets.
 */
export function distTag(root, version) {
  return preMode(root)?.tag ?? (version.includes("-") ? "next" : "latest");
}

/** The commit tag `name` points at, or undefined when there is no such tag. */
function taggedCommit(root, tag) {
  const run = spawnSync("git", ["rev-parse", "--verify", "--quiet", `refs/tags/${tag}^{commit}`], { cwd: root, encoding: "utf8" });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/**
 * Publishes every public package of the workspace at `root` that the registry does not have, one
 * at a time in dependency order, and returns the specs published. Throws at the first package it
 * cannot publish, saying what was published and what was not; `log` receives progress lines,
 * including a `New tag: <name>@<version>` line for each version tagged (changesets/action pushes
 * those tags and writes a GitHub release for each).
 */
export async function publishAll(root, { env = quietNpm(process.env), log = console.log } = {}) {
  const all = workspacePackages(root);
  const order = dependencyOrder(all.filter((pkg) => !pkg.private));
  const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  const published = [];
  const stop = (pkg, why) => {
    const rest = order.slice(order.indexOf(pkg) + 1).map((p) => p.name);
    return Object.assign(new Error(`${why}\nStopped before ${rest.length ? rest.join(", ") : "nothing else"}. Published in this run: ${published.length ? published.join(", ") : "none"}. Fix the cause and run the release again: published versions are skipped (and tagged).`), { stopped: true });
  };
  /** Tags `spec` at HEAD and says so for changesets/action. */
  const tag = (spec) => {
    const tagged = spawnSync("git", ["tag", spec], { cwd: root, encoding: "utf8" });
    if (tagged.status !== 0) throw new Error(`Could not tag ${spec}: ${tagged.stderr.trim()}`);
    log(`New tag: ${spec}`);
  };
  for (const pkg of order) {
    const spec = `${pkg.name}@${pkg.version}`;
    try {
      if (await isPublished(pkg.name, pkg.version, { cwd: pkg.dir, env })) {
        log(`${spec} is already on the registry: skipped.`);
        // A run that failed after this version reached the registry never tagged it.
        if (!taggedCommit(root, spec)) tag(spec);
        continue;
      }
      const problems = await publishProblems(pkg, all, { cwd: pkg.dir, env });
      const at = taggedCommit(root, spec);
      if (at && at !== head) problems.push(`the tag ${spec} already points at ${at.slice(0, 12)}, not at HEAD: this version was tagged from other code. Bump the version, or delete the tag if nothing was published from it.`);
      if (problems.length > 0) throw stop(pkg, refusal(pkg, problems));
      const distTagName = distTag(root, pkg.version);
      log(`Publishing ${spec} (dist-tag ${distTagName}) …`);
      // pnpm packs (rewriting workspace: ranges to the versions being released); npm publishes the
      // tarball with an environment of its own: through `pnpm publish`, npm would also get pnpm's
      // private settings (npm-globalconfig…) and warn "Unknown env config" for each. Packing needs
      // no registry: pnpm is found with the caller's own npm config.
      const tarball = await pack(pkg, quietNpm(process.env));
      const run = await run_("npm", ["publish", tarball, "--access", "public", "--tag", distTagName, "--fetch-timeout=120000"], { cwd: pkg.dir, env });
      rmSync(dirname(tarball), { recursive: true, force: true });
      if (run.code !== 0) throw stop(pkg, `Publishing ${spec} failed: npm publish exited ${run.code}:\n${redactTokens(npmReason(`${run.stderr}\n${run.stdout}`), env, pkg.dir)}`);
      if (run.stdout.trim()) log(redactTokens(run.stdout.trim(), env, pkg.dir));
      published.push(spec);
      // Tagged before waiting: the version is public from here on, visible yet or not.
      if (at !== head) tag(spec);
      await waitUntilVisible(pkg.name, pkg.version, { cwd: pkg.dir, env });
    } catch (error) {
      throw error.stopped ? error : stop(pkg, error.message);
    }
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
