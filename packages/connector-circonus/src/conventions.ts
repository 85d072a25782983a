import { z } from "zod";
import { lazySchema } from "@toolweave/core";

/** Correlation keys carried as Circonus tags (`repo` is not: it belongs to CI tools). */
export const TAG_KEYS = ["service", "env", "component", "team"] as const;
/** A correlation key carried as a Circonus tag: `service`, `env`, `component` or `team`. */
export type TagKey = (typeof TAG_KEYS)[number];

/** A tag category: lower-case letters, digits, `_`, `.`, `-` (Circonus stores tags lower-cased, https://docs.circonus.com/circonus/api/). */
export const TAG_CATEGORY_PATTERN = /^[a-z0-9][a-z0-9_.-]*$/;

/**
 * Which tag category holds each correlation key. Default `service:<s>`, `env:<e>`,
 * `component:<c>`, `team:<t>`; e.g. `{ env: "environment" }` reads `environment:prod`.
 */
export const tagConventionsSchema = lazySchema(() =>
  z
    .strictObject({
      service: z.string().regex(TAG_CATEGORY_PATTERN, "must be a lower-case tag category").default("service"),
      env: z.string().regex(TAG_CATEGORY_PATTERN, "must be a lower-case tag category").default("env"),
      component: z.string().regex(TAG_CATEGORY_PATTERN, "must be a lower-case tag category").default("component"),
      team: z.string().regex(TAG_CATEGORY_PATTERN, "must be a lower-case tag category").default("team"),
    })
    .refine((c) => new Set(Object.values(c)).size === 4, "each correlation key needs its own tag category"),
);

/** The tag category for each correlation key, after validation (every key present, each category distinct). */
export type TagConventions = z.output<typeof tagConventionsSchema>;
/** Tag conventions as given in settings: any key left out keeps its default category. */
export type TagConventionsInput = z.input<typeof tagConventionsSchema>;

/** The default conventions: each key is its own tag category (`service:<s>`, `env:<e>`, …). */
export const DEFAULT_TAG_CONVENTIONS: TagConventions = Object.freeze({
  service: "service",
  env: "env",
  component: "component",
  team: "team",
});
