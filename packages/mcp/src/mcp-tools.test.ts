import { McpError, ErrorCode, type CallToolResult, type JSONRPCMessage, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ToolweaveMcp } from "./create-toolweave-mcp.js";
import { connectClient, openMcp, schemaProblems, SIMULATED_BANNER, strictAjv, textOf, type ConnectedClient } from "./test-support/mcp-client.js";

// The SDK's own Client, in-process over InMemoryTransport, against the simulated world at a fixed
// clock: what an assistant sees, checked against what the server publishes (tools/list schemas).

const READ_TOOLS = ["list_services", "service_status", "service_timeline", "delivery_health", "alert_suspects", "last_deploy", "page_context", "naming_audit", "credential_doctor"];
const ALERT_URL = "https://acme-sim.circonus.simulated.invalid/fault-detection/alerts/4378606";

const ajv = strictAjv();
let mcp: ToolweaveMcp;
let writer: ToolweaveMcp;
let session: ConnectedClient;
let writerSession: ConnectedClient;
let tools: Map<string, Tool>;

beforeAll(async () => {
  [mcp, writer] = await Promise.all([openMcp(), openMcp({ allowWrites: true })]);
  [session, writerSession] = await Promise.all([connectClient(mcp), connectClient(writer)]);
  // Listing the tools is also what makes the Client validate structuredContent itself.
  tools = new Map((await writerSession.client.listTools()).tools.map((t) => [t.name, t]));
});

afterAll(async () => {
  await session?.close();
  await writerSession?.close();
  await mcp?.close();
  await writer?.close();
});

/** Calls a tool through the writer's client (which has listed the tools) and checks what every answer must be. */
async function answer(name: string, args: Record<string, unknown>): Promise<CallToolResult & { structuredContent: Record<string, unknown> }> {
  const before = writerSession.validator.validations.length;
  const result = (await writerSession.client.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError, textOf(result)).toBeFalsy();
  const structured = result.structuredContent as Record<string, unknown>;
  expect(schemaProblems(ajv, tools.get(name)!.outputSchema!, structured)).toBe("");
  // The Client checked it too, against the schema it listed.
  expect(writerSession.validator.validations.slice(before)).toEqual([{ valid: true, errorMessage: undefined }]);
  expect(structured.mode).toBe("simulated");
  expect(textOf(result).startsWith(SIMULATED_BANNER), textOf(result).slice(0, 200)).toBe(true);
  expect(typeof structured.complete).toBe("boolean");
  expect(Array.isArray(structured.incomplete)).toBe(true);
  return result as CallToolResult & { structuredContent: Record<string, unknown> };
}

/** The tool error of a failed call: text, `_meta["toolweave/error"]`, never a protocol error. */
async function toolFailure(name: string, args: Record<string, unknown>): Promise<{ text: string; error: { kind: string; message: string; fix?: string } }> {
  const result = (await session.client.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError).toBe(true);
  expect(result.structuredContent).toBeUndefined();
  return { text: textOf(result), error: result._meta?.["toolweave/error"] as { kind: string; message: string; fix?: string } };
}

describe("tools/list", () => {
  it("lists the read tools only, each read-only, with an input and an output schema", async () => {
    const listed = (await session.client.listTools()).tools;
    expect(listed.map((t) => t.name)).toEqual(READ_TOOLS);
    expect(mcp.tools).toEqual(READ_TOOLS);
    for (const tool of listed) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      expect(tool.annotations?.destructiveHint, tool.name).toBe(false);
      expect(tool.description?.length, tool.name).toBeGreaterThan(40);
      expect(tool.inputSchema.type, tool.name).toBe("object");
      expect(tool.outputSchema?.type, tool.name).toBe("object");
      expect(tool.outputSchema?.required, tool.name).toEqual(expect.arrayContaining(["schemaVersion", "command", "mode", "complete", "incomplete"]));
    }
  });

  it("adds annotate_deploys with allowWrites: a write, not destructive, idempotent", () => {
    expect([...tools.keys()]).toEqual([...READ_TOOLS, "annotate_deploys"]);
    expect(writer.tools).toEqual([...READ_TOOLS, "annotate_deploys"]);
    const annotate = tools.get("annotate_deploys")!;
    expect(annotate.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: true });
    expect(annotate.inputSchema.required).toEqual(["service", "env"]);
    expect(annotate.outputSchema?.type).toBe("object");
  });

  it("publishes output schemas that are valid JSON Schema (strict ajv compiles every one)", () => {
    for (const tool of tools.values()) expect(() => ajv.compile(tool.outputSchema!), tool.name).not.toThrow();
  });
});

