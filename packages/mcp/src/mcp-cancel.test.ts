import diagnosticsChannel from "node:diagnostics_channel";
import type { CallToolResult, Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ToolCall } from "./tool-spec.js";
import { serviceTimeline } from "./tools/service-timeline.js";
import { watchHttp, type HttpWatch } from "./test-support/http-watch.js";
import { connectClient, openMcp } from "./test-support/mcp-client.js";

// Progress and cancellation over the SDK's Client, against the simulated world in this process.
// Each test opens its own server (fresh connectors and cache), so the requests counted are the
// call's own. Nothing about time is faked: the simulation and the retries run on the real clock.

const LONG_CALL = { name: "service_timeline", arguments: { service: "checkout", since: "30d" } };

let watch: HttpWatch | undefined;
afterEach(() => {
  watch?.stop();
  watch = undefined;
  vi.restoreAllMocks();
});

/** The server's progress contract: each of the first 10 answers, then every 10th, counting up. */
function expectProgressPattern(progress: Progress[]): void {
  expect(progress.length).toBeGreaterThan(0);
  const values = progress.map((p) => p.progress);
  expect(values.slice(0, 10)).toEqual(Array.from({ length: Math.min(10, values.length) }, (_, i) => i + 1));
  for (const value of values.slice(10)) expect(value % 10, `progress ${value}`).toBe(0);
  for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]!);
  for (const p of progress) expect(p.message).toMatch(/^\d+ answers? read from the tools$/);
}

describe("progress", () => {
  it("a long call (service_timeline since 30d) with onprogress gets progress notifications as the answers come in", async () => {
    const mcp = await openMcp();
    const session = await connectClient(mcp);
    try {
      watch = watchHttp();
      const progress: Progress[] = [];
      const result = (await session.client.callTool(LONG_CALL, undefined, { onprogress: (p) => void progress.push(p) })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ complete: true, incomplete: [] });
      expectProgressPattern(progress);
      const answered = watch.requests.filter((r) => r.ended === "done").length;
      expect(progress.length).toBeGreaterThan(10);
      // One notification per answer up to 10, then one per 10: the last is at most 9 answers behind.
      expect(progress.at(-1)!.progress).toBeLessThanOrEqual(answered);
      expect(answered - progress.at(-1)!.progress).toBeLessThan(10);
    } finally {
      await session.close();
      await mcp.close();
    }
  });

  it("a call without onprogress (no progress token) gets no progress notification", async () => {
    const mcp = await openMcp();
    const session = await connectClient(mcp);
    try {
      const result = (await session.client.callTool(LONG_CALL)) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect(session.wire.filter((m) => "method" in m && m.method === "notifications/progress")).toEqual([]);
    } finally {
      await session.close();
      await mcp.close();
    }
  });

  it("two calls at once each count their own answers only", async () => {
    const mcp = await openMcp();
    const session = await connectClient(mcp);
    try {
      watch = watchHttp();
      const progress: [Progress[], Progress[]] = [[], []];
      const results = (await Promise.all([
        session.client.callTool(LONG_CALL, undefined, { onprogress: (p) => void progress[0].push(p) }),
        session.client.callTool({ name: "service_timeline", arguments: { service: "web-shop", since: "30d" } }, undefined, { onprogress: (p) => void progress[1].push(p) }),
      ])) as CallToolResult[];
      for (const result of results) expect(result.structuredContent).toMatchObject({ complete: true });
      for (const own of progress) expectProgressPattern(own);
      // Had one call seen the other's answers, both would count (nearly) all of them.
      const answered = watch.requests.filter((r) => r.ended === "done").length;
      expect(progress[0].at(-1)!.progress + progress[1].at(-1)!.progress).toBeLessThanOrEqual(answered);
    } finally {
      await session.close();
      await mcp.close();
    }
  });
});

