import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.{ts,mjs}"],
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    // Generous on purpose: each test starts redis-server, several node processes (workers,
    // producer, collect) and a loopback API. Alone a test takes 5-20 s; on a machine running
    // many test processes at once (load average > 10 on 2 cores) several times that. The tests'
    // own waits (a worker's start, `collect --wait`) are bounded inside these limits.
    testTimeout: 600_000,
    hookTimeout: 180_000,
  },
});
