import { pathToFileURL } from "node:url";
import { realpathSync } from "node:fs";
import { main } from "./main.js";

// Entry point of `pnpm demo` (node dist/cli.js) and, through bin/toolweave-demo.mjs, of the
// `toolweave-demo` bin.

/** Runs the CLI on this process's arguments and streams, and sets its exit code. */
export async function run(): Promise<void> {
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort(new Error("interrupted")));
  process.once("SIGTERM", () => controller.abort(new Error("terminated")));
  // A reader that stops early (`| head`) closes the pipe: that is not an error of the demo.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const code = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  });
  process.exitCode = code;
}

const isEntry = (() => {
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1] ?? "")).href;
  } catch {
    return false;
  }
})();

if (isEntry) await run();