describe("cancellation", () => {
  /**
   * Spies on the tool's run: its promise (settled once the server-side work has ended) and how
   * many requests had been created when the server aborted the call's signal.
   */
  function spyOnRun(tool: typeof serviceTimeline, http: HttpWatch) {
    const original = tool.run.bind(tool);
    const seen: { runs: Promise<unknown>[]; createdAtAbort?: number } = { runs: [] };
    vi.spyOn(tool, "run").mockImplementation((input, call: ToolCall) => {
      call.signal.addEventListener("abort", () => void (seen.createdAtAbort = http.requests.length), { once: true });
      const run = original(input, call);
      seen.runs.push(run);
      return run;
    });
    return seen;
  }

  it("aborting once the first progress arrives rejects the client's promise and stops the call's requests", async () => {
    // The whole call's requests, on a server of its own, to compare with.
    const whole = await openMcp();
    const wholeSession = await connectClient(whole);
    let wholeCount: number;
    try {
      watch = watchHttp();
      await wholeSession.client.callTool(LONG_CALL);
      wholeCount = watch.requests.length;
      watch.stop();
    } finally {
      await wholeSession.close();
      await whole.close();
    }

    const mcp = await openMcp();
    const session = await connectClient(mcp);
    try {
      watch = watchHttp();
      const seen = spyOnRun(serviceTimeline, watch);
      const controller = new AbortController();
      let wireAtAbort = 0;
      const call = session.client.callTool(LONG_CALL, undefined, {
        signal: controller.signal,
        onprogress: () => {
          if (controller.signal.aborted) return;
          wireAtAbort = session.wire.length;
          controller.abort();
        },
      });
      await expect(call).rejects.toThrow(/abort/i);

      // The server-side run ends (its signal aborted), and no request is made after the abort reached it.
      expect(seen.runs).toHaveLength(1);
      const outcome = await seen.runs[0]!.then(
        () => "resolved",
        (error: unknown) => error,
      );
      expect(seen.createdAtAbort, "the call's signal was aborted on the server").toBeDefined();
      expect(String((outcome as Error)?.name ?? outcome)).toMatch(/Abort/i);
      await vi.waitFor(() => expect(watch!.inFlight()).toBe(0));
      expect(watch.requests.length).toBe(seen.createdAtAbort);
      expect(watch.requests.length).toBeLessThan(wholeCount);
      // Every request the call made has ended (read to the end, or aborted).
      for (const request of watch.requests.slice(0, seen.createdAtAbort)) expect(request.ended).toMatch(/^(done|error)$/);
      // And the cancelled call sent nothing more: no progress, no result.
      expect(session.wire.slice(wireAtAbort + 1).filter((m) => ("method" in m && m.method === "notifications/progress") || "result" in m)).toEqual([]);

      // The server still answers on the same connection.
      const after = (await session.client.callTool({ name: "list_services", arguments: {} })) as CallToolResult;
      expect(after.isError).toBeFalsy();
    } finally {
      await session.close();
      await mcp.close();
    }
  });

  it("cancelling one alert_suspects call leaves a concurrent one for the same alert whole", async () => {
    const mcp = await openMcp();
    const session = await connectClient(mcp);
    // Aborted while the Circonus account (the alert page's address) is being read for both calls.
    const controller = new AbortController();
    const onCreate = (message: unknown) => {
      if ((message as { request: { path: string } }).request.path.startsWith("/circonus/v2/account")) controller.abort();
    };
    try {
      await session.client.callTool({ name: "list_services", arguments: {} });
      diagnosticsChannel.subscribe("undici:request:create", onCreate);
      const cancelled = session.client.callTool({ name: "alert_suspects", arguments: { alert: "4378606" } }, undefined, { signal: controller.signal });
      const other = session.client.callTool({ name: "alert_suspects", arguments: { alert: "4378606" } });
      await expect(cancelled).rejects.toThrow(/abort/i);
      expect(controller.signal.aborted).toBe(true);
      const result = (await other) as CallToolResult;
      expect(result._meta?.["toolweave/error"]).toBeUndefined();
      expect(result.structuredContent).toMatchObject({ matched: true, service: "checkout", complete: true });
    } finally {
      diagnosticsChannel.unsubscribe("undici:request:create", onCreate);
      await session.close();
      await mcp.close();
    }
  });

  it("cancelling one call leaves a concurrent call whole", async () => {
    const mcp = await openMcp();
    const session = await connectClient(mcp);
    try {
      const controller = new AbortController();
      const cancelled = session.client.callTool(LONG_CALL, undefined, { signal: controller.signal, onprogress: () => controller.abort() });
      const other = session.client.callTool({ name: "service_timeline", arguments: { service: "web-shop", since: "30d" } });
      await expect(cancelled).rejects.toThrow(/abort/i);
      const result = (await other) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ service: { name: "web-shop" }, complete: true, incomplete: [] });
    } finally {
      await session.close();
      await mcp.close();
    }
  });
});
