import { ConfigurationError } from "@toolweave/core";

/** How a declared variable name (`CIRCLECI_TOKEN`) becomes the name actually read. */
export interface EnvVariableNameOptions {
  /**
   * Prepended to every declared name, e.g. `TOOLWEAVE_` reads `TOOLWEAVE_CIRCLECI_TOKEN`.
   * Upper-case letters, digits and underscores, ending with `_`. The unprefixed name is not
   * read as a fallback.
   */
  prefix?: string;
  /**
   * Named profile for several accounts of one tool: `acme` reads `CIRCLECI_TOKEN__ACME`.
   * Lower-case letters, digits and underscores; upper-cased in the variable name.
   */
  profile?: string;
}

const PREFIX = /^[A-Z][A-Z0-9_]*_$/;
const PROFILE = /^[a-z0-9_]+$/;

/** Throws a `ConfigurationError` naming the option when `prefix` is not a valid prefix. */
export function assertValidPrefix(prefix: unknown): asserts prefix is string | undefined {
  if (prefix === undefined) return;
  if (typeof prefix !== "string" || !PREFIX.test(prefix)) {
    throw new ConfigurationError("The secrets-env option `prefix` is not a valid variable-name prefix.", {
      fix: 'Pass upper-case letters, digits and underscores ending with "_", e.g. prefix: "TOOLWEAVE_", or leave it out.',
    });
  }
}

/** Throws a `ConfigurationError` naming the option when `profile` is not a valid profile name. */
export function assertValidProfile(profile: unknown): asserts profile is string | undefined {
  if (profile === undefined) return;
  if (typeof profile !== "string" || !PROFILE.test(profile)) {
    throw new ConfigurationError("The secrets-env option `profile` is not a valid profile name.", {
      fix: 'Pass lower-case letters, digits and underscores, e.g. profile: "acme" (read from CIRCLECI_TOKEN__ACME), or leave it out.',
    });
  }
}

/**
 * The variable name read for a declared name: `${prefix}${name}` plus `__${PROFILE}` for a
 * profile. `envVariableName("CIRCLECI_TOKEN", { prefix: "TOOLWEAVE_", profile: "acme" })` is
 * `TOOLWEAVE_CIRCLECI_TOKEN__ACME`. The `_FILE`, `_CREATED_AT` and `_EXPIRES_AT` suffixes are
 * appended to this full name.
 */
export function envVariableName(name: string, options: EnvVariableNameOptions = {}): string {
  assertValidPrefix(options.prefix);
  assertValidProfile(options.profile);
  const profile = options.profile === undefined ? "" : `__${options.profile.toUpperCase()}`;
  return `${options.prefix ?? ""}${name}${profile}`;
}
