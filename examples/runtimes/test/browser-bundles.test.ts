import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
/** The published main entry points that promise to run wherever fetch runs. */
const PACKAGES = ["@toolweave/core", "@toolweave/connector-circleci", "@toolweave/connector-circonus", "@toolweave/secrets-env"];

describe.each(PACKAGES)("%s's main entry", (name) => {
  const entry = require.resolve(name);

  it("imports no Node built-in", () => {
    const code = readFileSync(entry, "utf8");
    expect(code).not.toMatch(/\bfrom\s*["'](?:node:)?(?:fs|path|util|os|crypto|buffer|child_process|net|http|https|stream|url|module)(?:\/[a-z]+)?["']/);
    expect(code).not.toMatch(/\brequire\(\s*["']node:/);
  });

  it("bundles for the browser and for Workers with esbuild (zod included)", async () => {
    for (const options of [{ platform: "browser" as const }, { platform: "neutral" as const, conditions: ["workerd", "worker", "browser"], mainFields: ["module", "main"] }]) {
      const result = await build({ stdin: { contents: `export * from "${name}";`, resolveDir: process.cwd(), loader: "js" }, bundle: true, format: "esm", write: false, metafile: true, logLevel: "silent", ...options });
      expect(result.errors).toEqual([]);
      expect(Object.keys(result.metafile.inputs).filter((input) => input.startsWith("node:"))).toEqual([]);
    }
  });
});
