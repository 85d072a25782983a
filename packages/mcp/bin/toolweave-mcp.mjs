#!/usr/bin/env node
// The `toolweave-mcp` bin. A committed file rather than dist/bin.js itself, so that installing
// a workspace before its first build can link the bin (pnpm reads the target when it links).
const { runCli } = await import("../dist/cli.js");
process.exitCode = await runCli(process.argv.slice(2));
