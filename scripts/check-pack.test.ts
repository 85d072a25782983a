// Tests of the pack check (scripts/check-pack.mjs, the last step of every published package's
// `pnpm lint`): the script run in small synthetic package directories (`npm pack --dry-run`,
// offline), and its pure checks on synthetic file lists.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

const CHECK_PACK = join(dirname(fileURLToPath(import.meta.url)), "check-pack.mjs");
/** The kind of value a test helper holds; the check must never print file contents. */
const FAKE_TOKEN = "FAKEPAT_canary0123456789abcdef0123456789abcdef";

type Tree = { "package.json": string } & Record<string, string>;

const declarationMap = (file: string, sources: string[]) => JSON.stringify({ version: 3, file, sourceRoot: "", sources, names: [], mappings: "AAAA" });

/**
 * A published package in miniature: declarations in dist/types with maps into the shipped
 * src/, an internal module only the code (not the types) uses, fixtures for tests only.
 */
function basePackage(): Tree {
  return {
    "package.json": JSON.stringify({
      name: "@fake/connector",
      version: "0.0.0",
      type: "module",
      exports: { ".": { types: "./dist/types/index.d.ts", default: "./dist/index.js" }, "./package.json": "./package.json" },
      types: "./dist/types/index.d.ts",
      files: ["dist", "src", "!src/**/*.test.ts", "!src/**/__fixtures__"],
    }),
    "dist/index.js": "export const client = () => 1;\n",
    "dist/types/index.d.ts": 'export { client } from "./client.js";\n//# sourceMappingURL=index.d.ts.map\n',
    "dist/types/index.d.ts.map": declarationMap("index.d.ts", ["../../src/index.ts"]),
    "dist/types/client.d.ts": "export declare function client(): number;\n",
    "dist/types/client.d.ts.map": declarationMap("client.d.ts", ["../../src/client.ts"]),
    "dist/types/internal.d.ts": "export declare const LIMIT = 3;\n",
    "dist/types/internal.d.ts.map": declarationMap("internal.d.ts", ["../../src/internal.ts"]),
    "src/index.ts": 'export { client } from "./client.js";\n',
    "src/client.ts": 'import { LIMIT } from "./internal.js";\nexport function client(): number {\n  return LIMIT - 2;\n}\n',
    "src/internal.ts": "export const LIMIT = 3;\n",
    "src/__fixtures__/index.ts": "export const user = { id: 1 };\n",
    "src/__fixtures__/test-kit.ts": `export const TOKEN = "${FAKE_TOKEN}";\n`,
    "src/client.test.ts": 'import { TOKEN } from "./__fixtures__/test-kit.js";\n',
    "README.md": "# fake\n",
  };
}

/** The base with a `./fixtures` entry, shaped like the connectors: the fixtures' source ships, the test kit does not. */
function goodPackage(): Tree {
  const tree = basePackage();
  const pkg = JSON.parse(tree["package.json"]);
  pkg.exports["./fixtures"] = { types: "./dist/types/fixtures.d.ts", default: "./dist/fixtures.js" };
  pkg.files = ["dist", "src", "!src/**/*.test.ts", "!src/**/__fixtures__/*", "src/__fixtures__/index.ts"];
  return {
    ...tree,
    "package.json": JSON.stringify(pkg),
    "dist/fixtures.js": "export const user = { id: 1 };\n",
    "dist/types/fixtures.d.ts": 'export { user } from "./__fixtures__/index.js";\n',
    "dist/types/fixtures.d.ts.map": declarationMap("fixtures.d.ts", ["../../src/fixtures.ts"]),
    "dist/types/__fixtures__/index.d.ts": "export declare const user: { id: number };\n",
    "dist/types/__fixtures__/index.d.ts.map": declarationMap("index.d.ts", ["../../../src/__fixtures__/index.ts"]),
    "src/fixtures.ts": 'export { user } from "./__fixtures__/index.js";\n',
  };
}

/** What connector-circleci shipped: the test kit's declarations (and map), fake token included. */
const testKitDeclaration = () => ({
  "dist/types/__fixtures__/test-kit.d.ts": `export declare const TOKEN = "${FAKE_TOKEN}";\n//# sourceMappingURL=test-kit.d.ts.map\n`,
  "dist/types/__fixtures__/test-kit.d.ts.map": declarationMap("test-kit.d.ts", ["../../../src/__fixtures__/test-kit.ts"]),
});
const withTestKitDeclaration = (): Tree => ({ ...basePackage(), ...testKitDeclaration() });

/** What both connectors shipped: `files` keeps every fixture source out, yet maps point there. */
function withFixtureSourcesLeftOut(): Tree {
  const tree = goodPackage();
  const pkg = JSON.parse(tree["package.json"]);
  pkg.files = ["dist", "src", "!src/**/*.test.ts", "!src/**/__fixtures__"];
  return { ...tree, "package.json": JSON.stringify(pkg) };
}

