import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, describe, expect, it } from "vitest";
import { createToolweaveMcp } from "./create-toolweave-mcp.js";

// The README's "One exchange" is a real call: this test makes the README's request against the
// simulated world and compares the answer with the README's block. `UPDATE_README=1` rewrites it.

const README = new URL("../README.md", import.meta.url);
const block = (text: string, marker: string) => {
  const match = new RegExp(`<!-- ${marker} -->\\n\`\`\`json\\n([\\s\\S]*?)\\n\`\`\``).exec(text);
  if (!match) throw new Error(`README.md has no \`\`\`json block after <!-- ${marker} -->`);
  return { body: match[1]!, start: match.index, end: match.index + match[0].length, head: `<!-- ${marker} -->\n\`\`\`json\n` };
};

describe("README: one exchange", () => {
  const cwd = mkdtempSync(join(tmpdir(), "toolweave-mcp-readme-"));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it("the request gets the structured answer the README shows (a suspect deploy, rolled back)", async () => {
    const text = readFileSync(README, "utf8");
    const request = JSON.parse(block(text, "exchange:request").body) as { method: string; params: { name: string; arguments: Record<string, unknown> } };
    expect(request.method).toBe("tools/call");
    const mcp = await createToolweaveMcp({ env: { TOOLWEAVE_SIM_NOW: "2026-11-25T12:00:00Z" }, cwd });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await mcp.createServer().connect(serverSide);
    const client = new Client({ name: "readme", version: "1.0.0" });
    await client.connect(clientSide);
    try {
      await client.listTools(); // so the client checks structuredContent against the outputSchema
      const result = await client.callTool({ name: request.params.name, arguments: request.params.arguments });
      expect(result.isError).toBeFalsy();
      const answer = result.structuredContent as { suspects: { commit?: { sha: string } }[]; complete: boolean; mode: string };
      expect(answer.mode).toBe("simulated");
      expect(answer.complete).toBe(true);
      expect(answer.suspects.map((s) => s.commit?.sha.slice(0, 7))).toEqual(["090c25c"]);
      const shown = JSON.stringify(answer, null, 2);
      if (process.env.UPDATE_README === "1") {
        const { start, end, head } = block(text, "exchange:answer");
        writeFileSync(README, `${text.slice(0, start)}${head}${shown}\n\`\`\`${text.slice(end)}`);
      } else {
        expect(JSON.parse(block(text, "exchange:answer").body)).toEqual(answer);
      }
    } finally {
      await client.close();
      await mcp.close();
    }
  });
});
