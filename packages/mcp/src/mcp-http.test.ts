import { request } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LATEST_PROTOCOL_VERSION, type CallToolResult, type Progress } from "@modelcontextprotocol/sdk/types.js";
import { ConfigurationError, Secret } from "@toolweave/core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ToolweaveMcp } from "./create-toolweave-mcp.js";
import { startHttpServer, type RunningHttpServer } from "./http-server.js";
import type { ToolCall } from "./tool-spec.js";
import { listServices } from "./tools/list-services.js";
import { openMcp, RecordingValidator, schemaProblems, SIMULATED_BANNER, strictAjv, textOf } from "./test-support/mcp-client.js";

// The Streamable HTTP transport with the SDK's own client, and the protections a local HTTP
// server needs (DNS rebinding, a bearer token), probed with raw node:http requests: fetch
// cannot set the Host header a rebinding attack sends.

const ajv = strictAjv();
const TOKEN = "x".repeat(32);
let mcp: ToolweaveMcp;
const servers: RunningHttpServer[] = [];
const clients: Client[] = [];

beforeAll(async () => void (mcp = await openMcp()));
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(async () => void (await mcp?.close()));

async function serve(options: Omit<Parameters<typeof startHttpServer>[0], "mcp"> = {}): Promise<{ url: URL; port: number }> {
  const server = await startHttpServer({ mcp, port: 0, ...options });
  servers.push(server);
  const url = new URL(server.url);
  return { url, port: Number(url.port) };
}

async function connect(url: URL, requestInit?: RequestInit): Promise<{ client: Client; transport: StreamableHTTPClientTransport; validator: RecordingValidator }> {
  const validator = new RecordingValidator();
  const client = new Client({ name: "toolweave-mcp-http-tests", version: "1.0.0" }, { jsonSchemaValidator: validator });
  const transport = new StreamableHTTPClientTransport(url, requestInit ? { requestInit } : {});
  await client.connect(transport);
  clients.push(client);
  return { client, transport, validator };
}

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const INITIALIZE = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "raw", version: "1.0.0" } } });

/** One request as a browser or an attacker's page could send it: any Host, any Origin. */
function raw(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawAnswer> {
  const method = options.method ?? "POST";
  const body = options.body ?? (method === "POST" ? INITIALIZE : undefined);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method, path: options.path ?? "/mcp", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...options.headers } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("Streamable HTTP with the SDK's client", () => {
  it("initializes, lists the tools and calls one; the answer matches its published schema", async () => {
    const { url } = await serve();
    expect(url.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const { client, transport, validator } = await connect(url);
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(client.getServerVersion()?.name).toBe("toolweave");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(mcp.tools);
    const progress: Progress[] = [];
    const result = (await client.callTool({ name: "alert_suspects", arguments: { alert: "/alert/4378606" } }, undefined, { onprogress: (p) => void progress.push(p) })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(schemaProblems(ajv, tools.find((t) => t.name === "alert_suspects")!.outputSchema!, result.structuredContent)).toBe("");
    expect(validator.validations).toEqual([{ valid: true, errorMessage: undefined }]);
    expect(result.structuredContent).toMatchObject({ mode: "simulated", matched: true, service: "checkout", env: "prod", complete: true });
    expect(textOf(result).startsWith(SIMULATED_BANNER)).toBe(true);
    expect(textOf(result)).toContain("Suspect: 090c25c deployed to prod 12 min before");
    // Progress comes over the call's event stream too.
    expect(progress.length).toBeGreaterThan(0);
  });

  it("gives two clients at once separate sessions, each working on its own", async () => {
    const { url } = await serve();
    const [a, b] = await Promise.all([connect(url), connect(url)]);
    expect(a.transport.sessionId).toBeDefined();
    expect(b.transport.sessionId).toBeDefined();
    expect(a.transport.sessionId).not.toBe(b.transport.sessionId);
    const [fromA, fromB] = (await Promise.all([
      a.client.callTool({ name: "last_deploy", arguments: { service: "checkout", env: "prod" } }),
      b.client.callTool({ name: "service_status", arguments: { service: "search" } }),
    ])) as CallToolResult[];
    expect(fromA!.structuredContent).toMatchObject({ command: "last-deploy", service: "checkout" });
    expect(fromB!.structuredContent).toMatchObject({ command: "status", service: { name: "search" } });
    // Ending one session leaves the other.
    await a.transport.terminateSession();
    expect((await b.client.listTools()).tools.length).toBe(mcp.tools.length);
  });

  it("ends a session on DELETE: the session id is then unknown", async () => {
    const { url, port } = await serve();
    const { client, transport } = await connect(url);
    const sessionId = transport.sessionId!;
    const ended = await raw(port, { method: "DELETE", headers: { "mcp-session-id": sessionId } });
    expect(ended.status).toBe(200);
    await expect(client.listTools()).rejects.toThrow(/Session not found/);
    const again = await raw(port, { body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} }), headers: { "mcp-session-id": sessionId, "mcp-protocol-version": LATEST_PROTOCOL_VERSION } });
    expect(again.status).toBe(404);
    expect(JSON.parse(again.body)).toMatchObject({ jsonrpc: "2.0", error: { message: expect.stringMatching(/initialize a new one/) }, id: null });
  });
});

