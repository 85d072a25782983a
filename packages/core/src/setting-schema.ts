import { z, type ZodType } from "zod";
import { lazySchema } from "./lazy-schema.js";
import { Secret } from "./secret.js";

/**
 * The type of one setting in a {@link defineSettings} table: a fast check for the common, valid
 * case and a zod schema for everything else.
 *
 * Creating a client must not pay zod's first-parse cost (building the schemas is most of it), so
 * `accepts` decides alone when it says yes, and `output` gives the resolved value. Only a value it
 * refuses is handed to `zod`, which may still accept it (`accepts` may be stricter, never looser)
 * and otherwise describes the problem. The builders of {@link settingSchema} keep both in step.
 */
export interface SettingSchema<I = unknown, O = I> {
  /** True only for values `zod` accepts; it may refuse some that `zod` accepts (they take the slow path). */
  readonly accepts: (value: unknown) => boolean;
  /** The resolved value of one `accepts` took, as `zod` would output it. Default: the value itself. */
  readonly output?: (value: I) => O;
  /** Judges values `accepts` refused and describes their problems; build it lazily (`lazySchema`). */
  readonly zod: ZodType<O, I>;
  /** How a valid value reads in a problem, after "must be": `a whole number from 1 to 1000`. */
  readonly expected: string;
  /** Problems quote zod's own message (a nested setting's rules) rather than `expected`. */
  readonly zodMessages?: boolean;
}

/** The value a setting of this schema accepts. */
export type SettingInput<S> = S extends SettingSchema<infer I, infer _O> ? I : never;
/** The value a setting of this schema resolves to. */
export type SettingOutput<S> = S extends SettingSchema<infer _I, infer O> ? O : never;

const isValidDate = (value: unknown): value is Date => value instanceof Date && !Number.isNaN(value.getTime());
const quoteList = (values: readonly string[]) =>
  values.length === 1 ? `"${values[0]}"` : `${values.slice(0, -1).map((v) => `"${v}"`).join(", ")} or "${values.at(-1)}"`;

/** Options of {@link settingSchema}`.string`. */
export interface StringSettingOptions {
  /** Surrounding whitespace is removed before the other checks, and from the value. Default false. */
  trim?: boolean;
  /** Fewest characters (after trimming). Default 1: an empty string is refused. */
  min?: number;
  /** Most characters (after trimming). */
  max?: number;
  /** A pattern the value must match (after trimming). */
  pattern?: RegExp;
  /** What a valid value is, for problems. Default `a non-empty string`. */
  expected?: string;
}

/**
 * Builders of {@link SettingSchema}s whose fast check and zod schema are written together, so
 * they cannot disagree (core's tests hold each to it). Use `custom` for anything else.
 */
