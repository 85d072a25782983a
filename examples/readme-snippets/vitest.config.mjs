import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.mjs"],
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    // Generous on purpose: the tests run tsc over every package's types, which takes several
    // times longer on a machine running many test processes at once (load average > 10 on 2
    // cores). The typecheck tests set their own, longer limit.
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
