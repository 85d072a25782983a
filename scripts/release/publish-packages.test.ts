import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildStamp } from "../package-build.mjs";
import { pnpmCommand } from "../pnpm-command.mjs";
import { distTag, publishAll, treeProblems } from "./publish-packages.mjs";
import { fetchPackument, quietNpm } from "./registry.mjs";
import { startVerdaccio } from "./verdaccio.mjs";
import { type TestPackage, makeWorkspace, threePackages } from "./test-workspace.js";
import { dependencyOrder, publicPackages, workspacePackages } from "./workspace-packages.mjs";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/**
 * The test's npm environment: none of the caller's npm settings (a script run by pnpm exports
 * its config, `npm_config_registry` included, which would win over the test's npmrc), then `extra`.
 */
function isolatedNpmEnv(extra: Record<string, string>) {
  return { ...quietNpm(Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)))), ...extra };
}

describe("publish order", () => {
  it("puts every package after the workspace packages it depends on, and skips private ones", () => {
    const ws = makeWorkspace([
      ...threePackages("0.1.0"),
      { dir: "packages/redis", manifest: { name: "@acme/redis", version: "0.1.0", dependencies: { "@acme/core": "workspace:^", ioredis: "^6.0.0" } } },
      { dir: "packages/a-first-by-name", manifest: { name: "@acme/a-plugin", version: "0.1.0", peerDependencies: { "@acme/connector": "workspace:^" } } },
    ]);
    cleanup = ws.remove;
    expect(dependencyOrder(publicPackages(ws.root)).map((p) => p.name)).toEqual(["@acme/core", "@acme/connector", "@acme/a-plugin", "@acme/redis"]);
  });

  it("refuses a dependency cycle, naming the packages", () => {
    const ws = makeWorkspace([
      { dir: "packages/a", manifest: { name: "@acme/a", version: "0.1.0", dependencies: { "@acme/b": "workspace:^" } } },
      { dir: "packages/b", manifest: { name: "@acme/b", version: "0.1.0", dependencies: { "@acme/a": "workspace:^" } } },
    ]);
    cleanup = ws.remove;
    expect(() => dependencyOrder(workspacePackages(ws.root))).toThrow(/@acme\/a, @acme\/b depend on each other in a cycle/);
  });
});

describe("the tree a release starts from", () => {
  it("is refused with uncommitted or untracked files, naming them", () => {
    const ws = makeWorkspace(threePackages("0.1.0"));
    cleanup = ws.remove;
    expect(treeProblems(ws.root)).toEqual([]);
    ws.write("packages/core/src/stray.ts", "export {};\n");
    expect(treeProblems(ws.root)).toEqual([expect.stringMatching(/^the working tree has changes git does not have \(packages\/core\/src\/stray\.ts\): commit or remove them/)]);
  });

  it("names an unstaged change exactly (the first porcelain line keeps its leading status column)", () => {
    const ws = makeWorkspace([{ dir: "packages/core", manifest: { name: "@acme/core", version: "0.1.0" }, files: { "src/index.ts": "export {};\n" } }]);
    cleanup = ws.remove;
    ws.write("packages/core/src/index.ts", "export const edited = true;\n");
    expect(treeProblems(ws.root)).toEqual([expect.stringContaining("(packages/core/src/index.ts)")]);
  });

  it("is refused while changesets are pending (they belong in a version commit first)", () => {
    const ws = makeWorkspace(threePackages("0.1.0"), { "fix.md": '---\n"@acme/core": patch\n---\n\nFix.\n' });
    cleanup = ws.remove;
    expect(treeProblems(ws.root)).toEqual([expect.stringMatching(/^1 changeset is still pending \(fix\.md\): run `pnpm changeset version`/)]);
  });
});

