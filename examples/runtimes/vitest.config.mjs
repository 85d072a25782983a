import { defineConfig } from "vitest/config";
import { vitestConfig } from "../../scripts/vitest-config.mjs";

export default defineConfig(vitestConfig({ include: ["test/**/*.test.{ts,mjs}"], testTimeout: 60_000, hookTimeout: 60_000 }));
