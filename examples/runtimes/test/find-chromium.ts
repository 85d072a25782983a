import { existsSync } from "node:fs";
import { join } from "node:path";

/** Debian's chromium package (`apt-get install -y chromium`): /usr/bin/chromium, else a `chromium` on PATH. */
export function findChromium(path = process.env.PATH ?? "", exists: (file: string) => boolean = existsSync): string | undefined {
  return ["/usr/bin/chromium", ...path.split(":").filter(Boolean).map((dir) => join(dir, "chromium"))].find((file) => exists(file));
}

/** Without Chromium the browser proof is skipped locally, but fails in CI (a skipped proof proves nothing). */
export function browserProofPlan(chromium: string | undefined, ci: boolean): { run: true } | { run: false; failure?: string } {
  if (chromium) return { run: true };
  if (!ci) return { run: false };
  return { run: false, failure: "Chromium is missing (no /usr/bin/chromium, no chromium on PATH): the browser proof cannot run. Install it with: apt-get update && apt-get install -y chromium (.ci/run does this)." };
}
