#!/usr/bin/env node
// `prepublishOnly` of every published package: the last check before npm takes the tarball, so
// it holds however the publish was started (`pnpm release`, `changeset publish`, `pnpm publish`).
// It refuses
// - a missing build: a file the package's `exports`, `main` or `types` names is not there;
// - a stale build: dist/ was built for another version than package.json's (the build stamp
//   every emitted file starts with, see scripts/package-build.mjs), as when a build made before
//   `changeset version` would ship the previous version's constants;
// - a dependency not on the registry yet: a workspace package this one depends on must be
//   installable at the version the packed package.json will name, or every fresh install of
//   this one fails until it is.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildStamp } from "../package-build.mjs";
import { isPublished } from "./registry.mjs";
import { workspacePackages } from "./workspace-packages.mjs";

/** Every file path named by `exports` (all conditions), `main` and `types`. */
export function declaredFiles(manifest) {
  const paths = new Set();
  const walk = (value) => {
    if (typeof value === "string") paths.add(value);
    else if (value && typeof value === "object") for (const inner of Object.values(value)) walk(inner);
  };
  walk(manifest.exports);
  for (const field of ["main", "module", "types", "typings"]) if (typeof manifest[field] === "string") paths.add(manifest[field]);
  return [...paths].filter((path) => !path.includes("*"));
}

/** Problems with the built files of the package in `dir` (empty when it can be packed). */
export function buildProblems(dir, manifest) {
  const build = `pnpm --filter ${manifest.name} build`;
  const missing = declaredFiles(manifest).filter((path) => !existsSync(join(dir, path))).sort();
  if (missing.length > 0) {
    return [`${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing: the package is not built. Run \`pnpm release\` (it builds first) or \`${build}\`.`];
  }
  const stamp = buildStamp(manifest.name, manifest.version);
  const dist = join(dir, "dist");
  const stale = existsSync(dist)
    ? readdirSync(dist, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile() && /\.[cm]?js$/.test(entry.name))
        .map((entry) => relative(dist, join(entry.parentPath ?? entry.path, entry.name)))
        .filter((file) => !readFileSync(join(dist, file), "utf8").startsWith(`${stamp}\n`))
    : [];
  if (stale.length > 0) {
    const found = readFileSync(join(dist, stale[0]), "utf8").split("\n", 1)[0];
    return [`dist/${stale[0]}${stale.length > 1 ? ` and ${stale.length - 1} more` : ""} ${found.startsWith("/* ") ? `were built for ${found.slice(3, -3)}` : "carry no build stamp"}, but package.json is ${manifest.name}@${manifest.version}: rebuild with \`${build}\` (a build made before \`changeset version\` ships the previous version).`];
  }
  return [];
}

/** The workspace dependencies of `pkg` that are not on the registry at their workspace version. */
export async function missingDependencies(pkg, all, options) {
  const missing = [];
  for (const name of pkg.internal) {
    const dep = all.find((candidate) => candidate.name === name);
    if (dep && !dep.private && !(await isPublished(dep.name, dep.version, options))) missing.push(`${dep.name}@${dep.version}`);
  }
  return missing;
}

/** Everything that keeps `pkg` from being published now (empty when it can be). */
export async function publishProblems(pkg, all, options) {
  const problems = buildProblems(pkg.dir, pkg.manifest);
  if (pkg.version === "0.0.0") problems.push(`its version is 0.0.0: it was never versioned. Run \`pnpm changeset version\` with its first-release changeset (a minor bump) and commit the result.`);
  const missing = await missingDependencies(pkg, all, options);
  if (missing.length > 0) {
    problems.push(`it depends on ${missing.join(", ")}, which the registry does not have yet: publish ${missing.length === 1 ? "it" : "them"} first (\`pnpm release\` publishes in dependency order), or every fresh install of ${pkg.name} fails.`);
  }
  return problems;
}

export function refusal(pkg, problems) {
  return `Refusing to publish ${pkg.name}@${pkg.version}:\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}

async function main() {
  const dir = process.cwd();
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const all = workspacePackages(root);
  const pkg = all.find((candidate) => join(candidate.dir) === join(dir));
  if (!pkg) throw new Error(`${dir} is not a package of the workspace at ${root}.`);
  const problems = await publishProblems(pkg, all, { cwd: dir });
  if (problems.length > 0) {
    console.error(refusal(pkg, problems));
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
