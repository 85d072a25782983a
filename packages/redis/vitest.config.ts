import { defineConfig } from "vitest/config";
import { vitestConfig } from "../../scripts/vitest-config.mjs";

// Generous limits on purpose: these tests run a real redis-server and node processes, which take
// several times longer on a machine running many test processes at once (load average > 10 on
// 2 cores). The hooks start redis-server (vitest's default hook limit is 10 s).
export default defineConfig(vitestConfig({ testTimeout: 60_000, hookTimeout: 60_000 }));
