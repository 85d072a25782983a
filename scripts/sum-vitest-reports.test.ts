// The closing line CI reads, summed from the packages' vitest JSON reports.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const SCRIPT = fileURLToPath(new URL("./sum-vitest-reports.mjs", import.meta.url));
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function tree(reports: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), "toolweave-sum-"));
  roots.push(root);
  for (const [dir, report] of Object.entries(reports)) {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, ".vitest-report.json"), JSON.stringify(report));
  }
  return root;
}

const sum = (root: string) => spawnSync(process.execPath, [SCRIPT, "--root", root], { encoding: "utf8" });

describe("sum-vitest-reports", () => {
  it("sums passed, failed and skipped across packages and exits 0 when nothing failed", () => {
    const root = tree({
      "packages/a": { numPassedTests: 3, numFailedTests: 0, numFailedTestSuites: 0, numPendingTests: 1, testResults: [] },
      "examples/b": { numPassedTests: 2, numFailedTests: 0, numFailedTestSuites: 0, testResults: [] },
    });
    const result = sum(root);
    expect(result.stdout).toMatch(/^packages\/a: 3 passed, 0 failed$/m);
    expect(result.stdout.trim().split("\n").pop()).toBe("5 passed, 0 failed, 1 skipped");
    expect(result.status).toBe(0);
  });

  it("says which package's test file failed before any test ran, and counts it as a failure", () => {
    const root = tree({
      "packages/a": { numPassedTests: 3, numFailedTests: 0, numFailedTestSuites: 0, testResults: [] },
      "examples/broken": {
        numPassedTests: 0,
        numFailedTests: 0,
        numFailedTestSuites: 1,
        testResults: [{ name: join("/somewhere", "examples/broken", "test/x.test.mjs"), status: "failed", assertionResults: [] }],
      },
    });
    const result = sum(root);
    expect(result.stdout).toMatch(/^examples\/broken: 0 passed, 0 failed; 1 test file\(s\) failed before any test ran/m);
    expect(result.stdout.trim().split("\n").pop()).toBe("3 passed, 1 failed");
    expect(result.status).toBe(1);
  });

  it("fails when no report was written", () => {
    const result = sum(tree({}));
    expect(result.stdout).toMatch(/no vitest report found/);
    expect(result.status).toBe(1);
  });
});
