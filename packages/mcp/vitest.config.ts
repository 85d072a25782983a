import { defineConfig } from "vitest/config";
import { vitestConfig } from "../../scripts/vitest-config.mjs";

export default defineConfig(vitestConfig({ shareModules: true }));