describe("every tool answers, as its published output schema says", () => {
  const CALLS: [string, Record<string, unknown>][] = [
    ["list_services", {}],
    ["list_services", { query: "shop", limit: 1 }],
    ["list_services", { team: "payments" }],
    ["service_status", { service: "checkout" }],
    ["service_status", { service: "Checkout", env: "prod" }],
    ["service_timeline", { service: "checkout", env: "prod", since: "24h", window: "30m" }],
    ["service_timeline", { service: "web-shop", since: "2026-11-24T00:00:00Z", until: "6h" }],
    ["delivery_health", { service: "checkout", env: "prod" }],
    ["delivery_health", { service: "web-shop", since: "7d", window: "30m" }],
    ["alert_suspects", { alert: "4378606", window: "2h" }],
    ["last_deploy", { service: "checkout", env: "prod" }],
    ["page_context", { url: "https://github.com/acme/checkout/commit/090c25cb5fbd90d9900bfed81de921fb2b3875f9" }],
    ["page_context", { url: ALERT_URL }],
    ["naming_audit", {}],
    ["naming_audit", { service: "checkout" }],
    ["credential_doctor", {}],
    ["annotate_deploys", { service: "checkout", env: "prod", since: "2d", dryRun: true }],
  ];

  it("covers every tool", () => {
    expect(new Set(CALLS.map(([name]) => name))).toEqual(new Set(tools.keys()));
  });

  it.each(CALLS)("%s %j", async (name, args) => {
    await answer(name, args);
  });

  it("list_services filters and counts", async () => {
    const all = (await answer("list_services", {})).structuredContent;
    expect((all.services as { name: string }[]).map((s) => s.name)).toEqual(["checkout", "web-shop", "search", "billing"]);
    const shop = (await answer("list_services", { query: "shop", limit: 1 })).structuredContent;
    expect(shop).toMatchObject({ total: 1, services: [{ name: "web-shop" }], complete: true, incomplete: [] });
  });

  it("last_deploy names the rollback that is live in checkout prod", async () => {
    const { structuredContent } = await answer("last_deploy", { service: "checkout", env: "prod" });
    expect(structuredContent).toMatchObject({ service: "checkout", env: "prod", complete: true, deploy: { commitSha: expect.stringMatching(/^d3206f0/), deployedAt: "2026-11-25T02:35:00.000Z" } });
  });
});

