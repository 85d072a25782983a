import { z } from "zod";

// The `--json` output of every command (schemaVersion 2), as zod schemas. The JSON Schema files
// in apps/demo/schemas/ are generated from these (`z.toJSONSchema`, draft 2020-12) and a test
// checks they have not drifted, and that real outputs of every command match.

const isoDate = z.iso.datetime({ offset: true });
const mode = z.enum(["simulated", "live"]);
const header = <C extends string>(command: C) => ({
  schemaVersion: z.literal(2),
  command: z.literal(command),
  mode,
});

/** A redacted error (core's `toJSON()`): never a header, token or stack. */
const errorJson = z.looseObject({
  name: z.string(),
  kind: z.string().optional(),
  message: z.string(),
  fix: z.string().optional(),
  status: z.number().int().optional(),
  isRetryable: z.boolean().optional(),
  problems: z.array(z.unknown()).optional(),
});

/** A lookup that could not be made (the answer may be missing something). */
const incompletePart = z.looseObject({
  lookup: z.string(),
  error: errorJson.extend({ name: z.string().optional(), kind: z.string() }),
  retryable: z.boolean(),
});
const incompleteWithProvider = incompletePart.extend({ provider: z.string() });

const serviceEntry = z.looseObject({
  name: z.string(),
  repo: z.string(),
  envs: z.array(z.string()).min(1),
  team: z.string().optional(),
  component: z.string().optional(),
});

const deploy = z.looseObject({
  pipeline: z.looseObject({ id: z.string(), number: z.number().int() }),
  commitSha: z.string().nullable(),
  actor: z.string().nullable(),
  deployedAt: z.string().nullable(),
  links: z.looseObject({ workflow: z.string() }),
  workflow: z.looseObject({ name: z.string() }),
});

const circleciData = z.looseObject({
  latest: z.looseObject({
    project: z.looseObject({ slug: z.string(), defaultBranch: z.string().nullable(), url: z.string() }),
    branch: z.string(),
    pipeline: z.looseObject({ id: z.string(), number: z.number().int(), createdAt: z.string().nullable().optional() }).nullable(),
    workflows: z.array(z.looseObject({ id: z.string(), name: z.string(), status: z.string().nullable(), url: z.string() })),
    outcome: z.string().nullable(),
    incomplete: z.array(incompletePart),
  }),
  deploys: z.array(z.strictObject({ env: z.string(), deploy: deploy.nullable(), incomplete: z.array(incompletePart) })),
  workflows: z.array(
    z.strictObject({
      name: z.string(),
      successRate: z.number().min(0).max(1),
      totalRuns: z.number().int(),
      failedRuns: z.number().int(),
      medianDurationMs: z.number().nullable(),
      p95DurationMs: z.number().nullable(),
    }),
  ),
  reportingWindow: z.string(),
  insightsBranch: z.string(),
  incomplete: z.array(incompletePart),
  deployNaming: z.strictObject({ expected: z.string(), found: z.array(z.string()) }).nullable(),
});

const circonusData = z.looseObject({
  alerts: z.array(
    z.strictObject({
      id: z.string(),
      severity: z.number().int(),
      checkName: z.string().nullable(),
      metric: z.string().nullable(),
      value: z.string().nullable(),
      occurredAt: z.string().nullable(),
      acknowledged: z.boolean(),
      url: z.string().nullable(),
    }),
  ),
  alertsBySeverity: z.record(z.string(), z.number().int()),
  checkBundles: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      type: z.string().nullable(),
      target: z.string().nullable(),
      status: z.string().nullable(),
      url: z.string().nullable(),
      tags: z.array(z.string()),
    }),
  ),
  searches: z.strictObject({ alerts: z.string(), checkBundles: z.string() }),
  tags: z.array(z.string()),
  incomplete: z.array(incompletePart),
});

const providerBase = { id: z.string(), displayName: z.string() };

