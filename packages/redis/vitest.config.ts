import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    // Generous on purpose: these tests run a real redis-server and node processes, which take
    // several times longer on a machine running many test processes at once (load average > 10
    // on 2 cores). The hooks start redis-server (vitest's default hook limit is 10 s).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
