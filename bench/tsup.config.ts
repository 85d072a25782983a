import { defineConfig } from "tsup";
import { programBuild } from "../scripts/package-build.mjs";

export default defineConfig(
  programBuild({
    entry: {
      "run-all": "src/bench/run-all.ts",
      overhead: "src/bench/overhead.ts",
      "server-process": "src/bench/server-process.ts",
      memory: "src/bench/memory.ts",
      "fan-out": "src/bench/fan-out.ts",
      pagination: "src/bench/pagination.ts",
      "cold-start": "src/bench/cold-start.ts",
      "adaptive-rate": "src/bench/adaptive-rate.ts",
      "browser-bundle": "src/bench/browser-bundle.ts",
      "redis-scale": "src/bench/redis-scale.ts",
      "page-requests": "src/bench/page-requests.ts",
      delivery: "src/bench/delivery.ts",
    },
    // One self-contained file per script, so each can run alone (node --expose-gc dist/<name>.js).
    splitting: false,
  }),
);
