#!/usr/bin/env node
// `pnpm test:loaded`: runs a command (by default the whole test suite, `node scripts/run-tests.mjs`)
// while busy loops keep every core saturated, the way a shared CI runner looks. Every test must
// pass like this: time is faked where a test is about time, and real clocks (subprocesses,
// redis-server, Chromium, tsc) get generous bounds.
//
//   node scripts/under-load.mjs [--per-core N] [-- command args…]
//
// N busy loops per core (default 2; the loops stop with the command, and by themselves after
// an hour at most). Exits with the command's exit code.
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({ options: { "per-core": { type: "string", default: "2" } }, allowPositionals: true });
const perCore = Number(values["per-core"]);
if (!Number.isInteger(perCore) || perCore < 0 || perCore > 16) {
  console.error("under-load: --per-core must be a whole number from 0 to 16 (busy loops per core).");
  process.exit(2);
}
const command = positionals.length > 0 ? positionals : [process.execPath, new URL("./run-tests.mjs", import.meta.url).pathname];
const loops = perCore * availableParallelism();
const BUSY = "const end = Date.now() + 3_600_000; while (Date.now() < end) {}";
const busy = Array.from({ length: loops }, () => spawn(process.execPath, ["-e", BUSY], { stdio: "ignore" }));
console.log(`under-load: ${loops} busy loop(s) on ${availableParallelism()} core(s) while running: ${command.join(" ")}`);
const stop = () => {
  for (const child of busy) child.kill("SIGKILL");
};
process.on("exit", stop);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));
const child = spawn(command[0], command.slice(1), { stdio: "inherit" });
child.on("exit", (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
