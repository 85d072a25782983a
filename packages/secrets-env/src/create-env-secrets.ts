import {
  ConfigurationError,
  assertCompatible,
  redactText,
  type ConnectorDescriptor,
  type ConnectorOf,
  type ConfigurationProblem,
  type ResolvedConnectorSettings,
  type ResolvedSettingsTuple,
  type SettingsOf,
  type SecretsProvider,
  type ValueSource,
  type VariableReport,
} from "@toolweave/core";
import { checkDescriptor, checkDescriptors } from "./check-descriptors.js";
import { createEnvLookup } from "./env-lookup.js";
import { assertValidPrefix, assertValidProfile, envVariableName, type EnvVariableNameOptions } from "./env-variable-name.js";
import { environmentConfigurationError } from "./environment-configuration-error.js";
import { evaluateSpec, type EvaluationContext } from "./evaluate-spec.js";
import { loadDotenv } from "./load-dotenv.js";
import { processEnv } from "./node-builtins.js";
import { readTextFile, type ReadTextFile } from "./read-text-file.js";

/** Options of `createEnvSecrets`. */
export interface EnvSecretsOptions extends EnvVariableNameOptions {
  /**
   * Variables to read. Default: `process.env` (read at each call). Pass a record in tests or
   * other runtimes (required where there is no `process`: browsers, Workers); then
   * `process.env` is never read. It is never modified.
   */
  env?: Record<string, string | undefined>;
  /**
   * A `.env` file to load into a separate record (parsed with Node's `util.parseEnv`): a path,
   * or `true` for `./.env` (skipped when absent). Its values only fill variables that are unset
   * (or empty) in `env`; `process.env` is never modified. Default: none.
   */
  dotenv?: string | boolean;
  /**
   * Reads `<VAR>_FILE` files and the `.env` file. Default: `fs.readFileSync(path, "utf8")`,
   * loaded only when a file is asked for; where the runtime has no `node:fs` (browsers, Workers)
   * a file asked for is a `ConfigurationError`.
   */
  readFile?: (path: string) => string;
}

/** The provider returned by `createEnvSecrets`. */
export interface EnvSecrets extends SecretsProvider {
  /** Absolute path of the `.env` file that was loaded, if any. */
  readonly dotenvPath: string | undefined;
  /**
   * Reads one connector's variables and returns the ready connector, typed by its descriptor
   * (`CircleCIClient` for `circleciConnector`). `overrides` are passed to the factory over the
   * values read (runtime settings such as `throttle`, `hooks`, `userAgent`). Where the
   * connector records where its token came from (`tokenSource`), that is filled in. Throws one
   * `ConfigurationError` listing every missing or invalid variable.
   */
  connect<D extends ConnectorDescriptor<any, any>>(descriptor: D, overrides?: Partial<SettingsOf<D>>): ConnectorOf<D>;
}

/** Keys a zod object schema declares (empty for anything else). */
function shapeKeys(schema: unknown): Set<string> {
  const shape = (schema as { shape?: unknown } | null)?.shape;
  return new Set(shape && typeof shape === "object" ? Object.keys(shape) : []);
}

const OPTION_NAMES = ["env", "prefix", "profile", "dotenv", "readFile"] as const;

function validateOptions(options: unknown): asserts options is EnvSecretsOptions {
  const fail = (message: string, fix: string): never => {
    throw new ConfigurationError(message, { fix });
  };
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    fail("createEnvSecrets options must be an object.", "Pass an object such as { prefix: \"TOOLWEAVE_\" }, or nothing.");
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      fail(`Unknown createEnvSecrets option "${key}".`, `Use only ${OPTION_NAMES.join(", ")}.`);
    }
  }
  if (record.env !== undefined && (typeof record.env !== "object" || record.env === null)) {
    fail("The createEnvSecrets option `env` must be a record of strings.", "Pass process.env, a plain object of variables, or leave it out.");
  }
  assertValidPrefix(record.prefix);
  assertValidProfile(record.profile);
  if (
    record.dotenv !== undefined &&
    typeof record.dotenv !== "boolean" &&
    (typeof record.dotenv !== "string" || record.dotenv === "")
  ) {
    fail("The createEnvSecrets option `dotenv` must be a path or a boolean.", 'Pass a path such as "./.env", true for ./.env, or false.');
  }
  if (record.readFile !== undefined && typeof record.readFile !== "function") {
    fail("The createEnvSecrets option `readFile` must be a function.", "Pass (path) => string, or leave it out.");
  }
}

/**
 * A `SecretsProvider` reading connector variables from the environment (or a given record),
 * with an optional prefix and profile, `<VAR>_FILE` mounted secrets, `<VAR>_CREATED_AT` /
 * `<VAR>_EXPIRES_AT` rotation dates and an optional `.env` file that never overrides the real
 * environment. An empty value counts as unset.
 *
 * Throws a `ConfigurationError` for invalid options or an unreadable `.env` path.
 */
