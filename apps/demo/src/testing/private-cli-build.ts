import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";

/** The demo package (apps/demo). */
export const DEMO_DIR = join(import.meta.dirname, "..", "..");

/** How a child process ended, with everything it printed. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Collects a child's output and resolves when it has exited and its streams have closed. */
export function childExit(child: ChildProcess): Promise<ChildExit> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

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
