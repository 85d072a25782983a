import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ToolweaveMcp } from "./create-toolweave-mcp.js";
import { connectClient, openMcp, schemaProblems, SIM_NOW, SIMULATED_BANNER, strictAjv, textOf, type ConnectedClient } from "./test-support/mcp-client.js";

// delivery_health as an assistant calls it: the SDK's own Client, in-process, against the
// simulated world. The world grows; the checks hold for any of its answers, and for the one story
// every test pins (checkout's #1043 in prod, alert 4378606, the rollback to #1041).

const ajv = strictAjv();
const DAY = 86_400_000;

interface Figure {
  complete: boolean;
  incomplete: { provider: string }[];
}
interface Delivery {
  command: string;
  env: string | null;
  since: string;
  until: string;
  rules: { failureWindowMs: number; env: string | null };
  deployments: Figure & { count: number; ids: string[] };
  changeFailureRate: Figure & { value: number | null; failures: { deployId: string; alertIds: string[]; rollbackDeployId?: string }[] };
  failedDeploymentRecovery: Figure;
  timeToRestore: Figure;
  triggerToLive: Figure;
  leadTimeForChanges: Figure & { medianMs: number | null; reason?: string };
  evidence: { provider: string; kind: string; id: string; start: string; title: string; url?: string }[];
  complete: boolean;
  incomplete: { provider: string; lookup: string; kinds?: string[] }[];
}

async function world(env: Record<string, string> = {}) {
  const mcp = await openMcp({ env });
  const session = await connectClient(mcp);
  // Listing the tools is also what makes the Client validate structuredContent itself.
  const tools = new Map((await session.client.listTools()).tools.map((t) => [t.name, t]));
  return { mcp, session, tools };
}

