import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

/** What test-support/throttle-worker.mjs prints. */
export interface ThrottleWorkerResult {
  ok: number;
  failed: number;
  healthy: boolean;
  events: { type: string; key?: string; found?: string }[];
}

const THROTTLE_WORKER = fileURLToPath(new URL("./throttle-worker.mjs", import.meta.url));

/** Runs one throttle worker process with `env` added to this one's; resolves with what it printed. */
export function runThrottleWorker(env: Record<string, string>, timeoutMs: number): Promise<ThrottleWorkerResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [THROTTLE_WORKER], { env: { ...process.env, ...env }, timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`worker failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as ThrottleWorkerResult);
    });
  });
}

/** Most arrivals within any `windowMs` (a sliding window over the arrival times). */
export function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}
