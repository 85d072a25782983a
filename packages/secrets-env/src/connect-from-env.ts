import type { ConnectorDescriptor, ConnectorOf, SettingsOf } from "@toolweave/core";
import { createEnvSecrets, type EnvSecretsOptions } from "./create-env-secrets.js";

/** Options of `connectFromEnv`: where to read (as `createEnvSecrets`) and settings to add. */
export interface ConnectFromEnvOptions<D extends ConnectorDescriptor<any, any>> extends EnvSecretsOptions {
  /** Passed to the factory over the values read: runtime settings (`throttle`, `hooks`, `userAgent` …). */
  settings?: Partial<SettingsOf<D>>;
}

/**
 * One call from the environment to a ready, typed connector:
 * `const circleci = connectFromEnv(circleciConnector)` is a `CircleCIClient`, with its token
 * read from `CIRCLECI_TOKEN` (or `CIRCLECI_TOKEN_FILE`, a prefix, a profile, `.env`). Throws one
 * `ConfigurationError` listing every missing or invalid variable with its fix.
 */
export function connectFromEnv<D extends ConnectorDescriptor<any, any>>(descriptor: D, options: ConnectFromEnvOptions<D> = {}): ConnectorOf<D> {
  const { settings, ...secretsOptions } = options;
  return createEnvSecrets(secretsOptions).connect(descriptor, settings);
}
