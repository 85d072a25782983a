import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bundleSize } from "./bundle-size.js";
import { REPO_ROOT, fmt, kib, median, printTable, runIfMain, writeResult } from "./report.js";

const RUNS = 9;

const PACKAGES = [
  { name: "@toolweave/core", dir: "packages/core" },
  { name: "@toolweave/connector-circleci", dir: "packages/connector-circleci" },
  { name: "@toolweave/connector-circonus", dir: "packages/connector-circonus" },
  { name: "@toolweave/secrets-env", dir: "packages/secrets-env" },
] as const;

/** Issue #15's targets for what an import adds once zod is loaded (ms). */
const OVER_ZOD_TARGET = { core: 5, connector: 10 } as const;

/** Issue #25's target for creating a client once the package is imported (ms), first creation included. */
const CREATE_TARGET_MS = 3;
/** Clients created after the first, in the same process; their median is reported. */
const LATER_CREATIONS = 50;

/** How each connector's client is made: the common case, a token (and Circonus's app name) and defaults. */
const FACTORIES: Partial<Record<(typeof PACKAGES)[number]["name"], string>> = {
  "@toolweave/connector-circleci": 'm.createCircleCI({ token: "CCIPAT_benchmark_0123456789abcdef0123456789abcdef01234567" })',
  "@toolweave/connector-circonus": 'm.createCirconus({ token: "0f8b2c4e-5a6d-4e7f-9a1b-c4a7a2e15ec7", appName: "toolweave-bench" })',
};

/** Code for `node -e`: import the package, then time its first client and the next ones; prints `[importMs, firstMs, laterMs[]]`. */
function importAndCreate(url: string, create: string | undefined): string {
  const clients = create
    ? `const c = performance.now(); ${create}; const d = performance.now(); const later = []; for (let i = 0; i < ${LATER_CREATIONS}; i++) { const e = performance.now(); ${create}; later.push(performance.now() - e); }`
    : "const c = 0, d = Number.NaN, later = [];";
  return `const a = performance.now(); const m = await import(${JSON.stringify(url)}); const b = performance.now(); ${clients} process.stdout.write(JSON.stringify([b - a, d - c, later]));`;
}

/** Runs `code` in a fresh `node` (in `cwd`, so a bare `zod` resolves as the package's does) and returns the wall time (ms) and what it printed. */
function runNode(code: string, cwd?: string): { wallMs: number; out: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", ...(cwd ? { cwd } : {}) });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`node -e failed: ${result.stderr}`);
  return { wallMs, out: result.stdout.trim() };
}

/**
 * Benchmark 4: cold start (import time of each published package in a fresh Node process,
 * measured inside the process around `await import()`, plus the process wall time; median
 * of RUNS; for a connector, the time to create its first client after the import and the
 * median of the next ones) and bundle size (esbuild bundle + minify of the package's published entry, then
 * gzip), core with zod bundled and with zod external, connectors on their own (core and zod
 * external) and with everything bundled.
 */
