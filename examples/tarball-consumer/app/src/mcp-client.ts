// An assistant's side of @toolweave/mcp: the MCP SDK's client spawns the installed
// `toolweave-mcp` bin over stdio, lists its tools and asks which deploy caused an alert.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
// Type-only: the package's own declarations name the modes an answer can be in.
import type { createToolweaveMcp } from "@toolweave/mcp";
import { z } from "zod";

// The bin as npm installed it, run with this Node (no shell, no PATH lookup of a .bin shim).
const manifestPath = createRequire(import.meta.url).resolve("@toolweave/mcp/package.json");
const manifest = z.object({ bin: z.object({ "toolweave-mcp": z.string() }) }).parse(JSON.parse(readFileSync(manifestPath, "utf8")));
const bin = join(dirname(manifestPath), manifest.bin["toolweave-mcp"]);

type Mode = Awaited<ReturnType<typeof createToolweaveMcp>>["mode"];

// No tokens in the environment: the server runs on its simulated world, at a fixed time.
const transport = new StdioClientTransport({
  command: process.execPath,
  args: [bin],
  env: { PATH: process.env.PATH ?? "", TOOLWEAVE_SIM_NOW: "2026-11-25T12:00:00Z" },
});
const client = new Client({ name: "consumer-app", version: "1.0.0" });
await client.connect(transport);
try {
  const { tools } = await client.listTools();
  const result = await client.callTool({ name: "alert_suspects", arguments: { alert: "4378606" } });
  if (result.isError) throw new Error(`alert_suspects failed: ${JSON.stringify(result.content)}`);
  // structuredContent is typed as a plain record: the app narrows the part it reads.
  const answer = z
    .object({
      mode: z.enum(["simulated", "live"]),
      complete: z.boolean(),
      suspects: z.array(z.object({ commit: z.object({ sha: z.string() }).optional() })),
    })
    .parse(result.structuredContent);
  const suspects = answer.suspects.map((s) => s.commit?.sha.slice(0, 7) ?? "?");
  const mode: Mode = answer.mode;
  console.log(JSON.stringify({ tools: tools.map((t) => t.name), suspects, complete: answer.complete, mode }));
} finally {
  await client.close();
}