describe("publishAll against a real registry on loopback (Verdaccio)", () => {
  let registry: Awaited<ReturnType<typeof startVerdaccio>> | undefined;
  let npmrcDir: string | undefined;
  afterEach(async () => {
    await registry?.stop();
    registry = undefined;
    if (npmrcDir) rmSync(npmrcDir, { recursive: true, force: true });
  });

  /** core ← connector ← plugin, each built (stamped dist) unless listed in `unbuilt`. */
  function chain(unbuilt: string[] = []) {
    const pkg = (dir: string, name: string, deps: Record<string, string>): TestPackage => ({
      dir: `packages/${dir}`,
      manifest: { name, version: "0.1.0", type: "module", exports: { ".": "./dist/index.js" }, files: ["dist"], dependencies: deps },
      files: unbuilt.includes(name) ? {} : { "dist/index.js": `${buildStamp(name, "0.1.0")}\nexport const name = ${JSON.stringify(name)};\n` },
    });
    const ws = makeWorkspace([
      pkg("core", "@acme/core", {}),
      pkg("connector", "@acme/connector", { "@acme/core": "workspace:^" }),
      pkg("plugin", "@acme/plugin", { "@acme/connector": "workspace:^" }),
    ]);
    // pnpm packs workspace: ranges from the installed links; the packages have no other dependencies.
    const [command, prefix] = pnpmCommand();
    execFileSync(command, [...prefix, "install", "--offline", "--silent"], { cwd: ws.root, env: quietNpm(process.env), stdio: "ignore" });
    ws.write(".gitignore", "node_modules\n");
    ws.git("add", "-A");
    ws.git("commit", "--quiet", "-m", "installed");
    return ws;
  }

  async function npmEnv(token: string) {
    registry = await startVerdaccio({ scope: "@acme", proxy: false });
    npmrcDir = mkdtempSync(join(tmpdir(), "toolweave-npmrc-"));
    const npmrc = join(npmrcDir, "npmrc");
    writeFileSync(npmrc, `${registry.url.replace(/^http:/, "")}:_authToken=${token === "registry" ? registry.token : token}\nregistry=${registry.url}\n`);
    return isolatedNpmEnv({ NPM_CONFIG_USERCONFIG: npmrc });
  }

  const versions = async (name: string) => Object.keys((await fetchPackument(registry!.url, name))?.versions ?? {});

  it("stops at the first package it cannot publish, and a rerun publishes the rest in order", async () => {
    const ws = chain(["@acme/connector"]);
    cleanup = ws.remove;
    const env = await npmEnv("registry");
    const lines: string[] = [];
    await expect(publishAll(ws.root, { env, log: (line: string) => lines.push(line) })).rejects.toThrow(
      /Refusing to publish @acme\/connector@0\.1\.0:\n  - \.\/dist\/index\.js is missing: the package is not built[\s\S]*Stopped before @acme\/plugin\. Published in this run: @acme\/core@0\.1\.0\. Fix the cause and run the release again/,
    );
    expect(lines.filter((l) => l.startsWith("New tag:"))).toEqual(["New tag: @acme/core@0.1.0"]);
    expect([await versions("@acme/core"), await versions("@acme/connector"), await versions("@acme/plugin")]).toEqual([["0.1.0"], [], []]);

    ws.write("packages/connector/dist/index.js", `${buildStamp("@acme/connector", "0.1.0")}\nexport {};\n`);
    // As if the first run had failed after core reached the registry but before its tag.
    ws.git("tag", "-d", "@acme/core@0.1.0");
    lines.length = 0;
    expect(await publishAll(ws.root, { env, log: (line: string) => lines.push(line) })).toEqual(["@acme/connector@0.1.0", "@acme/plugin@0.1.0"]);
    expect(lines).toContain("@acme/core@0.1.0 is already on the registry: skipped.");
    expect(lines.filter((l) => l.startsWith("New tag:"))).toEqual(["New tag: @acme/core@0.1.0", "New tag: @acme/connector@0.1.0", "New tag: @acme/plugin@0.1.0"]);
    expect(ws.git("tag", "--list").trim().split("\n")).toEqual(["@acme/connector@0.1.0", "@acme/core@0.1.0", "@acme/plugin@0.1.0"]);
    const packument = await fetchPackument(registry!.url, "@acme/plugin");
    expect(packument.versions["0.1.0"].dependencies).toEqual({ "@acme/connector": "^0.1.0" });
  }, 180_000);

  it("refuses a version whose tag already points at other code, before publishing it", async () => {
    const ws = chain();
    cleanup = ws.remove;
    ws.git("tag", "@acme/connector@0.1.0");
    ws.write("packages/connector/README.md", "changed after the tag\n");
    ws.git("add", "-A");
    ws.git("commit", "--quiet", "-m", "later");
    const env = await npmEnv("registry");
    await expect(publishAll(ws.root, { env, log: () => {} })).rejects.toThrow(/Refusing to publish @acme\/connector@0\.1\.0:\n  - the tag @acme\/connector@0\.1\.0 already points at [0-9a-f]{12}, not at HEAD[\s\S]*Published in this run: @acme\/core@0\.1\.0\./);
    expect(await versions("@acme/connector")).toEqual([]);
  }, 180_000);

  it("publishes a prerelease under next (or pre mode's tag), never under latest", async () => {
    const ws = makeWorkspace([{ dir: "packages/core", manifest: { name: "@acme/core", version: "0.2.0-beta.1" } }]);
    cleanup = ws.remove;
    expect(distTag(ws.root, "0.2.0-beta.1")).toBe("next");
    expect(distTag(ws.root, "0.2.0")).toBe("latest");
    ws.write(".changeset/pre.json", JSON.stringify({ mode: "pre", tag: "beta", initialVersions: {}, changesets: [] }));
    expect(distTag(ws.root, "0.2.0-beta.1")).toBe("beta");
    ws.write(".changeset/fix.md", '---\n"@acme/core": patch\n---\n\nFix.\n');
    ws.git("add", "-A");
    ws.git("commit", "--quiet", "-m", "pre");
    expect(treeProblems(ws.root)).toEqual([]);
  });

  it("stops at the first refused publish (a bad token) with npm's reason and publishes nothing after it", async () => {
    const ws = chain();
    cleanup = ws.remove;
    const env = await npmEnv("not-a-valid-token");
    await expect(publishAll(ws.root, { env, log: () => {} })).rejects.toThrow(/Publishing @acme\/core@0\.1\.0 failed: npm publish exited 1:[\s\S]*(E401|E403|ENEEDAUTH|auth)[\s\S]*Stopped before @acme\/connector, @acme\/plugin\. Published in this run: none\./i);
    expect([await versions("@acme/core"), await versions("@acme/connector")]).toEqual([[], []]);
    expect(ws.git("tag", "--list").trim()).toBe("");
  }, 180_000);
});

