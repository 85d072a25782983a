import { z } from "zod";
import { InvalidInputError } from "./errors.js";
import { lazySchema } from "./lazy-schema.js";

/** Lower-case words joined by single hyphens: `checkout`, `web-shop`. */
export const NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Environment names are one lower-case word so they can end a hyphenated name unambiguously. */
export const ENV_PATTERN = /^[a-z0-9]+$/;
/** A CircleCI-style project slug or `<org>/<repo>`; case kept (opaque ids are case-sensitive). */
export const REPO_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9._-]+){1,2}$/;

const name = (what: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(NAME_PATTERN, `${what} must be lower-case letters and digits joined by single hyphens (e.g. "web-shop")`);

/** Strict schema for correlation keys given by a user; normalises case and whitespace. */
export const correlationKeysSchema = lazySchema(() =>
  z.strictObject({
    service: name("service"),
    env: z
      .string()
      .trim()
      .toLowerCase()
      .regex(ENV_PATTERN, 'env must be one lower-case word of letters and digits (e.g. "prod")')
      .optional(),
    component: name("component").optional(),
    team: name("team").optional(),
    repo: z
      .string()
      .trim()
      .regex(REPO_PATTERN, 'repo must look like "gh/<org>/<repo>", "circleci/<org-id>/<project-id>" or "<org>/<repo>"')
      .optional(),
  }),
);

/** How one service is named across tools. */
export type CorrelationKeys = z.output<typeof correlationKeysSchema>;
/** Correlation keys as a user may write them (any case, surrounding spaces); see {@link normalizeKeys}. */
export type CorrelationKeysInput = z.input<typeof correlationKeysSchema>;
/** One correlation key: `service`, `env`, `component`, `team` or `repo`. */
export type CorrelationKeyName = keyof CorrelationKeys;
/** Every correlation key name, in display order (`service` first). */
export const CORRELATION_KEY_NAMES: readonly CorrelationKeyName[] = ["service", "env", "component", "team", "repo"];

/** Validates and normalises keys (lower case, trimmed). Throws `InvalidInputError` naming each bad key. */
export function normalizeKeys(input: CorrelationKeysInput): CorrelationKeys {
  const result = correlationKeysSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "keys"}: ${issue.message}`);
  throw new InvalidInputError(`Invalid correlation keys: ${problems.join("; ")}.`, {
    fix: "Pass { service, env?, component?, team?, repo? } using the formats above.",
  });
}
