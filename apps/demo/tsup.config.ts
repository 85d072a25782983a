import { defineConfig } from "tsup";
import { programBuild } from "../../scripts/package-build.mjs";

export default defineConfig(programBuild({ entry: ["src/cli.ts", "src/kit.ts"], banner: "#!/usr/bin/env node" }));
