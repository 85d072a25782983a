import { ENV_PATTERN, NAME_PATTERN, type CorrelationKeys, type CorrelationKeyName } from "./correlation-keys.js";
import { InvalidInputError, ConfigurationError } from "./errors.js";

/** A correlation key a naming template may use as a placeholder: every key except `repo`. */
export type TemplateKey = Exclude<CorrelationKeyName, "repo">;
const TEMPLATE_KEYS: readonly TemplateKey[] = ["service", "env", "component", "team"];

const valuePattern = (key: TemplateKey): string =>
  (key === "env" ? ENV_PATTERN : NAME_PATTERN).source.slice(1, -1); // strip ^ and $

/** A compiled naming convention, made by {@link namingTemplate}. */
export interface NamingTemplate {
  /** The template text, e.g. `svc-{service}-{env}`. */
  readonly pattern: string;
  /** The keys the template uses, in order. */
  readonly keys: readonly TemplateKey[];
  /** Builds a name; throws `InvalidInputError` when a key the template needs is missing. */
  format(keys: Partial<CorrelationKeys>): string;
  /** Reads keys back from a name, or `null` when the name does not follow the template. */
  parse(name: string): Partial<Pick<CorrelationKeys, TemplateKey>> | null;
  /** True when `name` follows the template. */
  matches(name: string): boolean;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A naming convention as a template with `{service}`, `{env}`, `{component}` and `{team}`
 * placeholders; `format` and `parse` are exact inverses. Values follow the correlation key
 * formats, so `svc-{service}-{env}` parses `svc-web-shop-prod` as service `web-shop`, env `prod`.
 *
 * @throws ConfigurationError when the pattern has no placeholder, an unknown or repeated one, or an unbalanced brace.
 */
export function namingTemplate(pattern: string): NamingTemplate {
  const keys: TemplateKey[] = [];
  let source = "^";
  let last = 0;
  const placeholder = /\{([a-z]+)\}/g;
  for (const match of pattern.matchAll(placeholder)) {
    const key = match[1] as TemplateKey;
    if (!TEMPLATE_KEYS.includes(key)) {
      throw new ConfigurationError(`Naming template "${pattern}" uses unknown placeholder {${match[1]}}.`, {
        fix: `Use only ${TEMPLATE_KEYS.map((k) => `{${k}}`).join(", ")}.`,
      });
    }
    if (keys.includes(key)) {
      throw new ConfigurationError(`Naming template "${pattern}" uses {${key}} twice.`, {
        fix: "Use each placeholder at most once.",
      });
    }
    keys.push(key);
    source += escapeRegex(pattern.slice(last, match.index)) + `(${valuePattern(key)})`;
    last = match.index + match[0].length;
  }
  source += `${escapeRegex(pattern.slice(last))}$`;
  if (keys.length === 0) {
    throw new ConfigurationError(`Naming template "${pattern}" has no placeholder.`, {
      fix: 'Include at least one of {service}, {env}, {component}, {team}, e.g. "svc-{service}-{env}".',
    });
  }
  if (/[{}]/.test(pattern.replace(placeholder, ""))) {
    throw new ConfigurationError(`Naming template "${pattern}" has an unbalanced brace.`, {
      fix: "Write placeholders as {service}, {env}, {component} or {team}.",
    });
  }
  const regex = new RegExp(source);

  return {
    pattern,
    keys,
    format(values) {
      let out = pattern;
      for (const key of keys) {
        const value = values[key];
        if (!value) {
          throw new InvalidInputError(`Naming template "${pattern}" needs "${key}" but it was not given.`, {
            fix: `Pass ${key} in the correlation keys.`,
          });
        }
        out = out.replace(`{${key}}`, value);
      }
      return out;
    },
    parse(name) {
      const match = regex.exec(name);
      if (!match) return null;
      const result: Partial<Record<TemplateKey, string>> = {};
      keys.forEach((key, i) => {
        result[key] = match[i + 1]!;
      });
      return result;
    },
    matches(name) {
      return regex.test(name);
    },
  };
}
