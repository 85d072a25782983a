import type { ViteUserConfig } from "vitest/config";

/** vitest options: `include` defaults to the package's `src/**\/*.test.ts`, `testTimeout` to 10 s. */
export function vitestConfig(options?: {
  include?: string[];
  /** Runs every test file of a worker in one module graph (vitest's `isolate: false`). */
  shareModules?: boolean;
  testTimeout?: number;
  hookTimeout?: number;
  /** Pins the tests' root, for a config also run from another directory. */
  root?: string;
}): ViteUserConfig;
