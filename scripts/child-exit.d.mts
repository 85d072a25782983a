import type { ChildProcess } from "node:child_process";

/** How a child process ended, with everything it printed. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Collects a child's output and resolves when it has exited and its streams have closed. */
export declare function childExit(child: ChildProcess): Promise<ChildExit>;
