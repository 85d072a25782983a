import { z, type ZodType } from "zod";
import type { EnvVarSpec } from "./connector.js";
import { ConfigurationError, type ConfigurationProblem } from "./errors.js";
import { createConnectorHttpClient, type ConnectorHttpClientOptions } from "./create-connector-http-client.js";
import { describeUnknownKeys, looksLikeSettingName } from "./describe-unknown-keys.js";
import type { HttpClient } from "./http/types.js";
import { lazySchema } from "./lazy-schema.js";
import { RUNTIME_SETTING_KEYS, runtimeSettingsProblems, runtimeSettingsShape, type RuntimeSettings } from "./runtime-settings.js";
import { Secret } from "./secret.js";
import { registerSecretValue } from "./secret-registry.js";
import type { SettingInput, SettingOutput, SettingSchema } from "./setting-schema.js";
import { tokenProblem } from "./token-value.js";

/** Where the environment provider (e.g. `@toolweave/secrets-env`) reads a setting from. */
export interface SettingEnv {
  /** Variable name without prefix or profile, e.g. `CIRCLECI_TOKEN`. */
  name: string;
  /** Strict schema for the raw string value (build it with `lazySchema`). */
  schema: ZodType<string>;
  /** The expected value, for messages: `a UUID`. */
  expected: string;
  /** What to do when it is missing or wrong. Default: the field's `fix`. */
  fix?: string;
  /** One line on the variable. Default: the field's `doc`. */
  description?: string;
  /** Required in the environment even when the setting is checked by `refine` rather than marked `required`. */
  required?: boolean;
}

/** One row of a {@link defineSettings} table: the setting's type, docs, fix and variable, declared once. */
export interface SettingField<S extends SettingSchema<any, any> = SettingSchema<any, any>> {
  /** Its type: a builder of `settingSchema` (fast check + zod). */
  schema: S;
  /** Must be given (or come from the environment). */
  required?: boolean;
  /**
   * Read into a `Secret` by the environment provider and never printed. `parse` registers the
   * value for redaction before it describes any problem, so no other setting's problem (a token
   * pasted into a URL) prints it, and refuses an http(s) URL here as two settings swapped.
   */
  secret?: boolean;
  /** The value used when the setting is left out (also shown in the README and as the variable's default). */
  default?: SettingOutput<S>;
  /** The README's default cell when `default` cannot say it (e.g. `detected from the prefix`). */
  defaultDoc?: string;
  /** The environment variable it is read from. */
  env?: SettingEnv;
  /** What to do when it is wrong: a sentence naming the setting (and its variable) and a correct value. */
  fix: string;
  /** What it is, for the README's settings table (markdown). */
  doc: string;
  /** The problem when a required setting is missing, after its name. Default `is missing`. */
  missing?: string;
}

/** The fields of a settings table. */
export type SettingFields = Record<string, SettingField>;

/** What a factory accepts: the table's settings plus core's runtime settings. */
export type SettingsInputOf<F extends SettingFields> = { [K in keyof F as F[K] extends { required: true } ? K : never]: SettingInput<F[K]["schema"]> } & {
  [K in keyof F as F[K] extends { required: true } ? never : K]?: SettingInput<F[K]["schema"]>;
} & RuntimeSettings;

/**
 * The values `refine` sees: each setting resolved (its default applied), `undefined` when it
 * was left out or had a problem (already reported), and `runtime`, core's runtime settings.
 */
export type SettingValues<F extends SettingFields> = {
  [K in keyof F]: F[K] extends { default: infer D } ? SettingOutput<F[K]["schema"]> | (D & {}) : SettingOutput<F[K]["schema"]> | undefined;
} & { runtime: RuntimeSettings };

/** A problem `refine` reports; `name` defaults to `key`, `fix` to the field's fix. */
export interface SettingIssue {
  /** The setting concerned: a second problem for a setting that already has one is dropped. */
  key: string;
  /** The name shown, e.g. `baseUrl (CIRCLECI_BASE_URL)`. Default `key`. */
  name?: string;
  /** What is wrong, naming the setting: `tokenScope applies to project tokens only`. Never the value of a secret. */
  problem: string;
  /** Default: the field's fix. */
  fix?: string;
}

