import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/testing.ts"],
  format: ["esm"],
  // Declarations (with declaration maps into the shipped src/) come from tsc -p tsconfig.build.json.
  dts: false,
  // No JavaScript source maps: the ESM output is not minified, so stack traces read as they
  // are, and a map without its sources would cost as much as the code. Editors jump from the
  // types into the shipped src/ through the declaration maps.
  sourcemap: false,
  clean: true,
  target: "node20",
  splitting: true,
  treeshake: true,
});
