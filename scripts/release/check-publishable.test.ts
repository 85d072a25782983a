import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { buildStamp } from "../package-build.mjs";
import { buildProblems, declaredFiles, missingDependencies, publishProblems } from "./check-publishable.mjs";
import { makeWorkspace, threePackages } from "./test-workspace.js";
import { workspacePackages } from "./workspace-packages.mjs";

const manifest = {
  name: "@acme/core",
  version: "0.1.0",
  exports: { ".": { types: "./dist/types/index.d.ts", default: "./dist/index.js" }, "./package.json": "./package.json" },
  main: "./dist/index.js",
};
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function pkg(files: Record<string, string>) {
  const ws = makeWorkspace([{ dir: "packages/core", manifest, files }]);
  cleanup = ws.remove;
  return `${ws.root}/packages/core`;
}

describe("check-publishable: the build", () => {
  it("lists every file exports, main and types name", () => {
    expect(declaredFiles(manifest).sort()).toEqual(["./dist/index.js", "./dist/types/index.d.ts", "./package.json"]);
  });

  it("accepts a build stamped with the package's version", () => {
    const stamp = buildStamp("@acme/core", "0.1.0");
    expect(buildProblems(pkg({ "dist/index.js": `${stamp}\nexport {};\n`, "dist/chunk-A.js": `${stamp}\n`, "dist/types/index.d.ts": "export {};\n" }), manifest)).toEqual([]);
  });

  it("refuses a missing build, naming the files and the command", () => {
    expect(buildProblems(pkg({}), manifest)).toEqual([expect.stringMatching(/^\.\/dist\/index\.js, \.\/dist\/types\/index\.d\.ts are missing: the package is not built\. Run `pnpm release`.*`pnpm --filter @acme\/core build`/)]);
  });

  it("refuses a build made for the previous version (built before `changeset version`)", () => {
    const old = buildStamp("@acme/core", "0.0.0");
    const problems = buildProblems(pkg({ "dist/index.js": `${old}\nexport const CORE_VERSION = "0.0.0";\n`, "dist/chunk-A.js": `${old}\n`, "dist/types/index.d.ts": "" }), manifest);
    expect(problems).toEqual([expect.stringMatching(/^dist\/(index|chunk-A)\.js and 1 more were built for @acme\/core@0\.0\.0, but package\.json is @acme\/core@0\.1\.0: rebuild/)]);
  });

  it("refuses a build without a stamp", () => {
    expect(buildProblems(pkg({ "dist/index.js": "export {};\n", "dist/types/index.d.ts": "" }), manifest)).toEqual([expect.stringMatching(/^dist\/index\.js carry no build stamp/)]);
  });
});

describe("check-publishable: dependencies on the registry", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** A loopback registry that has `@acme/core` at `versions`. */
  async function registry(versions: string[]) {
    server = createServer((request, response) => {
      if (decodeURIComponent(request.url ?? "") !== "/@acme/core" || versions.length === 0) {
        response.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
        return;
      }
      const time = Object.fromEntries(versions.map((v) => [v, "2026-12-01T00:00:00.000Z"]));
      const body = { name: "@acme/core", "dist-tags": { latest: versions.at(-1) }, time, versions: Object.fromEntries(versions.map((v) => [v, { name: "@acme/core", version: v, dist: { tarball: "http://x/y.tgz", shasum: "0" } }])) };
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`;
  }

  it("names a workspace dependency the registry does not have at its version yet", async () => {
    const ws = makeWorkspace(threePackages("0.1.0"));
    cleanup = ws.remove;
    const all = workspacePackages(ws.root);
    const connector = all.find((p) => p.name === "@acme/connector")!;
    const env = { ...process.env, npm_config_registry: await registry(["0.0.1"]) };
    expect(await missingDependencies(connector, all, { cwd: ws.root, env })).toEqual(["@acme/core@0.1.0"]);
  });

  it("refuses a package still at 0.0.0 (never versioned)", async () => {
    const ws = makeWorkspace([{ dir: "packages/core", manifest: { ...manifest, version: "0.0.0" }, files: { "dist/index.js": `${buildStamp("@acme/core", "0.0.0")}\n`, "dist/types/index.d.ts": "" } }]);
    cleanup = ws.remove;
    const [core] = workspacePackages(ws.root);
    const env = { ...process.env, npm_config_registry: await registry([]) };
    expect(await publishProblems(core!, [core!], { cwd: ws.root, env })).toEqual([expect.stringMatching(/^its version is 0\.0\.0: it was never versioned\. Run `pnpm changeset version`/)]);
  });

  it("is satisfied once the dependency is there, and the unpublished private demo is never asked for", async () => {
    const ws = makeWorkspace(threePackages("0.1.0"));
    cleanup = ws.remove;
    const all = workspacePackages(ws.root);
    const env = { ...process.env, npm_config_registry: await registry(["0.0.1", "0.1.0"]) };
    expect(await missingDependencies(all.find((p) => p.name === "@acme/connector")!, all, { cwd: ws.root, env })).toEqual([]);
  });

  it("treats a package the registry never saw as missing", async () => {
    const ws = makeWorkspace(threePackages("0.1.0"));
    cleanup = ws.remove;
    const all = workspacePackages(ws.root);
    const env = { ...process.env, npm_config_registry: await registry([]) };
    expect(await missingDependencies(all.find((p) => p.name === "@acme/connector")!, all, { cwd: ws.root, env })).toEqual(["@acme/core@0.1.0"]);
  });
});