export async function runColdStart() {
  const baseline = median(Array.from({ length: RUNS }, () => runNode("").wallMs));
  const importRows: (string | number)[][] = [];
  const imports = [];
  for (const pkg of PACKAGES) {
    const entry = join(REPO_ROOT, pkg.dir, "dist/index.js");
    if (!existsSync(entry)) {
      importRows.push([pkg.name, "not built", "", "", "", "", ""]);
      imports.push({ package: pkg.name, built: false });
      continue;
    }
    const url = pathToFileURL(entry).href;
    const create = FACTORIES[pkg.name];
    const runs = Array.from({ length: RUNS }, () => {
      const run = runNode(importAndCreate(url, create));
      const [importMs, firstMs, laterMs] = JSON.parse(run.out) as [number, number, number[]];
      return { wallMs: run.wallMs, importMs, firstMs, laterMs: median(laterMs) };
    });
    const importMs = median(runs.map((r) => r.importMs));
    const wallMs = median(runs.map((r) => r.wallMs));
    const firstClientMs = create ? median(runs.map((r) => r.firstMs)) : undefined;
    const laterClientMs = create ? median(runs.map((r) => r.laterMs)) : undefined;
    importRows.push([
      pkg.name,
      fmt(importMs, 1),
      firstClientMs === undefined ? "" : fmt(firstClientMs, 2),
      laterClientMs === undefined ? "" : fmt(laterClientMs, 3),
      firstClientMs === undefined ? "" : `≤ ${CREATE_TARGET_MS}: ${firstClientMs <= CREATE_TARGET_MS ? "met" : "NOT met"}`,
      fmt(wallMs, 1),
      fmt(wallMs - baseline, 1),
    ]);
    imports.push({
      package: pkg.name,
      built: true,
      runs: RUNS,
      medianImportMs: importMs,
      // Creating a client after the import: the first one in the process, then the median of the next ones.
      ...(create ? { medianFirstClientMs: firstClientMs, medianLaterClientMs: laterClientMs, createTargetMs: CREATE_TARGET_MS, createMet: firstClientMs! <= CREATE_TARGET_MS } : {}),
      medianProcessWallMs: wallMs,
      overBareNodeMs: wallMs - baseline,
    });
  }
  printTable(
    `4a. Cold start: median of ${RUNS} fresh processes (bare \`node -e ""\`: ${fmt(baseline, 1)} ms wall); a client created after the import, the first in the process and the next ${LATER_CREATIONS} (their median)`,
    ["package", "import ms (in process)", "first client ms", "next client ms", "client target", "process wall ms", "wall over bare node ms"],
    importRows,
  );

  // What toolweave adds on top of zod: zod is imported first (as the package resolves it), then
  // the package; the second import is timed. A one-line module imported the same way shows the
  // floor of a dynamic import.
  const overZodRows: (string | number)[][] = [];
  const overZod = [];
  for (const pkg of PACKAGES) {
    const entry = join(REPO_ROOT, pkg.dir, "dist/index.js");
    if (!existsSync(entry)) continue;
    const cwd = join(REPO_ROOT, pkg.dir);
    const code = `const a = performance.now(); await import("zod"); const b = performance.now(); await import("data:text/javascript,export default 1"); const c = performance.now(); await import(${JSON.stringify(pathToFileURL(entry).href)}); const d = performance.now(); process.stdout.write(JSON.stringify([b - a, c - b, d - c]));`;
    const runs = Array.from({ length: RUNS }, () => JSON.parse(runNode(code, cwd).out) as [number, number, number]);
    const zodMs = median(runs.map((r) => r[0]));
    const floorMs = median(runs.map((r) => r[1]));
    const addedMs = median(runs.map((r) => r[2]));
    const target = pkg.name === "@toolweave/core" ? OVER_ZOD_TARGET.core : pkg.name.startsWith("@toolweave/connector-") ? OVER_ZOD_TARGET.connector : undefined;
    overZodRows.push([pkg.name, fmt(zodMs, 1), fmt(addedMs, 1), fmt(floorMs, 1), target === undefined ? "" : `≤ ${target}: ${addedMs <= target ? "met" : "NOT met"}`]);
    overZod.push({ package: pkg.name, runs: RUNS, medianZodMs: zodMs, medianOverZodMs: addedMs, medianEmptyModuleMs: floorMs, targetMs: target, met: target === undefined ? undefined : addedMs <= target });
  }
  printTable(
    `4b. Cold start over zod: import ms of the package once zod is loaded (median of ${RUNS} fresh processes; core and the connector's own dependencies included)`,
    ["package", "zod alone ms", "package over zod ms", "one-line module ms (floor)", "target"],
    overZodRows,
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
      const { minifiedBytes: bytes, gzipBytes: gzip } = await bundleSize({ entryPoints: [entry], platform: "node", target: "node20", external: v.external });
      bundleRows.push([pkg.name, v.label, fmt(kib(bytes), 1), fmt(kib(gzip), 1)]);
      bundles.push({ package: pkg.name, variant: v.label, entry: entry.slice(REPO_ROOT.length + 1), external: v.external, minifiedBytes: bytes, gzipBytes: gzip });
    }
  }
  printTable("4c. Bundle size: whole public entry, esbuild bundle + minify, gzip -9", ["package", "bundle", "minified KiB", "min+gzip KiB"], bundleRows);
  writeResult("cold-start", { runs: RUNS, bareNodeWallMs: baseline, imports, overZod, bundles });
  return { imports, overZod, bundles };
}

runIfMain("cold-start", runColdStart);