const cleanups: string[] = [];
afterEach(() => {
  for (const dir of cleanups.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function writePackage(tree: Tree): string {
  const dir = mkdtempSync(join(tmpdir(), "toolweave-check-pack-"));
  cleanups.push(dir);
  for (const [file, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

/** `node scripts/check-pack.mjs` in `dir`, as a package's lint runs it; npm stays offline. */
function checkPack(dir: string): { status: number | null; output: string } {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  const result = spawnSync(process.execPath, [CHECK_PACK], {
    cwd: dir,
    encoding: "utf8",
    env: { ...env, npm_config_offline: "true", npm_config_update_notifier: "false", npm_config_audit: "false", npm_config_fund: "false" },
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

// Spawns npm: generous, so a loaded machine cannot fail them.
const SLOW = 300_000;

describe("check-pack.mjs in a package directory", () => {
  it(
    "passes a package whose declarations all hang off its exports and whose maps resolve",
    () => {
      const base = checkPack(writePackage(basePackage()));
      expect(base.output).toContain("@fake/connector: tarball OK");
      expect(base.status).toBe(0);
      const result = checkPack(writePackage(goodPackage()));
      expect(result.output).toContain("@fake/connector: tarball OK");
      expect(result.status).toBe(0);
    },
    SLOW,
  );

  it(
    "fails a tarball holding a test helper's declarations, naming the fix and not the helper's values",
    () => {
      const result = checkPack(writePackage(withTestKitDeclaration()));
      expect(result.status, result.output).not.toBe(0);
      expect(result.output).toContain("dist/types/__fixtures__/test-kit.d.ts: not reachable from exports (test material?)");
      expect(result.output).toContain("tsconfig.build.json");
      expect(result.output).toContain("dist/types/__fixtures__/test-kit.d.ts.map:");
      expect(result.output).not.toContain(FAKE_TOKEN);
    },
    SLOW,
  );

  it(
    "fails a tarball whose declaration map points at a source it does not hold",
    () => {
      const result = checkPack(writePackage(withFixtureSourcesLeftOut()));
      expect(result.status, result.output).not.toBe(0);
      expect(result.output).toContain("dist/types/__fixtures__/index.d.ts.map: source src/__fixtures__/index.ts is not in the tarball");
      expect(result.output).toMatch(/ship it \(package\.json "files"\)/);
    },
    SLOW,
  );
});

describe("the pack checks", () => {
  // Imported here, not at the top: loading the module must not run the check (it only runs
  // when invoked as a script).
  let pack: typeof import("./check-pack.mjs");
  beforeAll(async () => {
    pack = await import("./check-pack.mjs");
  }, SLOW);

  const filesOf = (tree: Tree, leaveOut: RegExp = /\.test\.ts$|test-kit\.ts$/) => Object.keys(tree).filter((f) => !leaveOut.test(f)).sort();
  const problemsOf = (tree: Tree, files = filesOf(tree)) => pack.packProblems(JSON.parse(tree["package.json"]), files, (f: string) => tree[f]);

  it("takes type entries from types conditions, patterns, JavaScript targets and top-level types", () => {
    const files = ["dist/a.js", "dist/a.d.ts", "dist/b.d.mts", "dist/sub/x.d.ts", "dist/sub/y.d.ts", "dist/types/main.d.ts", "dist/only.js"];
    const pkg = {
      exports: {
        ".": { import: { types: "./dist/b.d.mts", default: "./dist/b.mjs" } },
        "./a": "./dist/a.js",
        "./only": "./dist/only.js",
        "./sub/*": { types: "./dist/sub/*.d.ts" },
        "./missing": { types: "./dist/missing.d.ts" },
      },
      types: "./dist/types/main.d.ts",
    };
    expect(pack.typeEntries(pkg, files)).toEqual(["dist/a.d.ts", "dist/b.d.mts", "dist/sub/x.d.ts", "dist/sub/y.d.ts", "dist/types/main.d.ts"]);
  });

  it("reads every way a declaration refers to another", () => {
    const text = [
      'import type { A } from "./a.js";',
      "export * from './b.js';",
      'import "./side-effect.js";',
      'export declare const c: import("./c.js").C;',
      'import d = require("./d");',
      '/// <reference path="./e.d.ts" />',
      'import { z } from "zod";',
    ].join("\n");
    expect(pack.declarationSpecifiers(text)).toEqual(["./a.js", "./b.js", "./side-effect.js", "./c.js", "./d", "zod", "./e.d.ts"]);
  });

  it("resolves specifiers the way TypeScript finds declarations", () => {
    const files = ["dist/types/a.d.ts", "dist/types/b.d.mts", "dist/types/dir/index.d.ts", "dist/types/c.d.ts"];
    expect(pack.resolveDeclaration("dist/types/index.d.ts", "./a.js", files)).toBe("dist/types/a.d.ts");
    expect(pack.resolveDeclaration("dist/types/index.d.ts", "./b.mjs", files)).toBe("dist/types/b.d.mts");
    expect(pack.resolveDeclaration("dist/types/index.d.ts", "./dir", files)).toBe("dist/types/dir/index.d.ts");
    expect(pack.resolveDeclaration("dist/types/dir/index.d.ts", "../c", files)).toBe("dist/types/c.d.ts");
    expect(pack.resolveDeclaration("dist/types/index.d.ts", "zod", files)).toBeUndefined();
    expect(pack.resolveDeclaration("dist/types/index.d.ts", "./gone.js", files)).toBeUndefined();
  });

  it("counts a module the code uses but the types never name as reachable, and a test kit as not", () => {
    const tree: Tree = { ...goodPackage(), ...testKitDeclaration() };
    const reached = pack.reachableDeclarations(JSON.parse(tree["package.json"]), filesOf(tree), (f: string) => tree[f]);
    expect([...reached].sort()).toEqual([
      "dist/types/__fixtures__/index.d.ts",
      "dist/types/client.d.ts",
      "dist/types/fixtures.d.ts",
      "dist/types/index.d.ts",
      "dist/types/internal.d.ts",
    ]);
  });

  it("finds nothing wrong with the good package", () => {
    expect(problemsOf(goodPackage())).toEqual([]);
  });

  it("reports an unreachable declaration and its map, with the fix", () => {
    const tree = withTestKitDeclaration();
    expect(problemsOf(tree, filesOf(tree, /\.test\.ts$|^src\/__fixtures__\//))).toEqual([
      "dist/types/__fixtures__/test-kit.d.ts: not reachable from exports (test material?): keep its source out of tsconfig.build.json (its include lists only the entry points) so tsc does not emit it",
      "dist/types/__fixtures__/test-kit.d.ts.map: the map of a declaration not reachable from exports: it goes when that declaration does",
    ]);
  });

  it("reports a map whose source is not shipped, with the fix", () => {
    const tree = goodPackage();
    expect(problemsOf(tree, filesOf(tree, /\.test\.ts$|^src\/__fixtures__\//))).toEqual([
      'dist/types/__fixtures__/index.d.ts.map: source src/__fixtures__/index.ts is not in the tarball: ship it (package.json "files"), or leave the file it was built from out of tsconfig.build.json',
    ]);
  });

  it("reports a shipped source no declaration map points at (a test helper in src/)", () => {
    const tree = { ...goodPackage(), "src/fake-api.ts": "export const fakeApi = 1;\n" };
    expect(problemsOf(tree)).toEqual(['src/fake-api.ts: no shipped source map points at it (test material?): leave it out of package.json "files"']);
  });

  it("reports maps that point outside the package or are not JSON", () => {
    const tree = {
      ...goodPackage(),
      "dist/types/__fixtures__/index.d.ts.map": declarationMap("index.d.ts", ["../../../../elsewhere/index.ts"]),
      "dist/types/fixtures.d.ts.map": "{ not json",
    };
    const problems = problemsOf(tree);
    expect(problems).toContain(
      "dist/types/__fixtures__/index.d.ts.map: source ../../../../elsewhere/index.ts is outside the package: build with rootDir and outDir inside it so maps point at the shipped src/",
    );
    expect(problems).toContain("dist/types/fixtures.d.ts.map: not a valid source map (JSON): rebuild the package");
  });

  it("keeps the earlier checks: tests, test helpers, stray files, embedded sources, placeholder host", () => {
    const tree = {
      ...goodPackage(),
      "src/client.test.ts": "",
      "src/test-utils.ts": "",
      "notes.txt": "",
      "dist/index.js": 'export const BASE = "https://api.fake.example";\n',
      "dist/index.js.map": JSON.stringify({ version: 3, sources: ["../src/index.ts"], sourcesContent: ["export {}"], mappings: "" }),
    };
    const problems = problemsOf(tree, filesOf(tree, /test-kit/));
    expect(problems).toContain("src/client.test.ts: a test file");
    expect(problems).toContain("src/test-utils.ts: a test helper");
    expect(problems).toContain('notes.txt: not part of a published package (allowed: dist/, src/, README.md, LICENSE, CHANGELOG.md, and the files package.json "bin" names)');
    expect(problems).toContain("dist/index.js.map: embeds its sources (set sourcesContent: false; src/ ships once)");
    expect(problems.some((p) => p.startsWith("dist/index.js: still uses the generator's placeholder API host"))).toBe(true);
  });

  it("ships a bin's launcher that package.json names, and nothing else beside dist/ and src/", () => {
    const base = goodPackage();
    const tree: Tree = { ...base, "package.json": JSON.stringify({ ...JSON.parse(base["package.json"]), bin: { tool: "./bin/tool.mjs" } }), "bin/tool.mjs": "#!/usr/bin/env node\n", "bin/other.mjs": "" };
    const problems = problemsOf(tree, filesOf(tree, /test-kit|\.test\.ts$/));
    expect(problems.filter((p) => p.startsWith("bin/"))).toEqual(['bin/other.mjs: not part of a published package (allowed: dist/, src/, README.md, LICENSE, CHANGELOG.md, and the files package.json "bin" names)']);
  });
});
