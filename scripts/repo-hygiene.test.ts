/**
 * The repository files a published project is expected to have, checked since no remote runs
 * them here: the GitHub workflows are valid YAML that run `.ci/run` and the changesets
 * release, and SECURITY.md says how to report a leak.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, "utf8");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { "runs-on": string; steps: Step[]; "timeout-minutes"?: number }>;
}

const workflow = (name: string) => parse(read(`.github/workflows/${name}`), { strict: true, uniqueKeys: true }) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((job) => job.steps);

describe(".github/workflows", () => {
  it("ci.yml is valid YAML that runs .ci/run on pushes and pull requests, within CI's 90 minutes", () => {
    const ci = workflow("ci.yml");
    expect(Object.keys(ci.on).sort()).toEqual(["pull_request", "push"]);
    expect(steps(ci).some((s) => s.run === "bash .ci/run")).toBe(true);
    expect(steps(ci).some((s) => s.uses?.startsWith("actions/checkout@"))).toBe(true);
    for (const job of Object.values(ci.jobs)) expect(job["timeout-minutes"]).toBeLessThanOrEqual(90);
    expect(ci.permissions).toEqual({ contents: "read" });
  });

  it("ci.yml and release.yml check out with the release tags (changeset:check compares released packages with them)", () => {
    for (const name of ["ci.yml", "release.yml"]) {
      const checkouts = steps(workflow(name)).filter((s) => s.uses?.startsWith("actions/checkout@"));
      expect(checkouts.length, name).toBeGreaterThan(0);
      for (const step of checkouts) expect(step.with?.["fetch-depth"], name).toBe(0);
    }
  });

  it("release.yml is valid YAML that versions or publishes with the changesets action and npm provenance", () => {
    const release = workflow("release.yml");
    expect(Object.keys(release.on)).toEqual(["push"]);
    const action = steps(release).find((s) => s.uses?.startsWith("changesets/action@"));
    expect(action?.with).toMatchObject({ version: expect.stringMatching(/version-packages$/), publish: expect.stringMatching(/release$/) });
    expect(release.permissions?.["id-token"]).toBe("write");
    expect(steps(release).some((s) => s.run === "bash .ci/run")).toBe(true);
  });

  it("drift.yml installs the newest versions in range on a schedule, without blocking anyone", () => {
    const drift = workflow("drift.yml");
    expect(Object.keys(drift.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    for (const job of Object.values(drift.jobs)) expect((job as { "continue-on-error"?: boolean })["continue-on-error"]).toBe(true);
    expect(steps(drift).some((s) => s.run?.includes("TOOLWEAVE_CONSUMER_DRIFT=1") && s.run.includes("example-tarball-consumer"))).toBe(true);
  });

  it("uses the pinned pnpm the README documents", () => {
    const pinned = (JSON.parse(read("package.json")) as { packageManager: string }).packageManager.replace("pnpm@", "");
    for (const name of ["ci.yml", "release.yml", "drift.yml"]) {
      const text = read(`.github/workflows/${name}`);
      for (const match of text.matchAll(/pnpm@([\d.]+)/g)) expect(match[1]).toBe(pinned);
    }
  });
});

describe("workspace bins", () => {
  it("point at committed files, so a fresh install links them before the first build", () => {
    const manifests = ["apps", "packages", "examples"].flatMap((group) =>
      readdirSync(`${root}${group}`, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(`${root}${group}/${entry.name}/package.json`))
        .map((entry) => `${group}/${entry.name}`),
    );
    let bins = 0;
    for (const dir of manifests) {
      const bin = (JSON.parse(read(`${dir}/package.json`)) as { bin?: string | Record<string, string> }).bin;
      for (const target of typeof bin === "string" ? [bin] : Object.values(bin ?? {})) {
        bins += 1;
        expect(target, `${dir}: bin ${target}`).not.toMatch(/^(\.\/)?dist\//);
        expect(existsSync(`${root}${dir}/${target}`), `${dir}: bin ${target} exists`).toBe(true);
      }
    }
    expect(bins).toBeGreaterThan(0);
  });
});

describe("SECURITY.md", () => {
  it("says how to report a leaked secret privately", () => {
    expect(existsSync(`${root}SECURITY.md`)).toBe(true);
    const text = read("SECURITY.md");
    expect(text).toMatch(/Report a vulnerability/);
    expect(text).toMatch(/Do not open a public issue/);
  });
});
