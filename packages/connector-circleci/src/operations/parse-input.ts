import { InvalidInputError, describeReceived, isCallMemo, type CallMemo } from "@toolweave/core";
import { z } from "zod";
import { PROJECT_FORMAT, isProjectSlugLike, type ProjectSlug } from "../project-slug.js";
import { lazySchema } from "@toolweave/core";

/** A project given as a slug string or a parsed slug. */
export type ProjectInput = string | ProjectSlug;

/** The `memo` option of the operations that accept one: a memo from core's `createCallMemo()`. */
export const callMemoOption = () => z.custom<CallMemo>(isCallMemo, "must be a memo made by createCallMemo() from @toolweave/core").optional();

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

const signalOnly = lazySchema(() => z.strictObject({ signal: z.instanceof(AbortSignal).optional() }));

/** Options of operations that take only `{ signal }`: anything else (a number, an unknown key) is refused. */
export function parseSignalOptions(value: unknown, operation: string): { signal?: AbortSignal } {
  // No options: nothing to check (the schema would only confirm an empty object).
  if (value === undefined) return {};
  const { signal } = parseInput(signalOnly, value, operation, "Pass { signal?: AbortSignal } or leave the options out.");
  return signal ? { signal } : {};
}

/** The caller's signal when it is one; a wrong value is left to the options check, which names it. */
export function signalOf(options: unknown): AbortSignal | undefined {
  const signal = typeof options === "object" && options !== null ? (options as { signal?: unknown }).signal : undefined;
  return signal instanceof AbortSignal ? signal : undefined;
}

/** Checks the project argument is a slug string or a parsed slug (its format is checked when parsed). */
export function requireProject(value: unknown, operation: string): ProjectInput {
  if (typeof value === "string" || isProjectSlugLike(value)) return value;
  throw new InvalidInputError(
    `CircleCI ${operation}: project must be a project slug string such as "gh/<org>/<repo>" or a parsed ProjectSlug (got ${describeReceived(value)}).`,
    { provider: "circleci", fix: PROJECT_FORMAT },
  );
}

/** Checks an id used as a path segment is a non-empty string (encoding is done by `encodePath`). */
export function requireId(value: unknown, name: string, operation: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new InvalidInputError(`CircleCI ${operation}: ${name} must be a non-empty string (got ${describeReceived(value)}).`, {
      provider: "circleci",
      fix: `Pass the ${name} as returned by the API (a UUID).`,
    });
  }
  return value;
}

/** Checks a name argument (e.g. a workflow name) is a non-empty string. */
export function requireName(value: unknown, name: string, operation: string, fix: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new InvalidInputError(`CircleCI ${operation}: ${name} must be a non-empty string (got ${describeReceived(value)}).`, { provider: "circleci", fix });
  }
  return value;
}

/** Checks a number used as a path segment (pipeline or job number) is a positive integer. */
export function requirePositiveInteger(value: unknown, name: string, operation: string, fix: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    const convert = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? ` It is a string: convert it first, e.g. Number(${JSON.stringify(value)}).` : "";
    throw new InvalidInputError(`CircleCI ${operation}: ${name} must be a positive integer (got ${describeReceived(value)}).`, {
      provider: "circleci",
      fix: `${fix}${convert}`,
    });
  }
  return value;
}
