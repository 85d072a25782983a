import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CommandContext, Running } from "../command.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { startSimulation, type Simulation } from "../simulation/sim-server.js";
import { SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_APP, SIM_CIRCONUS_TOKEN } from "../simulation/sim-credentials.js";

// The `simulate` command: the simulated APIs on loopback until Ctrl-C, and the shell lines that
// point the demo (or anything else) at them.

/** The port `simulate` serves on when none is given. */
const DEFAULT_SIM_PORT = 4010;

export const name = "simulate";
export const summary = "Serve the simulated CircleCI and Circonus APIs and print the shell lines (URLs, tokens, catalog) to use them (Ctrl-C stops)";
export const positionals: string[] = [];
export const flags = { port: {} };
export const simulatedOnly = true;
/** It prints the simulated tokens on purpose (they open nothing real). */
export const unredacted = true;
/** No `--json`: what it prints is shell lines. */
export const output = undefined;
export const envelope = undefined;

/** The simulation, running, and the catalog file written for it. */
export interface Simulated extends Running {
  simulation: Simulation;
  catalogFile: string;
  /** Why another port than the default was taken, or "". */
  note: string;
}

/** Quotes a value for a POSIX shell (`export NAME='value'`). */
const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export async function run(ctx: CommandContext): Promise<Simulated> {
  const { fault, now } = ctx.simulation;
  const port = ctx.args.port;
  const start = (p: number) => startSimulation({ services: ctx.catalog.services, port: p, ...(fault ? { fault } : {}), ...(now ? { now } : {}) });
  let simulation: Simulation;
  let note = "";
  try {
    simulation = await start(port ?? DEFAULT_SIM_PORT);
  } catch (error) {
    // The default port taken (another simulate, another app): any free port does, since the
    // printed lines carry it. A port the user chose is an error.
    if (port !== undefined || (error as NodeJS.ErrnoException).code !== "EADDRINUSE") {
      if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") throw new UsageError(`Port ${port} is in use. Pass another --port, or --port 0 for any free one.`);
      throw error;
    }
    simulation = await start(0);
    note = `# (port ${DEFAULT_SIM_PORT} is in use, so a free port was taken)\n`;
  }
  // The demo needs a catalog once tokens are set: write the simulated one next to nothing else,
  // so the printed lines are all a shell needs.
  const dir = mkdtempSync(join(tmpdir(), "toolweave-demo-sim-"));
  const catalogFile = join(dir, "catalog.json");
  writeFileSync(catalogFile, `${JSON.stringify({ services: ctx.catalog.services }, null, 2)}\n`);
  return {
    simulation,
    catalogFile,
    note,
    stop: async () => {
      await simulation.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function render({ simulation, catalogFile, note }: Simulated): string {
  return [
    `${note}# Simulated CircleCI and Circonus on ${simulation.url}, CircleCI's web links on ${simulation.circleciAppUrl} (data is simulated; Ctrl-C stops).`,
    "# Paste these lines into another shell, then run the demo there (e.g. `status checkout`):",
    `export CIRCLECI_BASE_URL=${shellQuote(simulation.circleciBaseUrl)}`,
    `export CIRCLECI_TOKEN=${shellQuote(SIM_CIRCLECI_TOKEN)}   # simulated token, opens nothing real`,
    `export CIRCLECI_APP_URL=${shellQuote(simulation.circleciAppUrl)}   # the simulated CircleCI's web links (pages that say they are simulated), never the API host`,
    `export CIRCONUS_API_URL=${shellQuote(simulation.circonusBaseUrl)}`,
    `export CIRCONUS_API_TOKEN=${shellQuote(SIM_CIRCONUS_TOKEN)}   # simulated token, opens nothing real`,
    `export CIRCONUS_API_APP=${shellQuote(SIM_CIRCONUS_APP)}`,
    `export TOOLWEAVE_CATALOG=${shellQuote(catalogFile)}   # the simulated catalog (removed when this stops)`,
    "",
  ].join("\n");
}

export const exitCode = (): number => EXIT.ok;
