import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { ConfigurationError, type Secret } from "@toolweave/core";
import { createBearerCheck } from "@toolweave/demo/kit";
import type { ToolweaveMcp } from "./create-toolweave-mcp.js";
import { MCP_TOKEN } from "./mcp-token.js";

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  mcp: ToolweaveMcp;
  /** A loopback address: `127.0.0.1` (default), `::1` or `localhost`. Nothing else is accepted. */
  host?: string;
  /** Default 0: any free port (the URL says which). */
  port?: number;
  /** The bearer token every request must carry (`TOOLWEAVE_MCP_TOKEN`); none by default. */
  token?: Secret;
  /** Web origins besides the server's own allowed to call it from a browser (e.g. an MCP inspector's). */
  allowedOrigins?: readonly string[];
  /** Most client sessions at once (default 64); an initialize beyond it is answered 503. */
  maxSessions?: number;
}

/** A running Streamable HTTP server. */
export interface RunningHttpServer {
  /** `http://127.0.0.1:<port>/mcp`. */
  readonly url: string;
  /** Closes every session and the listener (the `ToolweaveMcp` stays open: close it after). */
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);
const MAX_BODY_BYTES = 1_048_576;

/** A JSON-RPC error answer with no id (the request was refused before it was read). */
function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}

/** The request body as JSON (at most 1 MiB); undefined after answering a bad one. */
async function readJson(req: IncomingMessage, res: ServerResponse): Promise<{ body: unknown } | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      refuse(res, 413, `The request is larger than ${MAX_BODY_BYTES / 1_048_576} MiB.`);
      return undefined;
    }
    chunks.push(chunk);
  }
  try {
    return { body: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    res.writeHead(400, { "content-type": "application/json" });
    res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32700, message: "Parse error: the body is not JSON." }, id: null }));
    return undefined;
  }
}

/**
 * Serves the MCP server over Streamable HTTP at `/mcp`, on loopback only, with the protection
 * the MCP specification asks of a local server against DNS rebinding: a request whose `Host` is
 * not this loopback address and port, or whose `Origin` is another site's, is refused (403)
 * before anything is read. One MCP session per client (`Mcp-Session-Id`); a bearer token when set.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK.has(host)) {
    throw new ConfigurationError(`toolweave-mcp serves HTTP on loopback only (got --host ${host}).`, {
      fix: "Use --host 127.0.0.1 (the default), ::1 or localhost; to reach it from elsewhere, put it behind a proxy of yours that authenticates.",
    });
  }
  const maxSessions = options.maxSessions ?? 64;
  const bearerRefusal = createBearerCheck(options.token, MCP_TOKEN);
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0];
    // DNS rebinding: a page on another site that resolves its name to 127.0.0.1 sends its own Host.
    if (!allowedHosts.has((req.headers.host ?? "").toLowerCase())) return refuse(res, 403, "Forbidden: this server answers only requests addressed to its loopback address (Host header).");
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin.toLowerCase())) return refuse(res, 403, "Forbidden: requests from this web origin are not allowed (Origin header).");
    if (path !== "/mcp") return refuse(res, 404, "Not found: the MCP endpoint is /mcp.");
    const tokenProblem = bearerRefusal(req.headers.authorization);
    if (tokenProblem) return refuse(res, 401, tokenProblem, { "www-authenticate": 'Bearer realm="toolweave-mcp"' });

    const sessionId = req.headers["mcp-session-id"];
    const known = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
    if (req.method === "POST") {
      const parsed = await readJson(req, res);
      if (!parsed) return;
      if (known) return known.handleRequest(req, res, parsed.body);
      if (sessionId !== undefined) return refuse(res, 404, "Session not found: it ended or never existed; initialize a new one.");
      if (!isInitializeRequest(parsed.body)) return refuse(res, 400, "Bad Request: send initialize first (no Mcp-Session-Id header was given).");
      if (sessions.size >= maxSessions) return refuse(res, 503, `Too many sessions (${maxSessions}); close one (HTTP DELETE with its Mcp-Session-Id) and retry.`, { "retry-after": "5" });
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void sessions.set(id, transport),
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await options.mcp.createServer().connect(transport);
      return transport.handleRequest(req, res, parsed.body);
    }
    if (req.method === "GET" || req.method === "DELETE") {
      if (!known) return refuse(res, sessionId === undefined ? 400 : 404, sessionId === undefined ? "Bad Request: no Mcp-Session-Id header." : "Session not found: it ended or never existed.");
      return known.handleRequest(req, res);
    }
    return refuse(res, 405, "Method not allowed: use POST, GET or DELETE.", { allow: "POST, GET, DELETE" });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => refuse(res, 500, "Internal error."));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  allowedOrigins = new Set([...[...allowedHosts].map((h) => `http://${h}`), ...(options.allowedOrigins ?? []).map((o) => o.toLowerCase().replace(/\/$/, ""))]);
  const shown = host === "::1" ? "[::1]" : host;
  return {
    url: `http://${shown}:${port}/mcp`,
    close: async () => {
      await Promise.all([...sessions.values()].map((t) => t.close().catch(() => undefined)));
      sessions.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
