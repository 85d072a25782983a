import {
  Secret,
  maskSecretValue,
  redactText,
  redactUrl,
  tokenProblem,
  type ConfigurationProblem,
  type EnvVarSpec,
  type ValueSource,
} from "@toolweave/core";
import type { EnvLookup, LookupHit } from "./env-lookup.js";
import { envVariableName, type EnvVariableNameOptions } from "./env-variable-name.js";
import { ISO_DATE_EXPECTED, parseIsoDate } from "./parse-iso-date.js";
import { describeReadFailure, isNoFileAccess, type ReadTextFile } from "./read-text-file.js";

/** What evaluating a spec needs: where to look and how names are formed. */
export interface EvaluationContext {
  lookup: EnvLookup;
  readFile: ReadTextFile;
  names: EnvVariableNameOptions;
  /** Absolute path of the loaded `.env` file, for messages. */
  dotenvPath: string | undefined;
  /** Set when `dotenv: true` was asked for and `./.env` does not exist (hint in fixes). */
  dotenvMissingPath: string | undefined;
}

/**
 * Declared names of one connector: a connector that declares e.g. `CIRCONUS_API_TOKEN_CREATED_AT`
 * itself gets that spec's setting, and the automatic date for it is skipped (no duplicate).
 */
export type DeclaredNames = ReadonlySet<string>;

/** One `_CREATED_AT` / `_EXPIRES_AT` variable of a secret. */
export interface MetadataEvaluation {
  /** Declared name with suffix, e.g. `CIRCLECI_TOKEN_CREATED_AT`. */
  name: string;
  /** Setting it fills, e.g. `tokenCreatedAt`. */
  setting: string;
  /** Full name read, e.g. `TOOLWEAVE_CIRCLECI_TOKEN_CREATED_AT`. */
  variable: string;
  set: boolean;
  source?: ValueSource;
  /** The date as written (dates are not secret). */
  text?: string;
  date?: Date;
  problem?: ConfigurationProblem;
}

/** Everything known about one declared variable, shared by resolve, describe and isConfigured. */
export interface SpecEvaluation {
  spec: EnvVarSpec;
  /** Full name, e.g. `TOOLWEAVE_CIRCLECI_TOKEN__ACME`. */
  name: string;
  /** The variable actually read: `name` or `name_FILE`. */
  variable: string;
  set: boolean;
  source?: ValueSource;
  /** Validated value; a `Secret` (labelled with `variable`) for secret specs. */
  value?: string | Secret;
  /** Masked for secrets, plain (redacted) for other settings. */
  display?: string;
  problem?: ConfigurationProblem;
  metadata: MetadataEvaluation[];
}

const METADATA = [
  { suffix: "_CREATED_AT", settingSuffix: "CreatedAt", what: "the date the token was created" },
  { suffix: "_EXPIRES_AT", settingSuffix: "ExpiresAt", what: "the date the token expires" },
] as const;

/** `scheme://…`: a value shown through `redactUrl` (user-info removed, secret-looking query parameters masked). */
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * How a non-secret value is shown by `describe()`: URLs through core's `redactUrl`, so a base
 * URL carrying `user:password@` or `?api_key=` never prints them; other values through
 * `redactText` (known secrets scrubbed).
 */
function displayValue(raw: string): string {
  if (!URL_LIKE.test(raw.trim())) return redactText(raw);
  // A value that does not parse as a URL still loses anything shaped like user-info.
  return redactUrl(raw.trim()).replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i, "$1");
}

