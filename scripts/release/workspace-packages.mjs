// The workspace's packages as the release scripts see them: name, version, folder, whether it
// is published, and which workspace packages it depends on (through the `workspace:` protocol).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/**
 * @typedef {{ name: string, version: string, dir: string, private: boolean, manifest: Record<string, any>, internal: string[] }} WorkspacePackage
 */

const DEPENDENCY_FIELDS = ["dependencies", "peerDependencies", "optionalDependencies"];

/**
 * Every package of the workspace at `root` (the globs of pnpm-workspace.yaml: `dir/*` or `dir`).
 * @returns {WorkspacePackage[]}
 */
export function workspacePackages(root) {
  const { packages: globs = [] } = parse(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")) ?? {};
  const dirs = globs.flatMap((glob) => {
    if (!glob.endsWith("/*")) return [join(root, glob)];
    const base = join(root, glob.slice(0, -2));
    return existsSync(base) ? readdirSync(base, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(base, e.name)) : [];
  });
  const found = dirs.filter((dir) => existsSync(join(dir, "package.json"))).map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }));
  const names = new Set(found.map(({ manifest }) => manifest.name));
  return found.map(({ dir, manifest }) => ({
    name: manifest.name,
    version: manifest.version,
    dir,
    private: manifest.private === true,
    manifest,
    internal: [...new Set(DEPENDENCY_FIELDS.flatMap((field) => Object.entries(manifest[field] ?? {}).filter(([dep, spec]) => names.has(dep) && String(spec).startsWith("workspace:")).map(([dep]) => dep)))],
  }));
}

/** The packages npm would publish (not `private`). */
export function publicPackages(root) {
  return workspacePackages(root).filter((pkg) => !pkg.private);
}

/**
 * `packages` ordered so that every package comes after the workspace packages it depends on
 * (ties by name, so the order is the same on every machine). Throws on a dependency cycle.
 * @param {WorkspacePackage[]} packages
 */
export function dependencyOrder(packages) {
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  /** @type {WorkspacePackage[]} */
  const ordered = [];
  const placed = new Set();
  while (ordered.length < packages.length) {
    const ready = packages.filter((pkg) => !placed.has(pkg.name) && pkg.internal.every((dep) => placed.has(dep) || !byName.has(dep)));
    if (ready.length === 0) {
      const left = packages.filter((pkg) => !placed.has(pkg.name)).map((pkg) => pkg.name);
      throw new Error(`The workspace packages ${left.join(", ")} depend on each other in a cycle: no publish order exists. Break the cycle before releasing.`);
    }
    const next = ready.sort((a, b) => a.name.localeCompare(b.name))[0];
    if (!next) break;
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}
