// What the configured npm registry holds, asked through npm itself so the answer comes from the
// same registry and credentials `npm publish` uses (the user's .npmrc, NPM_CONFIG_* variables).
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const exec = promisify(execFile);

/** Whether `name@version` is on the registry. Throws when the registry cannot answer. */
export async function isPublished(name, version, { cwd = process.cwd(), env = process.env } = {}) {
  // `npm view` prints the version when it exists, nothing when the package exists without it,
  // and fails with E404 when the package has never been published.
  const result = await exec("npm", ["view", `${name}@${version}`, "version", "--json"], { cwd, env: quietNpm(env) }).catch((error) => error);
  if (!(result instanceof Error)) return result.stdout.trim() !== "" && JSON.parse(result.stdout) === version;
  if (/E404|404 Not Found/.test(`${result.stdout}${result.stderr}`)) return false;
  throw new Error(`Could not ask the registry whether ${name}@${version} is published: ${redactTokens(firstLines(result.stderr || result.message), env)}\nCheck the registry in your npm config (npm config get registry) and that it is reachable.`);
}

/**
 * Waits until `name@version` can be installed: a registry (npmjs.org's CDN) can answer 404 for a
 * few seconds after a publish. Throws after `attempts` tries, `delayMs` apart.
 */
export async function waitUntilVisible(name, version, { attempts = 24, delayMs = 5_000, ...options } = {}) {
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    if (await isPublished(name, version, options)) return;
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  throw new Error(`${name}@${version} was published but the registry still does not list it after ${(attempts * delayMs) / 1000} s. Check the registry, then run the release again: published versions are skipped.`);
}

/**
 * The environment for an npm child process without the `npm_config_*` variables a pnpm script
 * run exports for its own settings (e.g. `npm_config_verify_deps_before_run`): npm does not know
 * them and prints an "Unknown env config" warning for each.
 */
export function quietNpm(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_config_(verify_deps_before_run|_jsr_registry|npm_globalconfig|node_linker|frozen_lockfile|auto_install_peers|dedupe_peer_dependents|link_workspace_packages|package_manager_strict|recursive|workspace_concurrency|shamefully_hoist)$/i.test(key)));
}

/**
 * The packument (all versions' manifests) of `name` straight from the registry at `registryUrl`,
 * or undefined when it has none. For the rehearsal's own registry, where no npm config applies.
 * @returns {Promise<any>}
 */
export async function fetchPackument(registryUrl, name) {
  let response;
  try {
    // A fresh connection per call: the registry may have closed an idle keep-alive one.
    response = await fetch(new URL(name.replace("/", "%2f"), registryUrl), { headers: { connection: "close" } });
  } catch (error) {
    throw new Error(`The registry at ${registryUrl} did not answer for ${name}: ${error.cause?.message ?? error.message}`);
  }
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`The registry at ${registryUrl} answered HTTP ${response.status} for ${name}.`);
  return response.json();
}

/**
 * `text` with the npm tokens of `env` masked: a registry may echo the Authorization header in an
 * error body, and npm prints that body; the release's messages end up in CI logs.
 */
export function redactTokens(text, env = process.env) {
  const tokens = ["NODE_AUTH_TOKEN", "NPM_TOKEN"].map((name) => env[name]).filter((value) => typeof value === "string" && value.length >= 8);
  return tokens.reduce((out, token) => out.split(token).join("***"), String(text));
}

export function firstLines(text, count = 4) {
  return String(text).trim().split("\n").slice(0, count).join("\n");
}
