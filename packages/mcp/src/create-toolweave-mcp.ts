import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { ConfigurationError, TimeoutError, type Stores } from "@toolweave/core";
import { openSession, type Session } from "@toolweave/demo/kit";
import { dispatchingHooks, inCallScope, type CallScope } from "./call-scope.js";
import { registerPrompts } from "./prompts.js";
import { registerResources } from "./resources.js";
import { toolError } from "./tool-error.js";
import { toolText } from "./tool-text.js";
import type { ToolSpec } from "./tool-spec.js";
import { TOOLS } from "./tools/index.js";
import { MCP_VERSION } from "./version.js";

/** Options of {@link createToolweaveMcp}. */
export interface ToolweaveMcpOptions {
  /** The environment the settings are read from (default `process.env`); `./.env` fills in unset variables. */
  env?: Record<string, string | undefined>;
  /** Where `./.env` and a relative catalog path are read from (default `process.cwd()`). */
  cwd?: string;
  /** The service catalog file (default `$TOOLWEAVE_CATALOG`; with no token set, the simulated catalog). */
  catalog?: string;
  /** Use the built-in simulated CircleCI and Circonus even when tokens are set. */
  simulated?: boolean;
  /** Most pages read of one list (default 1000); a longer list makes the answer incomplete. */
  maxPages?: number;
  /** Register the tools that write (`annotate_deploys`). Default false: every tool only reads. */
  allowWrites?: boolean;
  /**
   * How long one tool call may take, in milliseconds (default 50 s, under the 60 s an MCP
   * client such as the SDK's waits by default): then its requests are cancelled and the call
   * answers a retryable `timeout` tool error, never a client-side timeout.
   */
  callTimeoutMs?: number;
}

/** A tool call's time budget when none is given: under the SDK client's default 60 s request timeout. */
export const DEFAULT_CALL_TIMEOUT_MS = 50_000;

/** The server's shared state: one set of connectors, and an MCP server per client connection. */
export interface ToolweaveMcp {
  /** `simulated` when no token is set (or `simulated: true`): every answer says so. */
  readonly mode: "simulated" | "live";
  /** The names of the tools registered (the write tools only with `allowWrites`). */
  readonly tools: readonly string[];
  /** A new MCP server for one connection (stdio, or one Streamable HTTP session); all share the connectors. */
  createServer(): McpServer;
  /** Closes the connectors, the simulation and the Redis stores. */
  close(): Promise<void>;
}

const SERVER_INSTRUCTIONS =
  "toolweave answers across CircleCI (pipelines, deploys) and Circonus (alerts) for the services in its catalog. Start with list_services for service and env names. " +
  "Every answer has `complete` and `incomplete`: when `complete` is false, say which parts could not be read and give their fixes; never present a partial answer as whole. " +
  "`mode: simulated` means the data is the built-in simulation (no tokens set), not real.";

/**
 * Creates the toolweave MCP server's shared state: reads the settings (the same variables as
 * the demo CLI, through `@toolweave/secrets-env`), the catalog, and — when `REDIS_URL` is set —
 * the shared throttle and cache stores. Throws a `ConfigurationError` (or a catalog error)
 * naming the fix before anything is started.
 */
