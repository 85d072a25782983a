#!/usr/bin/env node
// `pnpm test`: runs every workspace package's tests through turbo (continuing past a failing
// package so every result is known), then prints one total line, "N passed, N failed", summed
// from the packages' vitest JSON reports. Exits non-zero when turbo or any test failed.
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync, existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
// Reports from an earlier run must not be counted again (turbo restores them on a cache hit).
for (const group of ["packages", "apps", "examples"]) {
  const base = join(root, group);
  if (!existsSync(base)) continue;
  for (const entry of readdirSync(base, { withFileTypes: true })) {
    if (entry.isDirectory()) rmSync(join(base, entry.name, ".vitest-report.json"), { force: true });
  }
}
for (const dir of ["bench", "scripts"]) rmSync(join(root, dir, ".vitest-report.json"), { force: true });

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
const turbo = spawnSync(join(root, "node_modules", ".bin", "turbo"), ["run", "test", "--continue", ...process.argv.slice(2)], { stdio: "inherit", env, cwd: root });
const sum = spawnSync(process.execPath, [join(root, "scripts", "sum-vitest-reports.mjs")], { stdio: "inherit", env, cwd: root });
process.exit(turbo.status !== 0 || sum.status !== 0 ? 1 : 0);
