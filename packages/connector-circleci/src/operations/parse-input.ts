import { InvalidInputError } from "@toolweave/core";
import type { z } from "zod";

/** Validates what a caller passed to an operation; the error names the operation and the fix. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, operation: string, fix: string): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.map(String).join(".") : "options"}: ${i.message}`)
    .join("; ");
  throw new InvalidInputError(`CircleCI ${operation}: invalid options (${problems}).`, { provider: "circleci", fix });
}

/** Checks an id used as a path segment is a non-empty string (encoding is done by `encodePath`). */
export function requireId(value: unknown, name: string, operation: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new InvalidInputError(`CircleCI ${operation}: ${name} must be a non-empty string.`, {
      provider: "circleci",
      fix: `Pass the ${name} as returned by the API (a UUID).`,
    });
  }
  return value;
}

/** Checks a number used as a path segment (pipeline or job number) is a positive integer. */
export function requirePositiveInteger(value: number, name: string, operation: string, fix: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidInputError(`CircleCI ${operation}: ${name} must be a positive integer (got ${String(value)}).`, { provider: "circleci", fix });
  }
  return value;
}
