/**
 * A fresh app outside the monorepo, as a new user would make it: the published packages come
 * from their packed tarballs (what npm would serve), zod is the app's own, and TypeScript 5.9
 * under strict — NodeNext and Bundler resolution — typechecks the app with no cast. Then the
 * app runs against the demo's simulated APIs: alone, with the shared stores of the packed
 * `@toolweave/redis` on a real redis-server through the app's own ioredis 5 client (as a BullMQ 5
 * app has; ioredis is a peer dependency, so there is one copy), with zod 4.1.0, the lowest
 * version the peer range allows (core builds its schemas lazily with zod's own constructors),
 * and with ioredis 5.2.5, the lowest 5.x of @toolweave/redis's peer range. And an assistant's
 * side of the packed @toolweave/mcp: the app's own MCP SDK client spawns the installed
 * `toolweave-mcp` bin over stdio and asks it about an alert of the simulated world.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireRedisServer, startRedisServer } from "@toolweave/redis/testing";
import { exampleEnv, startSimulation } from "../../support/start-simulation.mjs";
import { packInto } from "../scripts/pack.mjs";
import { IOREDIS_FLOOR, ZOD_FLOOR } from "../scripts/update-lock.mjs";

const exec = promisify(execFile);
const NPM = ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];
// The scheduled drift workflow sets this: install the newest versions the ranges allow instead
// of the committed lock, to learn early what a registry release would do to a user's app.
const DRIFT = process.env.TOOLWEAVE_CONSUMER_DRIFT === "1";

let app;
let sim;
/** One `tsc -p tsconfig.nodenext.json` (which also emits dist/) per app state, shared by the tests that need it. */
let compiled;
const compile = () => (compiled ??= exec(join(app, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.nodenext.json"], { cwd: app }).catch((error) => error));
const version = (name) => JSON.parse(readFileSync(join(app, "node_modules", name, "package.json"), "utf8")).version;

/** Installs `name` at `floor`: from its committed lock (`package-lock.<name>-floor.json`), or the registry's in a drift run. */
async function installFloor(name, floor) {
  if (DRIFT) {
    await exec("npm", ["install", ...NPM, "--no-save", `${name}@${floor}`], { cwd: app, timeout: 240_000 });
  } else {
    // The committed floor lock: the same tree with `name` at the floor, installed with npm ci.
    cpSync(join(app, `package-lock.${name}-floor.json`), join(app, "package-lock.json"));
    await exec("npm", ["ci", ...NPM], { cwd: app, timeout: 240_000 });
  }
  expect(version(name)).toBe(floor);
  compiled = undefined;
}

/** Runs the compiled MCP client (it spawns the installed bin) with only PATH set; returns the JSON line it prints. */
async function runMcpClient() {
  // Only PATH: no token of the developer's shell reaches the client or the server it spawns.
  const { stdout } = await exec(process.execPath, [join(app, "dist", "mcp-client.js")], { cwd: app, env: { PATH: process.env.PATH ?? "" }, timeout: 120_000 });
  return JSON.parse(stdout.trim().split("\n").pop());
}

/** Runs the compiled app with the shared stores on a fresh redis-server; returns its result and the keys it wrote. */
async function runWithRedis() {
  const redis = await startRedisServer();
  try {
    const { stdout } = await exec(process.execPath, [join(app, "dist", "main.js")], { cwd: app, env: { ...exampleEnv(sim.env), REDIS_URL: redis.url } });
    const { stdout: keys } = await exec("redis-cli", ["-u", redis.url, "--scan", "--pattern", "toolweave:*"]);
    return { result: JSON.parse(stdout.trim().split("\n").pop()), keys };
  } finally {
    await redis.stop();
  }
}

beforeAll(async () => {
  const work = mkdtempSync(join(tmpdir(), "toolweave-consumer-"));
  app = join(work, "app");
  // The app as committed (package.json naming tarballs/toolweave-<name>.tgz, and its lock).
  cpSync(fileURLToPath(new URL("../app", import.meta.url)), app, { recursive: true, filter: (source) => !/[\\/](node_modules|dist|tarballs)$/.test(source) });
  const [, simulation] = await Promise.all([packInto(app), startSimulation()]);
  sim = simulation;
  if (DRIFT) {
    rmSync(join(app, "package-lock.json"));
    await exec("npm", ["install", ...NPM], { cwd: app, timeout: 240_000 });
    return;
  }
  // npm ci: exactly what the committed lock names, so a registry release cannot change it.
  const installed = await exec("npm", ["ci", ...NPM], { cwd: app, timeout: 240_000 }).catch((error) => error);
  if (installed instanceof Error) {
    throw new Error(
      `npm ci of the consumer app failed. If a published package gained or dropped a dependency, re-resolve the app's lock with \`pnpm --filter @toolweave/example-tarball-consumer run lock\` and commit examples/tarball-consumer/app/package-lock.json.\n${installed.stderr ?? installed.message}`,
    );
  }
}, 300_000);
afterAll(async () => {
  await sim?.stop();
  if (app) rmSync(join(app, ".."), { recursive: true, force: true });
});

describe("a fresh app outside the monorepo, from the packed tarballs", () => {
  it("has one copy of zod: the app's own, shared with toolweave (a peer dependency) and the MCP SDK", () => {
    const fromApp = createRequire(join(app, "package.json")).resolve("zod");
    for (const pkg of ["core", "connector-circleci", "connector-circonus", "mcp"]) {
      const fromPackage = createRequire(join(app, "node_modules", "@toolweave", pkg, "package.json")).resolve("zod");
      expect(fromPackage, pkg).toBe(fromApp);
    }
    // The SDK turns @toolweave/mcp's tool schemas into JSON Schema: with the same zod.
    expect(createRequire(join(app, "node_modules", "@modelcontextprotocol", "sdk", "package.json")).resolve("zod")).toBe(fromApp);
  });

  it("has one copy of ioredis: the app's own 5.x, shared with @toolweave/redis (a peer dependency)", () => {
    const copies = readdirSync(join(app, "node_modules"), { recursive: true })
      .map(String)
      .filter((path) => /(?:^|[\\/]node_modules[\\/])ioredis$/.test(path));
    expect(copies).toEqual(["ioredis"]);
    const fromApp = createRequire(join(app, "package.json")).resolve("ioredis");
    expect(createRequire(join(app, "node_modules", "@toolweave", "redis", "package.json")).resolve("ioredis")).toBe(fromApp);
    expect(version("ioredis")).toMatch(/^5\./);
  });

  it.skipIf(DRIFT)("installed exactly what the committed lock names (a registry release changes nothing)", () => {
    const lock = JSON.parse(readFileSync(join(app, "package-lock.json"), "utf8"));
    for (const name of ["zod", "ioredis", "typescript", "@types/node", "@modelcontextprotocol/sdk"]) {
      expect(version(name), name).toBe(lock.packages[`node_modules/${name}`].version);
    }
  });

  it("sees no ioredis types through @toolweave/redis (its declarations use their own client type)", () => {
    const types = join(app, "node_modules", "@toolweave", "redis", "dist", "types");
    const declarations = readdirSync(types, { recursive: true }).filter((file) => String(file).endsWith(".d.ts"));
    expect(declarations.length).toBeGreaterThan(0);
    for (const file of declarations) {
      expect(readFileSync(join(types, String(file)), "utf8"), String(file)).not.toMatch(/(?:from|import\()\s*["']ioredis["']/);
    }
  });

  it.each(["tsconfig.nodenext.json", "tsconfig.bundler.json"])("typechecks under strict with %s, with no cast", async (config) => {
    for (const file of ["main.ts", "mcp-client.ts"]) {
      expect(readFileSync(join(app, "src", file), "utf8"), file).not.toMatch(/\bas\s+(unknown|any|[A-Z]\w*)\b/);
    }
    // skipLibCheck off: the declarations of toolweave, the MCP SDK and the app's ioredis are checked too.
    const { stdout: shown } = await exec(join(app, "node_modules", ".bin", "tsc"), ["-p", config, "--showConfig"], { cwd: app });
    expect(JSON.parse(shown).compilerOptions).toMatchObject({ strict: true, skipLibCheck: false });
    const result = config === "tsconfig.nodenext.json" ? await compile() : await exec(join(app, "node_modules", ".bin", "tsc"), ["-p", config], { cwd: app }).catch((error) => error);
    expect(`${result.stdout ?? ""}${result.stderr ?? ""}`).toBe("");
  }, 300_000);

  it("runs against the simulated APIs", async () => {
    await compile();
    const { stdout } = await exec(process.execPath, [join(app, "dist", "main.js")], { cwd: app, env: exampleEnv(sim.env) });
    const result = JSON.parse(stdout.trim().split("\n").pop());
    expect(result.slug).toBe("gh/acme/checkout");
    expect(result.masked).toMatch(/\*\*\*\*/);
    expect(result.found).toEqual([expect.stringMatching(/^circleci:\d+$/), expect.stringMatching(/^circonus:[1-9]\d*$/)]);
    expect(result.alerts).toBeGreaterThan(0);
  }, 60_000);

  it("runs the installed toolweave-mcp bin through the MCP SDK's client over stdio, on the simulated world", async () => {
    // npm linked the bin from the lock's entry; the client runs the package's own bin file.
    expect(existsSync(join(app, "node_modules", ".bin", "toolweave-mcp"))).toBe(true);
    await compile();
    const result = await runMcpClient();
    expect(result.tools).toEqual(expect.arrayContaining(["list_services", "alert_suspects"]));
    // Write tools only with --allow-writes.
    expect(result.tools).not.toContain("annotate_deploys");
    expect(result).toMatchObject({ suspects: ["090c25c"], complete: true, mode: "simulated" });
  }, 180_000);

  it.runIf(requireRedisServer("tarball consumer with @toolweave/redis"))("runs with the shared stores of the packed @toolweave/redis on a real redis-server, through the app's own ioredis 5 client", async () => {
    expect(readFileSync(join(app, "src", "main.ts"), "utf8")).toMatch(/createRedisStores\(\{ client \}\)/);
    await compile();
    const { result, keys } = await runWithRedis();
    expect(result).toMatchObject({ slug: "gh/acme/checkout", shared: true });
    expect(keys).toMatch(/toolweave:\{circleci:/);
    expect(keys).toMatch(/toolweave:\{circonus:/);
  }, 120_000);

  it("runs with zod 4.1.0, the lowest version of the peer range", async () => {
    await installFloor("zod", ZOD_FLOOR);
    const typecheck = await compile();
    expect(`${typecheck.stdout ?? ""}${typecheck.stderr ?? ""}`).toBe("");
    const { stdout } = await exec(process.execPath, [join(app, "dist", "main.js")], { cwd: app, env: exampleEnv(sim.env) });
    const result = JSON.parse(stdout.trim().split("\n").pop());
    expect(result.slug).toBe("gh/acme/checkout");
    expect(result.found).toEqual([expect.stringMatching(/^circleci:\d+$/), expect.stringMatching(/^circonus:[1-9]\d*$/)]);
    // The MCP server's tool schemas (and the SDK's) are built with the app's zod too.
    expect(await runMcpClient()).toMatchObject({ suspects: ["090c25c"], complete: true, mode: "simulated" });
  }, 300_000);

  it.runIf(requireRedisServer("tarball consumer on the ioredis floor"))(`runs with the shared stores on ioredis ${IOREDIS_FLOOR}, the lowest 5.x of the peer range`, async () => {
    await installFloor("ioredis", IOREDIS_FLOOR);
    expect(existsSync(join(app, "node_modules", "@toolweave", "redis", "node_modules", "ioredis"))).toBe(false);
    const typecheck = await compile();
    expect(`${typecheck.stdout ?? ""}${typecheck.stderr ?? ""}`).toBe("");
    const { result, keys } = await runWithRedis();
    expect(result).toMatchObject({ slug: "gh/acme/checkout", shared: true });
    expect(keys).toMatch(/toolweave:\{circleci:/);
  }, 300_000);
});
