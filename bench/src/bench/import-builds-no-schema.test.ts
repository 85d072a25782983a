import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

// Issue #15's cold-start target holds only while importing a package builds no zod schema
// (module-level schemas are made with each package's internal lazySchema). zod sets its default
// locale when the first schema is constructed, so a fresh process tells whether one was built.
const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const PACKAGES = ["packages/core", "packages/connector-circleci", "packages/connector-circonus", "packages/secrets-env"];

/** Imports zod, then `entry` (if any), then builds `z.string()` if asked; says whether zod's locale was set before that. */
function localeSetAfterImport(dir: string, entry: string | undefined): { beforeBuild: boolean; afterBuild: boolean } {
  const code = [
    `const { z } = await import("zod");`,
    entry === undefined ? "" : `await import(${JSON.stringify(pathToFileURL(entry).href)});`,
    `const beforeBuild = globalThis.__zod_globalConfig?.localeError !== undefined;`,
    `z.string();`,
    `const afterBuild = globalThis.__zod_globalConfig?.localeError !== undefined;`,
    `process.stdout.write(JSON.stringify({ beforeBuild, afterBuild }));`,
  ].join("\n");
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: dir, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`node -e failed: ${result.error?.message ?? result.stderr}`);
  return JSON.parse(result.stdout) as { beforeBuild: boolean; afterBuild: boolean };
}

describe("importing a package builds no zod schema", () => {
  it("the probe notices a schema being built", () => {
    expect(localeSetAfterImport(join(REPO_ROOT, "packages/core"), undefined)).toEqual({ beforeBuild: false, afterBuild: true });
  });

  it.each(PACKAGES)("%s", (dir) => {
    const entry = join(REPO_ROOT, dir, "dist/index.js");
    expect(localeSetAfterImport(join(REPO_ROOT, dir), entry)).toEqual({ beforeBuild: false, afterBuild: true });
  });
});
