import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runMain } from "./testing/run-main.js";
import { writeJson } from "./json-shape.js";
import { jsonSchemaOf, OUTPUT_SCHEMAS } from "./output-schemas.js";

// Every command's --json output matches its schema, and the published JSON Schema files are
// exactly what the zod schemas generate (UPDATE_SCHEMAS=1 rewrites them after a change).

const NOW = "2026-11-25T12:00:00Z";
const schemaFile = (name: string) => new URL(`../schemas/${name}.schema.json`, import.meta.url);

async function json(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; value: unknown }> {
  const { code, stdout } = await runMain([...argv, "--json"], { TOOLWEAVE_SIM_NOW: NOW, ...env });
  return { code, value: JSON.parse(stdout) };
}

/** Every key in camelCase (no snake_case or kebab-case), and no message that repeats its fix. */
function checkShape(value: unknown, path = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => checkShape(v, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  const problems: string[] = [];
  const record = value as Record<string, unknown>;
  for (const [key, inner] of Object.entries(record)) {
    if (/[_-]/.test(key)) problems.push(`${path}.${key}: not camelCase`);
    problems.push(...checkShape(inner, `${path}.${key}`));
  }
  if (typeof record.message === "string" && typeof record.fix === "string" && record.fix && record.message.includes(record.fix)) problems.push(`${path}.message repeats fix`);
  return problems;
}

describe("writeJson", () => {
  it("writes the same bytes as JSON.stringify(value, null, 2), piece by piece", () => {
    const value = { a: 1, list: [{ x: [1, { y: "z\n" }] }, 2, null], empty: [], nested: { k: [1] }, s: "t" };
    let out = "";
    writeJson((t) => (out += t), value);
    expect(out).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });
});

describe("--json output schemas", () => {
  for (const name of Object.keys(OUTPUT_SCHEMAS) as (keyof typeof OUTPUT_SCHEMAS)[]) {
    it(`schemas/${name}.schema.json is generated from the zod schema (draft 2020-12)`, () => {
      const generated = `${JSON.stringify(jsonSchemaOf(name), null, 2)}\n`;
      if (process.env.UPDATE_SCHEMAS === "1") writeFileSync(schemaFile(name), generated);
      const published = readFileSync(schemaFile(name), "utf8");
      expect(published, "run: UPDATE_SCHEMAS=1 npx vitest run src/output-schemas.test.ts (in apps/demo)").toBe(generated);
      expect(JSON.parse(published).$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    });
  }

  const cases: [keyof typeof OUTPUT_SCHEMAS, string[], Record<string, string>?][] = [
    ["status", ["status", "checkout"]],
    ["status", ["status", "billing", "--env", "prod"]],
    ["status", ["status", "checkout"], { TOOLWEAVE_SIM_FAULT: "circonus-down" }],
    ["status", ["status", "checkout"], { TOOLWEAVE_SIM_FAULT: "circleci-workflows-down" }],
    ["doctor", ["doctor"]],
    ["doctor", ["doctor"], { TOOLWEAVE_SIM_FAULT: "circonus-unapproved" }],
    ["audit", ["audit"]],
    ["audit", ["audit", "--service", "checkout"], { TOOLWEAVE_SIM_FAULT: "circleci-workflows-down" }],
    ["audit", ["audit"], { TOOLWEAVE_SIM_FAULT: "circleci-down" }],
    ["services", ["services"]],
    ["timeline", ["timeline", "checkout"]],
    ["timeline", ["timeline", "checkout", "--env", "prod", "--since", "7d"]],
    ["timeline", ["timeline", "web-shop"], { TOOLWEAVE_SIM_FAULT: "circonus-down" }],
    ["delivery", ["delivery", "checkout"]],
    ["delivery", ["delivery", "checkout", "--env", "prod"], { TOOLWEAVE_SIM_FAULT: "circonus-down" }],
    ["annotate", ["annotate", "checkout", "--env", "prod"]],
    ["annotate", ["annotate", "checkout", "--env", "prod", "--apply"]],
    ["annotate", ["annotate", "checkout", "--env", "prod"], { TOOLWEAVE_SIM_FAULT: "circonus-read-only" }],
    ["error", ["annotate", "checkout", "--env", "prod", "--apply"], { TOOLWEAVE_SIM_FAULT: "circonus-read-only" }],
    ["error", ["status", "nope"]],
    ["error", ["doctor"], { CIRCONUS_API_TOKEN: "not-a-uuid" }],
  ];
  for (const [name, argv, env] of cases) {
    it(`${argv.join(" ")} --json${env ? ` (${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(" ")})` : ""} matches ${name}.schema.json, camelCase only`, async () => {
      const { value } = await json(argv, env);
      const result = OUTPUT_SCHEMAS[name]!.safeParse(value);
      expect(result.success ? [] : result.error.issues).toEqual([]);
      expect(checkShape(value)).toEqual([]);
    });
  }
});
