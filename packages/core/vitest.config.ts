import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // One module graph per worker, not per test file: importing zod, msw and the package again
    // for every file was most of this package's test time. Tests keep no state across files
    // (each file starts and closes its own msw server, fake timers are restored after each test).
    isolate: false,
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    // Generous on purpose: a test that passes in well under a second alone can take several
    // times longer on a machine running many test processes at once (load average > 10 on 2
    // cores). Timing assertions themselves do not depend on these limits.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
