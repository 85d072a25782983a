// What the configured npm registry holds, asked through npm itself so the answer comes from the
// same registry and credentials `npm publish` uses (the user's .npmrc, NPM_CONFIG_* variables).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

/**
 * npm's own limits for one registry query: 30 s per attempt, 2 retries. npm's defaults (5 min,
 * 2 retries with backoff) let one hanging registry hold a release for about 16 minutes per query.
 */
export const NPM_FETCH_LIMITS = ["--fetch-timeout=30000", "--fetch-retries=2"];
/** And a hard cap on one `npm view`, whatever npm does with those settings. */
const QUERY_LIMIT_MS = 150_000;

/** Whether `name@version` is on the registry. Throws when the registry cannot answer. */
export async function isPublished(name, version, { cwd = process.cwd(), env = process.env } = {}) {
  // `npm view` prints the version when it exists, nothing when the package exists without it,
  // and fails with E404 when the package has never been published.
  const result = await exec("npm", ["view", `${name}@${version}`, "version", "--json", ...NPM_FETCH_LIMITS], { cwd, env: quietNpm(env), timeout: QUERY_LIMIT_MS }).catch((error) => error);
  if (!(result instanceof Error)) return result.stdout.trim() !== "" && JSON.parse(result.stdout) === version;
  if (result.killed) throw new Error(`The registry did not answer whether ${name}@${version} is published within ${QUERY_LIMIT_MS / 1000} s: check the registry in your npm config (npm config get registry) and that it is up.`);
  if (/E404|404 Not Found/.test(`${result.stdout}${result.stderr}`)) return false;
  throw new Error(`Could not ask the registry whether ${name}@${version} is published: ${redactTokens(firstLines(result.stderr || result.message), env, cwd)}\nCheck the registry in your npm config (npm config get registry) and that it is reachable.`);
}

/**
 * Waits until `name@version` can be installed: a registry (npmjs.org's CDN) can answer 404 for a
 * few seconds after a publish. Throws after `attempts` tries, `delayMs` apart.
 */
export async function waitUntilVisible(name, version, { attempts = 24, delayMs = 5_000, ...options } = {}) {
  const started = performance.now();
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    if (await isPublished(name, version, options)) return;
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  throw new Error(`${name}@${version} was published but the registry still does not list it after ${attempts} queries over ${Math.round((performance.now() - started) / 1000)} s. Check the registry, then run the release again: published versions are skipped (and tagged).`);
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
 * `text` with every npm credential masked: the NODE_AUTH_TOKEN / NPM_TOKEN variables and each
 * `_authToken`, `_auth` and `_password` of the npm config files npm would read (the user config,
 * the project's .npmrc) and of `npm_config_…` variables. A registry may echo the Authorization
 * header in an error body, npm prints that body, and the release's messages end up in CI logs.
 */
export function redactTokens(text, env = process.env, cwd = process.cwd()) {
  const secrets = [env.NODE_AUTH_TOKEN, env.NPM_TOKEN, ...configuredCredentials(env, cwd)].filter((value) => typeof value === "string" && value.length >= 8);
  return [...new Set(secrets)].sort((a, b) => b.length - a.length).reduce((out, secret) => out.split(secret).join("***"), String(text));
}

const CREDENTIAL = /(?:^|:)(?:_authToken|_auth|_password)\s*=\s*(.+?)\s*$/;

/** The credential values of the npm config files and variables, with `${VAR}` expanded. */
function configuredCredentials(env, cwd) {
  const expand = (value) => value.replace(/^["']|["']$/g, "").replace(/\$\{([^}]+)\}/g, (_, name) => env[name] ?? "");
  const files = [env.NPM_CONFIG_USERCONFIG ?? env.npm_config_userconfig ?? join(homedir(), ".npmrc"), join(cwd, ".npmrc")];
  const lines = files.flatMap((file) => {
    try {
      return readFileSync(file, "utf8").split(/\r?\n/);
    } catch {
      return [];
    }
  });
  const fromEnv = Object.entries(env).filter(([key]) => /(_authToken|_auth|_password)$/i.test(key)).map(([, value]) => value);
  return [...lines.map((line) => CREDENTIAL.exec(line)?.[1]).filter(Boolean).map(expand), ...fromEnv.filter(Boolean).map(expand)];
}

export function firstLines(text, count = 4) {
  return String(text).trim().split("\n").slice(0, count).join("\n");
}
