/**
 * The version of the connector contract this copy of `@toolweave/core` implements. A
 * connector descriptor states the version it was built for; `defineConnector` and the hub
 * refuse a descriptor built for another one.
 */
export const CONTRACT_VERSION = "1" as const;
export type ContractVersion = typeof CONTRACT_VERSION;
