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

/** What every tsup build here shares: ESM for Node 20, a clean dist/, no .d.ts from tsup (tsc writes declarations). */
const NODE_ESM = { format: ["esm"], target: "node20", platform: "node", dts: false, clean: true };

/**
 * tsup options for the package whose package.json is at `packageJson`.
 * @param {{ packageJson: URL, entry: string[], versionDefine?: string }} options
 *   `versionDefine` names a global replaced by the package's version at build time.
 */
export function packageBuild({ packageJson, entry, versionDefine }) {
  const { name, version } = JSON.parse(readFileSync(packageJson, "utf8"));
  return {
    ...NODE_ESM,
    entry,
    // No JavaScript source maps: the output is not minified, so stack traces read as they are,
    // and a map without its sources would cost as much as the code.
    sourcemap: false,
    splitting: true,
    treeshake: true,
    define: versionDefine ? { [versionDefine]: JSON.stringify(version) } : {},
    // After the tree-shaking pass, which drops an esbuild banner.
    onSuccess: async () => stampBuild(new URL("./dist/", packageJson), buildStamp(name, version)),
  };
}

/**
 * tsup options for a program of this repository that is never published (the demo CLI, the bench
 * scripts): with source maps, since it runs from this checkout where its sources are.
 * @param {{ entry: string[] | Record<string, string>, banner?: string, splitting?: boolean }} options
 *   `banner` starts every emitted file (e.g. a shebang).
 */
export function programBuild({ entry, banner, splitting }) {
  return { ...NODE_ESM, entry, sourcemap: true, ...(banner === undefined ? {} : { banner: { js: banner } }), ...(splitting === undefined ? {} : { splitting }) };
}

/** Puts `stamp` on the first line of every JavaScript file (.js, .mjs, .cjs) under `dist`. */
function stampBuild(dist, stamp) {
  for (const entry of readdirSync(fileURLToPath(dist), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.[cm]?js$/.test(entry.name)) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    writeFileSync(path, `${stamp}\n${readFileSync(path, "utf8")}`);
  }
}
