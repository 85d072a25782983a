import { spawn } from "node:child_process";
import { childExit } from "../../../../scripts/child-exit.mjs";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";

/** The demo package (apps/demo). */
export const DEMO_DIR = join(import.meta.dirname, "..", "..");

export { childExit, type ChildExit } from "../../../../scripts/child-exit.mjs";

/**
 * A private build of the demo CLI from the current sources (the demo's tsup config, its own out
 * dir), so a concurrent `pnpm build` cleaning dist/ cannot pull the file from under the tests'
 * child processes. Under node_modules/ so the bundle resolves the workspace packages like
 * dist/cli.js does. `remove()` deletes it.
 */
export async function buildPrivateCli(name: string): Promise<{ dir: string; cli: string; remove(): void }> {
  mkdirSync(join(DEMO_DIR, "node_modules", ".cache"), { recursive: true });
  const dir = mkdtempSync(join(DEMO_DIR, "node_modules", ".cache", `${name}-`));
  const tsup = join(DEMO_DIR, "..", "..", "node_modules", "tsup", "dist", "cli-default.js");
  const built = await childExit(spawn(process.execPath, [tsup, "--out-dir", dir, "--silent"], { cwd: DEMO_DIR, stdio: ["ignore", "pipe", "pipe"] }));
  if (built.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`tsup failed (${String(built.code ?? built.signal)}):\n${built.stdout}\n${built.stderr}`);
  }
  return { dir, cli: join(dir, "cli.js"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
