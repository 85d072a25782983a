#!/usr/bin/env node
// `pnpm lint` step for a published package (run from the package directory): lists what
// `npm pack` would publish and fails when the tarball holds what it should not — tests,
// test helpers, fixture sources (the exported `/fixtures` entry ships built, in dist/),
// reports or build caches — or when a source map embeds its sources (they ship in src/
// once, not again inside every map), or when a generated connector still has its
// placeholder API host.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const cwd = process.cwd();
const pkg = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8"));
const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const files = JSON.parse(out)[0].files.map((f) => f.path);

const ALLOWED_TOP = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^CHANGELOG\.md$/, /^dist\//, /^src\//];
const FORBIDDEN = [
  [/\.test\.[cm]?[jt]s$/, "a test file"],
  [/^src\/(.*\/)?__fixtures__\//, "fixture sources (the /fixtures export ships built in dist/)"],
  [/(^|\/)(test-utils|test-support|testing-support)(\/|\.[jt]s$)/, "a test helper"],
  [/\.vitest-report\.json$|\.tsbuildinfo$|(^|\/)\.turbo\//, "a report or build cache"],
  [/(^|\/)(spec|openapi)[^/]*\.(json|ya?ml)$/i, "an API spec copy (test material)"],
];

const problems = [];
for (const file of files) {
  if (!ALLOWED_TOP.some((re) => re.test(file))) problems.push(`${file}: not part of a published package (allowed: dist/, src/, README.md, LICENSE, CHANGELOG.md)`);
  for (const [re, what] of FORBIDDEN) if (re.test(file)) problems.push(`${file}: ${what}`);
}
for (const file of files.filter((f) => f.endsWith(".js.map"))) {
  const map = JSON.parse(readFileSync(join(cwd, file), "utf8"));
  if (Array.isArray(map.sourcesContent) && map.sourcesContent.some((s) => s)) problems.push(`${file}: embeds its sources (set sourcesContent: false; src/ ships once)`);
}
for (const file of files.filter((f) => /^dist\/.*\.js$/.test(f))) {
  if (/https:\/\/api\.[a-z0-9-]+\.example\b/.test(readFileSync(join(cwd, file), "utf8"))) {
    problems.push(`${file}: still uses the generator's placeholder API host (api.<name>.example): set DEFAULT_BASE_URL in src/settings.ts to the vendor's real API root before releasing`);
  }
}
if (problems.length) {
  console.error(`${pkg.name}: the packed tarball is not right:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
console.log(`${pkg.name}: tarball OK (${files.length} files)`);
