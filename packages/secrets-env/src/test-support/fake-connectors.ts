/**
 * Test-only descriptors mimicking the CircleCI and Circonus connectors' variables (not exported
 * from the package). zod is a dev dependency here, as connectors use it for their schemas.
 */
import { z } from "zod";
import { CONTRACT_VERSION, defineConnector, type Connector } from "@toolweave/core";

/** A connector that is never called: resolve/describe only read the descriptor's `env`. */
function fakeConnector(id: string): Connector {
  return { id, displayName: id } as unknown as Connector;
}

// Personal tokens look like CCIPAT_<base58>_<40 hex>; older ones are 40 hex (https://circleci.com/docs/managing-api-tokens/).
const CIRCLECI_TOKEN = /^(?:CCIPAT_[1-9A-HJ-NP-Za-km-z]+_[0-9a-f]{40}|[0-9a-f]{40})$/;

export const circleci = defineConnector<Record<string, unknown>, Connector>({
  contractVersion: CONTRACT_VERSION,
  id: "circleci",
  displayName: "CircleCI",
  credentialSchema: z.object({ token: z.unknown() }),
  env: [
    {
      name: "CIRCLECI_TOKEN",
      setting: "token",
      secret: true,
      required: true,
      schema: z.string().regex(CIRCLECI_TOKEN, { error: "Not a CircleCI personal API token" }),
      expected: "a CircleCI personal API token (CCIPAT_…, or 40 hex characters for older tokens)",
      fix: "Create a personal API token in CircleCI under User Settings → Personal API Tokens.",
      description: "Personal API token sent as Circle-Token.",
    },
    {
      name: "CIRCLECI_BASE_URL",
      setting: "baseUrl",
      schema: z.url({ protocol: /^https?$/, error: "Invalid URL" }),
      expected: "an absolute https URL ending in /api/v2, e.g. https://circleci.example.com/api/v2",
      fix: "Set it to your CircleCI Server's API root, or unset it for circleci.com.",
      description: "API root; CircleCI Server installs use https://<host>/api/v2.",
      defaultValue: "https://circleci.com/api/v2",
    },
  ],
  create: () => fakeConnector("circleci"),
});

export const circonus = defineConnector<Record<string, unknown>, Connector>({
  contractVersion: CONTRACT_VERSION,
  id: "circonus",
  displayName: "Circonus",
  credentialSchema: z.object({ token: z.unknown(), appName: z.unknown() }),
  env: [
    {
      name: "CIRCONUS_API_TOKEN",
      setting: "token",
      secret: true,
      required: true,
      schema: z.uuid(),
      expected: "a Circonus API token (a UUID)",
      fix: "Create an API token in Circonus under Integrations → API Tokens (Read-Only is enough).",
      description: "API token sent as X-Circonus-Auth-Token.",
    },
    {
      name: "CIRCONUS_API_APP",
      setting: "appName",
      required: true,
      schema: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: "Not an application name" }),
      expected: "a stable application name such as toolweave (letters, digits, . _ -)",
      fix: "Pick one stable app name and approve it for the token under Integrations → API Tokens.",
      description: "Application name sent as X-Circonus-App-Name.",
    },
    {
      name: "CIRCONUS_API_URL",
      setting: "baseUrl",
      schema: z.url({ protocol: /^https?$/, error: "Invalid URL" }),
      expected: "an absolute https URL, e.g. https://api.circonus.example.com/v2",
      fix: "Set it to your Circonus Inside API root, or unset it for api.circonus.com.",
      description: "API root.",
      defaultValue: "https://api.circonus.com/v2",
    },
  ],
  create: () => fakeConnector("circonus"),
});

/**
 * Like the real Circonus descriptor: it declares CIRCONUS_API_TOKEN_CREATED_AT itself, which then
 * replaces the automatic date for that variable.
 */
export const circonusDeclaringDate = defineConnector<Record<string, unknown>, Connector>({
  ...circonus,
  env: [
    ...circonus.env,
    {
      name: "CIRCONUS_API_TOKEN_CREATED_AT",
      setting: "tokenCreatedAt",
      schema: z.iso.date(),
      expected: 'an ISO date, e.g. "2025-01-31"',
      fix: "Set CIRCONUS_API_TOKEN_CREATED_AT to the token's creation date.",
      description: "When the token was created.",
    },
  ],
});

/** Realistic, valid values (not real credentials). */
export const VALID = {
  CIRCLECI_TOKEN: "CCIPAT_7Hk2mXq9RtYv3LpN_3f9a1c0d7e2b4a6f8c1d3e5f7a9b0c2d4e6f8a1b",
  CIRCONUS_API_TOKEN: "0f4b5c2e-8d1a-4e7b-9c3f-2a6d8e1b5c7f",
  CIRCONUS_API_APP: "toolweave",
} as const;
