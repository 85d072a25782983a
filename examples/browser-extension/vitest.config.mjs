import { defineConfig } from "vitest/config";
import { vitestConfig } from "../../scripts/vitest-config.mjs";

export default defineConfig(vitestConfig({ include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 120_000 }));
