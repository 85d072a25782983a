import { ConfigurationError, InvalidInputError } from "@toolweave/core";
import { findService, type Catalog, type ServiceEntry } from "@toolweave/demo/kit";
import type { ToolCall } from "./tool-spec.js";

/** The session's catalog; a `ConfigurationError` naming the fix when real tools run without one. */
export function requireCatalog(session: ToolCall["session"]): Catalog {
  if (session.catalog) return session.catalog;
  throw new ConfigurationError("This tool needs a service catalog when real tools are used, and toolweave-mcp was started without one.", {
    fix: "Start toolweave-mcp with --catalog <file> or set TOOLWEAVE_CATALOG to a catalog file (see the @toolweave/mcp README), or start it with --simulated.",
  });
}

/** The catalog's service of that name, checked against `env` when one is given (the CLI's errors). */
export function serviceFor(call: ToolCall, name: string, env?: string): ServiceEntry {
  const catalog = requireCatalog(call.session);
  const service = findService(catalog, name.trim().toLowerCase());
  if (env !== undefined && !service.envs.includes(env)) {
    throw new InvalidInputError(`Service "${service.name}" has no environment "${env}".`, { fix: `Use one of: ${service.envs.join(", ")}.` });
  }
  return service;
}
