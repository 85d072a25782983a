import { JSON_SCHEMA_VERSION, jsonShape, redactOutput } from "@toolweave/demo/kit";

/** An answer as the tools return it: schemaVersion first, plain JSON, camelCase, no secret in it. */
export function structured(body: Record<string, unknown>): Record<string, unknown> {
  return redactOutput(JSON.parse(JSON.stringify(jsonShape({ schemaVersion: JSON_SCHEMA_VERSION, ...body }))) as Record<string, unknown>);
}
