import { ConfigurationError } from "@toolweave/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mcpWording } from "./mcp-wording.js";
import { connectClient, openMcp, textOf } from "./test-support/mcp-client.js";
import type { ToolCall } from "./tool-spec.js";
import { toolText } from "./tool-text.js";
import { serviceTimeline } from "./tools/service-timeline.js";

// What the adversarial review of #27 found at the edges, each failing on the code before its fix.

afterEach(() => vi.restoreAllMocks());

const errorOf = (result: { _meta?: Record<string, unknown> }) => result._meta?.["toolweave/error"] as { kind: string; message: string; fix?: string; retryable?: boolean } | undefined;

describe("a call's time budget", () => {
  it("a call past callTimeoutMs has its requests cancelled and answers a retryable timeout tool error", async () => {
    const mcp = await openMcp({ callTimeoutMs: 50 });
    let seen: AbortSignal | undefined;
    vi.spyOn(serviceTimeline, "run").mockImplementation((_input, call: ToolCall) => {
      seen = call.signal;
      return new Promise((_resolve, reject) => call.signal.addEventListener("abort", () => reject(call.signal.reason), { once: true }));
    });
    const { client, close } = await connectClient(mcp);
    try {
      const result = await client.callTool({ name: "service_timeline", arguments: { service: "checkout" } });
      expect(result.isError).toBe(true);
      expect(errorOf(result)).toMatchObject({ kind: "timeout", retryable: true, fix: expect.stringMatching(/--call-timeout/) });
      expect(textOf(result as { content?: unknown })).toMatch(/^Error \(timeout\): service_timeline did not finish within 0 s/);
      expect(seen?.aborted).toBe(true);
    } finally {
      await close();
      await mcp.close();
    }
  });

  it("refuses a callTimeoutMs that is not a positive number", async () => {
    await expect(openMcp({ callTimeoutMs: 0 })).rejects.toSatisfy((e) => ConfigurationError.isInstance(e));
  });
});

describe("answers at the edges", () => {
  it("a since no date can hold is an invalid_input tool error before any request, not the SDK's schema failure", async () => {
    const mcp = await openMcp();
    const { client, close } = await connectClient(mcp);
    try {
      const result = await client.callTool({ name: "service_timeline", arguments: { service: "checkout", since: "99999999d" } });
      expect(result.isError).toBe(true);
      expect(errorOf(result)).toMatchObject({ kind: "invalid_input", message: expect.stringMatching(/^since must be at most 3650d/) });
    } finally {
      await close();
      await mcp.close();
    }
  });

  it("credential_doctor is incomplete when a credential could not be checked (the tool is down), not complete", async () => {
    const mcp = await openMcp({ env: { TOOLWEAVE_SIM_FAULT: "circleci-down" } });
    const { client, close } = await connectClient(mcp);
    try {
      const result = await client.callTool({ name: "credential_doctor", arguments: {} });
      const answer = result.structuredContent as { complete: boolean; incomplete: { provider: string; error: { kind: string } }[] };
      expect(answer.complete).toBe(false);
      expect(answer.incomplete.some((p) => p.provider === "circleci" && p.error.kind === "service")).toBe(true);
    } finally {
      await close();
      await mcp.close();
    }
  });

  it("a status resource URI with a malformed escape is InvalidParams, not an internal error", async () => {
    const mcp = await openMcp();
    const { client, close } = await connectClient(mcp);
    try {
      await expect(client.readResource({ uri: "toolweave://services/%E0%A4%A/status" })).rejects.toMatchObject({ code: -32602 });
    } finally {
      await close();
      await mcp.close();
    }
  });

  it("refuses to start with an invalid setting (one ConfigurationError), instead of failing every tool later", async () => {
    await expect(openMcp({ env: { CIRCLECI_TOKEN: "not a token" } })).rejects.toSatisfy((e) => ConfigurationError.isInstance(e));
  });
});

describe("text for a model", () => {
  it("strips terminal controls and bidi overrides from tool data, as the CLI does", () => {
    expect(toolText("deploy \u001b[2Jfix \u202egnp.exe\u0007 done")).toBe("deploy \uFFFD[2Jfix \uFFFDgnp.exe\uFFFD done");
  });

  it("words the CLI's advice for tool calls", () => {
    expect(mcpWording("Then run `toolweave-demo doctor` again.")).toBe("Then call credential_doctor again.");
    expect(mcpWording("Rerun with a higher --max-pages (default 1000).")).toBe("Restart toolweave-mcp with a higher --max-pages (default 1000).");
    expect(mcpWording("run `toolweave-demo audit --service checkout` to see why")).toBe("call naming_audit with service checkout to see why");
  });
});

describe("the bin's start", () => {
  it("masks a token a catalog error quotes (a service named after a token), before the connectors exist", async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { runCli } = await import("./cli.js");
    const token = "CCIPAT_Q7vJ2mK9xL4pR8tW1nB6cF3hD5gS0aZe_0123456789abcdef0123456789abcdef";
    const dir = mkdtempSync(join(tmpdir(), "toolweave-mcp-catalog-"));
    try {
      writeFileSync(join(dir, "catalog.json"), JSON.stringify({ services: [{ name: token, repo: "gh/acme/checkout", envs: ["prod"] }] }));
      const lines: string[] = [];
      const code = await runCli(["--catalog", "catalog.json"], { env: { CIRCLECI_TOKEN: token }, cwd: dir, stderr: { write: (text: string) => lines.push(text) } });
      expect(code).toBe(2);
      expect(lines.join("")).toMatch(/catalog/i);
      expect(lines.join("")).not.toContain(token.slice(7, 30));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
