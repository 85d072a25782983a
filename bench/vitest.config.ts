import { defineConfig } from "vitest/config";
import { vitestConfig } from "../scripts/vitest-config.mjs";

// Generous limits on purpose: these tests run real loopback servers and spawn node processes,
// which take several times longer on a machine running many test processes at once (load average
// > 10 on 2 cores). Timing assertions themselves do not depend on these limits.
export default defineConfig(vitestConfig({ testTimeout: 60_000, hookTimeout: 60_000 }));