describe("alert_suspects: checkout prod alert 4378606", () => {
  /** The known answer: 090c25c (#1043) went live 12 min before the alert, and was rolled back to d3206f0. */
  function expectKnownAnswer(result: CallToolResult & { structuredContent: Record<string, unknown> }) {
    const s = result.structuredContent;
    expect(s).toMatchObject({ matched: true, service: "checkout", env: "prod", url: ALERT_URL, complete: true, incomplete: [] });
    expect(s.alert).toMatchObject({ id: "/alert/4378606:opened", kind: "alert-opened", start: "2026-11-25T02:12:00.000Z", env: "prod" });
    const suspects = s.suspects as { commit: { sha: string }; gapMs: number; deploy: { attributes: { pipelineNumber: number } } }[];
    expect(suspects).toHaveLength(1);
    expect(suspects[0]!.commit.sha).toMatch(/^090c25c/);
    expect(suspects[0]!.gapMs).toBe(12 * 60_000);
    expect(suspects[0]!.deploy.attributes.pipelineNumber).toBe(1043);
    expect(s.lines).toEqual([
      expect.objectContaining({ topic: "suspect", status: "important", text: expect.stringContaining("090c25c deployed to prod 12 min before") }),
      expect.objectContaining({ topic: "rollback-target", text: expect.stringMatching(/^Rolled back: d3206f0 went live in prod again at 2026-11-25 02:35/) }),
    ]);
    expect(textOf(result)).toContain("Suspect: 090c25c deployed to prod 12 min before this alert opened");
    expect(textOf(result)).toContain("Rolled back: d3206f0");
  }

  it("by id", async () => {
    expectKnownAnswer(await answer("alert_suspects", { alert: "4378606" }));
  });

  it('by "/alert/4378606"', async () => {
    expectKnownAnswer(await answer("alert_suspects", { alert: "/alert/4378606" }));
  });

  it("by the alert page's URL, with the same answer as by id", async () => {
    const byUrl = await answer("alert_suspects", { alert: ALERT_URL });
    expectKnownAnswer(byUrl);
    expect(byUrl.structuredContent).toEqual((await answer("alert_suspects", { alert: "4378606" })).structuredContent);
  });
});

describe("a bad input is a tool error (isError) with kind, message and fix, never a protocol error", () => {
  it.each([
    ["an unknown service", "service_status", { service: "no-such-service" }, /no-such-service/],
    ["an env the service does not have", "last_deploy", { service: "search", env: "staging" }, /staging/],
    ["a bad duration", "service_timeline", { service: "checkout", since: "banana" }, /banana/],
    ["a bad suspect window", "alert_suspects", { alert: "4378606", window: "soon" }, /soon/],
    ["a URL that is not an alert's", "alert_suspects", { alert: "https://github.com/acme/checkout" }, /not a Circonus alert/],
    ["text that is neither an alert id nor a URL", "alert_suspects", { alert: "the checkout alert" }, /neither a Circonus alert id nor a URL/],
  ])("%s", async (_label, name, args, inMessage) => {
    const { text, error } = await toolFailure(name, args);
    expect(error).toMatchObject({ kind: "invalid_input", message: expect.stringMatching(inMessage), fix: expect.any(String) });
    expect(error.fix!.length).toBeGreaterThan(10);
    expect(text).toBe(`Error (${error.kind}): ${error.message}\nFix: ${error.fix}`);
  });

  it("arguments the input schema refuses are a tool error too", async () => {
    for (const [name, args] of [
      ["list_services", { limit: 0 }],
      ["service_status", {}],
    ] as const) {
      const result = (await session.client.callTool({ name, arguments: args })) as CallToolResult;
      expect(result.isError, name).toBe(true);
      expect(textOf(result), name).toMatch(/invalid/i);
    }
  });
});

describe("the Client's own output validation", () => {
  it("is real: a listed schema the answer does not match makes the call fail", async () => {
    // The listed alert_suspects schema, made to require a field no answer has.
    const tamper = (message: JSONRPCMessage): JSONRPCMessage => {
      const result = (message as { result?: { tools?: Tool[] } }).result;
      if (!result?.tools) return message;
      return { ...message, result: { ...result, tools: result.tools.map((t) => (t.name === "alert_suspects" ? { ...t, outputSchema: { ...t.outputSchema!, required: [...(t.outputSchema!.required ?? []), "notAField"] } } : t)) } } as JSONRPCMessage;
    };
    const tampered = await connectClient(mcp, { tap: tamper });
    try {
      await tampered.client.listTools();
      await expect(tampered.client.callTool({ name: "alert_suspects", arguments: { alert: "4378606" } })).rejects.toThrow(/output schema/i);
      expect(tampered.validator.validations).toEqual([{ valid: false, errorMessage: expect.stringContaining("notAField") }]);
    } finally {
      await tampered.close();
    }
  });
});

