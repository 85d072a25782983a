// The rehearsal's last proof: a fresh app outside the monorepo (examples/tarball-consumer/app:
// strict TypeScript, its own zod, ioredis and @toolweave/redis) installs the packages just
// published to the rehearsal registry and runs against the demo's simulated APIs, alone and with
// the shared stores on a real redis-server. Its third-party packages come from its committed
// package-lock.json (npm ci), so a registry release cannot change what it installs; only the
// @toolweave entries are pointed at the versions just published, with the registry's integrity.
import { execFile } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { fetchPackument } from "./registry.mjs";

const exec = promisify(execFile);
const NPM = ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];

/** Copies the committed app from `source` to `app`, depending on the published versions on `registryUrl`. */
export async function prepareApp(source, app, registryUrl) {
  cpSync(source, app, { recursive: true, filter: (path) => !/[\\/](node_modules|dist|tarballs)$/.test(path) });
  const manifestPath = join(app, "package.json");
  const lockPath = join(app, "package-lock.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const lock = JSON.parse(readFileSync(lockPath, "utf8"));
  const versions = {};
  for (const name of Object.keys(manifest.dependencies).filter((dep) => dep.startsWith("@toolweave/"))) {
    const packument = await fetchPackument(registryUrl, name);
    if (!packument) throw new Error(`${name} is not on the rehearsal registry: the app cannot depend on it.`);
    const version = packument["dist-tags"].latest;
    const published = packument.versions[version];
    versions[name] = version;
    manifest.dependencies[name] = `^${version}`;
    lock.packages[""].dependencies[name] = `^${version}`;
    const entry = { version, resolved: published.dist.tarball, integrity: published.dist.integrity, license: published.license };
    // As npm writes the entry: `bin` too, or npm ci links no toolweave-mcp into node_modules/.bin.
    for (const field of ["dependencies", "peerDependencies", "peerDependenciesMeta", "bin", "engines"]) if (published[field]) entry[field] = published[field];
    lock.packages[`node_modules/${name}`] = entry;
  }
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  // Only the scope comes from the rehearsal registry; everything else from where the lock says.
  writeFileSync(join(app, ".npmrc"), `@toolweave:registry=${registryUrl}\n`);
  return versions;
}

/** npm ci, then a strict typecheck that also emits dist/. Returns problems (empty when fine). */
export async function installAndBuild(app, env) {
  const installed = await exec("npm", ["ci", ...NPM], { cwd: app, env, timeout: 300_000 }).catch((error) => error);
  if (installed instanceof Error) return [`npm ci from the rehearsal registry failed: ${installed.stderr || installed.message}`];
  const problems = [];
  const zod = createRequire(join(app, "package.json")).resolve("zod");
  for (const pkg of ["core", "connector-circleci", "connector-circonus", "mcp"]) {
    const theirs = createRequire(join(app, "node_modules", "@toolweave", pkg, "package.json")).resolve("zod");
    if (theirs !== zod) problems.push(`@toolweave/${pkg} resolves its own zod (${theirs}), not the app's: ${pkg === "mcp" ? "its zod range must admit the app's" : "zod must stay a peer dependency"}.`);
  }
  const compiled = await exec(join(app, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.nodenext.json"], { cwd: app, env }).catch((error) => error);
  if (compiled instanceof Error) problems.push(`the app does not typecheck under strict against the published types:\n${compiled.stdout}${compiled.stderr}`);
  return problems;
}

/** Runs the app's dist/<entry> (main.js, or mcp-client.js: an MCP client of the installed toolweave-mcp bin) with `env` and returns the JSON line it prints last. */
export async function runApp(app, env, entry = "main.js") {
  const { stdout } = await exec(process.execPath, [join(app, "dist", entry)], { cwd: app, env, timeout: 120_000 });
  return JSON.parse(stdout.trim().split("\n").pop());
}
