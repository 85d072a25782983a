import { defineConfig } from "vitest/config";
import { vitestConfig } from "../../scripts/vitest-config.mjs";

// Generous on purpose: the tests run tsc over every package's types, which takes several
// times longer on a machine running many test processes at once (load average > 10 on 2
// cores). The typecheck tests set their own, longer limit.
export default defineConfig(vitestConfig({ include: ["test/**/*.test.mjs"], testTimeout: 600_000, hookTimeout: 120_000 }));
