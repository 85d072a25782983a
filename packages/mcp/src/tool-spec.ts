import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { Session } from "@toolweave/demo/kit";
import type { z } from "zod";

/** What a tool's `run` is given. */
export interface ToolCall {
  /** The server's session: environment, catalog, connectors (shared by every call). */
  session: Session;
  /** Aborted when the client cancels the call (or the server closes). */
  signal: AbortSignal;
}

/** What a tool answers: `structured` is checked against its output schema; `text` is what a model reads first. */
export interface ToolAnswer {
  structured: Record<string, unknown>;
  text: string;
}

/** One tool of the server. */
export interface ToolSpec<I extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  /** Written for a model choosing among tools: what it answers, when to use it, what it never does. */
  description: string;
  input: I;
  output: z.ZodObject;
  /** True for a tool that writes (only registered with `allowWrites`). */
  writes?: boolean;
  annotations: ToolAnnotations;
  run(input: z.output<z.ZodObject<I>>, call: ToolCall): Promise<ToolAnswer>;
}

/** Annotations of every read tool: nothing changes in any tool, and calls reach the outside world (CircleCI, Circonus). */
export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };

/** Defines a tool, keeping its input type for `run`. */
export const defineTool = <I extends z.ZodRawShape>(spec: ToolSpec<I>): ToolSpec => spec as unknown as ToolSpec;
