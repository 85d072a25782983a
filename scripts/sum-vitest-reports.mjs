#!/usr/bin/env node
// Sums every workspace package's vitest JSON report (.vitest-report.json, written by each
// package's vitest.config.ts) and prints the closing line CI reads: "N passed, N failed".
// Exits non-zero when a test failed, when no report was found, or when no test ran.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, relative } from "node:path";

// `--root DIR` sums another tree's reports (the script's own tests use it); default: this repository.
const rootArg = process.argv.indexOf("--root");
const root = rootArg > 0 ? join(process.argv[rootArg + 1], "/") : new URL("..", import.meta.url).pathname;
// Every workspace package: packages/*, apps/*, examples/*, bench and scripts (see pnpm-workspace.yaml).
const dirs = [
  ...["packages", "apps", "examples"].flatMap((group) => {
    const base = join(root, group);
    return existsSync(base) ? readdirSync(base).map((d) => join(base, d)) : [];
  }),
  join(root, "bench"),
  join(root, "scripts"),
];

let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
for (const dir of dirs) {
  const file = join(dir, ".vitest-report.json");
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, "utf8"));
  reports += 1;
  passed += report.numPassedTests ?? 0;
  // A file that fails to load has no failed tests but a failed suite: count it once.
  const failedTests = report.numFailedTests ?? 0;
  failed += failedTests > 0 ? failedTests : (report.numFailedTestSuites ?? 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file whose setup failed (an import, a beforeAll) has no failed test: say so by name.
  const brokenFiles = (report.testResults ?? []).filter((r) => r.status === "failed" && !(r.assertionResults ?? []).some((a) => a.status === "failed"));
  const broken = failedTests === 0 && (report.numFailedTestSuites ?? 0) > 0 ? `; ${report.numFailedTestSuites} test file(s) failed before any test ran${brokenFiles.length ? ` (${brokenFiles.map((r) => relative(dir, r.name)).join(", ")}): see the output above` : ""}` : "";
  console.log(`${dir.slice(root.length)}: ${report.numPassedTests} passed, ${report.numFailedTests} failed${broken}`);
}
if (reports === 0) {
  console.log("no vitest report found: did the tests run?");
  console.log("0 passed, 1 failed");
  process.exit(1);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
