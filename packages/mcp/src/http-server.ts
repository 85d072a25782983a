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
  /**
   * Most client sessions at once (default 64). A new client beyond it takes the place of the
   * session used least recently that has no call in progress (clients often end without the
   * DELETE that closes a session); only when every session is busy is it answered 503.
   */
  maxSessions?: number;
  /** A session with no request for this long is closed (default 30 minutes). */
  sessionIdleTimeoutMs?: number;
}

/** A running Streamable HTTP server. */
export interface RunningHttpServer {
  /** `http://127.0.0.1:<port>/mcp`. */
  readonly url: string;
  /** Closes every session and the listener (the `ToolweaveMcp` stays open: close it after). */
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** One client's session: its transport, when it was last used, and its calls in progress. */
interface Session {
  transport: StreamableHTTPServerTransport;
  lastUsed: number;
  calls: number;
}

type Message = { jsonrpc?: unknown; method?: unknown; id?: unknown };

/**
 * A POST of a session: its requests run while the client waits for their answers. A client that
 * goes away before they are answered (the response closes unfinished) cancels them, as a
 * `notifications/cancelled` from it would: their requests to the tools stop.
 */
async function handleCalls(session: Session, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
  const requests = (Array.isArray(body) ? body : [body]).filter((m): m is Message => typeof m === "object" && m !== null && typeof (m as Message).method === "string" && (m as Message).id !== undefined);
  session.calls += 1;
  res.once("close", () => {
    session.calls -= 1;
    session.lastUsed = Date.now();
    if (res.writableFinished) return;
    for (const request of requests) {
      session.transport.onmessage?.({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: request.id as string | number, reason: "The HTTP client disconnected." } });
    }
  });
  await session.transport.handleRequest(req, res, body);
}
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
  const idleTimeoutMs = options.sessionIdleTimeoutMs ?? 30 * 60_000;
  const sessions = new Map<string, Session>();
  // Idle sessions are closed in the background; the timer never keeps the process alive.
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const session of sessions.values()) if (session.calls === 0 && now - session.lastUsed > idleTimeoutMs) void session.transport.close();
  }, Math.max(10, Math.min(60_000, idleTimeoutMs / 2)));
  sweep.unref();
  /** Frees a place for a new session: the least recently used one with no call in progress. */
  const evictOne = async (): Promise<boolean> => {
    const idle = [...sessions.values()].filter((s) => s.calls === 0).sort((a, b) => a.lastUsed - b.lastUsed)[0];
    if (!idle) return false;
    await idle.transport.close().catch(() => undefined);
    if (idle.transport.sessionId) sessions.delete(idle.transport.sessionId);
    return true;
  };
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
    if (known) known.lastUsed = Date.now();
    if (req.method === "POST") {
      const parsed = await readJson(req, res);
      if (!parsed) return;
      if (known) return handleCalls(known, req, res, parsed.body);
      if (sessionId !== undefined) return refuse(res, 404, "Session not found: it ended or never existed; initialize a new one.");
      if (!isInitializeRequest(parsed.body)) return refuse(res, 400, "Bad Request: send initialize first (no Mcp-Session-Id header was given).");
      if (sessions.size >= maxSessions && !(await evictOne())) return refuse(res, 503, `Too many sessions with calls in progress (${maxSessions}); retry in a few seconds.`, { "retry-after": "5" });
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void sessions.set(id, { transport, lastUsed: Date.now(), calls: 0 }),
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await options.mcp.createServer().connect(transport);
      return transport.handleRequest(req, res, parsed.body);
    }
    if (req.method === "GET" || req.method === "DELETE") {
      if (!known) return refuse(res, sessionId === undefined ? 400 : 404, sessionId === undefined ? "Bad Request: no Mcp-Session-Id header." : "Session not found: it ended or never existed.");
      return known.transport.handleRequest(req, res);
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
      clearInterval(sweep);
      await Promise.all([...sessions.values()].map((s) => s.transport.close().catch(() => undefined)));
      sessions.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
