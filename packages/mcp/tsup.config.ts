import { defineConfig } from "tsup";
import { packageBuild } from "../../scripts/package-build.mjs";

// The demo's session, commands and simulated world are private to this repository: they are
// bundled into dist/ (noExternal), so the published package depends on published packages only.
export default defineConfig({
  ...packageBuild({ packageJson: new URL("./package.json", import.meta.url), entry: ["src/index.ts", "src/cli.ts"], versionDefine: "__TOOLWEAVE_MCP_VERSION__" }),
  noExternal: [/^@toolweave\/demo(\/|$)/],
});
