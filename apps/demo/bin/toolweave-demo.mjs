#!/usr/bin/env node
// The `toolweave-demo` bin. A committed file rather than dist/cli.js itself, so that installing
// the workspace before its first build can link the bin (pnpm reads the target when it links).
const { run } = await import("../dist/cli.js");
await run();
