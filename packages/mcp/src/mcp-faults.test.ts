import { randomBytes, randomUUID } from "node:crypto";
import type { CallToolResult, Progress, Tool } from "@modelcontextprotocol/sdk/types.js";
import { maskSecretValue } from "@toolweave/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_TOKEN } from "../../../apps/demo/src/simulation/sim-credentials.js";
import type { ToolweaveMcp } from "./create-toolweave-mcp.js";
import { watchHttp, type HttpWatch } from "./test-support/http-watch.js";
import { connectClient, openMcp, schemaProblems, strictAjv, textOf, type ConnectedClient } from "./test-support/mcp-client.js";

// The simulated world's faults, as an assistant meets them: parts that could not be read are
// named with their fix (never a whole-looking answer), a write a read-only token cannot make is
// refused before anything is written, and a token inside the tools' data never reaches the client.

const ajv = strictAjv();

interface IncompletePart {
  lookup: string;
  provider: string;
  retryable: boolean;
  error: { kind: string; message: string; fix?: string };
}

/** An MCP server on a faulty simulated world, one client connected to it, its tools listed. */
async function faulty(fault: string, options: { allowWrites?: boolean } = {}) {
  const mcp = await openMcp({ env: { TOOLWEAVE_SIM_FAULT: fault }, ...options });
  const session = await connectClient(mcp);
  const tools = new Map((await session.client.listTools()).tools.map((t) => [t.name, t]));
  return { mcp, session, tools };
}

async function call(session: ConnectedClient, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await session.client.callTool({ name, arguments: args })) as CallToolResult;
}

/** An answer that is not whole: it still matches its schema, says `complete: false` and names the part not read with its fix. */
function expectIncomplete(result: CallToolResult, tool: Tool, provider: string, inLookup: RegExp): IncompletePart {
  expect(result.isError, textOf(result)).toBeFalsy();
  const s = result.structuredContent as { complete: boolean; incomplete: IncompletePart[] };
  expect(schemaProblems(ajv, tool.outputSchema!, s)).toBe("");
  expect(s.complete).toBe(false);
  const part = s.incomplete.find((p) => p.provider === provider);
  expect(part, `an incomplete part of ${provider} in ${JSON.stringify(s.incomplete)}`).toBeDefined();
  expect(part!.lookup).toMatch(inLookup);
  expect(part!.error.message.length).toBeGreaterThan(10);
  expect(part!.error.fix?.length ?? 0).toBeGreaterThan(10);
  expect(textOf(result)).toContain(part!.error.fix);
  return part!;
}

describe("TOOLWEAVE_SIM_FAULT=circonus-down", () => {
  let world: Awaited<ReturnType<typeof faulty>>;
  beforeAll(async () => void (world = await faulty("circonus-down")));
  afterAll(async () => {
    await world?.session.close();
    await world?.mcp.close();
  });

  it("service_status is incomplete, naming the Circonus part not read and its fix", async () => {
    const result = await call(world.session, "service_status", { service: "checkout" });
    const part = expectIncomplete(result, world.tools.get("service_status")!, "circonus", /./);
    expect(part.error.message).toMatch(/Circonus/);
    expect(part.retryable).toBe(true);
  });

  it("service_timeline is incomplete, naming the Circonus events not read and its fix", async () => {
    const result = await call(world.session, "service_timeline", { service: "checkout", since: "24h" });
    const part = expectIncomplete(result, world.tools.get("service_timeline")!, "circonus", /Circonus/);
    expect(part).toMatchObject({ retryable: true, error: { kind: "service" } });
  });

  it("alert_suspects by id is a retryable error or an incomplete answer naming Circonus, not a configuration problem", async () => {
    const result = await call(world.session, "alert_suspects", { alert: "4378606" });
    if (result.isError) {
      // Circonus answered 503: the fix is to retry, not to set CIRCONUS_UI_URL.
      expect(result._meta?.["toolweave/error"]).toMatchObject({ kind: "service", retryable: true, message: expect.stringMatching(/Circonus/), fix: expect.any(String) });
    } else expectIncomplete(result, world.tools.get("alert_suspects")!, "circonus", /./);
  });
});