export const statusOutput = z.strictObject({
  ...header("status"),
  generatedAt: isoDate,
  service: serviceEntry,
  env: z.string().nullable(),
  complete: z.boolean(),
  incomplete: z.array(incompleteWithProvider),
  providers: z.array(
    z.union([
      z.strictObject({ ...providerBase, configured: z.literal(true), ok: z.literal(true), incomplete: z.array(incompletePart), data: z.union([circleciData, circonusData]) }),
      z.strictObject({ ...providerBase, configured: z.literal(true), ok: z.literal(false), error: errorJson }),
      z.strictObject({ ...providerBase, configured: z.literal(false), ok: z.literal(false), missing: z.array(z.string()) }),
    ]),
  ),
});

const credential = z.looseObject({ kind: z.string(), masked: z.string(), scope: z.string().optional(), privilege: z.string().optional() });

export const doctorOutput = z.strictObject({
  ...header("doctor"),
  generatedAt: isoDate,
  providers: z.array(
    z.strictObject({
      ...providerBase,
      configured: z.boolean(),
      credential: credential.optional(),
      verify: z.looseObject({ ok: z.boolean(), checks: z.array(z.looseObject({ name: z.string(), ok: z.boolean(), detail: z.string() })) }).optional(),
      error: errorJson.optional(),
      rotation: z.looseObject({ status: z.string(), message: z.string(), ageDays: z.number().optional(), expiresInDays: z.number().optional() }).optional(),
      fine: z.array(z.strictObject({ name: z.string(), detail: z.string() })),
      todo: z.array(z.string()),
      variables: z.array(
        z.strictObject({ variable: z.string(), set: z.boolean(), source: z.string().optional(), display: z.string().optional(), problem: z.string().optional() }),
      ),
    }),
  ),
});

const finding = z.looseObject({
  provider: z.string(),
  resource: z.looseObject({ kind: z.string(), id: z.string(), name: z.string() }),
  rule: z.string(),
  severity: z.enum(["error", "warning", "info"]),
  message: z.string(),
  suggestion: z.string().optional(),
  service: z.string().optional(),
});

export const auditOutput = z.strictObject({
  ...header("audit"),
  generatedAt: isoDate,
  service: z.string().nullable(),
  complete: z.boolean(),
  findings: z.array(finding),
  incomplete: z.array(incompleteWithProvider),
  providers: z.array(
    z.union([
      z.strictObject({ id: z.string(), ok: z.literal(true), findings: z.number().int(), incomplete: z.array(incompletePart) }),
      z.strictObject({ id: z.string(), ok: z.literal(false), error: errorJson }),
    ]),
  ),
});

export const servicesOutput = z.strictObject({
  ...header("services"),
  catalog: z.string(),
  services: z.array(
    z.strictObject({
      name: z.string(),
      repo: z.string(),
      envs: z.array(z.string()),
      team: z.string().nullable(),
      component: z.string().nullable(),
      locators: z.record(z.string(), z.array(z.looseObject({ provider: z.string(), kind: z.string(), value: z.string() }))),
    }),
  ),
});

const serviceEvent = z.strictObject({
  id: z.string(),
  provider: z.string(),
  kind: z.enum(["deploy", "deploy-failed", "alert-opened", "alert-cleared", "annotation"]),
  start: isoDate,
  end: isoDate.optional(),
  env: z.string().optional(),
  title: z.string(),
  url: z.string().optional(),
  keys: z.looseObject({ service: z.string().optional(), env: z.string().optional(), repo: z.string().optional() }),
  severity: z.number().int().min(1).max(5).optional(),
  commit: z.strictObject({ sha: z.string(), url: z.string().optional(), subject: z.string().optional() }).optional(),
  actor: z.string().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});

