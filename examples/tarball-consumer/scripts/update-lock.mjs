#!/usr/bin/env node
// Re-resolves the consumer app's package-lock.json: `pnpm --filter @toolweave/example-tarball-consumer run lock`.
// Run it when a published package gains or drops a dependency (the test's `npm ci` says so),
// or to take newer third-party versions on purpose. The test installs from this lock with
// `npm ci`, so a registry release never changes what it installs; the scheduled drift
// workflow is what tries the newest versions in range.
//
// package-lock.zod-floor.json is the same tree with zod at the floor of the peer range, and
// package-lock.ioredis-floor.json with ioredis at the lowest 5.x of @toolweave/redis's peer
// range, for the test's runs on the lowest versions toolweave supports (also with `npm ci`).
//
// Our own packages are local tarballs that change with every build, so their entries keep no
// `integrity` (npm then takes the tarball as it is); every third-party entry keeps its hash.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { packInto } from "./pack.mjs";

const app = fileURLToPath(new URL("../app/", import.meta.url));
/** The lowest zod the peer range allows: the app is also installed and run with it. */
export const ZOD_FLOOR = "4.1.0";
/**
 * The lowest ioredis 5 @toolweave/redis's peer range allows: the first 5.x whose CommonJS
 * build has the named `Redis` export the package (and the app) import from ESM.
 */
export const IOREDIS_FLOOR = "5.2.5";

/**
 * Resolves the app's lock in `work` (which holds its package.json and tarballs/), with each
 * dependency of `pins` resolved to its exact version, and returns it: our own tarballs without
 * `integrity`, and the root entry naming the app's real ranges (so `npm ci` accepts the lock
 * for the app as committed).
 */
function resolveLock(work, pins = {}) {
  const manifest = JSON.parse(readFileSync(join(app, "package.json"), "utf8"));
  writeFileSync(join(work, "package.json"), JSON.stringify({ ...manifest, dependencies: { ...manifest.dependencies, ...pins } }, null, 2));
  rmSync(join(work, "package-lock.json"), { force: true });
  execFileSync("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: work, stdio: "inherit" });
  const lock = JSON.parse(readFileSync(join(work, "package-lock.json"), "utf8"));
  for (const name of Object.keys(pins)) lock.packages[""].dependencies[name] = manifest.dependencies[name];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path.startsWith("node_modules/@toolweave/")) delete entry.integrity;
  }
  return `${JSON.stringify(lock, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const work = mkdtempSync(join(tmpdir(), "toolweave-consumer-lock-"));
  try {
    await packInto(work);
    writeFileSync(join(app, "package-lock.json"), resolveLock(work));
    writeFileSync(join(app, "package-lock.zod-floor.json"), resolveLock(work, { zod: ZOD_FLOOR }));
    writeFileSync(join(app, "package-lock.ioredis-floor.json"), resolveLock(work, { ioredis: IOREDIS_FLOOR }));
    console.log(`wrote ${join(app, "package-lock.json")}, package-lock.zod-floor.json (zod ${ZOD_FLOOR}) and package-lock.ioredis-floor.json (ioredis ${IOREDIS_FLOOR}), the rest the same`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
