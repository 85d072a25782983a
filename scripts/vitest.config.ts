import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Pinned to this directory so `npx vitest run --config scripts/vitest.config.ts` from the
    // repository root finds the same tests and writes the same report as `vitest run` here.
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["*.test.ts", "release/*.test.ts"],
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    testTimeout: 10_000,
  },
});
