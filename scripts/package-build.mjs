// The tsup options every published package builds with, in one place: ESM for Node 20, no JS
// source maps (declaration maps into the shipped src/ come from `tsc -p tsconfig.build.json`),
// and a build stamp at the top of every emitted file naming the package and the version it was
// built for. The release guard (scripts/release/check-publishable.mjs) refuses to publish a
// dist/ whose stamp names another version: a build made before `changeset version` would
// otherwise ship the previous version's constants (CORE_VERSION, the User-Agent product token).
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The comment every emitted file starts with: `/* @toolweave/core@0.1.0 *\/`. */
export function buildStamp(name, version) {
  return `/* ${name}@${version} */`;
}

/**
 * tsup options for the package whose package.json is at `packageJson`.
 * @param {{ packageJson: URL, entry: string[], versionDefine?: string }} options
 *   `versionDefine` names a global replaced by the package's version at build time.
 */
export function packageBuild({ packageJson, entry, versionDefine }) {
  const { name, version } = JSON.parse(readFileSync(packageJson, "utf8"));
  return {
    entry,
    format: ["esm"],
    dts: false,
    // No JavaScript source maps: the output is not minified, so stack traces read as they are,
    // and a map without its sources would cost as much as the code.
    sourcemap: false,
    clean: true,
    target: "node20",
    splitting: true,
    treeshake: true,
    define: versionDefine ? { [versionDefine]: JSON.stringify(version) } : {},
    // After the tree-shaking pass, which drops an esbuild banner.
    onSuccess: async () => stampBuild(new URL("./dist/", packageJson), buildStamp(name, version)),
  };
}

/** Puts `stamp` on the first line of every JavaScript file (.js, .mjs, .cjs) under `dist`. */
function stampBuild(dist, stamp) {
  for (const entry of readdirSync(fileURLToPath(dist), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.[cm]?js$/.test(entry.name)) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    writeFileSync(path, `${stamp}\n${readFileSync(path, "utf8")}`);
  }
}
