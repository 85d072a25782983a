// Test support: a small pnpm workspace in a temp folder, committed to its own git repository,
// shaped like this one (.changeset/config.json ignoring a private demo, packages/* and apps/*).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface TestPackage {
  dir: string;
  manifest: Record<string, unknown>;
  files?: Record<string, string>;
}

export function makeWorkspace(packages: TestPackage[], changesets: Record<string, string> = {}) {
  const root = mkdtempSync(join(tmpdir(), "toolweave-release-test-"));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write("pnpm-workspace.yaml", "packages:\n  - packages/*\n  - apps/*\n");
  write(".changeset/config.json", JSON.stringify({ ignore: ["@acme/demo"], privatePackages: { version: false, tag: false } }));
  for (const pkg of packages) {
    write(`${pkg.dir}/package.json`, JSON.stringify(pkg.manifest, null, 2));
    for (const [path, text] of Object.entries(pkg.files ?? {})) write(`${pkg.dir}/${path}`, text);
  }
  for (const [name, text] of Object.entries(changesets)) write(`.changeset/${name}`, text);
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@localhost", ...args], { cwd: root, encoding: "utf8" });
  git("init", "--quiet");
  git("add", "-A");
  git("commit", "--quiet", "-m", "initial");
  return { root, write, git, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** core ← connector ← (demo, private): the shape of the real workspace. */
export function threePackages(version = "0.0.0"): TestPackage[] {
  return [
    { dir: "packages/connector", manifest: { name: "@acme/connector", version, dependencies: { "@acme/core": "workspace:^" } } },
    { dir: "packages/core", manifest: { name: "@acme/core", version } },
    { dir: "apps/demo", manifest: { name: "@acme/demo", version: "0.1.0", private: true, dependencies: { "@acme/connector": "workspace:*" } } },
  ];
}
