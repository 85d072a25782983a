// Test support for the browser tests (the demo's `serve` page, the runtimes example's bundle):
// where Debian's Chromium is, and whether a test may be skipped without it.
import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * Debian's chromium package (`apt-get install -y chromium`): /usr/bin/chromium, else a `chromium` on PATH.
 * @param {string} [path] a PATH-like list of directories
 * @param {(file: string) => boolean} [exists]
 * @returns {string | undefined}
 */
export function findChromium(path = process.env.PATH ?? "", exists = existsSync) {
  return ["/usr/bin/chromium", ...path.split(":").filter(Boolean).map((dir) => join(dir, "chromium"))].find((file) => exists(file));
}

/**
 * Without Chromium a browser test is skipped locally, but fails in CI (a skipped proof proves nothing).
 * @param {string | undefined} chromium what {@link findChromium} found
 * @param {boolean} ci
 * @param {string} [what] the test, named in the failure
 * @returns {{ run: true } | { run: false, failure?: string }}
 */
export function browserProofPlan(chromium, ci, what = "the browser proof") {
  if (chromium) return { run: true };
  if (!ci) return { run: false };
  return { run: false, failure: `Chromium is missing (no /usr/bin/chromium, no chromium on PATH): ${what} cannot run. Install it with: apt-get update && apt-get install -y chromium (.ci/run does this).` };
}
