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

/** One event of a timeline (`ServiceEvent`), as the JSON answers show it. */
/** The commit a deploy shipped (`ServiceEventCommit`). */
export const eventCommit = z.strictObject({
  sha: z.string(),
  url: z.string().optional(),
  subject: z.string().optional(),
  /** When the commit was made, when the tool reports it (CircleCI does not). */
  committedAt: isoDate.optional(),
  /** When this commit last went live in the env before this deploy (a rerun of a pipeline that had deployed it). */
  previouslyLiveAt: isoDate.optional(),
});
/** A `ServiceEventKind`. */
export const eventKind = z.enum(["deploy", "deploy-failed", "alert-opened", "alert-cleared", "annotation"]);
export const serviceEvent = z.strictObject({
  id: z.string(),
  provider: z.string(),
  kind: eventKind,
  start: isoDate,
  end: isoDate.optional(),
  env: z.string().optional(),
  title: z.string(),
  url: z.string().optional(),
  keys: z.looseObject({ service: z.string().optional(), env: z.string().optional(), repo: z.string().optional() }),
  severity: z.number().int().min(1).max(5).optional(),
  commit: eventCommit.optional(),
  actor: z.string().optional(),
  /** Deploys: when the run that shipped it was asked for (the pipeline's trigger, or the rerun). */
  triggeredAt: isoDate.optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  /** A deploy's marker annotation (folded into it: the annotation is not an event of its own). */
  marker: z.strictObject({ provider: z.string(), id: z.string(), title: z.string(), start: isoDate, url: z.string().optional() }).optional(),
});
/** A deploy that went live to an alert's env shortly before it (`Suspect`). */
export const suspectLink = z.strictObject({
  alertId: z.string(),
  alertProvider: z.string(),
  deployId: z.string(),
  provider: z.string(),
  env: z.string().optional(),
  commit: eventCommit.optional(),
  gapMs: z.number().int().nonnegative(),
});
