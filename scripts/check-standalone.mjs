#!/usr/bin/env node
// Part of `pnpm lint`: the repository stands alone. No shipped or documentation file refers to
// notes outside the repository (internal research notes, a sibling `shared/` folder), and the
// published packages' READMEs use absolute links (relative ones break on npm).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const FORBIDDEN = /API-NOTES|TOKDOC|\.\.\/shared|\bshared\/reference\b|SPEC §/;
const tracked = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "packages", "apps", "examples", "docs", "README.md", "CONTRIBUTING.md", "SECURITY.md"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .filter(Boolean)
  .filter((f) => !/(^|\/)(node_modules|dist)\//.test(f) && !f.endsWith(".vitest-report.json"));

const problems = [];
for (const file of tracked) {
  let text;
  try {
    text = readFileSync(join(root, file), "utf8");
  } catch {
    continue;
  }
  text.split("\n").forEach((line, i) => {
    if (FORBIDDEN.test(line)) problems.push(`${file}:${i + 1}: refers to notes outside the repository: ${line.trim().slice(0, 120)}`);
  });
  if (/^packages\/[^/]+\/README\.md$/.test(file)) {
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1];
      if (!/^(https?:|mailto:|#)/.test(target)) problems.push(`${file}: link "${target}" is relative; npm shows the README without the repository, so use an absolute https:// link`);
    }
  }
}
if (problems.length) {
  console.error(`The repository must stand alone:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
console.log(`stand-alone check: ${tracked.length} files OK`);
