// @toolweave/mcp: the toolweave hub over the Model Context Protocol. Most people run the
// `toolweave-mcp` bin; these exports embed the same server in another program.
export { createToolweaveMcp, DEFAULT_CALL_TIMEOUT_MS, type ToolweaveMcp, type ToolweaveMcpOptions } from "./create-toolweave-mcp.js";
export { startHttpServer, type HttpServerOptions, type RunningHttpServer } from "./http-server.js";
export { MCP_VERSION } from "./version.js";
export { runCli } from "./cli.js";
