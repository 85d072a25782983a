import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { vitestConfig } from "./vitest-config.mjs";

// Pinned to this directory so `npx vitest run --config scripts/vitest.config.ts` from the
// repository root finds the same tests and writes the same report as `vitest run` here.
export default defineConfig(vitestConfig({ root: fileURLToPath(new URL(".", import.meta.url)), include: ["*.test.ts", "release/*.test.ts"] }));
