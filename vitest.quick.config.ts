// `pnpm test:quick`: the unit tests of the published packages, the demo and the repository
// scripts in one vitest run (one worker pool, no turbo fan-out), for the inner loop. Left out,
// and run by `pnpm test`: real Redis (packages/redis), real Chromium (*.browser.test.ts), the
// README walk-through (spawns pnpm), the generator's workspace-copy install, the examples, the
// bench's fault suite against a loopback server process.
import { defineConfig } from "vitest/config";

const project = (dir: string, exclude: string[] = []) => ({
  extends: `./${dir}/vitest.config.ts`,
  test: { name: dir, root: `./${dir}`, exclude: ["**/node_modules/**", "**/dist/**", ...exclude] },
});

export default defineConfig({
  test: {
    projects: [
      project("packages/core"),
      project("packages/connector-circleci"),
      project("packages/connector-circonus"),
      project("packages/secrets-env"),
      project("apps/demo", ["**/*.browser.test.ts", "src/readme-walkthrough.test.ts"]),
      project("scripts", ["new-connector.workspace.test.ts"]),
    ],
  },
});
