import type { Catalog } from "../catalog.js";
import { EXIT, UsageError } from "../exit-codes.js";
import type { Io } from "../io.js";
import type { Providers } from "../providers.js";
import { isLoopbackHost, startServeServer } from "../serve/server.js";

/** The port `serve` listens on when none is given. */
export const DEFAULT_SERVE_PORT = 4020;

/** Options of {@link runServe}. */
export interface ServeOptions {
  host: string | undefined;
  port: number | undefined;
  now: () => number;
  schemaVersion: number;
  signal?: AbortSignal;
}

/**
 * `serve`: the service pages on a local web server until the signal ends it (Ctrl-C). Prints
 * the URL on stdout; binds loopback unless `--host` says otherwise, and warns when it does.
 */
export async function runServe(io: Io, providers: Providers, catalog: Catalog, options: ServeOptions): Promise<number> {
  const host = options.host ?? "127.0.0.1";
  const start = (port: number) => startServeServer({ providers, catalog, host, port, now: options.now, schemaVersion: options.schemaVersion });
  let server;
  let note = "";
  try {
    server = await start(options.port ?? DEFAULT_SERVE_PORT);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" && options.port === undefined) {
      server = await start(0);
      note = ` (port ${DEFAULT_SERVE_PORT} is in use, so a free port was taken)`;
    } else if (code === "EADDRINUSE") {
      throw new UsageError(`Port ${options.port} is in use. Pass another --port, or --port 0 for any free one.`);
    } else if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
      throw new UsageError(`Cannot listen on --host ${host} (${code}). Use an address of this machine, e.g. 127.0.0.1.`);
    } else {
      throw error;
    }
  }
  const what = providers.mode === "simulated" ? "simulated CircleCI and Circonus" : "live CircleCI and Circonus";
  io.stdout.write(`toolweave service timelines (${what}) on ${server.url}${note}\nOpen it in a browser; Ctrl-C stops.\n`);
  if (!isLoopbackHost(host)) {
    io.stderr.write(`warning: --host ${host} makes the page reachable from other machines; it shows what your tokens can read. Use 127.0.0.1 to keep it local.\n`);
  }
  try {
    await new Promise<void>((resolve) => {
      if (!options.signal) return;
      if (options.signal.aborted) return resolve();
      options.signal.addEventListener("abort", () => resolve(), { once: true });
    });
  } finally {
    await server.close();
  }
  return EXIT.ok;
}