export async function createToolweaveMcp(options: ToolweaveMcpOptions = {}): Promise<ToolweaveMcp> {
  const env = options.env ?? process.env;
  const redisUrl = env.REDIS_URL?.trim();
  let stores: (Stores & { close(): Promise<void> }) | undefined;
  if (redisUrl) {
    // Loaded only when used: ioredis is not imported by a server without Redis.
    const { createRedisStores } = await import("@toolweave/redis");
    stores = createRedisStores({ url: redisUrl });
  }
  let session: Session;
  try {
    session = openSession({
      env,
      cwd: options.cwd ?? process.cwd(),
      catalogFile: options.catalog,
      simulated: options.simulated === true,
      maxPages: options.maxPages,
      ...(stores ? { stores } : {}),
      userAgent: `toolweave-mcp/${MCP_VERSION}`,
    });
  } catch (error) {
    await stores?.close();
    throw error;
  }
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  if (!Number.isFinite(callTimeoutMs) || callTimeoutMs <= 0) {
    await session.close();
    await stores?.close();
    throw new ConfigurationError(`callTimeoutMs must be a positive number of milliseconds (got ${String(callTimeoutMs)}).`, { fix: `Leave it out for the default (${DEFAULT_CALL_TIMEOUT_MS} ms), or give e.g. 30000.` });
  }
  try {
    // The connectors now, not on the first call: a missing or invalid variable stops the server
    // at start (one ConfigurationError listing every problem) instead of failing every tool.
    await session.providers(dispatchingHooks);
  } catch (error) {
    await session.close();
    await stores?.close();
    throw error;
  }
  const tools = TOOLS.filter((tool) => options.allowWrites === true || !tool.writes);
  return {
    mode: session.mode,
    tools: tools.map((t) => t.name),
    createServer: () => buildServer(session, tools, callTimeoutMs),
    close: async () => {
      await session.close();
      await stores?.close();
    },
  };
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

function buildServer(session: Session, tools: readonly ToolSpec[], callTimeoutMs: number): McpServer {
  const server = new McpServer(
    { name: "toolweave", title: "toolweave: CI and monitoring across tools", version: MCP_VERSION },
    { capabilities: { logging: {} }, instructions: SERVER_INSTRUCTIONS },
  );
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.input, outputSchema: tool.output, annotations: tool.annotations },
      (input: unknown, extra: Extra) => callTool(server, session, tool, input, extra, callTimeoutMs),
    );
  }
  registerResources(server, session);
  registerPrompts(server);
  return server;
}

/** How often a long call reports progress: each of the first 10 answers, then every 10th. */
const reportProgress = (count: number) => count <= 10 || count % 10 === 0;

async function callTool(server: McpServer, session: Session, tool: ToolSpec, input: unknown, extra: Extra, callTimeoutMs: number): Promise<CallToolResult> {
  // The call's budget: past it, the call's requests are cancelled like a client's cancel.
  const budget = AbortSignal.timeout(callTimeoutMs);
  const signal = AbortSignal.any([extra.signal, budget]);
  const progressToken = extra._meta?.progressToken;
  let answers = 0;
  const scope: CallScope = {
    onResponse: () => {
      answers += 1;
      if (progressToken === undefined || !reportProgress(answers) || signal.aborted) return;
      void extra
        .sendNotification({ method: "notifications/progress", params: { progressToken, progress: answers, message: `${answers} answer${answers === 1 ? "" : "s"} read from the tools` } })
        .catch(() => undefined);
    },
    onRetry: (provider, delayMs, reason) => {
      void server
        .sendLoggingMessage({ level: "warning", logger: "toolweave", data: toolText(`${provider}: ${reason}; retrying in ${Math.round(delayMs)} ms`) }, extra.sessionId)
        .catch(() => undefined);
    },
  };
  try {
    const answer = await inCallScope(scope, () => tool.run(input as never, { session, signal }));
    // An answer its own schema refuses is a bug here: said as a tool error, not the SDK's bare protocol text.
    const checked = tool.output.safeParse(answer.structured);
    if (!checked.success) {
      const where = checked.error.issues.map((issue) => issue.path.join(".") || "(root)").join(", ");
      return toolError(new Error(`The ${tool.name} answer does not match its published output schema (at ${where}).`));
    }
    return { content: [{ type: "text", text: answer.text }], structuredContent: answer.structured };
  } catch (error) {
    if (budget.aborted && !extra.signal.aborted) {
      return toolError(
        new TimeoutError(`${tool.name} did not finish within ${Math.round(callTimeoutMs / 1000)} s: the tools answered too slowly, or rate limits held the requests back. Its requests were cancelled.`, {
          fix: "Call it again in a minute, or ask for less (a shorter since window, one env); credential_doctor shows whether a rate limit or a token is the cause. toolweave-mcp's --call-timeout sets the limit.",
          isRetryable: true,
        }),
      );
    }
    return toolError(error);
  }
}
