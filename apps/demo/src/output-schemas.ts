import { z } from "zod";
import { COMMANDS } from "./commands/index.js";
import { JSON_SCHEMA_VERSION } from "./command.js";
import { errorSchema } from "./output-schema-parts.js";

// The `--json` output of every command, as zod schemas: each command's `output` (from the
// table in commands/index.ts), and the answer of a command that failed. The JSON Schema files in
// apps/demo/schemas/ are generated from these (`z.toJSONSchema`, draft 2020-12) and a test
// checks they have not drifted, and that real outputs of every command match.

/** What any command prints with `--json` when it fails before answering (exit 2, or 1). */
export const errorOutput = z.strictObject({
  schemaVersion: z.literal(JSON_SCHEMA_VERSION),
  command: z.string().nullable(),
  ok: z.literal(false),
  error: errorSchema,
});

/** Command name (or `error`) → its output schema. */
export const OUTPUT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  ...Object.fromEntries(COMMANDS.flatMap((command) => (command.output ? [[command.name, command.output]] : []))),
  error: errorOutput,
};

/** The JSON Schema (draft 2020-12) of one command's `--json` output. */
export function jsonSchemaOf(name: string): Record<string, unknown> {
  const schema = OUTPUT_SCHEMAS[name];
  if (!schema) throw new Error(`No --json output schema named "${name}".`);
  return {
    ...z.toJSONSchema(schema, { target: "draft-2020-12", io: "output" }),
    title:
      name === "error"
        ? `toolweave-demo --json output of a command that failed (schemaVersion ${JSON_SCHEMA_VERSION})`
        : `toolweave-demo ${name} --json output (schemaVersion ${JSON_SCHEMA_VERSION})`,
  };
}