describe("resources", () => {
  it("lists the catalog and one status per service, and the status template", async () => {
    const { resources } = await session.client.listResources();
    expect(resources.map((r) => r.uri)).toEqual([
      "toolweave://catalog",
      "toolweave://services/checkout/status",
      "toolweave://services/web-shop/status",
      "toolweave://services/search/status",
      "toolweave://services/billing/status",
    ]);
    for (const resource of resources) expect(resource.mimeType, resource.uri).toBe("application/json");
    const { resourceTemplates } = await session.client.listResourceTemplates();
    expect(resourceTemplates).toEqual([expect.objectContaining({ uriTemplate: "toolweave://services/{service}/status", mimeType: "application/json" })]);
  });

  it("reads the catalog: the list_services answer, as JSON", async () => {
    const { contents } = await session.client.readResource({ uri: "toolweave://catalog" });
    expect(contents).toHaveLength(1);
    expect(contents[0]).toMatchObject({ uri: "toolweave://catalog", mimeType: "application/json" });
    const catalog = JSON.parse((contents[0] as { text: string }).text) as Record<string, unknown>;
    expect(schemaProblems(ajv, tools.get("list_services")!.outputSchema!, catalog)).toBe("");
    expect(catalog).toEqual((await answer("list_services", {})).structuredContent);
  });

  it("reads one service's status: the service_status answer, as JSON", async () => {
    const uri = "toolweave://services/checkout/status";
    const { contents } = await session.client.readResource({ uri });
    expect(contents[0]).toMatchObject({ uri, mimeType: "application/json" });
    const status = JSON.parse((contents[0] as { text: string }).text) as Record<string, unknown>;
    expect(schemaProblems(ajv, tools.get("service_status")!.outputSchema!, status)).toBe("");
    expect(status).toMatchObject({ command: "status", mode: "simulated", service: { name: "checkout" }, complete: true, incomplete: [] });
    expect(status).toEqual((await answer("service_status", { service: "checkout" })).structuredContent);
  });

  it("an unknown service's status is an invalid-params protocol error naming the fix", async () => {
    const failure = await session.client.readResource({ uri: "toolweave://services/no-such-service/status" }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(McpError);
    expect((failure as McpError).message).toMatch(/no-such-service.*Fix: Use one of: checkout, web-shop, search, billing/);
    expect((failure as McpError).code).toBe(ErrorCode.InvalidParams);
  });
});

describe("prompts", () => {
  it("lists investigate-alert and safe-to-deploy with their arguments", async () => {
    const { prompts } = await session.client.listPrompts();
    expect(prompts.map((p) => [p.name, p.arguments?.map((a) => [a.name, a.required])])).toEqual([
      ["investigate-alert", [["alert", true]]],
      ["safe-to-deploy", [["service", true], ["env", false]]],
    ]);
  });

  it("investigate-alert asks for alert_suspects on that alert, and honesty about incomplete answers", async () => {
    const { messages } = await session.client.getPrompt({ name: "investigate-alert", arguments: { alert: "4378606" } });
    expect(messages).toHaveLength(1);
    expect(messages[0]!.role).toBe("user");
    const text = (messages[0]!.content as { text: string }).text;
    expect(text).toContain("alert 4378606");
    expect(text).toContain("alert_suspects");
    expect(text).toContain("complete: false");
  });

  it("safe-to-deploy asks for service_status and service_timeline, with and without an env", async () => {
    const withEnv = await session.client.getPrompt({ name: "safe-to-deploy", arguments: { service: "checkout", env: "prod" } });
    const text = (withEnv.messages[0]!.content as { text: string }).text;
    expect(text).toMatch(/^Is it safe to deploy checkout to prod now\?/);
    expect(text).toContain("service_status");
    expect(text).toContain("service_timeline");
    const anyEnv = await session.client.getPrompt({ name: "safe-to-deploy", arguments: { service: "checkout" } });
    expect((anyEnv.messages[0]!.content as { text: string }).text).toMatch(/^Is it safe to deploy checkout now\?/);
  });

  it("a missing required argument is an invalid-params protocol error", async () => {
    await expect(session.client.getPrompt({ name: "investigate-alert", arguments: {} })).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
  });
});
