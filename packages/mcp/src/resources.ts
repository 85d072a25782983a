import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { servicesCommand, type Session } from "@toolweave/demo/kit";
import { dispatchingHooks } from "./call-scope.js";
import { requireCatalog } from "./service-argument.js";
import { toolErrorInfo } from "./tool-error.js";
import { runCommand } from "./run-command.js";
import { serviceStatus } from "./tools/service-status.js";

export const CATALOG_URI = "toolweave://catalog";
export const SERVICE_STATUS_TEMPLATE = "toolweave://services/{service}/status";

const json = (uri: string, value: unknown) => ({ contents: [{ uri, mimeType: "application/json", text: JSON.stringify(value, null, 2) }] });

/** A failed read as a protocol error with the kind, message and fix (redacted): resources have no tool-error form. */
function readError(error: unknown): McpError {
  if (error instanceof McpError) return error;
  const info = toolErrorInfo(error);
  return new McpError(info.kind === "invalid_input" || info.kind === "not_found" ? ErrorCode.InvalidParams : ErrorCode.InternalError, `${info.message}${info.fix ? ` Fix: ${info.fix}` : ""}`, { kind: info.kind });
}

/**
 * The catalog (the `list_services` answer) and one resource per service: its status as JSON
 * (the `service_status` answer), listed from the catalog.
 */
export function registerResources(server: McpServer, session: Session): void {
  server.registerResource(
    "catalog",
    CATALOG_URI,
    { title: "Service catalog", description: "Every service toolweave knows, with its repository, envs, team and where each tool looks for it.", mimeType: "application/json" },
    async (uri, extra) => {
      try {
        // The whole catalog (list_services cuts its list at 200 for a model's context; a resource is read whole).
        const answer = await runCommand(servicesCommand, { session, signal: extra.signal }, {}, (rows) => ({ total: (rows as unknown[]).length, complete: true, incomplete: [] }));
        return json(uri.href, answer.structured);
      } catch (error) {
        throw readError(error);
      }
    },
  );
  server.registerResource(
    "service-status",
    new ResourceTemplate(SERVICE_STATUS_TEMPLATE, {
      list: async () => {
        const catalog = session.catalog;
        return {
          resources: (catalog?.services ?? []).map((s) => ({
            uri: `toolweave://services/${encodeURIComponent(s.name)}/status`,
            name: `${s.name} status`,
            title: `${s.name}: CI and monitoring now`,
            description: `Latest pipeline, last deploy per env (${s.envs.join(", ")}), open alerts of ${s.name}.`,
            mimeType: "application/json",
          })),
        };
      },
      complete: { service: (value) => (session.catalog?.services ?? []).map((s) => s.name).filter((name) => name.startsWith(value.toLowerCase())).slice(0, 100) },
    }),
    { title: "Service status", description: "One service's status across CircleCI and Circonus (the service_status answer), as JSON.", mimeType: "application/json" },
    async (uri, variables, extra) => {
      try {
        requireCatalog(session);
        await session.providers(dispatchingHooks);
        const raw = String(variables.service ?? "");
        let name: string;
        try {
          name = decodeURIComponent(raw);
        } catch {
          throw new McpError(ErrorCode.InvalidParams, "The service name in the URI is not valid percent-encoding.", { kind: "invalid_input" });
        }
        // A name longer than any catalog name is refused without quoting it back.
        if (name.length > 200) throw new McpError(ErrorCode.InvalidParams, "No such service: the name is longer than any service name. Read toolweave://catalog for the names.", { kind: "invalid_input" });
        const answer = await serviceStatus.run({ service: name } as never, { session, signal: extra.signal });
        return json(uri.href, answer.structured);
      } catch (error) {
        throw readError(error);
      }
    },
  );
}
