import { defineConfig } from "vitest/config";
import { vitestConfig } from "../../scripts/vitest-config.mjs";

// Generous limits on purpose: a test that passes in well under a second alone can take several
// times longer on a machine running many test processes at once (load average > 10 on 2 cores).
// Timing assertions themselves do not depend on these limits.
export default defineConfig(vitestConfig({ shareModules: true, testTimeout: 30_000, hookTimeout: 30_000 }));
