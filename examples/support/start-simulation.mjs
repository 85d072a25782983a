// Test support for the examples: runs the demo's simulated CircleCI and Circonus
// (`toolweave-demo simulate`) on a free loopback port and returns the variables it prints,
// so an example can be run against it exactly as a user would after pasting them.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

// Run an example against it with `exampleEnv(env)`.
export { exampleEnv } from "./example-env.mjs";

const CLI = fileURLToPath(new URL("../../apps/demo/dist/cli.js", import.meta.url));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ cors?: boolean }} [options] `cors`: the simulation answers CORS (for a page in a browser).
 * @returns {Promise<{ env: Record<string, string>, stop: () => Promise<void> }>}
 */
export async function startSimulation(options = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, "simulate", "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", ...(options.cors ? { TOOLWEAVE_SIM_CORS: "1" } : {}) } });
  let output = "";
  const env = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulation did not start within 90 s:\n${output}`)), 90_000);
    const onData = (chunk) => {
      output += chunk;
      const found = Object.fromEntries([...output.matchAll(/\b((?:CIRCLECI|CIRCONUS|TOOLWEAVE)_[A-Z_]+)=("[^"]*"|'[^']*'|\S+)/g)].map(([, name, value]) => [name, value.replace(/^["']|["']$/g, "")]));
      if (found.CIRCLECI_BASE_URL && found.CIRCONUS_API_URL && found.CIRCONUS_API_APP && found.CIRCONUS_API_TOKEN && found.CIRCLECI_TOKEN) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => reject(new Error(`the simulation exited (${code}):\n${output}`)));
  });
  return {
    env,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
