import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPrivateBin, childExit } from "./test-support/private-bin-build.js";
import { SIM_NOW, SIMULATED_BANNER, textOf } from "./test-support/mcp-client.js";

// The `toolweave-mcp` bin as an assistant starts it: a child process on a clean environment (no
// tool token: the simulated world), spoken to over stdio by the SDK's StdioClientTransport, or
// over HTTP with --http. A private build (see buildPrivateBin), so a concurrent build cannot
// remove dist/ under the children.

/** Generous: node processes (and a build) on a loaded 2-core machine. */
const TIMEOUT = 180_000;
const READ_TOOLS = ["list_services", "service_status", "service_timeline", "delivery_health", "alert_suspects", "last_deploy", "page_context", "naming_audit", "credential_doctor"];

let bin = "";
let removeBin = () => {};
let cwd = "";
/** What an assistant's config gives the server: PATH and the simulated clock, nothing else. */
const env = () => ({ PATH: process.env.PATH ?? "", TOOLWEAVE_SIM_NOW: SIM_NOW });

beforeAll(async () => {
  ({ bin, remove: removeBin } = await buildPrivateBin("bin-test"));
  cwd = mkdtempSync(join(tmpdir(), "toolweave-mcp-bin-"));
}, TIMEOUT);

afterAll(() => {
  removeBin();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

const run = (argv: string[], extraEnv: Record<string, string> = {}) => childExit(spawn(process.execPath, [bin, ...argv], { cwd, env: { ...env(), ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] }));

/** Resolves with the match once `stream` has printed text matching `pattern`; rejects if the child exits first. */
function printed(child: ChildProcess, stream: NodeJS.ReadableStream, pattern: RegExp): Promise<RegExpMatchArray> {
  let text = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match) {
        stream.off("data", onData);
        resolve(match);
      }
    };
    stream.on("data", onData);
    child.once("exit", (code, signal) => reject(new Error(`exited (${code ?? signal}) before printing ${pattern}:\n${text}`)));
  });
}

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once("exit", (code, signal) => resolve({ code, signal }));
  });

/** The stdio server, started by the SDK's transport; its child process, raw stdout and stderr kept. */
async function startStdio() {
  const transport = new StdioClientTransport({ command: process.execPath, args: [bin], env: env(), cwd, stderr: "pipe" });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let stdout = "";
  let child: ChildProcess | undefined;
  let exited: ReturnType<typeof exitOf> | undefined;
  // The transport keeps its child to itself; it is read once spawned, before initialize is sent.
  const start = transport.start.bind(transport);
  transport.start = async () => {
    await start();
    child = (transport as unknown as { _process: ChildProcess })._process;
    exited = exitOf(child);
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  };
  const client = new Client({ name: "toolweave-mcp-bin-tests", version: "1.0.0" });
  const errors: Error[] = [];
  client.onerror = (error) => void errors.push(error);
  await client.connect(transport);
  return { client, transport, child: child!, exited: exited!, errors, stdout: () => stdout, stderr: () => stderr };
}

describe("stdio", () => {
  it(
    "serves an assistant: tools/list, alert_suspects, then exits 0 when stdin closes; stdout is protocol only",
    async () => {
      const server = await startStdio();
      try {
        const { tools } = await server.client.listTools();
        expect(tools.map((t) => t.name)).toEqual(READ_TOOLS);
        const result = (await server.client.callTool({ name: "alert_suspects", arguments: { alert: "4378606" } })) as CallToolResult;
        expect(result.isError).toBeFalsy();
        expect(textOf(result).startsWith(SIMULATED_BANNER)).toBe(true);
        expect(result.structuredContent).toMatchObject({ mode: "simulated", service: "checkout", env: "prod", complete: true });
        expect(textOf(result)).toContain("Suspect: 090c25c deployed to prod 12 min before this alert opened");

        // The assistant goes away: stdin closes.
        server.child.stdin?.end();
        expect(await server.exited).toEqual({ code: 0, signal: null });
      } finally {
        await server.client.close();
      }
      expect(server.errors).toEqual([]);
      const lines = server.stdout().split("\n").filter(Boolean);
      expect(lines.length).toBeGreaterThanOrEqual(3);
      for (const line of lines) expect(JSON.parse(line), line.slice(0, 200)).toMatchObject({ jsonrpc: "2.0" });
      expect(server.stderr()).toMatch(/SIMULATED tools .*; tools: list_services, .*credential_doctor; on stdio/);
    },
    TIMEOUT,
  );

  it(
    "exits 0 on SIGTERM",
    async () => {
      const server = await startStdio();
      try {
        expect((await server.client.listTools()).tools.length).toBe(READ_TOOLS.length);
        server.child.kill("SIGTERM");
        expect(await server.exited).toEqual({ code: 0, signal: null });
      } finally {
        await server.client.close();
      }
    },
    TIMEOUT,
  );

  it(
    "offers annotate_deploys with --allow-writes",
    async () => {
      const transport = new StdioClientTransport({ command: process.execPath, args: [bin, "--allow-writes"], env: env(), cwd, stderr: "pipe" });
      const client = new Client({ name: "toolweave-mcp-bin-tests", version: "1.0.0" });
      await client.connect(transport);
      try {
        expect((await client.listTools()).tools.map((t) => t.name)).toEqual([...READ_TOOLS, "annotate_deploys"]);
      } finally {
        await client.close();
      }
    },
    TIMEOUT,
  );
});

