import { afterEach, describe, expect, it } from "vitest";
import { treeProblems } from "./publish-packages.mjs";
import { makeWorkspace, threePackages } from "./test-workspace.js";
import { dependencyOrder, publicPackages, workspacePackages } from "./workspace-packages.mjs";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

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

  it("is refused while changesets are pending (they belong in a version commit first)", () => {
    const ws = makeWorkspace(threePackages("0.1.0"), { "fix.md": '---\n"@acme/core": patch\n---\n\nFix.\n' });
    cleanup = ws.remove;
    expect(treeProblems(ws.root)).toEqual([expect.stringMatching(/^1 changeset is still pending \(fix\.md\): run `pnpm changeset version`/)]);
  });
});
