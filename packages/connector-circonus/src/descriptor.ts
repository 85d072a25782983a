import { defineConnector, CONTRACT_VERSION } from "@toolweave/core";
import { createCirconus, type CirconusClient } from "./create-circonus.js";
import { circonusSettings, type CirconusSettings } from "./settings.js";

/** The credential part of the settings, for registries (strict). */
export const circonusCredentialSchema = circonusSettings.pick(["token", "appName", "tokenKind", "privilege", "tokenCreatedAt", "tokenExpiresAt", "tokenSource"]);

/** Describes the Circonus connector to registries, secrets providers (e.g. `@toolweave/secrets-env`) and the hub. */
export const circonusConnector = defineConnector<CirconusSettings, CirconusClient>({
  contractVersion: CONTRACT_VERSION,
  id: "circonus",
  displayName: "Circonus",
  credentialSchema: circonusCredentialSchema,
  // Read from the settings table: CIRCONUS_API_TOKEN, CIRCONUS_API_APP, CIRCONUS_API_URL, CIRCONUS_API_TOKEN_PRIVILEGE.
  env: circonusSettings.env,
  create: createCirconus,
});
