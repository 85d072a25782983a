import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { extract } from "../extract.mjs";

const run = promisify(execFile);
const here = fileURLToPath(new URL("..", import.meta.url));
const tsc = fileURLToPath(new URL("../node_modules/.bin/tsc", import.meta.url));

describe("every TypeScript block of the published READMEs", () => {
  const files = extract();

  it("is extracted (skipped blocks say why)", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const readme of ["core", "connector-circleci", "connector-circonus", "secrets-env"]) {
      const text = readFileSync(new URL(`../../../packages/${readme}/README.md`, import.meta.url), "utf8");
      const blocks = text.match(/^```ts\s*$/gm)?.length ?? 0;
      const skipped = text.match(/<!--\s*snippet:\s*skip\s*\([^)]+\)\s*-->/g)?.length ?? 0;
      expect(files.filter((f) => f.includes(`/${readme}-`)).length, readme).toBe(blocks - skipped);
    }
  });

  // A full tsc run over every package's types: ~1 min already in a full parallel test run, and
  // ~90 s was seen on a machine running many test processes at once (load average > 10 on 2
  // cores), close to the old 120 s limit. 10 minutes leaves room for a much busier machine; a
  // type error still fails as soon as tsc ends.
  it.each(["tsconfig.nodenext.json", "tsconfig.bundler.json"])("typechecks under strict with %s", async (config) => {
    const result = await run(tsc, ["-p", config], { cwd: here }).catch((error) => error);
    expect(`${result.stdout ?? ""}${result.stderr ?? ""}`).toBe("");
  }, 600_000);
});