describe("TOOLWEAVE_SIM_FAULT=circleci-workflows-down", () => {
  let world: Awaited<ReturnType<typeof faulty>>;
  beforeAll(async () => void (world = await faulty("circleci-workflows-down")));
  afterAll(async () => {
    await world?.session.close();
    await world?.mcp.close();
  });

  it("service_status is incomplete, naming the CircleCI workflows not read and their fix", async () => {
    const result = await call(world.session, "service_status", { service: "checkout" });
    const part = expectIncomplete(result, world.tools.get("service_status")!, "circleci", /workflows of pipeline #\d+/);
    expect(part).toMatchObject({ retryable: true, error: { kind: "service" } });
  });

  it("service_timeline is incomplete, naming the CircleCI workflows not read and their fix", async () => {
    const result = await call(world.session, "service_timeline", { service: "checkout", since: "24h" });
    expectIncomplete(result, world.tools.get("service_timeline")!, "circleci", /workflows of pipeline #\d+/);
  });
});

describe("annotate_deploys (allowWrites)", () => {
  let watch: HttpWatch | undefined;
  afterEach(() => watch?.stop());

  it("with a read-only Circonus token: refused as a tool error naming the token, and nothing written", async () => {
    const world = await faulty("circonus-read-only", { allowWrites: true });
    try {
      watch = watchHttp();
      const refused = await call(world.session, "annotate_deploys", { service: "checkout", env: "prod", since: "2d" });
      expect(refused.isError).toBe(true);
      const error = refused._meta?.["toolweave/error"] as { kind: string; message: string; fix: string };
      expect(error).toMatchObject({ kind: "permission", message: expect.stringMatching(/Circonus token.*read-only/), fix: expect.stringMatching(/CIRCONUS_API_TOKEN/) });
      expect(textOf(refused)).toBe(`Error (permission): ${error.message}\nFix: ${error.fix}`);
      expect(watch.writes()).toEqual([]);
      // Nothing was written: every deploy of the window is still to be marked.
      const plan = await call(world.session, "annotate_deploys", { service: "checkout", env: "prod", since: "2d", dryRun: true });
      expect(plan.isError).toBeFalsy();
      expect(plan.structuredContent).toMatchObject({ apply: false, deploys: 5, existing: [] });
      expect((plan.structuredContent as { create: unknown[] }).create).toHaveLength(5);
      expect(watch.writes()).toEqual([]);
    } finally {
      await world.session.close();
      await world.mcp.close();
    }
  });

  it("speaks of its dryRun argument, not of the CLI's --apply, when refused", async () => {
    const world = await faulty("circonus-read-only", { allowWrites: true });
    try {
      const refused = await call(world.session, "annotate_deploys", { service: "checkout", env: "prod", since: "2d" });
      expect(textOf(refused)).not.toMatch(/--apply/);
    } finally {
      await world.session.close();
      await world.mcp.close();
    }
  });

  it("with a normal token: a dry run writes nothing, a run creates each marker, a second run creates nothing", async () => {
    const mcp = await openMcp({ allowWrites: true });
    const session = await connectClient(mcp);
    try {
      const tools = new Map((await session.client.listTools()).tools.map((t) => [t.name, t]));
      const args = { service: "checkout", env: "prod", since: "2d" };
      watch = watchHttp();

      const plan = await call(session, "annotate_deploys", { ...args, dryRun: true });
      expect(schemaProblems(ajv, tools.get("annotate_deploys")!.outputSchema!, plan.structuredContent)).toBe("");
      expect(plan.structuredContent).toMatchObject({ apply: false, deploys: 5, existing: [], complete: true });
      expect(watch.writes()).toEqual([]);

      const first = await call(session, "annotate_deploys", args);
      expect(first.isError, textOf(first)).toBeFalsy();
      expect(schemaProblems(ajv, tools.get("annotate_deploys")!.outputSchema!, first.structuredContent)).toBe("");
      const created = (first.structuredContent as { create: { cid?: string; marker: string }[] }).create;
      expect(first.structuredContent).toMatchObject({ apply: true, deploys: 5, complete: true });
      expect(created).toHaveLength(5);
      for (const annotation of created) expect(annotation.cid).toMatch(/^\/annotation\/\d+$/);
      expect(watch.writes().map((w) => w.method)).toEqual(["POST", "POST", "POST", "POST", "POST"]);

      const writesBefore = watch.writes().length;
      const second = await call(session, "annotate_deploys", args);
      expect(second.isError, textOf(second)).toBeFalsy();
      expect(second.structuredContent).toMatchObject({ apply: true, deploys: 5, create: [], complete: true });
      expect((second.structuredContent as { existing: { marker: string }[] }).existing.map((e) => e.marker).sort()).toEqual(created.map((c) => c.marker).sort());
      expect(watch.writes()).toHaveLength(writesBefore);
    } finally {
      await session.close();
      await mcp.close();
    }
  });
});

describe("canary: TOOLWEAVE_SIM_FAULT=secrets-in-data puts both simulated tokens inside the tools' data", () => {
  const TOKENS = { SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_TOKEN };
  let world: Awaited<ReturnType<typeof faulty>>;
  let watch: HttpWatch;

  beforeAll(async () => {
    world = await faulty("secrets-in-data", { allowWrites: true });
    await world.session.client.setLoggingLevel("debug");
    watch = watchHttp();
  });
  afterAll(async () => {
    watch?.stop();
    await world?.session.close();
    await world?.mcp.close();
  });

  /** Fails naming where a token (any letter case, or percent-encoded) appears. */
  function expectNoToken(label: string, text: string, canaries: Record<string, string> = TOKENS): void {
    const lower = text.toLowerCase();
    for (const [name, token] of Object.entries(canaries)) {
      for (const form of new Set([token, encodeURIComponent(token)])) {
        const at = lower.indexOf(form.toLowerCase());
        expect(at, `${label} carries ${name}: …${text.slice(Math.max(0, at - 80), at + form.length + 20)}…`).toBe(-1);
      }
    }
  }

  /** Runs `fn` and checks everything the server sent meanwhile (results, errors, notifications, logs), and `fn`'s own outcome. */
  async function observed(label: string, fn: (progress: Progress[]) => Promise<unknown>, canaries?: Record<string, string>): Promise<string> {
    const { wire, logs } = world.session;
    const [wireStart, logStart] = [wire.length, logs.length];
    const progress: Progress[] = [];
    const outcome = await fn(progress).then(
      (value) => ({ value }),
      (error: unknown) => ({ error: error instanceof Error ? { name: error.name, message: error.message, data: (error as { data?: unknown }).data } : error }),
    );
    const everything = JSON.stringify({ outcome, progress, wire: wire.slice(wireStart), logs: logs.slice(logStart) });
    expectNoToken(label, everything, canaries);
    return everything;
  }

  const onProgress = (progress: Progress[]) => ({ onprogress: (p: Progress) => void progress.push(p) });

  it("the simulation really sends the tokens (the answers carry their masks, so the checks below are not vacuous)", async () => {
    const everything = await observed("last_deploy", (progress) => world.session.client.callTool({ name: "last_deploy", arguments: { service: "checkout", env: "prod" } }, undefined, onProgress(progress)));
    expect(everything).toContain(maskSecretValue(SIM_CIRCLECI_TOKEN));
    expect(everything).toContain(maskSecretValue(SIM_CIRCONUS_TOKEN));
  });

  it.each([
    ["list_services", {}],
    ["service_status", { service: "checkout" }],
    ["service_status", { service: "web-shop", env: "prod" }],
    ["service_timeline", { service: "checkout", since: "7d" }],
    ["delivery_health", { service: "checkout", since: "7d" }],
    ["alert_suspects", { alert: "4378606" }],
    ["alert_suspects", { alert: "https://acme-sim.circonus.simulated.invalid/fault-detection/alerts/4378606" }],
    ["last_deploy", { service: "checkout", env: "prod" }],
    ["page_context", { url: "https://github.com/acme/checkout/commit/090c25cb5fbd90d9900bfed81de921fb2b3875f9" }],
    ["page_context", { url: "https://github.com/acme/checkout" }],
    ["naming_audit", {}],
    ["credential_doctor", {}],
    ["annotate_deploys", { service: "checkout", env: "prod", since: "2d", dryRun: true }],
    ["annotate_deploys", { service: "checkout", env: "prod", since: "2d" }],
    // Tool errors.
    ["service_status", { service: "no-such-service" }],
    ["service_timeline", { service: "checkout", since: "banana" }],
    ["alert_suspects", { alert: "https://github.com/acme/checkout" }],
  ])("%s %j: no token in its result, notifications or logs", async (name, args) => {
    await observed(name, (progress) => world.session.client.callTool({ name, arguments: args }, undefined, onProgress(progress)));
  });

  it("nothing annotate_deploys wrote to Circonus carries a token", () => {
    expect(watch.writtenBodies.length).toBeGreaterThan(0);
    for (const body of watch.writtenBodies) expectNoToken("an annotation written", body);
  });

  it("every resource: no token in its list or its contents", async () => {
    await observed("resources/list", () => world.session.client.listResources());
    await observed("resources/templates/list", () => world.session.client.listResourceTemplates());
    const { resources } = await world.session.client.listResources();
    for (const { uri } of resources) await observed(uri, () => world.session.client.readResource({ uri }));
    await observed("an unknown service's status", () => world.session.client.readResource({ uri: "toolweave://services/no-such-service/status" }));
  });

  it("every prompt: no token in its list or its messages", async () => {
    await observed("prompts/list", () => world.session.client.listPrompts());
    await observed("investigate-alert", () => world.session.client.getPrompt({ name: "investigate-alert", arguments: { alert: "4378606" } }));
    await observed("safe-to-deploy", () => world.session.client.getPrompt({ name: "safe-to-deploy", arguments: { service: "checkout", env: "prod" } }));
  });

  it("a token inside an input is not echoed: a page URL's ?token=, a token given as an alert", async () => {
    const canary = `twcanary${randomUUID().replaceAll("-", "")}`;
    await observed("page_context with ?token=", (progress) => world.session.client.callTool({ name: "page_context", arguments: { url: `https://github.com/acme/checkout/commit/090c25cb5fbd90d9900bfed81de921fb2b3875f9?token=${canary}` } }, undefined, onProgress(progress)), { canary });
    await observed("alert_suspects given the CircleCI token", () => world.session.client.callTool({ name: "alert_suspects", arguments: { alert: SIM_CIRCLECI_TOKEN } }));
    await observed("alert_suspects given an alert URL with the Circonus token", () =>
      world.session.client.callTool({ name: "alert_suspects", arguments: { alert: `https://acme-sim.circonus.simulated.invalid/fault-detection/alerts/4378606?token=${SIM_CIRCONUS_TOKEN}` } }),
    );
  });

  it("a CircleCI-token-shaped string this server never held, given as an alert, is not echoed", async () => {
    const pasted = `CCIPAT_${randomBytes(12).toString("base64url")}_${randomBytes(20).toString("hex")}`;
    const everything = await observed("alert_suspects given a pasted token", () => world.session.client.callTool({ name: "alert_suspects", arguments: { alert: pasted } }), { pasted });
    expect(everything).toContain("isError");
  });

  it("a token inside a prompt's argument is not echoed", async () => {
    await observed("investigate-alert with ?token=", () =>
      world.session.client.getPrompt({ name: "investigate-alert", arguments: { alert: `https://acme-sim.circonus.simulated.invalid/fault-detection/alerts/4378606?token=${SIM_CIRCONUS_TOKEN}` } }),
    );
  });

  it("the retries were reported as log notifications, with no token in them", () => {
    expect(world.session.logs.length).toBeGreaterThan(0);
    expectNoToken("the log notifications", JSON.stringify(world.session.logs));
  });
});