function where(hit: LookupHit, context: EvaluationContext): string {
  return hit.origin === "env" ? "environment" : `.env file ${context.dotenvPath ?? ""}`.trim();
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Validation messages from the spec's schema, with the raw value scrubbed should one quote it. */
function schemaReasons(issues: readonly { message: string }[], raw: string): string {
  const reasons = [...new Set(issues.map((issue) => issue.message))].join("; ");
  return raw.length > 0 ? reasons.split(raw).join("(value hidden)") : reasons;
}

function missingProblem(spec: EnvVarSpec, name: string, context: EvaluationContext): ConfigurationProblem {
  const hints: string[] = [];
  if (name !== spec.name && context.lookup(spec.name)) {
    hints.push(`${spec.name} is set but not read: with ${namingDescription(context.names)} the variable is ${name}.`);
  }
  if (context.dotenvMissingPath) hints.push(`No .env file was found at ${context.dotenvMissingPath}.`);
  return {
    name,
    problem: `not set (nor ${name}_FILE); expected ${sentence(spec.expected)}`,
    fix: [sentence(spec.fix), `Set ${name}, or ${name}_FILE to the path of a file holding the value.`, ...hints].join(" "),
  };
}

function namingDescription(names: EnvVariableNameOptions): string {
  const parts: string[] = [];
  if (names.prefix !== undefined) parts.push(`prefix "${names.prefix}"`);
  if (names.profile !== undefined) parts.push(`profile "${names.profile}"`);
  return parts.join(" and ");
}

function evaluateMetadata(
  spec: EnvVarSpec,
  name: string,
  context: EvaluationContext,
  declared: DeclaredNames,
): (MetadataEvaluation | undefined)[] {
  const out: (MetadataEvaluation | undefined)[] = [];
  for (const { suffix, settingSuffix, what } of METADATA) {
    if (declared.has(`${spec.name}${suffix}`)) {
      out.push(undefined);
      continue;
    }
    const variable = `${name}${suffix}`;
    const base = { name: `${spec.name}${suffix}`, setting: `${spec.setting}${settingSuffix}`, variable };
    const hit = context.lookup(variable);
    if (!hit) {
      out.push({ ...base, set: false });
      continue;
    }
    const date = parseIsoDate(hit.value);
    const evaluation: MetadataEvaluation = { ...base, set: true, source: hit.origin, text: hit.value };
    if (date) evaluation.date = date;
    else {
      evaluation.problem = {
        name: variable,
        problem: `not a valid date; expected ${ISO_DATE_EXPECTED}.`,
        fix: `Set ${variable} to ${what} (UTC), e.g. 2025-01-31, or unset it.`,
      };
    }
    out.push(evaluation);
  }
  const [created, expires] = out;
  if (created?.date && expires?.date && expires.date.getTime() <= created.date.getTime()) {
    expires.problem = {
      name: expires.variable,
      problem: `not after ${created.variable}; expected the token's expiry date, later than its creation date.`,
      fix: `Check both dates against the token's page in the tool, and correct ${created.variable} or ${expires.variable}.`,
    };
  }
  return out;
}

/** Reads, loads (`_FILE`) and validates one declared variable. Never throws for bad input. */
export function evaluateSpec(spec: EnvVarSpec, context: EvaluationContext, declared: DeclaredNames): SpecEvaluation {
  const name = envVariableName(spec.name, context.names);
  const fileVariable = `${name}_FILE`;
  const metadata = spec.secret
    ? evaluateMetadata(spec, name, context, declared).filter((m): m is MetadataEvaluation => m !== undefined)
    : [];
  const direct = context.lookup(name);
  const file = context.lookup(fileVariable);

  if (direct && file) {
    return {
      spec,
      name,
      variable: name,
      set: true,
      source: direct.origin,
      metadata,
      problem: {
        name,
        problem: `both ${name} (${where(direct, context)}) and ${fileVariable} (${where(file, context)}) are set; only one may be.`,
        fix: `Unset one of them: ${name} holds the value itself, ${fileVariable} the path of a file holding it.`,
      },
    };
  }
  if (!direct && !file) {
    const evaluation: SpecEvaluation = { spec, name, variable: name, set: false, metadata };
    if (spec.required) evaluation.problem = missingProblem(spec, name, context);
    return evaluation;
  }

  let raw: string;
  let variable: string;
  let source: ValueSource;
  if (direct) {
    raw = direct.value;
    variable = name;
    source = direct.origin;
  } else {
    const path = (file as LookupHit).value;
    variable = fileVariable;
    source = "file";
    const fileBase = { spec, name, variable, set: true, source, metadata } as const;
    let content: string;
    try {
      content = context.readFile(path);
    } catch (error) {
      if (isNoFileAccess(error)) {
        return {
          ...fileBase,
          problem: {
            name: fileVariable,
            problem: `points to ${path}, but this runtime cannot read files (no node:fs, as in a browser or a Worker)`,
            fix: `Set ${name} itself instead of ${fileVariable}, or pass createEnvSecrets a readFile option that can read ${path}.`,
          },
        };
      }
      return {
        ...fileBase,
        problem: {
          name: fileVariable,
          problem: `points to ${path}, which cannot be read (${describeReadFailure(error)}); expected a readable file holding ${sentence(spec.expected)}`,
          fix: `Mount or create the file at ${path}, or correct ${fileVariable} (or set ${name} instead).`,
        },
      };
    }
    // Mounted secrets (Docker, Kubernetes) usually end with a newline: surrounding whitespace is trimmed.
    raw = content.trim();
    if (raw === "") {
      return {
        ...fileBase,
        problem: {
          name: fileVariable,
          problem: `points to ${path}, which is empty; expected a file holding ${sentence(spec.expected)}`,
          fix: `${sentence(spec.fix)} Write the value into ${path}, or unset ${fileVariable}.`,
        },
      };
    }
  }

  // A secret is one line of printable characters: surrounding whitespace (a trailing newline) is
  // trimmed, as for files.
  if (spec.secret) raw = raw.trim();
  // Register a secret before validating it, so redaction scrubs it even if it is invalid.
  const display = spec.secret ? Secret.from(raw, { label: variable }).masked : displayValue(raw);
  const evaluation: SpecEvaluation = { spec, name, variable, set: true, source, display, metadata };
  // The token rule core shares with the connectors' programmatic settings: no whitespace or
  // control characters inside (they cannot be sent in a header), whatever the connector's schema.
  const unusable = spec.secret ? tokenProblem(raw) : undefined;
  if (unusable) {
    evaluation.problem = {
      name: variable,
      problem: `not valid (${unusable}); expected ${sentence(spec.expected)}`,
      fix: variable === fileVariable ? `${sentence(spec.fix)} Correct the content of the file ${fileVariable} points to.` : sentence(spec.fix),
    };
    return evaluation;
  }
  const result = spec.schema.safeParse(raw);
  if (!result.success) {
    evaluation.problem = {
      name: variable,
      problem: `not valid (${schemaReasons(result.error.issues, raw)}); expected ${sentence(spec.expected)}`,
      fix: variable === fileVariable ? `${sentence(spec.fix)} Correct the content of the file ${fileVariable} points to.` : sentence(spec.fix),
    };
    return evaluation;
  }
  evaluation.value = spec.secret ? Secret.from(result.data, { label: variable }) : result.data;
  if (spec.secret) evaluation.display = maskSecretValue(result.data);
  return evaluation;
}
