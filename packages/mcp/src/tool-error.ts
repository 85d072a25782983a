import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ToolweaveError } from "@toolweave/core";
import { CatalogError, errorJson, redactOutput, UsageError } from "@toolweave/demo/kit";
import { argumentWording, mcpWording } from "./mcp-wording.js";
import { toolText } from "./tool-text.js";

/** What a failed tool call says: the typed error's kind, message and fix (never a stack). */
export interface ToolErrorInfo {
  name: string;
  kind: string;
  message: string;
  fix?: string;
  status?: number;
  retryable?: boolean;
  problems?: unknown[];
}

/** The error as its kind, message and fix. An error toolweave does not know keeps its message only. */
export function toolErrorInfo(error: unknown): ToolErrorInfo {
  if (ToolweaveError.isInstance(error)) {
    const json = errorJson(error);
    return {
      name: json.name,
      kind: json.kind,
      message: mcpWording(json.message),
      ...(json.fix ? { fix: mcpWording(json.fix) } : {}),
      ...(json.status === undefined ? {} : { status: json.status }),
      retryable: json.isRetryable,
      ...(Array.isArray(json.problems) ? { problems: json.problems } : {}),
    };
  }
  if (error instanceof UsageError) {
    return { name: "UsageError", kind: "invalid_input", message: argumentWording(error.message), fix: "Correct that argument (its description in the tool's input schema says what it takes) and call the tool again.", retryable: false };
  }
  if (error instanceof CatalogError) {
    return { name: "CatalogError", kind: "configuration", message: error.message, problems: error.problems, fix: "Correct the catalog file, then restart toolweave-mcp.", retryable: false };
  }
  return { name: "Error", kind: "unknown", message: error instanceof Error ? error.message : String(error), fix: "This is a bug in toolweave-mcp: please report it with the tool call that caused it.", retryable: false };
}

/**
 * An MCP tool error (`isError: true`): the model reads the kind, message and fix as text; the
 * same fields are in `_meta["toolweave/error"]` for a client that wants them as data. Both
 * pass through the redaction.
 */
export function toolError(error: unknown): CallToolResult {
  const info = redactOutput(toolErrorInfo(error));
  const text = toolText(`Error (${info.kind}): ${info.message}${info.fix ? `\nFix: ${info.fix}` : ""}`);
  return { isError: true, content: [{ type: "text", text }], _meta: { "toolweave/error": info } };
}
