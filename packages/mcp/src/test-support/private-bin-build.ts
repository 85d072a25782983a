import { spawn } from "node:child_process";
import { childExit } from "../../../../scripts/child-exit.mjs";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The package (packages/mcp). */
export const MCP_DIR = join(import.meta.dirname, "..", "..");
const REPO_DIR = join(MCP_DIR, "..", "..");

export { childExit, type ChildExit } from "../../../../scripts/child-exit.mjs";

/**
 * A private build of the `toolweave-mcp` bin from the current sources: the committed
 * bin/toolweave-mcp.mjs next to a dist/cli.js of its own, so a concurrent `pnpm build` cleaning
 * dist/ cannot pull the files from under the tests' child processes. The demo's kit is bundled
 * from its sources (not its dist/, which may be rebuilt meanwhile). Under node_modules/ so the
 * bundle resolves the package's dependencies as dist/cli.js does. `remove()` deletes it.
 */
export async function buildPrivateBin(name: string): Promise<{ bin: string; remove(): void }> {
  mkdirSync(join(MCP_DIR, "node_modules", ".cache"), { recursive: true });
  const dir = mkdtempSync(join(MCP_DIR, "node_modules", ".cache", `${name}-`));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const { version } = JSON.parse(readFileSync(join(MCP_DIR, "package.json"), "utf8")) as { version: string };
  // Not the package's tsup.config.ts: its onSuccess stamps the shared dist/.
  const config = join(dir, "tsup.config.mjs");
  const kitSource = join(REPO_DIR, "apps", "demo", "src", "kit.ts");
  writeFileSync(
    config,
    [
      "export default {",
      `  entry: { cli: ${JSON.stringify(join(MCP_DIR, "src", "cli.ts"))} },`,
      `  outDir: ${JSON.stringify(join(dir, "dist"))},`,
      '  format: ["esm"], target: "node20", platform: "node", splitting: true, sourcemap: false, dts: false, clean: false, silent: true,',
      `  define: { __TOOLWEAVE_MCP_VERSION__: ${JSON.stringify(JSON.stringify(version))} },`,
      "  noExternal: [/^@toolweave\\/demo(\\/|$)/],",
      `  esbuildOptions(options) { options.alias = { "@toolweave/demo/kit": ${JSON.stringify(kitSource)} }; },`,
      "};",
      "",
    ].join("\n"),
  );
  const tsup = join(REPO_DIR, "node_modules", "tsup", "dist", "cli-default.js");
  const built = await childExit(spawn(process.execPath, [tsup, "--config", config], { cwd: MCP_DIR, stdio: ["ignore", "pipe", "pipe"] }));
  if (built.code !== 0) {
    remove();
    throw new Error(`tsup failed (${String(built.code ?? built.signal)}):\n${built.stdout}\n${built.stderr}`);
  }
  mkdirSync(join(dir, "bin"));
  copyFileSync(join(MCP_DIR, "bin", "toolweave-mcp.mjs"), join(dir, "bin", "toolweave-mcp.mjs"));
  return { bin: join(dir, "bin", "toolweave-mcp.mjs"), remove };
}
