import type { ConnectorDescriptor } from "./connector.js";

export type ValueSource = "env" | "file" | "dotenv";

/** The settings a secrets provider found for one connector. */
export interface ResolvedConnectorSettings {
  connectorId: string;
  /** Setting name → value; secret settings are `Secret`s. Spread into the connector factory. */
  settings: Record<string, unknown>;
  /** Where each variable came from (the full variable name read, e.g. `TOOLWEAVE_CIRCLECI_TOKEN`). */
  sources: Record<string, { variable: string; source: ValueSource }>;
}

/** One variable's status for a `doctor` command: masked, never the value. */
export interface VariableReport {
  connectorId: string;
  /** Declared name, e.g. `CIRCLECI_TOKEN`. */
  name: string;
  /** Name actually read (with prefix, profile or `_FILE`). */
  variable: string;
  set: boolean;
  source?: ValueSource;
  /** Masked value for secrets, the value for non-secret settings. */
  display?: string;
  required: boolean;
  secret: boolean;
  problem?: string;
  fix?: string;
}

/** Supplies connector settings (credentials, base URLs) from some store. */
export interface SecretsProvider {
  /**
   * Resolves every listed connector's variables. Throws one `ConfigurationError` listing every
   * missing or invalid variable across all of them.
   */
  resolve(descriptors: readonly ConnectorDescriptor<any, any>[]): ResolvedConnectorSettings[];
  /** Whether a connector's required variables are all set (values not validated). */
  isConfigured(descriptor: ConnectorDescriptor<any, any>): boolean;
  /** Which variables are set and where from, masked. */
  describe(descriptors: readonly ConnectorDescriptor<any, any>[]): VariableReport[];
}
