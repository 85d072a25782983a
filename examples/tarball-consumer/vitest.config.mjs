import { defineConfig } from "vitest/config";
import { vitestConfig } from "../../scripts/vitest-config.mjs";

export default defineConfig(vitestConfig({ include: ["test/**/*.test.mjs"], testTimeout: 120_000, hookTimeout: 300_000 }));
