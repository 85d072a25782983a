import { defineConfig } from "tsup";
import { packageBuild } from "../../scripts/package-build.mjs";

export default defineConfig(packageBuild({ packageJson: new URL("./package.json", import.meta.url), entry: ["src/index.ts", "src/testing.ts"], versionDefine: "__TOOLWEAVE_CORE_VERSION__" }));
