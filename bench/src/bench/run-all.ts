import { runAdaptiveRate } from "./adaptive-rate.js";
import { runBrowserBundle } from "./browser-bundle.js";
import { runColdStart } from "./cold-start.js";
import { runDelivery } from "./delivery.js";
import { runFanOut } from "./fan-out.js";
import { runMemory } from "./memory.js";
import { runOverhead } from "./overhead.js";
import { runPageRequests } from "./page-requests.js";
import { runPagination } from "./pagination.js";
import { runRedisScale } from "./redis-scale.js";
import { fmt, hasGc, machine, writeResult } from "./report.js";

/** `pnpm bench`: the benchmarks in sequence (each prints its table and writes bench/results/<name>.json). */
const started = performance.now();
if (!hasGc()) console.warn("warning: run with node --expose-gc for memory figures (pnpm bench does).");
const m = machine();
console.log(`toolweave benchmarks: node ${m.node}, ${m.cpus} CPU(s) (${m.cpuModel}), ${m.platform}`);
const timings: Record<string, number> = {};
for (const [name, run] of [
  ["overhead", runOverhead],
  ["memory", runMemory],
  ["fan-out", runFanOut],
  ["adaptive-rate", () => runAdaptiveRate()],
  ["pagination", runPagination],
  ["page-requests", runPageRequests],
  ["delivery", runDelivery],
  ["cold-start", runColdStart],
  ["browser-bundle", runBrowserBundle],
  // 300 correlations per variant here (~2 min in all); alone it runs the issue's 2,000.
  ["redis-scale", () => runRedisScale(300)],
] as const) {
  const t = performance.now();
  await run();
  timings[name] = (performance.now() - t) / 1000;
}
const total = (performance.now() - started) / 1000;
writeResult("run-all", { seconds: timings, totalSeconds: total });
console.log(`\nall benchmarks: ${fmt(total, 1)} s (${Object.entries(timings).map(([k, v]) => `${k} ${fmt(v, 1)} s`).join(", ")})`);
