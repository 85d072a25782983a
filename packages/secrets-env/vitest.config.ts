import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // One module graph per worker, not per test file: importing zod, msw and the package again
    // for every file was most of this package's test time. Tests keep no state across files
    // (each file starts and closes its own msw server, fake timers are restored after each test).
    isolate: false,
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    testTimeout: 10_000,
  },
});
