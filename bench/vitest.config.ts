import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    // Generous on purpose: these tests run real loopback servers and spawn node processes, which
    // take several times longer on a machine running many test processes at once (load average
    // > 10 on 2 cores). Timing assertions themselves do not depend on these limits.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
