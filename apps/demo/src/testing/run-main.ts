import { main } from "../main.js";

/** The simulated world's clock in the tests (`TOOLWEAVE_SIM_NOW`). */
export const SIM_NOW = "2026-11-25T12:00:00Z";

/** What one run of the CLI printed, and its exit code. */
export interface MainRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process as a user would from a shell, capturing what it prints: on the
 * simulated world at {@link SIM_NOW} unless `env` says otherwise, from this process's directory
 * unless `cwd` is given; stdout is a TTY only with `tty`.
 */
export async function runMain(argv: string[], env: Record<string, string> = {}, options: { cwd?: string; tty?: boolean; signal?: AbortSignal } = {}): Promise<MainRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t), isTTY: options.tty === true },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    env: { TOOLWEAVE_SIM_NOW: SIM_NOW, ...env },
    cwd: options.cwd ?? process.cwd(),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { code, stdout, stderr };
}
