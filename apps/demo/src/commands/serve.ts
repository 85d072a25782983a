import { JSON_SCHEMA_VERSION, type Args, type CommandContext, type Running } from "../command.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { isLoopbackHost, startServeServer, type ServeServer } from "../serve/server.js";

// The `serve` command: the service pages on a local web server until Ctrl-C (serve/ holds the
// server and the page).

/** The port `serve` listens on when none is given. */
export const DEFAULT_SERVE_PORT = 4020;

export const name = "serve";
export const summary = `A local web page per service: its deploys and alerts on one timeline with suspect deploys, latest pipeline, active alerts (default http://127.0.0.1:${DEFAULT_SERVE_PORT}/; Ctrl-C stops)`;
export const positionals: string[] = [];
export const flags = { port: {}, host: {} };
/** No `--json`: the page's JSON is at /api/services. */
export const output = undefined;
export const envelope = undefined;

export function check(args: Args): void {
  if (args.json) throw new UsageError("serve has no --json output; its JSON is at /api/services on the served page.");
}

/** The server, running. */
export interface Served extends Running {
  url: string;
  /** Why another port than the default was taken, or "". */
  note: string;
}

/**
 * Starts the server (main.ts prints its URL, then stops it when the signal ends the run).
 * Binds loopback unless `--host` says otherwise, and warns when it does.
 */
export async function run(ctx: CommandContext): Promise<Served> {
  const providers = await ctx.providers();
  const host = ctx.args.host ?? "127.0.0.1";
  const port = ctx.args.port;
  const start = (p: number) => startServeServer({ providers, catalog: ctx.catalog, host, port: p, now: ctx.clock, schemaVersion: JSON_SCHEMA_VERSION });
  let server: ServeServer;
  let note = "";
  try {
    server = await start(port ?? DEFAULT_SERVE_PORT);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" && port === undefined) {
      server = await start(0);
      note = ` (port ${DEFAULT_SERVE_PORT} is in use, so a free port was taken)`;
    } else if (code === "EADDRINUSE") {
      throw new UsageError(`Port ${port} is in use. Pass another --port, or --port 0 for any free one.`);
    } else if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
      throw new UsageError(`Cannot listen on --host ${host} (${code}). Use an address of this machine, e.g. 127.0.0.1.`);
    } else {
      throw error;
    }
  }
  if (!isLoopbackHost(host)) {
    ctx.io.stderr.write(`warning: --host ${host} makes the page reachable from other machines; it shows what your tokens can read. Use 127.0.0.1 to keep it local.\n`);
  }
  return { url: server.url, note, stop: () => server.close() };
}

export function render(served: Served, ctx: CommandContext): string {
  const what = ctx.mode === "simulated" ? "simulated CircleCI and Circonus" : "live CircleCI and Circonus";
  return `toolweave service timelines (${what}) on ${served.url}${served.note}\nOpen it in a browser; Ctrl-C stops.\n`;
}

export const exitCode = (): number => EXIT.ok;
