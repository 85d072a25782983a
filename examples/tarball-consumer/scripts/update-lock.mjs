#!/usr/bin/env node
// Re-resolves the consumer app's package-lock.json: `pnpm --filter @toolweave/example-tarball-consumer run lock`.
// Run it when a published package gains or drops a dependency (the test's `npm ci` says so),
// or to take newer third-party versions on purpose. The test installs from this lock with
// `npm ci`, so a registry release never changes what it installs; the scheduled drift
// workflow is what tries the newest versions in range.
//
// Our own packages are local tarballs that change with every build, so their entries keep no
// `integrity` (npm then takes the tarball as it is); every third-party entry keeps its hash.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { packInto } from "./pack.mjs";

const app = fileURLToPath(new URL("../app/", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "toolweave-consumer-lock-"));
try {
  cpSync(join(app, "package.json"), join(work, "package.json"));
  await packInto(work);
  execFileSync("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: work, stdio: "inherit" });
  const lock = JSON.parse(readFileSync(join(work, "package-lock.json"), "utf8"));
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path.startsWith("node_modules/@toolweave/")) delete entry.integrity;
  }
  writeFileSync(join(app, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`wrote ${join(app, "package-lock.json")}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
