/**
 * The version of the connector contract this copy of `@toolweave/core` implements. A
 * connector descriptor states the version it was built for; `defineConnector` and the hub
 * refuse a descriptor built for another one.
 *
 * Version 2: `Correlator.find` returns a `FindResult` (`{ resources, incomplete }`) instead
 * of a bare `ResourceRef[]`, so a partial answer says what it is missing.
 */
export const CONTRACT_VERSION = "2" as const;
/** The type of {@link CONTRACT_VERSION}: the literal contract version string, currently `"2"`. */
export type ContractVersion = typeof CONTRACT_VERSION;