describe("delivery_health", { timeout: 120_000 }, () => {
  let mcp: ToolweaveMcp;
  let session: ConnectedClient;
  let tools: Map<string, Tool>;
  beforeAll(async () => void ({ mcp, session, tools } = await world()));
  afterAll(async () => {
    await session?.close();
    await mcp?.close();
  });

  async function answer(args: Record<string, unknown>): Promise<{ result: CallToolResult; s: Delivery }> {
    const before = session.validator.validations.length;
    const result = (await session.client.callTool({ name: "delivery_health", arguments: args })) as CallToolResult;
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(schemaProblems(ajv, tools.get("delivery_health")!.outputSchema!, result.structuredContent)).toBe("");
    expect(session.validator.validations.slice(before)).toEqual([{ valid: true, errorMessage: undefined }]);
    return { result, s: result.structuredContent as unknown as Delivery };
  }

  it("is listed read-only, after service_timeline, with service required and the rest optional", () => {
    const names = [...tools.keys()];
    expect(names.indexOf("delivery_health")).toBe(names.indexOf("service_timeline") + 1);
    const tool = tools.get("delivery_health")!;
    expect(tool.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true });
    expect(tool.inputSchema.required).toEqual(["service"]);
    expect(Object.keys(tool.inputSchema.properties ?? {}).sort()).toEqual(["env", "service", "since", "until", "window"]);
    expect(tool.description).toMatch(/change failure rate/);
    expect(() => ajv.compile(tool.outputSchema!)).not.toThrow();
  });

  it("answers the CLI's `delivery --json` for the last 30 days, every failure with its deploy and alert pages, and the text a model reads first", async () => {
    const { result, s } = await answer({ service: "checkout", env: "prod" });
    expect(s).toMatchObject({ command: "delivery", env: "prod", until: new Date(SIM_NOW).toISOString(), since: new Date(Date.parse(SIM_NOW) - 30 * DAY).toISOString(), rules: { failureWindowMs: 3_600_000, env: "prod" }, complete: true, incomplete: [] });
    expect(s.changeFailureRate.failures.length).toBeGreaterThan(0);
    expect(s).not.toHaveProperty("links");
    const linked = new Set(s.evidence.filter((e) => e.url?.startsWith("https://")).map((e) => `${e.kind} ${e.id}`));
    for (const f of s.changeFailureRate.failures) {
      expect(s.deployments.ids).toContain(f.deployId);
      expect(linked.has(`deploy ${f.deployId}`)).toBe(true);
      for (const id of f.alertIds) expect(linked.has(`alert-opened ${id}`)).toBe(true);
      if (f.rollbackDeployId) expect(linked.has(`deploy ${f.rollbackDeployId}`)).toBe(true);
    }
    // Each event once, in time order.
    expect(new Set(s.evidence.map((e) => `${e.provider} ${e.kind} ${e.id}`)).size).toBe(s.evidence.length);
    const starts = s.evidence.map((e) => Date.parse(e.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(s.changeFailureRate.failures.some((f) => f.alertIds.includes("/alert/4378606:opened") && f.rollbackDeployId)).toBe(true);
    expect(s.leadTimeForChanges).toMatchObject({ medianMs: null, reason: expect.stringMatching(/commit time/) });
    const text = textOf(result);
    expect(text.startsWith(SIMULATED_BANNER)).toBe(true);
    expect(text).toMatch(/checkout \(prod\) — delivery health/);
    expect(text).toMatch(/Change failure rate +\d+% · \d+ of \d+ deployments? failed/);
    expect(text).toMatch(/alerts\/4378606/);
  });

  it("without env: every env, each rule within one env; since, until and window are the rules used", async () => {
    const { s } = await answer({ service: "checkout", since: "2026-11-25T00:00:00Z", until: "2026-11-25T06:00:00Z", window: "30m" });
    expect(s).toMatchObject({ env: null, since: "2026-11-25T00:00:00.000Z", until: "2026-11-25T06:00:00.000Z", rules: { env: null, failureWindowMs: 1_800_000 } });
  });

  it.each([
    [{ service: "checkout", since: "banana" }, /^since must be a duration back from now/],
    [{ service: "checkout", window: "0m" }, /^window must be a duration/],
    [{ service: "checkout", env: "qa" }, /has no environment "qa"/],
    [{ service: "no-such-service" }, /no-such-service/],
  ])("%j is a tool error with its fix, naming the argument (not a CLI option)", async (args, message) => {
    const result = (await session.client.callTool({ name: "delivery_health", arguments: args })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    const error = result._meta?.["toolweave/error"] as { kind: string; message: string; fix?: string };
    expect(error).toMatchObject({ message: expect.stringMatching(message) });
    expect(error.message).not.toMatch(/--/);
    expect(textOf(result)).toMatch(/^Error \(\w+\): /);
  });
});

describe("delivery_health with Circonus down", { timeout: 120_000 }, () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => void (w = await world({ TOOLWEAVE_SIM_FAULT: "circonus-down" })));
  afterAll(async () => {
    await w?.session.close();
    await w?.mcp.close();
  });

  it("is incomplete: the deployment figures stay complete, the alert ones name Circonus, the text says which", async () => {
    const result = (await w.session.client.callTool({ name: "delivery_health", arguments: { service: "checkout", env: "prod" } })) as CallToolResult;
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(schemaProblems(ajv, w.tools.get("delivery_health")!.outputSchema!, result.structuredContent)).toBe("");
    const s = result.structuredContent as unknown as Delivery;
    expect(s.complete).toBe(false);
    expect(s.incomplete).toEqual([expect.objectContaining({ provider: "circonus", lookup: "events from Circonus", kinds: expect.arrayContaining(["alert-opened"]) })]);
    expect([s.deployments, s.triggerToLive].map((f) => f.complete)).toEqual([true, true]);
    for (const f of [s.changeFailureRate, s.failedDeploymentRecovery, s.timeToRestore]) expect(f).toMatchObject({ complete: false, incomplete: [expect.objectContaining({ provider: "circonus" })] });
    expect(textOf(result)).toMatch(/Change failure rate .* ! incomplete: circonus not read in full/);
    expect(textOf(result)).toMatch(/- missing: events from Circonus/);
  });
});
