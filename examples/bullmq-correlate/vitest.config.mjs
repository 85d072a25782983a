import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.{ts,mjs}"],
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
