import { checkBaseUrl, defineConnector, CONTRACT_VERSION } from "@toolweave/core";
import { z } from "zod";
import { createCircleCI, type CircleCIClient } from "./create-circleci.js";
import { BASE_URL_SETTING, circleciSettingsSchema, DEFAULT_BASE_URL, type CircleCISettings } from "./settings.js";
import { lazySchema } from "@toolweave/core";

const TOKEN_FORMAT = /^(?:CCIPAT_[A-Za-z0-9_]+|CCIPRJ_[A-Za-z0-9_]+|[0-9a-fA-F]{40})$/;

/** The credential part of the settings, for registries (strict). */
export const circleciCredentialSchema = lazySchema(() =>
  circleciSettingsSchema.pick({
    token: true,
    tokenKind: true,
    tokenScope: true,
    tokenCreatedAt: true,
    tokenExpiresAt: true,
    tokenSource: true,
  }),
);

/** Describes the CircleCI connector to registries, secrets providers and the hub. */
export const circleciConnector = defineConnector<CircleCISettings, CircleCIClient>({
  contractVersion: CONTRACT_VERSION,
  id: "circleci",
  displayName: "CircleCI",
  credentialSchema: circleciCredentialSchema,
  env: [
    {
      name: "CIRCLECI_TOKEN",
      setting: "token",
      secret: true,
      required: true,
      // Project tokens (CCIPRJ_) are accepted here so the connector can explain why they fail on v2.
      schema: lazySchema(() => z.string().trim().regex(TOKEN_FORMAT, "not a CircleCI API token")),
      expected: "a CircleCI personal API token (CCIPAT_… or 40 hex characters)",
      fix: "Create a personal API token at https://app.circleci.com/settings/user/tokens (CircleCI Server: <your host>/settings/user/tokens) and set CIRCLECI_TOKEN to it. Project tokens (CCIPRJ_…) do not work on API v2.",
      description: "CircleCI personal API token, sent in the Circle-Token header.",
    },
    {
      name: "CIRCLECI_BASE_URL",
      setting: "baseUrl",
      required: false,
      // The same check as the baseUrl setting, so a query string is reported as one.
      schema: lazySchema(() =>
        z.string().superRefine((value, ctx) => {
          const result = checkBaseUrl(value, BASE_URL_SETTING);
          if (!result.ok) ctx.addIssue({ code: "custom", message: result.reason });
        }),
      ),
      expected: 'the API v2 root URL, e.g. "https://circleci.com/api/v2" or "https://<server-host>/api/v2"',
      fix: 'Set CIRCLECI_BASE_URL to "https://<server-host>/api/v2" for CircleCI Server, or unset it for circleci.com.',
      description: "CircleCI API v2 base URL (CircleCI Server).",
      defaultValue: DEFAULT_BASE_URL,
    },
  ],
  create: createCircleCI,
});
