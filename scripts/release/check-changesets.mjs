#!/usr/bin/env node
// `.ci/run` step (and the first step of `pnpm release:rehearse`): the pending changesets can be
// released, and no change to a published package goes out undescribed.
// - Every `.changeset/*.md` names published workspace packages only. A changeset that names only
//   a private or ignored package (the demo) is never consumed: `changeset status` says "NO
//   packages", the file stays, and the release workflow stays in version-PR mode for good.
// - A package that has never been released (version 0.0.0) has exactly one changeset: its
//   first-release notes. Its CHANGELOG's first entry should say what the package does and what
//   it needs, once, not replay how it was built (CONTRIBUTING, "Changesets").
// - A released package whose shipped files changed since its release tag (`<name>@<version>`)
//   has a pending changeset naming it; the build files every package shares count for each.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { workspacePackages } from "./workspace-packages.mjs";

// changesets also knows "none", which names a package without releasing it: a first-release
// changeset with it would leave the package at 0.0.0, and it would silence the check below.
const BUMPS = new Set(["patch", "minor", "major"]);

/** The packages a changeset file's front matter names, with their bumps. */
export function parseChangeset(text, file) {
  // As changesets reads it: optional BOM and blank lines, then --- lines of their own.
  const match = /^\uFEFF?\s*---\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) throw new Error(`${file}: no front matter. A changeset starts with ---, one "package": bump line per package, and ---.`);
  const releases = parse(match[1] ?? "") ?? {};
  if (typeof releases !== "object" || Array.isArray(releases)) throw new Error(`${file}: the front matter is not a list of "package": bump lines.`);
  return Object.entries(releases).map(([name, bump]) => ({ name, bump: String(bump) }));
}

/**
 * Files outside the packages that every published package is built with (each package's
 * tsconfig.build.json extends the first, its tsup.config.ts calls the second): a change to one
 * changes what every package ships.
 */
export const SHARED_BUILD_FILES = ["tsconfig.build.base.json", "scripts/package-build.mjs"];

/** Shipped files of a package (what a user would see change): sources, manifest, README, build config. */
export function isShippedSource(path) {
  if (/(^|\/)(__fixtures__|test-support|test-utils)(\/|\.)|\.test\.[cm]?[jt]s$/.test(path)) return false;
  return /^(src\/|package\.json$|README\.md$|tsup\.config\.ts$|tsconfig\.build\.json$)/.test(path);
}

/**
 * Problems with the pending changesets of the workspace at `root`.
 * @param {{ changedSince?: (pkg: { name: string, version: string, dir: string }) => string[] | undefined }} [options]
 *   `changedSince` lists the files changed since a package's release tag among its folder and
 *   {@link SHARED_BUILD_FILES}, relative to `root` (undefined when the tag is not in this
 *   clone); it defaults to asking git.
 */
export function changesetProblems(root, { changedSince = (pkg) => gitChangedSince(root, pkg) } = {}) {
  const config = JSON.parse(readFileSync(join(root, ".changeset", "config.json"), "utf8"));
  const ignored = new Set(config.ignore ?? []);
  const all = workspacePackages(root);
  const published = new Map(all.filter((pkg) => !pkg.private && !ignored.has(pkg.name)).map((pkg) => [pkg.name, pkg]));
  const problems = [];
  /** @type {Map<string, { file: string, bump: string }[]>} */
  const named = new Map();
  const files = readdirSync(join(root, ".changeset")).filter((file) => file.endsWith(".md") && file.toLowerCase() !== "readme.md").sort();
  for (const file of files) {
    let releases;
    try {
      releases = parseChangeset(readFileSync(join(root, ".changeset", file), "utf8"), `.changeset/${file}`);
    } catch (error) {
      problems.push(error.message);
      continue;
    }
    const unpublished = releases.filter(({ name }) => !published.has(name));
    if (releases.length === 0 || unpublished.length === releases.length) {
      problems.push(`.changeset/${file} names ${releases.length ? `only ${unpublished.map((r) => r.name).join(", ")}, which ${unpublished.length === 1 ? "is" : "are"} not published` : "no package"}: changesets never consumes it and the release workflow would stay in version-PR mode. Private packages need no changeset; name the published package the change affects, or delete the file.`);
      continue;
    }
    for (const { name } of unpublished) {
      problems.push(`.changeset/${file} names ${name}, which ${all.some((p) => p.name === name) ? "is private or ignored" : "is not a package of this workspace"}: remove that line.`);
    }
    for (const { name, bump } of releases.filter(({ name }) => published.has(name))) {
      if (!BUMPS.has(bump)) {
        problems.push(`.changeset/${file}: "${name}": ${bump} is not a bump; use patch, minor or major.`);
        continue;
      }
      named.set(name, [...(named.get(name) ?? []), { file, bump }]);
    }
  }
  for (const pkg of published.values()) {
    const entries = named.get(pkg.name) ?? [];
    const files = entries.map((entry) => entry.file);
    const dir = relative(root, pkg.dir);
    if (pkg.version === "0.0.0") {
      if (files.length === 0) problems.push(`${pkg.name} has never been released and no changeset names it, so it would go out as 0.0.0 with no notes: write its first-release notes in .changeset/${dir.split("/").pop()}-first-release.md (a minor bump).`);
      if (files.length > 1) problems.push(`${pkg.name} has never been released but ${files.length} changesets name it (${files.join(", ")}): fold them into one first-release changeset, so its first CHANGELOG entry says what the package does and needs once.`);
      continue;
    }
    if (files.length > 0) continue;
    const changed = changedSince(pkg);
    if (changed === undefined) {
      const missing = `no tag ${pkg.name}@${pkg.version} in this clone, so whether ${dir} changed since its release cannot be told`;
      // CI checks out with tags (actions/checkout fetch-depth: 0); a clone without them is a local one.
      if (process.env.CI === "true") problems.push(`${missing}: fetch the tags (git fetch --tags; actions/checkout with fetch-depth: 0).`);
      else console.warn(`note: ${missing} (git fetch --tags to check it).`);
      continue;
    }
    // Own files by their path in the package, shared build files by their path in the repository.
    const shipped = changed.flatMap((path) => {
      if (!path.startsWith(`${dir}/`)) return SHARED_BUILD_FILES.includes(path) ? [path] : [];
      const own = path.slice(dir.length + 1);
      return isShippedSource(own) ? [own] : [];
    });
    if (shipped.length > 0) problems.push(`${pkg.name} changed since ${pkg.name}@${pkg.version} (${shipped.slice(0, 3).join(", ")}${shipped.length > 3 ? ", …" : ""}) but no changeset names it: run \`pnpm changeset\` and describe the change for its users.`);
  }
  return problems;
}

/** Files of `pkg` and shared build files changed since its release tag (relative to `root`), or undefined without the tag. */
function gitChangedSince(root, pkg) {
  const tag = `${pkg.name}@${pkg.version}`;
  try {
    execFileSync("git", ["rev-parse", "--verify", "--quiet", `refs/tags/${tag}`], { cwd: root, stdio: "ignore" });
  } catch {
    return undefined;
  }
  const dir = relative(root, pkg.dir);
  // -z: paths as they are (git quotes non-ASCII ones otherwise).
  return execFileSync("git", ["diff", "--name-only", "-z", `${tag}`, "--", dir, ...SHARED_BUILD_FILES], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter(Boolean);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const problems = changesetProblems(root);
  if (problems.length > 0) {
    console.error(`The pending changesets cannot be released as they are:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exit(1);
  }
  console.log("changesets: every pending changeset names published packages, and every change to a published package has one.");
}
