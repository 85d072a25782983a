import type { ZodType } from "zod";
import { CONTRACT_VERSION } from "./contract-version.js";
import type { Credential } from "./credential.js";
import type { Correlator } from "./correlator.js";
import { ConfigurationError, type ErrorKind } from "./errors.js";

/** One environment variable a connector reads (resolved by a `SecretsProvider`). */
export interface EnvVarSpec {
  /** Variable name without prefix or profile, e.g. `CIRCLECI_TOKEN`. */
  name: string;
  /** The factory setting it fills, e.g. `token`. */
  setting: string;
  /** Secret values come out wrapped in `Secret` and are never printed. */
  secret?: boolean;
  required?: boolean;
  /** Strict schema for the raw string value. */
  schema: ZodType<string>;
  /** Human description of the expected value, used in error messages (e.g. "a UUID"). */
  expected: string;
  /** What to do when it is missing or wrong (where to create the token, etc.). */
  fix: string;
  description: string;
  /** Default used by the connector when unset (documentation only). */
  defaultValue?: string;
}

/** One check made by `verify()`, e.g. `authentication` or `project:<slug>`. */
export interface VerifyCheck {
  /** Short name of the check. */
  name: string;
  /** Whether it passed. */
  ok: boolean;
  /** What was found, in a sentence (redacted). */
  detail: string;
  /** What to do when `ok` is false. */
  fix?: string;
  /** What kind of failure a failed check is (as `ToolweaveError.kind`); set by `failedCheck`. */
  kind?: ErrorKind;
  /** The HTTP status of the answer a failed check got, when there was one. */
  status?: number;
  /**
   * A failed advisory check is advice about a credential that still works (rotation due
   * soon, a declaration that looks wrong): it does not make the report's `ok` false.
   */
  advisory?: boolean;
}

/** What `verify()` learned: who the credential is and what it can do. */
export interface VerifyReport {
  provider: string;
  /**
   * `true` when every check passed or failed only as `advisory` (see `verifyOk`): the
   * credential is accepted and can do what the connector was configured for. An expired
   * token, a rejected token or an unreachable project makes it `false`. Build reports with
   * `buildVerifyReport` so every connector means the same by it.
   */
  ok: boolean;
  /** Who the credential acts as (login, email, account name). */
  identity?: string;
  credential: {
    kind: string;
    masked: string;
    scope?: string;
    privilege?: string;
    createdAt?: string;
    expiresAt?: string;
    source?: string;
  };
  checks: VerifyCheck[];
  details?: Record<string, unknown>;
}

/** A configured connector instance (what a provider factory returns). */
export interface Connector {
  readonly id: string;
  readonly displayName: string;
  readonly credential: Credential;
  /**
   * Checks the credential against the live API and reports who it is and what it can do.
   * `projects` (where the connector supports it) lists extra resources to check access to.
   * Failed checks are reported in the result (`ok: false`, with a `fix`) rather than thrown.
   */
  verify(options?: { signal?: AbortSignal; projects?: readonly string[] }): Promise<VerifyReport>;
  readonly correlator: Correlator;
}

/** Describes a provider package to registries, secrets providers and the hub. */
export interface ConnectorDescriptor<TSettings = Record<string, unknown>, TConnector extends Connector = Connector> {
  readonly contractVersion: string;
  readonly id: string;
  readonly displayName: string;
  /** Strict schema of the credential settings the factory accepts. */
  readonly credentialSchema: ZodType;
  /** Variables read from the environment, in documentation order. */
  readonly env: readonly EnvVarSpec[];
  /** Builds a connector from settings (the provider's factory). */
  create(settings: TSettings): TConnector;
}

const ID = /^[a-z][a-z0-9-]*$/;

/** Checks that a descriptor was built for this core's contract version. */
export function assertCompatible(descriptor: Pick<ConnectorDescriptor, "id" | "contractVersion">): void {
  if (descriptor.contractVersion !== CONTRACT_VERSION) {
    throw new ConfigurationError(
      `Connector "${descriptor.id}" was built for toolweave contract version ${JSON.stringify(descriptor.contractVersion)}, but @toolweave/core here implements version ${JSON.stringify(CONTRACT_VERSION)}.`,
      { fix: "Install versions of the connector and @toolweave/core that share a contract version (see the connector's peer range)." },
    );
  }
}

/** Declares a connector; rejects a descriptor built for another contract version. */
export function defineConnector<TSettings, TConnector extends Connector>(
  descriptor: ConnectorDescriptor<TSettings, TConnector>,
): ConnectorDescriptor<TSettings, TConnector> {
  assertCompatible(descriptor);
  if (!ID.test(descriptor.id)) {
    throw new ConfigurationError(`Connector id "${descriptor.id}" is not valid.`, {
      fix: "Use lower-case letters, digits and hyphens, starting with a letter (e.g. \"circleci\").",
    });
  }
  const names = new Set<string>();
  for (const spec of descriptor.env) {
    if (names.has(spec.name)) {
      throw new ConfigurationError(`Connector "${descriptor.id}" declares ${spec.name} twice.`, {
        fix: "Declare each environment variable once.",
      });
    }
    names.add(spec.name);
  }
  return Object.freeze({ ...descriptor });
}
