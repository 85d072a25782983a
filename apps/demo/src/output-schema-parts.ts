import { z } from "zod";
import { JSON_SCHEMA_VERSION } from "./command.js";

// The pieces the commands' `--json` output schemas share (schemaVersion 2). Each command's own
// schema is its module's `output`; output-schemas.ts gathers them for the JSON Schema files.

export const isoDate = z.iso.datetime({ offset: true });
const mode = z.enum(["simulated", "live"]);

/** The fields every answer starts with. */
export const header = <C extends string>(command: C) => ({
  schemaVersion: z.literal(JSON_SCHEMA_VERSION),
  command: z.literal(command),
  mode,
});

/** A redacted error (core's `toJSON()`): never a header, token or stack. */
export const errorSchema = z.looseObject({
  name: z.string(),
  kind: z.string().optional(),
  message: z.string(),
  fix: z.string().optional(),
  status: z.number().int().optional(),
  isRetryable: z.boolean().optional(),
  problems: z.array(z.unknown()).optional(),
});

/** A lookup that could not be made (the answer may be missing something). */
export const incompletePart = z.looseObject({
  lookup: z.string(),
  error: errorSchema.extend({ name: z.string().optional(), kind: z.string() }),
  retryable: z.boolean(),
});
export const incompleteWithProvider = incompletePart.extend({ provider: z.string() });

export const serviceEntry = z.looseObject({
  name: z.string(),
  repo: z.string(),
  envs: z.array(z.string()).min(1),
  team: z.string().optional(),
  component: z.string().optional(),
});

export const providerBase = { id: z.string(), displayName: z.string() };
