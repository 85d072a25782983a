import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { changesetProblems, isShippedSource, parseChangeset } from "./check-changesets.mjs";
import { makeWorkspace, threePackages } from "./test-workspace.js";

const first = (name: string, bump = "minor") => `---\n"${name}": ${bump}\n---\n\nFirst release: ${name}.\n`;
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function workspace(version: string, changesets: Record<string, string>) {
  const ws = makeWorkspace(threePackages(version), changesets);
  cleanup = ws.remove;
  return ws;
}

describe("check-changesets", () => {
  it("finds the repository's own pending changesets releasable: one first-release note per unreleased package", () => {
    expect(changesetProblems(fileURLToPath(new URL("../../", import.meta.url)))).toEqual([]);
  });

  it("accepts one first-release changeset per never-released package", () => {
    const { root } = workspace("0.0.0", { "core-first-release.md": first("@acme/core"), "connector-first-release.md": first("@acme/connector") });
    expect(changesetProblems(root)).toEqual([]);
  });

  it("refuses a changeset that names only a private package: changesets would never consume it", () => {
    const { root } = workspace("0.0.0", { "core.md": first("@acme/core"), "connector.md": first("@acme/connector"), "demo-only.md": first("@acme/demo", "patch") });
    expect(changesetProblems(root)).toEqual([expect.stringMatching(/^\.changeset\/demo-only\.md names only @acme\/demo, which is not published: changesets never consumes it.*name the published package/)]);
  });

  it("refuses a private package next to published ones, an unknown package and a bad bump", () => {
    const { root } = workspace("0.0.0", {
      "core.md": '---\n"@acme/core": minor\n"@acme/demo": patch\n---\n\nx\n',
      "connector.md": '---\n"@acme/connector": big\n"@acme/nope": patch\n---\n\nx\n',
    });
    const problems = changesetProblems(root);
    expect(problems).toContainEqual(expect.stringMatching(/core\.md names @acme\/demo, which is private or ignored: remove that line/));
    expect(problems).toContainEqual(expect.stringMatching(/connector\.md names @acme\/nope, which is not a package of this workspace/));
    expect(problems).toContainEqual(expect.stringMatching(/"@acme\/connector": big is not a bump/));
  });

  it("asks for exactly one first-release changeset per never-released package", () => {
    const { root } = workspace("0.0.0", { "a.md": first("@acme/core"), "b.md": first("@acme/core", "patch") });
    const problems = changesetProblems(root);
    expect(problems).toContainEqual(expect.stringMatching(/@acme\/core has never been released but 2 changesets name it \(a\.md, b\.md\): fold them/));
    expect(problems).toContainEqual(expect.stringMatching(/@acme\/connector has never been released and no changeset names it.*\.changeset\/connector-first-release\.md/));
  });

  it("refuses the bump none (a first release would stay 0.0.0, and a released package's change would go undescribed)", () => {
    const { root } = workspace("0.0.0", { "first.md": '---\n"@acme/core": none\n"@acme/connector": minor\n---\n\nFirst release.\n' });
    const problems = changesetProblems(root);
    expect(problems).toContainEqual(expect.stringMatching(/first\.md: "@acme\/core": none is not a bump; use patch, minor or major/));
    expect(problems).toContainEqual(expect.stringMatching(/^@acme\/core has never been released and no changeset names it/));
  });

  it("reads changesets as changesets does: BOM, blank lines and CRLF; a README of any case is not one", () => {
    const { root } = workspace("0.0.0", {
      "core.md": '\uFEFF\n---\r\n"@acme/core": minor\r\n---\r\n\r\nFirst release.\r\n',
      "connector.md": first("@acme/connector"),
      "readme.md": "# Changesets\n\nNot a changeset.\n",
    });
    expect(changesetProblems(root)).toEqual([]);
  });

  it("needs the release tags in CI: a released package without its tag cannot be checked", () => {
    const { root } = workspace("0.1.0", {});
    const ci = process.env.CI;
    process.env.CI = "true";
    try {
      expect(changesetProblems(root)).toContainEqual(expect.stringMatching(/^no tag @acme\/core@0\.1\.0 in this clone.*fetch the tags \(git fetch --tags; actions\/checkout with fetch-depth: 0\)/));
    } finally {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
    }
  });

  it("asks for a changeset when a released package's shipped files changed since its tag, not for its tests", () => {
    const ws = workspace("0.1.0", {});
    ws.git("tag", "@acme/core@0.1.0");
    ws.git("tag", "@acme/connector@0.1.0");
    ws.write("packages/core/src/index.ts", "export const x = 1;\n");
    ws.write("packages/connector/src/index.test.ts", "test\n");
    ws.git("add", "-A");
    ws.git("commit", "--quiet", "-m", "change");
    expect(changesetProblems(ws.root)).toEqual([expect.stringMatching(/^@acme\/core changed since @acme\/core@0\.1\.0 \(src\/index\.ts\) but no changeset names it: run `pnpm changeset`/)]);
    ws.write(".changeset/fix.md", first("@acme/core", "patch"));
    expect(changesetProblems(ws.root)).toEqual([]);
  });

  it("asks every released package for a changeset when a build file they all share changed since its tag", () => {
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    const released = () => {
      const ws = workspace("0.1.0", {});
      ws.git("tag", "@acme/core@0.1.0");
      ws.git("tag", "@acme/connector@0.1.0");
      return ws;
    };
    for (const shared of ["tsconfig.build.base.json", "scripts/package-build.mjs"]) {
      const ws = released();
      ws.write(shared, "// changed\n");
      ws.git("add", "-A");
      ws.git("commit", "--quiet", "-m", "change");
      expect(changesetProblems(ws.root), shared).toEqual(
        ["@acme/connector", "@acme/core"].map((name) => expect.stringMatching(new RegExp(`^${escape(name)} changed since ${escape(name)}@0\\.1\\.0 \\(${escape(shared)}\\) but no changeset names it`))),
      );
      ws.remove();
    }
    // Other root files (a test config, another script) are not part of any package's build.
    const ws = released();
    ws.write("vitest.config.ts", "// changed\n");
    ws.write("scripts/other.mjs", "// changed\n");
    ws.git("add", "-A");
    ws.git("commit", "--quiet", "-m", "change");
    expect(changesetProblems(ws.root)).toEqual([]);
  });

  it("reads front matter and tells shipped sources from test material", () => {
    expect(parseChangeset('---\n"@acme/core": patch\n"@acme/x": minor\n---\n\nbody', "f.md")).toEqual([
      { name: "@acme/core", bump: "patch" },
      { name: "@acme/x", bump: "minor" },
    ]);
    expect(() => parseChangeset("no front matter", "f.md")).toThrow(/f\.md: no front matter/);
    expect(() => parseChangeset('---\n"@acme/core": minor---\n', "f.md")).toThrow(/no front matter/);
    expect(() => parseChangeset('text first\n---\n"@acme/core": minor\n---\n', "f.md")).toThrow(/no front matter/);
    expect(parseChangeset("---\n---\n\nEmpty.\n", "f.md")).toEqual([]);
    expect(["src/a.ts", "package.json", "README.md", "tsup.config.ts"].every(isShippedSource)).toBe(true);
    expect(["src/a.test.ts", "src/__fixtures__/x.ts", "src/test-support/y.ts", "vitest.config.ts", "test/a.ts"].some(isShippedSource)).toBe(false);
  });
});
