import { z } from "zod";
import { InvalidInputError } from "@toolweave/core";
import { num, str, strList } from "./common.js";
import { lazySchema } from "@toolweave/core";

/** SPEC `Annotation` (https://docs.circonus.com/circonus/api/). No tags; `category` groups them. */
export const annotationSchema = lazySchema(() =>
  z.object({
    _cid: z.string(),
    _created: num,
    _last_modified: num,
    _last_modified_by: str,
    title: str,
    description: str,
    category: str,
    start: num,
    stop: num,
    rel_metrics: strList,
  }),
);
/** An annotation (e.g. a deploy marker), from `listAnnotations()` and `createAnnotation()`; `start`/`stop` are epoch seconds. */
export type CirconusAnnotation = z.output<typeof annotationSchema>;

const epoch = lazySchema(() => z.union([z.date(), z.number().int().nonnegative()]));

/** Strict input for `createAnnotation` (SPEC requires title, category, description, start, stop). */
export const annotationInputSchema = lazySchema(() =>
  z.strictObject({
    title: z.string().trim().min(1).max(512),
    category: z.string().trim().min(1).max(256),
    description: z.string().max(4096).default(""),
    /** Date or epoch seconds. */
    start: epoch,
    /** Date or epoch seconds; default = start. */
    stop: epoch.optional(),
    /** `<checkid>_<metric>` names (validated by the API since 2020). */
    relMetrics: z.array(z.string().regex(/^\d+_.+$/, "must look like <checkid>_<metric name>")).optional(),
  }),
);
/** What `createAnnotation()` takes; validated strictly, an invalid value throws `InvalidInputError` before any request. */
export type AnnotationInput = z.input<typeof annotationInputSchema>;

const toEpoch = (v: Date | number): number => (v instanceof Date ? Math.floor(v.getTime() / 1000) : v);

/** Validates an annotation and returns the API body. */
export function annotationBody(input: AnnotationInput): Record<string, unknown> {
  const parsed = annotationInputSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "annotation"}: ${i.message}`).join("; ");
    throw new InvalidInputError(`Invalid annotation: ${problems}.`, {
      provider: "circonus",
      fix: "Pass { title, category, description?, start, stop?, relMetrics? } with dates as Date or epoch seconds.",
    });
  }
  const a = parsed.data;
  const start = toEpoch(a.start);
  const stop = a.stop === undefined ? start : toEpoch(a.stop);
  if (stop < start) {
    throw new InvalidInputError("Invalid annotation: stop is before start.", { provider: "circonus", fix: "Pass a stop at or after start." });
  }
  return {
    title: a.title,
    category: a.category,
    description: a.description,
    start,
    stop,
    ...(a.relMetrics ? { rel_metrics: a.relMetrics } : {}),
  };
}
