import { defineConnector, CONTRACT_VERSION } from "@toolweave/core";
import { createCircleCI, type CircleCIClient } from "./create-circleci.js";
import { circleciSettings, type CircleCISettings } from "./settings.js";

/** The credential part of the settings, for registries (strict). */
export const circleciCredentialSchema = circleciSettings.pick(["token", "tokenKind", "tokenScope", "tokenCreatedAt", "tokenExpiresAt", "tokenSource"]);

/** Describes the CircleCI connector to registries, secrets providers and the hub. */
export const circleciConnector = defineConnector<CircleCISettings, CircleCIClient>({
  contractVersion: CONTRACT_VERSION,
  id: "circleci",
  displayName: "CircleCI",
  credentialSchema: circleciCredentialSchema,
  // Read from the settings table: CIRCLECI_TOKEN and CIRCLECI_BASE_URL.
  env: circleciSettings.env,
  create: createCircleCI,
});
