// What @toolweave/mcp reuses of the demo: the session (environment, catalog, simulated or real
// tools), the commands' answers and their output schemas, and the redaction. The MCP package
// bundles this entry into its own dist/, so an assistant gets the same answers as the CLI.
export { openSession, readEnvironment, type Environment, type Session, type SessionOptions } from "./session.js";
export { FLAGS, JSON_SCHEMA_VERSION, type Args, type CommandContext, type FlagName } from "./command.js";
export { CatalogError, findService, SIMULATED_CATALOG, type Catalog, type ServiceEntry } from "./catalog.js";
export { EXIT, UsageError } from "./exit-codes.js";
export { errorJson } from "./error-json.js";
export { jsonShape } from "./json-shape.js";
export { redactOutput, redactString, terminalText } from "./redact-output.js";
export { createPainter } from "./io.js";
export { banner } from "./render.js";
export { pageAnswer } from "./page-answer.js";
export { SIM_FAULTS, type SimFault } from "./simulation/sim-server.js";
export type { Mode, Providers } from "./providers.js";
export { header, incompleteWithProvider, isoDate, serviceEntry, serviceEvent, suspectLink, errorSchema } from "./output-schema-parts.js";
export { parseDuration, timelineWindow } from "./commands/timeline.js";
export { DEPLOY_CATEGORY } from "./commands/annotate.js";
export * as annotateCommand from "./commands/annotate.js";
export * as auditCommand from "./commands/audit.js";
export * as contextCommand from "./commands/context.js";
export * as deliveryCommand from "./commands/delivery.js";
export * as doctorCommand from "./commands/doctor.js";
export * as servicesCommand from "./commands/services.js";
export * as statusCommand from "./commands/status.js";
export * as timelineCommand from "./commands/timeline.js";
export { createBearerCheck, readBearerToken, type BearerTokenSource } from "./bearer-token.js";
