import { defineConfig } from "vitest/config";
import { vitestConfig } from "../../scripts/vitest-config.mjs";

// Generous on purpose: each test starts redis-server, several node processes (workers,
// producer, collect) and a loopback API. Alone a test takes 5-20 s; on a machine running
// many test processes at once (load average > 10 on 2 cores) several times that. The tests'
// own waits (a worker's start, `collect --wait`) are bounded inside these limits.
export default defineConfig(vitestConfig({ include: ["test/**/*.test.{ts,mjs}"], testTimeout: 600_000, hookTimeout: 180_000 }));