describe("publishAll with a registry that echoes the token", () => {
  let server: Server | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("never prints the token, even when npm prints the registry's error body", async () => {
    const token = "npm_SeCrEtToKeN0123456789abcdef";
    // Knows no package; refuses every publish, echoing the Authorization header it was sent.
    server = createServer((request, response) => {
      if (request.method === "GET") return void response.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      request.resume();
      request.on("end", () => response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: `token rejected: ${request.headers.authorization}` })));
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const ws = makeWorkspace([{ dir: "packages/core", manifest: { name: "@acme/core", version: "0.1.0", type: "module", exports: { ".": "./dist/index.js" }, files: ["dist"] }, files: { "dist/index.js": `${buildStamp("@acme/core", "0.1.0")}\n` } }]);
    cleanup = ws.remove;
    dir = mkdtempSync(join(tmpdir(), "toolweave-npmrc-"));
    writeFileSync(join(dir, "npmrc"), `${url.replace(/^http:/, "")}:_authToken=\${NODE_AUTH_TOKEN}\nregistry=${url}\n`);
    const env = isolatedNpmEnv({ NPM_CONFIG_USERCONFIG: join(dir, "npmrc"), NODE_AUTH_TOKEN: token });
    const lines: string[] = [];
    const error = await publishAll(ws.root, { env, log: (line: string) => lines.push(line) }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Publishing @acme\/core@0\.1\.0 failed: npm publish exited 1:[\s\S]*401/);
    expect((error as Error).message).toContain("***");
    expect(`${(error as Error).message}\n${lines.join("\n")}`).not.toContain(token);

    // The token written into the npm config itself (a mirror set up by hand), not in a variable.
    writeFileSync(join(dir, "npmrc"), `${url.replace(/^http:/, "")}:_authToken=${token}\nregistry=${url}\n`);
    const { NODE_AUTH_TOKEN: _unused, ...withoutVariable } = env;
    const again = await publishAll(ws.root, { env: withoutVariable, log: (line: string) => lines.push(line) }).catch((e: Error) => e);
    expect((again as Error).message).toMatch(/401[\s\S]*\*\*\*/);
    expect(`${(again as Error).message}\n${lines.join("\n")}`).not.toContain(token);
  }, 120_000);
});