describe("DNS rebinding: Host and Origin", () => {
  it("refuses (403) a request whose Host is another name, even on the right port", async () => {
    const { port } = await serve();
    const answer = await raw(port, { headers: { host: `evil.example:${port}` } });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { message: expect.stringMatching(/Host header/) } });
    expect(answer.headers["mcp-session-id"]).toBeUndefined();
    expect((await raw(port, { headers: { host: "127.0.0.1:1" } })).status).toBe(403);
  });

  it("refuses (403) a request from another site's Origin", async () => {
    const { port } = await serve();
    const answer = await raw(port, { headers: { origin: "https://evil.example" } });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { message: expect.stringMatching(/Origin header/) } });
    expect((await raw(port, { headers: { origin: `http://evil.example:${port}` } })).status).toBe(403);
  });

  it("accepts its own loopback Host and Origin (127.0.0.1 and localhost)", async () => {
    const { port } = await serve();
    const cases: Record<string, string>[] = [{ origin: `http://127.0.0.1:${port}` }, { host: `localhost:${port}`, origin: `http://localhost:${port}` }, {}];
    for (const headers of cases) {
      const answer = await raw(port, { headers });
      expect(answer.status, JSON.stringify(headers)).toBe(200);
      expect(answer.headers["mcp-session-id"]).toBeDefined();
    }
  });

  it("accepts the other origins it was told to (allowedOrigins)", async () => {
    const { port } = await serve({ allowedOrigins: ["http://localhost:6274/"] });
    expect((await raw(port, { headers: { origin: "http://localhost:6274" } })).status).toBe(200);
    expect((await raw(port, { headers: { origin: "http://localhost:6275" } })).status).toBe(403);
  });
});

