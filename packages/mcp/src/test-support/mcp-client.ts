import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { JSONRPCMessage, LoggingMessageNotification } from "@modelcontextprotocol/sdk/types.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type { JsonSchemaType, jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import { createToolweaveMcp, type ToolweaveMcp, type ToolweaveMcpOptions } from "../create-toolweave-mcp.js";

/** The simulated clock every test runs at: the checkout prod alert 4378606 opened at 02:12 that day. */
export const SIM_NOW = "2026-11-25T12:00:00Z";

/** The line every simulated answer's text starts with. */
export const SIMULATED_BANNER = "SIMULATED DATA";

/** A ToolweaveMcp on the simulated world, in an empty directory (no ./.env, no catalog file); `close()` removes the directory too. */
export async function openMcp(options: { env?: Record<string, string>; allowWrites?: boolean } & Omit<ToolweaveMcpOptions, "env" | "cwd"> = {}): Promise<ToolweaveMcp> {
  const cwd = mkdtempSync(join(tmpdir(), "toolweave-mcp-test-"));
  const { env, ...rest } = options;
  try {
    const mcp = await createToolweaveMcp({ ...rest, env: { TOOLWEAVE_SIM_NOW: SIM_NOW, ...env }, cwd });
    return {
      ...mcp,
      close: async () => {
        await mcp.close();
        rmSync(cwd, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(cwd, { recursive: true, force: true });
    throw error;
  }
}

/** One validation the Client made of a tool's structuredContent against the schema it listed. */
export interface ClientValidation {
  valid: boolean;
  errorMessage: string | undefined;
}

/**
 * The SDK's own validator (ajv), recording each validation the Client makes: proof that the
 * Client really checked a result against the listed outputSchema (it does only after tools/list).
 */
export class RecordingValidator implements jsonSchemaValidator {
  readonly validations: ClientValidation[] = [];
  private readonly inner = new AjvJsonSchemaValidator();

  getValidator<T>(schema: JsonSchemaType) {
    const validate = this.inner.getValidator<T>(schema);
    return (input: unknown) => {
      const result = validate(input);
      this.validations.push({ valid: result.valid, errorMessage: result.errorMessage });
      return result;
    };
  }
}

/** An MCP client connected in-process to a new server of `mcp`, with everything the server sent it. */
export interface ConnectedClient {
  client: Client;
  /** Every JSON-RPC message the server sent (results, errors, notifications), as sent. */
  wire: JSONRPCMessage[];
  /** The logging notifications received. */
  logs: LoggingMessageNotification["params"][];
  validator: RecordingValidator;
  close(): Promise<void>;
}

/** The SDK's Client over `InMemoryTransport.createLinkedPair()` to `mcp.createServer()`. */
export async function connectClient(mcp: ToolweaveMcp, options: { tap?: (message: JSONRPCMessage) => JSONRPCMessage } = {}): Promise<ConnectedClient> {
  const server = mcp.createServer();
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const validator = new RecordingValidator();
  const client = new Client({ name: "toolweave-mcp-tests", version: "1.0.0" }, { jsonSchemaValidator: validator });
  const logs: LoggingMessageNotification["params"][] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => void logs.push(notification.params));
  await server.connect(serverSide);
  await client.connect(clientSide);
  // Set by connect(): every message from the server passes here first (and may be rewritten).
  const wire: JSONRPCMessage[] = [];
  const receive = clientSide.onmessage;
  clientSide.onmessage = (message, extra) => {
    wire.push(message);
    receive?.(options.tap ? options.tap(message) : message, extra);
  };
  return {
    client,
    wire,
    logs,
    validator,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

// ajv 8 and ajv-formats are the SDK's dependencies, not this package's: loaded from where the SDK resolves them.
const sdkRequire = createRequire(createRequire(import.meta.url).resolve("@modelcontextprotocol/sdk/package.json"));

interface AjvInstance {
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null };
  errorsText(errors?: unknown[] | null): string;
}

/** A strict ajv (draft-07, formats checked, the schema itself checked against its meta-schema), independent of the Client's. */
export function strictAjv(): AjvInstance {
  const Ajv = (sdkRequire("ajv") as { default: new (options: object) => AjvInstance }).default;
  const addFormats = (sdkRequire("ajv-formats") as { default: (ajv: AjvInstance) => void }).default;
  // allowUnionTypes: `"type": ["string", "null"]` is how zod publishes a nullable field.
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true, validateSchema: true, validateFormats: true });
  addFormats(ajv);
  return ajv;
}

/** The problems of `data` against the JSON Schema `schema` ("" when it matches). */
export function schemaProblems(ajv: AjvInstance, schema: object, data: unknown): string {
  const validate = ajv.compile(schema);
  return validate(data) ? "" : ajv.errorsText(validate.errors);
}

/** The text of a tool result's first content item. */
export function textOf(result: { content?: unknown }): string {
  const [first] = (result.content ?? []) as { type?: string; text?: string }[];
  return first?.type === "text" ? (first.text ?? "") : "";
}
