import { parseArgs } from "node:util";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { circleciConnector } from "@toolweave/connector-circleci";
import { circonusConnector } from "@toolweave/connector-circonus";
import { ConfigurationError, InvalidInputError, Secret, ToolweaveError } from "@toolweave/core";
import { CatalogError, readBearerToken, readEnvironment, redactString, UsageError } from "@toolweave/demo/kit";
import { createToolweaveMcp, type ToolweaveMcp } from "./create-toolweave-mcp.js";
import { startHttpServer } from "./http-server.js";
import { MCP_TOKEN } from "./mcp-token.js";
import { MCP_VERSION } from "./version.js";

export const USAGE = `toolweave-mcp ${MCP_VERSION} — toolweave's answers across CircleCI and Circonus, for AI assistants (MCP)

Usage: toolweave-mcp [options]            stdio (what desktop assistants start)
       toolweave-mcp --http [options]     Streamable HTTP on loopback

Options:
  --http                Serve Streamable HTTP at http://127.0.0.1:<port>/mcp instead of stdio
  --port <port>         HTTP port (default 3333; 0: any free port)
  --host <addr>         HTTP address: 127.0.0.1 (default), ::1 or localhost (loopback only)
  --allow-writes        Also offer annotate_deploys, which writes deploy markers to Circonus
  --catalog <file>      Service catalog (JSON); default $TOOLWEAVE_CATALOG, or the simulated one
  --simulated           Use the built-in simulated tools even when tokens are set
  --max-pages <n>       Most pages read of one list (default 1000); a longer list is incomplete
  --call-timeout <s>    Seconds one tool call may take (default 50); then it answers a timeout error
  -h, --help            Show this help
  -v, --version         Show the version

Settings come from the environment (and ./.env): CIRCLECI_TOKEN, CIRCONUS_API_TOKEN,
CIRCONUS_API_APP…, as for the toolweave demo CLI; with no token set, every answer comes from
the built-in simulated tools and says so. REDIS_URL shares the rate limits and the cache with
other processes. TOOLWEAVE_MCP_TOKEN (or _FILE), when set, is the bearer token HTTP clients
must send. Logs go to stderr; stdout carries the protocol only.
`;

/** What the bin does: serve until stdin closes (stdio) or a signal (HTTP). Resolves to the exit code. */
export async function runCli(argv: string[], io: { env?: Record<string, string | undefined>; cwd?: string; stderr?: { write(text: string): unknown }; signal?: AbortSignal } = {}): Promise<number> {
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const stderr = io.stderr ?? process.stderr;
  const log = (line: string) => stderr.write(`${redactString(line)}\n`);
  let mcp: ToolweaveMcp | undefined;
  const held: Secret[] = [];
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        strict: true,
        allowPositionals: false,
        options: {
          http: { type: "boolean" },
          port: { type: "string" },
          host: { type: "string" },
          "allow-writes": { type: "boolean" },
          catalog: { type: "string" },
          simulated: { type: "boolean" },
          "max-pages": { type: "string" },
          "call-timeout": { type: "string" },
          help: { type: "boolean", short: "h" },
          version: { type: "boolean", short: "v" },
        },
      });
    } catch (error) {
      throw new UsageError(`${(error as Error).message.replace(/\. To specify.*$/s, ".")} Run toolweave-mcp --help to see the options.`);
    }
    const flags = parsed.values;
    if (flags.help) return void stderr.write(USAGE), 0;
    if (flags.version) return void stderr.write(`${MCP_VERSION}\n`), 0;
    const port = flags.port === undefined ? 3333 : Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535 (got "${flags.port}").`);
    const maxPages = flags["max-pages"] === undefined ? undefined : Number(flags["max-pages"]);
    if (maxPages !== undefined && (!Number.isInteger(maxPages) || maxPages < 1 || maxPages > 1_000_000)) throw new UsageError(`--max-pages must be a whole number from 1 to 1000000 (got "${flags["max-pages"]}").`);
    const callTimeout = flags["call-timeout"] === undefined ? undefined : Number(flags["call-timeout"]);
    if (callTimeout !== undefined && (!Number.isFinite(callTimeout) || callTimeout <= 0 || callTimeout > 3600)) throw new UsageError(`--call-timeout must be a number of seconds from 1 to 3600 (got "${flags["call-timeout"]}").`);
    if (!flags.http && (flags.port !== undefined || flags.host !== undefined)) throw new UsageError("--port and --host apply to --http only.");
    // Every secret variable is held as a Secret (masked in every output) before anything else
    // is read: an error that quotes one — a catalog naming a service after a token — is masked too.
    const environment = readEnvironment(env, cwd);
    for (const spec of [...circleciConnector.env, ...circonusConnector.env]) {
      const value = spec.secret ? environment.env[spec.name]?.trim() : undefined;
      if (value) held.push(new Secret(value, { label: spec.name }));
    }
    const token = readBearerToken(environment.env, cwd, MCP_TOKEN);
    mcp = await createToolweaveMcp({ env, cwd, ...(flags.catalog === undefined ? {} : { catalog: flags.catalog }), simulated: flags.simulated === true, ...(maxPages === undefined ? {} : { maxPages }), ...(callTimeout === undefined ? {} : { callTimeoutMs: callTimeout * 1000 }), allowWrites: flags["allow-writes"] === true });
    const what = `toolweave-mcp ${MCP_VERSION}: ${mcp.mode === "simulated" ? "SIMULATED tools (no CIRCLECI_TOKEN or CIRCONUS_API_TOKEN set)" : "live tools"}; tools: ${mcp.tools.join(", ")}`;
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    io.signal?.addEventListener("abort", onSignal, { once: true });
    try {
      if (flags.http) {
        const server = await startHttpServer({ mcp, ...(flags.host === undefined ? {} : { host: flags.host }), port, ...(token ? { token } : {}) });
        log(what);
        log(`toolweave-mcp listening on ${server.url}`);
        await new Promise<void>((resolve) => stop.signal.addEventListener("abort", () => resolve(), { once: true }));
        await server.close();
      } else {
        const server = mcp.createServer();
        const transport = new StdioServerTransport();
        const closed = new Promise<void>((resolve) => {
          transport.onclose = () => resolve();
          process.stdin.once("end", () => resolve());
          stop.signal.addEventListener("abort", () => resolve(), { once: true });
        });
        await server.connect(transport);
        log(`${what}; on stdio`);
        await closed;
        await server.close();
      }
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
    return 0;
  } catch (error) {
    const usage = error instanceof UsageError || error instanceof CatalogError || ConfigurationError.isInstance(error) || InvalidInputError.isInstance(error);
    const message = error instanceof Error ? error.message : String(error);
    log(`error: ${message}`);
    // A catalog error's message lists its problems already.
    if (ToolweaveError.isInstance(error) && error.fix) log(`  fix: ${error.fix}`);
    else if (error instanceof CatalogError) log("  fix: correct the catalog file (each problem above names the service and the field), then start toolweave-mcp again.");
    return usage ? 2 : 1;
  } finally {
    await mcp?.close();
    held.length = 0; // released once the last line is written
  }
}