describe("bearer token", () => {
  it("refuses (401, WWW-Authenticate) a request without the token or with a wrong one; the client sending it works", async () => {
    const { url, port } = await serve({ token: new Secret(TOKEN) });
    const missing = await raw(port);
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer realm=/);
    expect(JSON.parse(missing.body)).toMatchObject({ error: { message: expect.stringMatching(/Authorization: Bearer <token>.*TOOLWEAVE_MCP_TOKEN/) } });

    const wrongToken = "y".repeat(32);
    const wrong = await raw(port, { headers: { authorization: `Bearer ${wrongToken}` } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers["www-authenticate"]).toMatch(/^Bearer /);
    expect(wrong.body).not.toContain(wrongToken);
    expect(wrong.body).not.toContain(TOKEN);
    expect((await raw(port, { headers: { authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString("base64")}` } })).status).toBe(401);

    await expect(connect(url)).rejects.toThrow(/401|Authorization/);
    const { client } = await connect(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect((await client.listTools()).tools.length).toBe(mcp.tools.length);
  });

  it("checks Host before the token: a rebinding page learns nothing about it", async () => {
    const { port } = await serve({ token: new Secret(TOKEN) });
    expect((await raw(port, { headers: { host: `evil.example:${port}`, authorization: `Bearer ${TOKEN}` } })).status).toBe(403);
  });
});

describe("the listener", () => {
  it("refuses a non-loopback host with a ConfigurationError naming the fix", async () => {
    const refused = await startHttpServer({ mcp, host: "0.0.0.0", port: 0 }).then(
      (server) => (servers.push(server), undefined),
      (error: unknown) => error,
    );
    expect(ConfigurationError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ kind: "configuration", message: expect.stringMatching(/loopback only.*0\.0\.0\.0/), fix: expect.stringMatching(/127\.0\.0\.1/) });
  });

  it("answers 404 off /mcp, 405 to other methods, 400 to a first request that is not initialize", async () => {
    const { port } = await serve();
    expect((await raw(port, { method: "GET", path: "/" })).status).toBe(404);
    expect((await raw(port, { path: "/other" })).status).toBe(404);
    expect((await raw(port, { path: "/mcp/extra" })).status).toBe(404);
    const put = await raw(port, { method: "PUT", body: "{}" });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe("POST, GET, DELETE");
    expect((await raw(port, { method: "GET" })).status).toBe(400);
    expect((await raw(port, { method: "GET", headers: { "mcp-session-id": "no-such-session" } })).status).toBe(404);
    expect((await raw(port, { body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }) })).status).toBe(400);
    expect((await raw(port, { body: "not json" })).status).toBe(400);
  });

  // Review of #27: the SDK's client ends without a DELETE, so 64 ordinary clients locked every
  // later one out (503) for good. A new client now takes the place of the least recently used
  // session with no call in progress; only when every session is busy is it 503.
  it("gives a new client the place of the least recently used idle session (clients often end without DELETE)", async () => {
    const { port } = await serve({ maxSessions: 1 });
    const first = await raw(port);
    expect(first.status).toBe(200);
    const second = await raw(port);
    expect(second.status).toBe(200);
    const ping = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" });
    expect((await raw(port, { headers: { "mcp-session-id": String(first.headers["mcp-session-id"]) }, body: ping })).status).toBe(404);
  });

  it("answers 503 (Retry-After) to an initialize beyond maxSessions while every session has a call in progress", async () => {
    const { url, port } = await serve({ maxSessions: 1 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const run = vi.spyOn(listServices, "run").mockImplementation(async () => {
      await held;
      return { structured: {}, text: "" };
    });
    const { client } = await connect(url);
    const call = client.callTool({ name: "list_services", arguments: {} }).catch(() => undefined);
    await vi.waitFor(() => expect(run).toHaveBeenCalled());
    const full = await raw(port);
    expect(full.status).toBe(503);
    expect(full.headers["retry-after"]).toBeDefined();
    release();
    await call;
  });

  // Review of #27: a client that went away left its call reading the tools (retries included),
  // spending the shared rate budget for every other session.
  it("cancels the calls of a client that disconnects before their answers", async () => {
    const { port } = await serve();
    let seen: AbortSignal | undefined;
    vi.spyOn(listServices, "run").mockImplementation((_input, call: ToolCall) => {
      seen = call.signal;
      return new Promise((_resolve, reject) => call.signal.addEventListener("abort", () => reject(call.signal.reason), { once: true }));
    });
    const init = await raw(port);
    const session = String(init.headers["mcp-session-id"]);
    await raw(port, { headers: { "mcp-session-id": session }, body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) });
    const req = request({ host: "127.0.0.1", port, method: "POST", path: "/mcp", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-session-id": session } });
    req.on("error", () => undefined);
    req.end(JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "list_services", arguments: {} } }));
    await vi.waitFor(() => expect(seen).toBeDefined());
    expect(seen!.aborted).toBe(false);
    req.destroy();
    await vi.waitFor(() => expect(seen!.aborted).toBe(true));
  });
});