export function createEnvSecrets(options: EnvSecretsOptions = {}): EnvSecrets {
  validateOptions(options);
  const env = options.env ?? processEnv();
  if (env === undefined) {
    throw new ConfigurationError("createEnvSecrets: this runtime has no process.env (a browser or a Worker).", {
      fix: "Pass the variables as the `env` option, e.g. createEnvSecrets({ env: { CIRCLECI_TOKEN: token } }) (in a Worker, its env bindings).",
    });
  }
  const readFile: ReadTextFile = options.readFile ?? readTextFile;
  const dotenv = loadDotenv(options.dotenv, readFile);
  const names: EnvVariableNameOptions = {};
  if (options.prefix !== undefined) names.prefix = options.prefix;
  if (options.profile !== undefined) names.profile = options.profile;

  const context: EvaluationContext = {
    lookup: createEnvLookup(env, dotenv?.values),
    readFile,
    names,
    dotenvPath: dotenv?.values ? dotenv.path : undefined,
    dotenvMissingPath: dotenv && !dotenv.values ? dotenv.path : undefined,
  };

  const provider: EnvSecrets = {
    dotenvPath: context.dotenvPath,

    resolve<const D extends readonly ConnectorDescriptor<any, any>[]>(descriptors: D): ResolvedSettingsTuple<D> {
      const problems: ConfigurationProblem[] = [];
      const resolved: ResolvedConnectorSettings[] = [];
      for (const descriptor of checkDescriptors(descriptors, "resolve")) {
        assertCompatible(descriptor);
        const settings: Record<string, unknown> = {};
        const sources: Record<string, { variable: string; source: ValueSource }> = {};
        const declared = new Set(descriptor.env.map((spec) => spec.name));
        for (const spec of descriptor.env) {
          const evaluation = evaluateSpec(spec, context, declared);
          if (evaluation.problem) problems.push(evaluation.problem);
          else if (evaluation.value !== undefined && evaluation.source) {
            settings[spec.setting] = evaluation.value;
            sources[spec.setting] = { variable: evaluation.variable, source: evaluation.source };
          }
          for (const meta of evaluation.metadata) {
            if (meta.problem) problems.push(meta.problem);
            else if (meta.date && meta.source && evaluation.value !== undefined) {
              settings[meta.setting] = meta.date;
              sources[meta.setting] = { variable: meta.variable, source: meta.source };
            }
          }
        }
        resolved.push({ connectorId: descriptor.id, settings, sources });
      }
      if (problems.length > 0) throw environmentConfigurationError(problems);
      return resolved as unknown as ResolvedSettingsTuple<D>;
    },

    connect<D extends ConnectorDescriptor<any, any>>(descriptor: D, overrides?: Partial<SettingsOf<D>>): ConnectorOf<D> {
      if (!descriptor || typeof descriptor !== "object" || typeof (descriptor as { create?: unknown }).create !== "function") {
        throw new ConfigurationError("connect() needs a connector descriptor, such as circleciConnector.", {
          fix: 'Import the descriptor from the connector package, e.g. import { circleciConnector } from "@toolweave/connector-circleci".',
        });
      }
      const [resolved] = provider.resolve([descriptor] as const);
      const settings: Record<string, unknown> = { ...(resolved.settings as Record<string, unknown>) };
      const accepted = shapeKeys(descriptor.credentialSchema);
      for (const spec of descriptor.env) {
        const source = resolved.sources[spec.setting];
        const key = `${spec.setting}Source`;
        if (spec.secret && source && accepted.has(key) && settings[key] === undefined) settings[key] = `${source.variable} (${source.source})`;
      }
      return descriptor.create({ ...settings, ...(overrides ?? {}) }) as ConnectorOf<D>;
    },

    isConfigured(descriptor: ConnectorDescriptor<any, any>) {
      return checkDescriptor(descriptor, "isConfigured").env.every((spec) => {
        if (!spec.required) return true;
        const name = envVariableName(spec.name, names);
        return context.lookup(name) !== undefined || context.lookup(`${name}_FILE`) !== undefined;
      });
    },

    describe(descriptors) {
      const reports: VariableReport[] = [];
      for (const descriptor of checkDescriptors(descriptors, "describe")) {
        const declared = new Set(descriptor.env.map((spec) => spec.name));
        for (const spec of descriptor.env) {
          const evaluation = evaluateSpec(spec, context, declared);
          const report: VariableReport = {
            connectorId: descriptor.id,
            name: spec.name,
            variable: evaluation.variable,
            set: evaluation.set,
            required: spec.required === true,
            secret: spec.secret === true,
          };
          if (evaluation.source) report.source = evaluation.source;
          if (evaluation.display !== undefined) report.display = evaluation.display;
          if (evaluation.problem) {
            report.problem = evaluation.problem.problem;
            report.fix = evaluation.problem.fix;
          }
          reports.push(report);
          for (const meta of evaluation.metadata) {
            if (!meta.set) continue;
            const metaReport: VariableReport = {
              connectorId: descriptor.id,
              name: meta.name,
              variable: meta.variable,
              set: true,
              required: false,
              secret: false,
            };
            if (meta.source) metaReport.source = meta.source;
            if (meta.text !== undefined) metaReport.display = redactText(meta.text);
            if (meta.problem) {
              metaReport.problem = meta.problem.problem;
              metaReport.fix = meta.problem.fix;
            }
            reports.push(metaReport);
          }
        }
      }
      return reports;
    },
  };
  return provider;
}
