import { z } from "zod";
import { defineConnector, CONTRACT_VERSION } from "@toolweave/core";
import { createCirconus, type CirconusClient } from "./create-circonus.js";
import { circonusCredentialSchema } from "./credential.js";
import { API_TOKENS_PAGE } from "./map-error.js";
import { APP_NAME_PATTERN, DEFAULT_BASE_URL, PRIVILEGES, TOKEN_PATTERN, checkCirconusBaseUrl, type CirconusSettingsInput } from "./settings.js";
import { lazySchema } from "@toolweave/core";

/** The Circonus connector for registries, secrets providers (e.g. `@toolweave/secrets-env`) and the hub. */
export const circonusConnector = defineConnector<CirconusSettingsInput, CirconusClient>({
  contractVersion: CONTRACT_VERSION,
  id: "circonus",
  displayName: "Circonus",
  credentialSchema: circonusCredentialSchema,
  env: [
    {
      name: "CIRCONUS_API_TOKEN",
      setting: "token",
      secret: true,
      required: true,
      schema: lazySchema(() => z.string().trim().regex(TOKEN_PATTERN, "must be a UUID")),
      expected: "a Circonus API token (a UUID)",
      fix: `Create a token under ${API_TOKENS_PAGE} in the Circonus UI (Read-Only is enough for reading) and set CIRCONUS_API_TOKEN.`,
      description: "Circonus API token, sent as X-Circonus-Auth-Token.",
    },
    {
      name: "CIRCONUS_API_APP",
      setting: "appName",
      required: true,
      schema: lazySchema(() => z.string().trim().regex(APP_NAME_PATTERN, 'must be letters, digits, ".", "_", "-"')),
      expected: 'a stable application name, e.g. "mycompany-toolweave"',
      fix: `Set CIRCONUS_API_APP to a stable name and approve it for the token under ${API_TOKENS_PAGE} (new names start as pending unless the token's default app state is Allow).`,
      description: "Application name sent as X-Circonus-App-Name; approved per token.",
    },
    {
      name: "CIRCONUS_API_URL",
      setting: "baseUrl",
      // The same check as the baseUrl setting (https, no query or fragment, the /v2 API root path).
      schema: lazySchema(() =>
        z.string().superRefine((value, ctx) => {
          const result = checkCirconusBaseUrl(value);
          if (!result.ok) ctx.addIssue({ code: "custom", message: result.reason });
        }),
      ),
      expected: 'an API root URL, e.g. "https://api.circonus.com/v2"',
      fix: 'Set CIRCONUS_API_URL to the API root, e.g. "https://api.circonus.com/v2" or "https://api.<your-site>/v2" for Circonus Inside.',
      description: "Circonus API root (inside/on-prem installs have their own).",
      defaultValue: DEFAULT_BASE_URL,
    },
    {
      name: "CIRCONUS_API_TOKEN_PRIVILEGE",
      setting: "privilege",
      schema: lazySchema(() => z.enum(PRIVILEGES)),
      expected: '"admin", "normal" or "read-only"',
      fix: "Set CIRCONUS_API_TOKEN_PRIVILEGE to the privilege shown for the token on the API Tokens page.",
      description: "Declared token privilege; with read-only, writes are refused before any request.",
    },
  ],
  create: (settings) => createCirconus(settings),
});
