import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { REPO_ROOT, fmt, kib, median, printTable, runIfMain, writeResult } from "./report.js";

const RUNS = 9;

/** The part of esbuild's API used here (esbuild is reached through tsup, not a dependency of bench). */
interface EsbuildApi {
  build(options: {
    entryPoints: string[];
    bundle: true;
    minify: true;
    format: "esm";
    platform: "node";
    target: string;
    write: false;
    external: string[];
    logLevel: "silent";
  }): Promise<{ outputFiles: { contents: Uint8Array }[] }>;
}

function loadEsbuild(): EsbuildApi {
  const require = createRequire(import.meta.url);
  return createRequire(require.resolve("tsup/package.json"))("esbuild") as EsbuildApi;
}

const PACKAGES = [
  { name: "@toolweave/core", dir: "packages/core" },
  { name: "@toolweave/connector-circleci", dir: "packages/connector-circleci" },
  { name: "@toolweave/connector-circonus", dir: "packages/connector-circonus" },
  { name: "@toolweave/secrets-env", dir: "packages/secrets-env" },
] as const;

/** Runs `code` in a fresh `node` and returns the wall time (ms) and what it printed. */
function runNode(code: string): { wallMs: number; out: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`node -e failed: ${result.stderr}`);
  return { wallMs, out: result.stdout.trim() };
}

/**
 * Benchmark 4: cold start (import time of each published package in a fresh Node process,
 * measured inside the process around `await import()`, plus the process wall time; median
 * of RUNS) and bundle size (esbuild bundle + minify of the package's published entry, then
 * gzip), core with zod bundled and with zod external, connectors on their own (core and zod
 * external) and with everything bundled.
 */
export async function runColdStart() {
  const esbuild = loadEsbuild();
  const baseline = median(Array.from({ length: RUNS }, () => runNode("").wallMs));
  const importRows: (string | number)[][] = [];
  const imports = [];
  for (const pkg of PACKAGES) {
    const entry = join(REPO_ROOT, pkg.dir, "dist/index.js");
    if (!existsSync(entry)) {
      importRows.push([pkg.name, "not built", "", ""]);
      imports.push({ package: pkg.name, built: false });
      continue;
    }
    const url = pathToFileURL(entry).href;
    const code = `const t = performance.now(); await import(${JSON.stringify(url)}); process.stdout.write(String(performance.now() - t));`;
    const runs = Array.from({ length: RUNS }, () => runNode(code));
    const importMs = median(runs.map((r) => Number(r.out)));
    const wallMs = median(runs.map((r) => r.wallMs));
    importRows.push([pkg.name, fmt(importMs, 1), fmt(wallMs, 1), fmt(wallMs - baseline, 1)]);
    imports.push({ package: pkg.name, built: true, runs: RUNS, medianImportMs: importMs, medianProcessWallMs: wallMs, overBareNodeMs: wallMs - baseline });
  }
  printTable(
    `4a. Cold start: median of ${RUNS} fresh processes (bare \`node -e ""\`: ${fmt(baseline, 1)} ms wall)`,
    ["package", "import ms (in process)", "process wall ms", "wall over bare node ms"],
    importRows,
  );

  const bundleRows: (string | number)[][] = [];
  const bundles = [];
  const variants = (name: string): { label: string; external: string[] }[] =>
    name === "@toolweave/core"
      ? [
          { label: "with zod", external: [] },
          { label: "without zod (zod external)", external: ["zod"] },
        ]
      : [
          { label: "own code (core, zod external)", external: ["@toolweave/core", "zod"] },
          { label: "with core and zod", external: [] },
        ];
  for (const pkg of PACKAGES) {
    const dist = join(REPO_ROOT, pkg.dir, "dist/index.js");
    const entry = existsSync(dist) ? dist : join(REPO_ROOT, pkg.dir, "src/index.ts");
    for (const v of variants(pkg.name)) {
      const out = await esbuild.build({ entryPoints: [entry], bundle: true, minify: true, format: "esm", platform: "node", target: "node20", write: false, external: v.external, logLevel: "silent" });
      const bytes = out.outputFiles.reduce((n, f) => n + f.contents.length, 0);
      const gzip = out.outputFiles.reduce((n, f) => n + gzipSync(f.contents, { level: 9 }).length, 0);
      bundleRows.push([pkg.name, v.label, fmt(kib(bytes), 1), fmt(kib(gzip), 1)]);
      bundles.push({ package: pkg.name, variant: v.label, entry: entry.slice(REPO_ROOT.length + 1), external: v.external, minifiedBytes: bytes, gzipBytes: gzip });
    }
  }
  printTable("4b. Bundle size: whole public entry, esbuild bundle + minify, gzip -9", ["package", "bundle", "minified KiB", "min+gzip KiB"], bundleRows);
  writeResult("cold-start", { runs: RUNS, bareNodeWallMs: baseline, imports, bundles });
  return { imports, bundles };
}

runIfMain("cold-start", runColdStart);
