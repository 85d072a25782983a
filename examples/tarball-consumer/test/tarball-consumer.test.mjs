/**
 * A fresh app outside the monorepo, as a new user would make it: the published packages come
 * from their packed tarballs (what npm would serve), zod is the app's own, and TypeScript 5.9
 * under strict — NodeNext and Bundler resolution — typechecks the app with no cast. Then the
 * app runs against the demo's simulated APIs: alone, with the shared stores of the packed
 * `@toolweave/redis` on a real redis-server, and with zod 4.1.0, the lowest version the peer
 * range allows (core builds its schemas lazily with zod's own constructors).
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireRedisServer, startRedisServer } from "@toolweave/redis/testing";
import { exampleEnv, startSimulation } from "../../support/start-simulation.mjs";

const exec = promisify(execFile);
const repo = fileURLToPath(new URL("../../../", import.meta.url));
const PACKAGES = ["core", "connector-circleci", "connector-circonus", "secrets-env", "redis"];
const PNPM = ["-y", "pnpm@10.34.9"];

let app;
let sim;
beforeAll(async () => {
  const work = mkdtempSync(join(tmpdir(), "toolweave-consumer-"));
  const tarballs = join(work, "tarballs");
  app = join(work, "app");
  for (const pkg of PACKAGES) {
    await exec("npx", [...PNPM, "pack", "--pack-destination", tarballs], { cwd: join(repo, "packages", pkg) });
  }
  const files = readdirSync(tarballs);
  const tgz = (pkg) => `file:${join(tarballs, files.find((f) => f.startsWith(`toolweave-${pkg}-`)))}`;
  cpSync(fileURLToPath(new URL("../app", import.meta.url)), app, { recursive: true });
  const deps = Object.fromEntries(PACKAGES.map((pkg) => [`@toolweave/${pkg}`, tgz(pkg)]));
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify(
      {
        name: "consumer-app",
        private: true,
        type: "module",
        dependencies: { ...deps, zod: "^4.1.0" },
        devDependencies: { typescript: "5.9.3", "@types/node": "^20.19.0" },
        overrides: { "@toolweave/core": deps["@toolweave/core"] },
      },
      null,
      2,
    ),
  );
  await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: app, timeout: 240_000 });
  sim = await startSimulation();
}, 300_000);
afterAll(async () => {
  await sim?.stop();
  if (app) rmSync(join(app, ".."), { recursive: true, force: true });
});

describe("a fresh app outside the monorepo, from the packed tarballs", () => {
  it("has one copy of zod: the app's own, shared with toolweave (a peer dependency)", () => {
    const fromApp = createRequire(join(app, "package.json")).resolve("zod");
    for (const pkg of ["core", "connector-circleci", "connector-circonus"]) {
      const fromPackage = createRequire(join(app, "node_modules", "@toolweave", pkg, "package.json")).resolve("zod");
      expect(fromPackage, pkg).toBe(fromApp);
    }
  });

  it.each(["tsconfig.nodenext.json", "tsconfig.bundler.json"])("typechecks under strict with %s, with no cast", async (config) => {
    const source = readFileSync(join(app, "src", "main.ts"), "utf8");
    expect(source).not.toMatch(/\bas\s+(unknown|any|[A-Z]\w*)\b/);
    const result = await exec(join(app, "node_modules", ".bin", "tsc"), ["-p", config], { cwd: app }).catch((error) => error);
    expect(`${result.stdout ?? ""}${result.stderr ?? ""}`).toBe("");
  }, 120_000);

  it("runs against the simulated APIs", async () => {
    await exec(join(app, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.nodenext.json"], { cwd: app });
    const { stdout } = await exec(process.execPath, [join(app, "dist", "main.js")], { cwd: app, env: exampleEnv(sim.env) });
    const result = JSON.parse(stdout.trim().split("\n").pop());
    expect(result.slug).toBe("gh/acme/checkout");
    expect(result.masked).toMatch(/\*\*\*\*/);
    expect(result.found).toEqual([expect.stringMatching(/^circleci:\d+$/), expect.stringMatching(/^circonus:[1-9]\d*$/)]);
    expect(result.alerts).toBeGreaterThan(0);
  }, 60_000);

  it.runIf(requireRedisServer("tarball consumer with @toolweave/redis"))("runs with the shared stores of the packed @toolweave/redis on a real redis-server", async () => {
    const redis = await startRedisServer();
    try {
      await exec(join(app, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.nodenext.json"], { cwd: app });
      const { stdout } = await exec(process.execPath, [join(app, "dist", "main.js")], { cwd: app, env: { ...exampleEnv(sim.env), REDIS_URL: redis.url } });
      const result = JSON.parse(stdout.trim().split("\n").pop());
      expect(result).toMatchObject({ slug: "gh/acme/checkout", shared: true });
      const { stdout: keys } = await exec("redis-cli", ["-u", redis.url, "--scan", "--pattern", "toolweave:*"]);
      expect(keys).toMatch(/toolweave:\{circleci:/);
      expect(keys).toMatch(/toolweave:\{circonus:/);
    } finally {
      await redis.stop();
    }
  }, 120_000);

  it("runs with zod 4.1.0, the lowest version of the peer range", async () => {
    await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", "zod@4.1.0"], { cwd: app, timeout: 240_000 });
    const installed = JSON.parse(readFileSync(join(app, "node_modules", "zod", "package.json"), "utf8")).version;
    expect(installed).toBe("4.1.0");
    const typecheck = await exec(join(app, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.nodenext.json"], { cwd: app }).catch((error) => error);
    expect(`${typecheck.stdout ?? ""}${typecheck.stderr ?? ""}`).toBe("");
    const { stdout } = await exec(process.execPath, [join(app, "dist", "main.js")], { cwd: app, env: exampleEnv(sim.env) });
    const result = JSON.parse(stdout.trim().split("\n").pop());
    expect(result.slug).toBe("gh/acme/checkout");
    expect(result.found).toEqual([expect.stringMatching(/^circleci:\d+$/), expect.stringMatching(/^circonus:[1-9]\d*$/)]);
  }, 300_000);
});
