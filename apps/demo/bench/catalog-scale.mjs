#!/usr/bin/env node
// Catalog scale bench: the demo's commands in simulated mode on a generated catalog of N
// services (default 10,000), each run in its own process; prints wall time and peak RSS.
// Run from the repository root after a build:
//   npx -y pnpm@10.34.9 build && node apps/demo/bench/catalog-scale.mjs [services=10000]
// Targets (issue #14): services < 1 s and < 200 MB RSS; status <one> < 2 s; audit finishes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const count = Number(process.argv[2] ?? 10_000);
const cli = new URL("../dist/cli.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "toolweave-catalog-scale-"));
const catalog = join(dir, "catalog.json");
const services = Array.from({ length: count }, (_, i) => ({
  name: `svc-${i}`,
  repo: `gh/acme/svc-${i}`,
  envs: ["staging", "prod"],
  team: `team-${i % 40}`,
  component: "api",
}));
writeFileSync(catalog, JSON.stringify({ services }));

// Reports the child's peak RSS on exit (process.resourceUsage().maxRSS is in kilobytes).
const probe = `data:text/javascript,process.on("exit",()=>process.stderr.write("\\n@@maxrss "+process.resourceUsage().maxRSS+"\\n"))`;
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(CIRCLECI_|CIRCONUS_|TOOLWEAVE_)/.test(k)));

const cases = [
  ["services", ["services"]],
  ["services --json", ["services", "--json"]],
  [`status svc-${count - 1}`, ["status", `svc-${count - 1}`]],
  [`audit --service svc-${count - 1}`, ["audit", "--service", `svc-${count - 1}`]],
  ["audit", ["audit"]],
];

console.log(`catalog: ${count} services (simulated mode), node ${process.version}\n`);
console.log("command".padEnd(32) + "exit  wall      peak RSS");
for (const [label, args] of cases) {
  const started = performance.now();
  const r = spawnSync(process.execPath, ["--import", probe, cli, ...args, "--catalog", catalog], { env, encoding: "utf8", timeout: 600_000, maxBuffer: 1 << 30 });
  const wall = (performance.now() - started) / 1000;
  const rss = Number(/@@maxrss (\d+)/.exec(r.stderr ?? "")?.[1] ?? NaN) / 1024;
  const exit = r.status ?? `signal ${r.signal}`;
  console.log(`${label.padEnd(32)}${String(exit).padEnd(6)}${`${wall.toFixed(2)} s`.padEnd(10)}${rss.toFixed(0)} MB`);
}
rmSync(dir, { recursive: true, force: true });