describe("command line", () => {
  it(
    "--help prints the usage and exits 0; -v prints the version",
    async () => {
      const help = await run(["--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toBe("");
      expect(help.stderr).toMatch(/Usage: toolweave-mcp \[options\]/);
      expect(help.stderr).toContain("--http");
      const version = await run(["-v"]);
      expect(version.code).toBe(0);
      expect(version.stderr.trim()).toMatch(/^\d+\.\d+\.\d+/);
    },
    TIMEOUT,
  );

  it(
    "a bad flag or setting exits 2 with the message (and the fix) on stderr, nothing on stdout",
    async () => {
      const bogus = await run(["--bogus"]);
      expect(bogus).toMatchObject({ code: 2, stdout: "" });
      expect(bogus.stderr).toMatch(/^error: Unknown option '--bogus'.*--help/m);

      const portWithoutHttp = await run(["--port", "4000"]);
      expect(portWithoutHttp).toMatchObject({ code: 2, stdout: "" });
      expect(portWithoutHttp.stderr).toMatch(/--port and --host apply to --http only/);

      const anyHost = await run(["--http", "--port", "0", "--host", "0.0.0.0"]);
      expect(anyHost).toMatchObject({ code: 2, stdout: "" });
      expect(anyHost.stderr).toMatch(/loopback only/);
      expect(anyHost.stderr).toMatch(/^ {2}fix: /m);

      const shortToken = await run(["--http", "--port", "0"], { TOOLWEAVE_MCP_TOKEN: "short-secret" });
      expect(shortToken).toMatchObject({ code: 2, stdout: "" });
      expect(shortToken.stderr).toMatch(/TOOLWEAVE_MCP_TOKEN must be at least 16 characters/);
      expect(shortToken.stderr).not.toContain("short-secret");
    },
    TIMEOUT,
  );
});

describe("--http", () => {
  it(
    "prints where it listens on stderr, serves a client there, and exits 0 on SIGTERM",
    async () => {
      const child = spawn(process.execPath, [bin, "--http", "--port", "0"], { cwd, env: env(), stdio: ["ignore", "pipe", "pipe"] });
      const exited = exitOf(child);
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      try {
        const [, url] = await printed(child, child.stderr, /toolweave-mcp listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)\n/);
        const client = new Client({ name: "toolweave-mcp-bin-tests", version: "1.0.0" });
        await client.connect(new StreamableHTTPClientTransport(new URL(url!)));
        try {
          expect((await client.listTools()).tools.map((t) => t.name)).toEqual(READ_TOOLS);
          const result = (await client.callTool({ name: "alert_suspects", arguments: { alert: "/alert/4378606" } })) as CallToolResult;
          expect(result.structuredContent).toMatchObject({ mode: "simulated", service: "checkout", complete: true });
        } finally {
          await client.close();
        }
        child.kill("SIGTERM");
        expect(await exited).toEqual({ code: 0, signal: null });
        expect(stdout).toBe("");
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }
    },
    TIMEOUT,
  );

  it(
    "with TOOLWEAVE_MCP_TOKEN, refuses a client without it and serves one with it, never printing it",
    async () => {
      const token = "t0k3n-".repeat(6);
      const child = spawn(process.execPath, [bin, "--http", "--port", "0"], { cwd, env: { ...env(), TOOLWEAVE_MCP_TOKEN: token }, stdio: ["ignore", "pipe", "pipe"] });
      const exited = exitOf(child);
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      try {
        const [, url] = await printed(child, child.stderr, /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)\n/);
        const without = new Client({ name: "toolweave-mcp-bin-tests", version: "1.0.0" });
        await expect(without.connect(new StreamableHTTPClientTransport(new URL(url!)))).rejects.toThrow(/401|Authorization/);
        const client = new Client({ name: "toolweave-mcp-bin-tests", version: "1.0.0" });
        await client.connect(new StreamableHTTPClientTransport(new URL(url!), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
        expect((await client.listTools()).tools.length).toBe(READ_TOOLS.length);
        await client.close();
        child.kill("SIGTERM");
        expect((await exited).code).toBe(0);
        expect(stderr).not.toContain(token);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }
    },
    TIMEOUT,
  );
});