/** What {@link defineSettings} takes. */
export interface SettingsSpec<F extends SettingFields, R> {
  /** Connector id, e.g. `circleci`. */
  provider: string;
  /** Display name, e.g. `CircleCI`. */
  displayName: string;
  /** Every setting of the connector, in documentation order (core's runtime settings are added). */
  fields: F;
  /**
   * Checks that need more than one value, or the value itself (a token with `tokenSecret`, a
   * base URL with `checkBaseUrl`), and builds the resolved settings. Runs even when some
   * settings had problems (they are `undefined` here), so one error lists every problem.
   * Keep `runtime` in what it returns: the table's `createHttpClient` reads it there. May return
   * `undefined` once it has reported a problem. Default: the values as they are.
   */
  refine?: (values: SettingValues<F>, issue: (issue: SettingIssue) => void) => R | undefined;
}

/** A connector's settings, declared once: validation, environment variables, README table and HTTP client. */
export interface SettingsTable<F extends SettingFields, R> {
  readonly provider: string;
  readonly displayName: string;
  readonly fields: F;
  /** Every setting name accepted: the fields, then core's runtime settings. */
  readonly keys: readonly string[];
  /**
   * The strict zod schema of the input's shape (built on first use): each setting's type, unknown
   * keys refused. It does not apply `refine`'s rules (a token's characters, a base URL), so it
   * accepts some inputs `parse` refuses; `parse` is the full check and what resolves settings.
   */
  readonly schema: z.ZodObject;
  /** The environment variables, in field order, for the connector descriptor's `env`. */
  readonly env: readonly EnvVarSpec[];
  /**
   * Validates settings and resolves them (defaults, `refine`). Throws one `ConfigurationError`
   * listing every problem with its fix; values are never echoed. The common valid case takes
   * each setting's fast check, without zod.
   */
  parse(input: unknown): R;
  /** A strict zod schema of some fields, e.g. the credential part for the descriptor. */
  pick<K extends keyof F & string>(keys: readonly K[]): z.ZodObject;
  /** The README's settings table (markdown), one row per field plus core's runtime settings. */
  readme(): string;
  /**
   * The connector's HTTP client: core's `createHttpClient` with this provider, the resolved
   * runtime settings (every one of them, so a connector cannot drop one) and the connector's
   * own product token in the `User-Agent`.
   */
  createHttpClient(resolved: { runtime: RuntimeSettings }, options: Omit<ConnectorHttpClientOptions, "provider" | "displayName" | "runtime">): HttpClient;
}

const RUNTIME_KEYS: ReadonlySet<string> = new Set(RUNTIME_SETTING_KEYS);

/** `a number`, `null`, `an array`: the type of what was passed, never the value. */
function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a Date";
  if (typeof value === "number" && Number.isNaN(value)) return "NaN";
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

const TYPE_CODES = new Set(["invalid_type", "invalid_union", "custom"]);

/** A key of a nested setting as shown in a path: `…` when it could be a token passed as a key. */
const pathPart = (part: PropertyKey) => (typeof part === "number" || (typeof part === "string" && looksLikeSettingName(part)) ? String(part) : "…");

/** The problem of a value zod refused, naming the setting (never quoting the value, nor a key that is not name-like). */
function describeIssue(key: string, field: SettingField, issue: z.core.$ZodIssue, value: unknown): ConfigurationProblem & { key: string } {
  const path = issue.path.map(pathPart);
  const name = [key, ...path].join(".");
  // zod's own message quotes every unknown key.
  if (issue.code === "unrecognized_keys") return { key, name, problem: `${name}: ${describeUnknownKeys(issue.keys, "key")}`, fix: field.fix };
  // Inside a nested setting, or a nested setting's own rule: zod's message says which rule.
  if (path.length > 0 || field.schema.zodMessages) return { key, name, problem: `${name}: ${issue.message}`, fix: field.fix };
  const got = TYPE_CODES.has(issue.code) ? ` (got ${typeOf(value)})` : "";
  return { key, name, problem: `${name} must be ${field.schema.expected}${got}`, fix: field.fix };
}

const escapeCell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** An http(s) URL given for a secret: a swapped setting (e.g. token and baseUrl), never a credential. */
const HTTP_URL = /^https?:\/\//i;