export const timelineOutput = z.strictObject({
  ...header("timeline"),
  generatedAt: isoDate,
  service: serviceEntry,
  env: z.string().nullable(),
  keys: z.looseObject({ service: z.string() }),
  since: isoDate,
  until: isoDate,
  suspectWindowMs: z.number().int().nonnegative(),
  /** Every provider's events, ascending by start (same instant: deploy, deploy-failed, annotation, alert-opened, alert-cleared; then provider, id). */
  events: z.array(serviceEvent),
  /** Per alert, most recent deploy first. */
  suspects: z.array(
    z.strictObject({
      alertId: z.string(),
      alertProvider: z.string(),
      deployId: z.string(),
      provider: z.string(),
      env: z.string().optional(),
      commit: z.strictObject({ sha: z.string(), url: z.string().optional(), subject: z.string().optional() }).optional(),
      gapMs: z.number().int().nonnegative(),
    }),
  ),
  incomplete: z.array(incompleteWithProvider),
  complete: z.boolean(),
  notConfigured: z.array(z.strictObject({ id: z.string(), displayName: z.string(), missing: z.array(z.string()) })),
});

const plannedAnnotation = z.strictObject({
  deployId: z.string(),
  provider: z.string(),
  marker: z.string().regex(/^toolweave-deploy:[^:]+:.+$/),
  title: z.string(),
  category: z.string(),
  description: z.string(),
  at: isoDate,
  relMetrics: z.array(z.string()),
  cid: z.string().optional(),
});

/** A second copy of a deploy annotation (same marker, higher id), deleted by `--apply` or listed by a dry run. */
const duplicateAnnotation = z.strictObject({
  cid: z.string(),
  deployId: z.string(),
  provider: z.string(),
  marker: z.string().regex(/^toolweave-deploy:[^:]+:.+$/),
  /** The copy kept: the lowest id with that marker. */
  kept: z.string(),
  /** `another-run`: found on reading (an earlier or a concurrent run's); `this-run`: this run's own copy, made at the same moment as a lower one. */
  madeBy: z.enum(["another-run", "this-run"]),
  /** HTTP 404 on delete: another run had deleted it first. */
  alreadyGone: z.boolean(),
});

export const annotateOutput = z.strictObject({
  ...header("annotate"),
  generatedAt: isoDate,
  service: z.string(),
  env: z.string(),
  apply: z.boolean(),
  since: isoDate,
  until: isoDate,
  deploys: z.number().int().nonnegative(),
  /** Created by this run (`apply: true`, each with its `cid`; with `error`, the ones written before it), or that it would create (dry run). */
  create: z.array(plannedAnnotation),
  /** Already in Circonus (marked by an earlier or a concurrent run), recognised by their marker; `cid` is the copy kept. */
  existing: z.array(plannedAnnotation),
  /** Duplicates of a marker deleted by this run (`apply: true`), or that `--apply` would delete (dry run). */
  deleted: z.array(duplicateAnnotation),
  incomplete: z.array(incompleteWithProvider),
  /** False when a lookup failed (`incomplete`) or `--apply` stopped part way (`error`). */
  complete: z.boolean(),
  wouldRefuse: z.strictObject({ message: z.string(), fix: z.string() }).optional(),
  /** `--apply` stopped part way (exit code 4): the error of the write that failed; `create` and `deleted` say what was written before it. */
  error: errorJson.optional(),
  /** With `error`: the annotations not written because the run stopped. */
  notWritten: z.array(plannedAnnotation).optional(),
});

/** What any command prints with `--json` when it fails before answering (exit 2, or 1). */
export const errorOutput = z.strictObject({
  schemaVersion: z.literal(2),
  command: z.string().nullable(),
  ok: z.literal(false),
  error: errorJson,
});

export const OUTPUT_SCHEMAS = {
  status: statusOutput,
  doctor: doctorOutput,
  audit: auditOutput,
  services: servicesOutput,
  timeline: timelineOutput,
  annotate: annotateOutput,
  error: errorOutput,
} as const;

/** The JSON Schema (draft 2020-12) of one command's `--json` output. */
export function jsonSchemaOf(name: keyof typeof OUTPUT_SCHEMAS): Record<string, unknown> {
  return {
    ...z.toJSONSchema(OUTPUT_SCHEMAS[name], { target: "draft-2020-12", io: "output" }),
    title: name === "error" ? "toolweave-demo --json output of a command that failed (schemaVersion 2)" : `toolweave-demo ${name} --json output (schemaVersion 2)`,
  };
}
