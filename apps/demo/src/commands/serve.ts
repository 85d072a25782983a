import { ConfigurationError } from "@toolweave/core";
import { JSON_SCHEMA_VERSION, type Args, type CommandContext, type Running } from "../command.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { isLoopbackHost, startServeServer, type ServeServer, type ServeServerOptions } from "../serve/server.js";
import { readServeToken, SERVE_TOKEN_VARIABLE } from "../tooljump/read-serve-token.js";

// The `serve` command: the service pages on a local web server until Ctrl-C (serve/ holds the
// server and the page), and the same server as a ToolJump server (tooljump/: the bar its
// browser extension shows on GitHub, CircleCI and Circonus pages).

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
  /** Whether ToolJump's extension must send `TOOLWEAVE_SERVE_TOKEN`. */
  tokenRequired: boolean;
}

/**
 * Starts the server (main.ts prints its URL, then stops it when the signal ends the run).
 * Binds loopback unless `--host` says otherwise, and warns when it does; bound elsewhere it
 * needs `TOOLWEAVE_SERVE_TOKEN`, which ToolJump's extension then sends.
 */
export async function run(ctx: CommandContext): Promise<Served> {
  const host = ctx.args.host ?? "127.0.0.1";
  const port = ctx.args.port;
  const token = readServeToken(ctx.io.env, ctx.io.cwd);
  if (!token && !isLoopbackHost(host)) {
    throw new ConfigurationError(`--host ${host} makes the server reachable from other machines, and ${SERVE_TOKEN_VARIABLE} is not set: anyone reaching it could ask what your tokens can read.`, {
      fix: `Set ${SERVE_TOKEN_VARIABLE} to a long random value (e.g. ${SERVE_TOKEN_VARIABLE}="$(openssl rand -hex 32)") and give it to ToolJump's extension as its secure token, or leave --host out to stay on 127.0.0.1.`,
    });
  }
  const providers = await ctx.providers();
  const base: Omit<ServeServerOptions, "port"> = {
    providers,
    catalog: ctx.catalog,
    host,
    now: ctx.clock,
    schemaVersion: JSON_SCHEMA_VERSION,
    tooljump: token ? { token } : {},
  };
  const start = (p: number) => startServeServer({ ...base, port: p });
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
    ctx.io.stderr.write(`warning: --host ${host} makes the page reachable from other machines; it shows what your tokens can read (${SERVE_TOKEN_VARIABLE} guards ToolJump's routes, not the page). Use 127.0.0.1 to keep it local.\n`);
  }
  return { url: server.url, note, tokenRequired: token !== undefined, stop: () => server.close() };
}

export function render(served: Served, ctx: CommandContext): string {
  const what = ctx.mode === "simulated" ? "simulated CircleCI and Circonus" : "live CircleCI and Circonus";
  // The extension appends /context itself: its host setting has no trailing slash.
  const host = served.url.replace(/\/$/, "");
  const token = served.tokenRequired
    ? `secure token: the value of ${SERVE_TOKEN_VARIABLE}`
    : `secure token: leave it empty (set ${SERVE_TOKEN_VARIABLE} to require one)`;
  return `toolweave service timelines (${what}) on ${served.url}${served.note}\nOpen it in a browser; Ctrl-C stops.\nToolJump's extension: in its settings, turn demo mode off and set host: ${host}, ${token}.\n`;
}

export const exitCode = (): number => EXIT.ok;
