import type { Connector, ConnectorDescriptor } from "./connector.js";

/** The settings a descriptor's factory accepts (`CircleCISettings` for `circleciConnector`). */
export type SettingsOf<D> = D extends ConnectorDescriptor<infer S, any> ? S : Record<string, unknown>;
/** The connector a descriptor's factory returns (`CircleCIClient` for `circleciConnector`). */
export type ConnectorOf<D> = D extends ConnectorDescriptor<any, infer C> ? C : Connector;

/** Where a setting's value was read: the process environment, a file named by `<VAR>_FILE`, or a `.env` file. */
export type ValueSource = "env" | "file" | "dotenv";

/** The settings a secrets provider found for one connector, typed by its descriptor. */
export interface ResolvedConnectorSettings<TSettings = Record<string, unknown>> {
  connectorId: string;
  /**
   * Setting name → value; secret settings are `Secret`s. Typed as the factory's settings, so
   * it goes into the factory without a cast (the provider has checked every required one).
   */
  settings: TSettings;
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
  resolve<const D extends readonly ConnectorDescriptor<any, any>[]>(descriptors: D): ResolvedSettingsTuple<D>;
  /** Whether a connector's required variables are all set (values not validated). */
  isConfigured(descriptor: ConnectorDescriptor<any, any>): boolean;
  /** Which variables are set and where from, masked. */
  describe(descriptors: readonly ConnectorDescriptor<any, any>[]): VariableReport[];
}

/** `resolve([a, b])`'s result: one entry per descriptor, in order, each typed by its descriptor. */
export type ResolvedSettingsTuple<D extends readonly ConnectorDescriptor<any, any>[]> = {
  -readonly [K in keyof D]: ResolvedConnectorSettings<SettingsOf<D[K]>>;
};
