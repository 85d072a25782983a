// The vitest options every package, app and example tests with, in one place (as
// package-build.mjs is for tsup): each vitest.config.* is `defineConfig(vitestConfig({ … }))`
// with only what differs. Every run writes .vitest-report.json, which
// scripts/sum-vitest-reports.mjs adds up for CI's closing line.

/**
 * vitest options: `include` defaults to the package's `src/**\/*.test.ts`, `testTimeout` to 10 s.
 * @param {{ include?: string[], shareModules?: boolean, testTimeout?: number, hookTimeout?: number, root?: string }} [options]
 *   `shareModules` runs every test file of a worker in one module graph (vitest's `isolate: false`).
 */
export function vitestConfig({ include = ["src/**/*.test.ts"], shareModules = false, testTimeout = 10_000, hookTimeout, root } = {}) {
  return {
    test: {
      ...(root === undefined ? {} : { root }),
      include,
      // Importing zod, msw and the package again for every test file was most of a package's
      // test time; a package may share one graph when its tests keep no state across files
      // (each file starts and closes its own msw server, fake timers are restored after each test).
      ...(shareModules ? { isolate: false } : {}),
      reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
      testTimeout,
      ...(hookTimeout === undefined ? {} : { hookTimeout }),
    },
  };
}