export const settingSchema = {
  /** A string; with `trim`, resolved without surrounding whitespace. */
  string(options: StringSettingOptions = {}): SettingSchema<string, string> {
    const { trim = false, min = 1, max, pattern } = options;
    const fits = (text: string) => text.length >= min && (max === undefined || text.length <= max) && (pattern === undefined || pattern.test(text));
    return {
      accepts: (value) => typeof value === "string" && fits(trim ? value.trim() : value),
      ...(trim ? { output: (value: string) => value.trim() } : {}),
      zod: lazySchema(() => {
        let schema = z.string();
        if (trim) schema = schema.trim();
        schema = schema.min(min);
        if (max !== undefined) schema = schema.max(max);
        if (pattern !== undefined) schema = schema.regex(pattern);
        return schema;
      }),
      expected: options.expected ?? (min > 1 ? `a string of at least ${min} characters` : min === 1 ? "a non-empty string" : "a string"),
    };
  },

  /** One of `values`. */
  enum<const T extends readonly [string, ...string[]]>(values: T): SettingSchema<T[number], T[number]> {
    return {
      accepts: (value) => typeof value === "string" && (values as readonly string[]).includes(value),
      zod: lazySchema(() => z.enum(values) as unknown as ZodType<T[number], T[number]>),
      expected: quoteList(values),
    };
  },

  /** A whole number (a safe integer) from `min` to `max`. */
  int(options: { min?: number; max?: number; expected?: string } = {}): SettingSchema<number, number> {
    const { min, max } = options;
    return {
      accepts: (value) => Number.isSafeInteger(value) && (min === undefined || (value as number) >= min) && (max === undefined || (value as number) <= max),
      zod: lazySchema(() => {
        let schema = z.number().int();
        if (min !== undefined) schema = schema.min(min);
        if (max !== undefined) schema = schema.max(max);
        return schema;
      }),
      expected:
        options.expected ??
        (min !== undefined && max !== undefined ? `a whole number from ${min} to ${max}` : min !== undefined ? `a whole number of at least ${min}` : "a whole number"),
    };
  },

  /**
   * A date: a `Date`, or an ISO date (`2026-01-31`, read as midnight UTC) or date-time with its
   * offset (`2026-01-31T12:00:00Z`). Resolved to a `Date`.
   */
  date(): SettingSchema<Date | string, Date> {
    return {
      // Strings take the zod path: they are rare here (the env provider passes Dates).
      accepts: isValidDate,
      output: (value) => value as Date,
      zod: lazySchema(() =>
        z.union([
          z.date(),
          z.iso.datetime({ offset: true }).transform((text) => new Date(text)),
          z.iso.date().transform((text) => new Date(`${text}T00:00:00Z`)),
        ]),
      ),
      expected: 'a Date or an ISO date such as "2026-01-31" or "2026-01-31T12:00:00Z"',
    };
  },

  /** A string or a `URL`; the value itself is checked by the table's `refine` (e.g. with `checkBaseUrl`). */
  url(): SettingSchema<string | URL, string | URL> {
    const accepts = (value: unknown) => (typeof value === "string" && value.length > 0) || value instanceof URL;
    return {
      accepts,
      zod: lazySchema(() => z.custom<string | URL>(accepts, "must be a non-empty string or a URL")),
      expected: "a URL (a non-empty string or a URL)",
    };
  },

  /** A credential: a string or a core `Secret`; the value itself is checked by `refine` (e.g. with `tokenSecret`). */
  secret(): SettingSchema<string | Secret, string | Secret> {
    const accepts = (value: unknown) => typeof value === "string" || Secret.isInstance(value);
    return {
      accepts,
      zod: lazySchema(() => z.custom<string | Secret>(accepts, "must be a string or a Secret")),
      expected: "a string or a Secret",
    };
  },

  /** Anything: the table's `refine` checks it (e.g. a base URL checked by `checkBaseUrl`, which names its variable). */
  unknown<T = unknown>(): SettingSchema<T, T> {
    return { accepts: () => true, zod: lazySchema(() => z.custom<T>(() => true)), expected: "any value" };
  },

  /** A zod schema alone (no fast check): for nested settings; a value given takes the zod path. */
  zod<S extends ZodType>(schema: S, expected: string): SettingSchema<z.input<S>, z.output<S>> {
    return { accepts: () => false, zod: schema as unknown as ZodType<z.output<S>, z.input<S>>, expected, zodMessages: true };
  },

  /** A setting type of your own: `accepts` must never take a value `zod` refuses. */
  custom<I, O = I>(schema: SettingSchema<I, O>): SettingSchema<I, O> {
    return schema;
  },
};

/**
 * The schema of an environment variable checked by the same function as its setting (e.g. a
 * base URL through `checkBaseUrl`), so the variable and the setting report a problem alike.
 */
export function checkedEnvSchema(check: (value: string) => { ok: true } | { ok: false; reason: string }): ZodType<string> {
  return lazySchema(() =>
    z.string().superRefine((value, ctx) => {
      const result = check(value);
      if (!result.ok) ctx.addIssue({ code: "custom", message: result.reason });
    }),
  );
}