/**
 * Declares a connector's settings once, t3-env style: each field's type, default, variable,
 * fix and documentation. The table gives the strict schema (core's runtime settings included),
 * `parse()` (one `ConfigurationError` listing every problem with its fix), the descriptor's
 * `env`, the README's settings table, and the HTTP client with every runtime setting forwarded.
 */
export function defineSettings<const F extends SettingFields, R = SettingValues<F>>(spec: SettingsSpec<F, R>): SettingsTable<F, R> {
  const { provider, displayName, fields } = spec;
  const fieldKeys = Object.keys(fields);
  for (const key of fieldKeys) {
    if (RUNTIME_KEYS.has(key)) {
      throw new ConfigurationError(`${displayName} settings: "${key}" is one of core's runtime settings.`, {
        provider,
        fix: `Remove "${key}" from the fields: defineSettings adds core's runtime settings (${RUNTIME_SETTING_KEYS.join(", ")}) itself.`,
      });
    }
  }
  const keys = Object.freeze([...fieldKeys, ...RUNTIME_SETTING_KEYS]);
  const secretKeys = fieldKeys.filter((key) => fields[key]!.secret);
  // Variable names are safe to quote when passed as keys (`{ CIRCLECI_TOKEN: … }`).
  const envNames: ReadonlySet<string> = new Set(fieldKeys.flatMap((key) => (fields[key]!.env ? [fields[key]!.env!.name] : [])));
  const order = new Map(keys.map((key, index) => [key, index]));
  const refine = spec.refine ?? ((values: SettingValues<F>) => values as unknown as R);

  const zodShape = (picked: readonly string[]) =>
    Object.fromEntries(
      picked.map((key) => {
        const field = fields[key]!;
        return [key, field.required ? field.schema.zod : field.schema.zod.optional()];
      }),
    );
  const schema = lazySchema(() => z.strictObject({ ...zodShape(fieldKeys), ...runtimeSettingsShape }));

  const env: EnvVarSpec[] = [];
  for (const key of fieldKeys) {
    const field = fields[key]!;
    if (!field.env) continue;
    const defaultValue = typeof field.default === "string" ? field.default : field.default instanceof URL ? field.default.href : undefined;
    env.push({
      name: field.env.name,
      setting: key,
      ...(field.secret ? { secret: true } : {}),
      required: field.env.required ?? field.required === true,
      schema: field.env.schema,
      expected: field.env.expected,
      fix: field.env.fix ?? field.fix,
      description: field.env.description ?? field.doc,
      ...(defaultValue === undefined ? {} : { defaultValue }),
    });
  }

  function fail(problems: ConfigurationProblem[]): never {
    const fixes = [...new Set(problems.map((p) => p.fix).filter(Boolean))];
    throw new ConfigurationError(`Invalid ${displayName} settings: ${problems.map((p) => p.problem).join("; ")}.`, {
      provider,
      problems,
      fix: fixes.join(" "),
    });
  }

  function parse(input: unknown): R {
    if (input === undefined || input === null) input = {};
    if (typeof input !== "object" || Array.isArray(input)) {
      const first = fieldKeys.find((key) => fields[key]!.required) ?? fieldKeys[0] ?? "…";
      fail([{ name: "settings", problem: `settings must be an object (got ${typeOf(input)})`, fix: `Pass an object such as { ${first}: … }.` }]);
    }
    const record = input as Record<string, unknown>;
    const problems: (ConfigurationProblem & { key: string })[] = [];
    const failed = new Set<string>();
    const values: Record<string, unknown> = {};
    const runtime: Record<string, unknown> = {};
    let unknown: string[] | undefined;

    // Before any problem is described, each secret given as a usable token is registered for
    // redaction, so a problem quoting another setting (or an excerpt cut from one) masks it whole;
    // the registration lapses once `owner` is collected, never within this synchronous call. An
    // http(s) URL is refused instead: registered, it would mask the example URLs in the fixes.
    for (const key of secretKeys) {
      const value = record[key];
      const text = typeof value === "string" ? value.trim() : Secret.isInstance(value) ? value.reveal().trim() : undefined;
      if (text === undefined) continue;
      if (HTTP_URL.test(text)) {
        problems.push({ key, name: key, problem: `${key} looks like a URL, not a credential (two settings swapped?)`, fix: fields[key]!.fix });
        failed.add(key);
      } else if (typeof value === "string" && tokenProblem(text) === undefined) {
        const owner = {};
        registerSecretValue(text, owner);
      }
    }

    for (const key in record) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
      if (Object.prototype.hasOwnProperty.call(fields, key)) continue;
      if (RUNTIME_KEYS.has(key)) {
        if (record[key] !== undefined) runtime[key] = record[key];
        continue;
      }
      (unknown ??= []).push(key);
    }

    // Core's own check of the runtime settings (no zod), with core's fix for each.
    for (const problem of runtimeSettingsProblems(runtime)) {
      const key = problem.name.split(".")[0]!;
      problems.push({ key, name: problem.name, problem: `${problem.name}: ${problem.problem}`, fix: problem.fix });
      failed.add(key);
      delete runtime[key];
    }

    for (const key of fieldKeys) {
      if (failed.has(key)) continue;
      const field = fields[key]!;
      const value = record[key];
      if (value === undefined) {
        if (field.required) {
          problems.push({ key, name: key, problem: `${key} ${field.missing ?? "is missing"}`, fix: field.fix });
          failed.add(key);
        } else if (field.default !== undefined) {
          values[key] = field.default;
        }
        continue;
      }
      if (field.schema.accepts(value)) {
        values[key] = field.schema.output ? field.schema.output(value) : value;
        continue;
      }
      const result = field.schema.zod.safeParse(value);
      if (result.success) {
        values[key] = result.data;
      } else {
        problems.push(describeIssue(key, field, result.error.issues[0]!, value));
        failed.add(key);
      }
    }

    if (unknown) {
      problems.push({
        key: "",
        name: "settings",
        problem: describeUnknownKeys(unknown, "setting", envNames),
        fix: `Remove them; known settings are ${keys.join(", ")}.`,
      });
    }

    const resolved = refine({ ...values, runtime } as SettingValues<F>, (issue) => {
      if (failed.has(issue.key)) return;
      failed.add(issue.key);
      problems.push({ key: issue.key, name: issue.name ?? issue.key, problem: issue.problem, fix: issue.fix ?? fields[issue.key]?.fix ?? "" });
    });
    if (problems.length > 0) {
      const rank = (p: { key: string }) => order.get(p.key) ?? keys.length;
      fail(
        problems
          .map((p, index) => ({ p, index }))
          .sort((a, b) => rank(a.p) - rank(b.p) || a.index - b.index)
          .map(({ p: { key: _key, ...problem } }) => problem),
      );
    }
    if (resolved === undefined) {
      throw new ConfigurationError(`${displayName} settings: refine returned nothing but reported no problem.`, {
        provider,
        fix: "Report a problem with issue() whenever refine cannot build the settings (a connector bug: please report it).",
      });
    }
    return resolved;
  }

  const table: SettingsTable<F, R> = {
    provider,
    displayName,
    fields,
    keys,
    schema,
    env: Object.freeze(env),
    parse,
    pick: (picked) => lazySchema(() => z.strictObject(zodShape(picked))),
    readme() {
      const rows = fieldKeys.map((key) => {
        const field = fields[key]!;
        const fallback = field.required ? "required" : field.default !== undefined ? `\`${JSON.stringify(field.default instanceof URL ? field.default.href : field.default)}\`` : "";
        return `| \`${key}\` | ${escapeCell(field.defaultDoc ?? fallback)} | ${field.env ? `\`${field.env.name}\`` : ""} | ${escapeCell(field.doc)} |`;
      });
      const runtimeRow = `| ${RUNTIME_SETTING_KEYS.map((k) => `\`${k}\``).join(", ")} | core defaults |  | Runtime settings of \`@toolweave/core\` (timeouts, retries, throttle, cache, shared stores, hooks, page and response limits, your \`userAgent\`), passed to its HTTP client. |`;
      return ["| Setting | Default | Env variable | Notes |", "| --- | --- | --- | --- |", ...rows, runtimeRow].join("\n");
    },
    createHttpClient: (resolved, options) => createConnectorHttpClient({ ...options, provider, displayName, runtime: resolved.runtime }),
  };
  return Object.freeze(table);
}
