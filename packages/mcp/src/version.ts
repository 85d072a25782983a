declare const __TOOLWEAVE_MCP_VERSION__: string | undefined;

/** This package's version (set at build time; "0.0.0-dev" when run from source). */
export const MCP_VERSION: string = typeof __TOOLWEAVE_MCP_VERSION__ === "string" ? __TOOLWEAVE_MCP_VERSION__ : "0.0.0-dev";
