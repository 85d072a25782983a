// A throwaway npm registry for the release rehearsal: Verdaccio (installed from the lockfile as a
// devDependency of this package) in a child process on a free loopback port, with its storage
// and users in a temporary folder. `@toolweave/*` lives only there (publishing needs a login);
// every other package is proxied from npmjs.org, so tools the release runs (`npx pnpm@…`) and
// the app's locked third-party packages install through it as they would from npm.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("./verdaccio-server.mjs", import.meta.url));

/**
 * Starts a registry and creates one user. `onStop` receives the stop function as soon as the
 * child process exists, so a caller interrupted while it starts can still stop it. `proxy: false` serves only what is published to it
 * (for tests, which must not reach the internet).
 * @returns {Promise<{ url: string, token: string, stop: () => Promise<void> }>}
 */
export async function startVerdaccio({ scope = "@toolweave", proxy = true, onStop } = {}) {
  const home = mkdtempSync(join(tmpdir(), "toolweave-registry-"));
  const config = join(home, "config.yaml");
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(join(home, "storage"))}`,
      "auth:",
      "  htpasswd:",
      `    file: ${JSON.stringify(join(home, "htpasswd"))}`,
      ...(proxy ? ["uplinks:", "  npmjs:", "    url: https://registry.npmjs.org/", "    timeout: 60s"] : []),
      "packages:",
      `  '${scope}/*':`,
      "    access: $all",
      "    publish: $authenticated",
      "  '**':",
      "    access: $all",
      ...(proxy ? ["    proxy: npmjs"] : []),
      "log: { type: stdout, format: pretty, level: error }",
      "",
    ].join("\n"),
  );
  const child = spawn(process.execPath, [SERVER, config], { stdio: ["ignore", "pipe", "inherit", "ipc"] });
  let stopping = false;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.once("exit", (code, signal) => {
    if (!stopping) console.error(`verdaccio: the registry exited unexpectedly (${signal ?? code}).`);
  });
  const stop = async () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    rmSync(home, { recursive: true, force: true });
  };
  onStop?.(stop);
  try {
    const port = await new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.on("line", (line) => {
        const match = /^listening on (\d+)$/.exec(line);
        if (match) resolve(Number(match[1]));
        else process.stderr.write(`verdaccio: ${line}\n`);
      });
      child.once("exit", (code) => reject(new Error(`Verdaccio exited (${code}) before it listened.`)));
    });
    const url = `http://127.0.0.1:${port}/`;
    const token = await createUser(url, "rehearsal", `pw-${process.pid}-${Date.now()}`);
    return { url, token, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Creates a user the way `npm adduser` does, and returns its token. */
async function createUser(url, name, password) {
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || typeof body.token !== "string") throw new Error(`Verdaccio did not create the rehearsal user (HTTP ${response.status}).`);
  return body.token;
}
