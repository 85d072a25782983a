import { CIRCLECI_TOKEN } from "./circleci-world.js";
import { CIRCONUS_APP, CIRCONUS_TOKEN } from "./circonus-world.js";

/** The variables the examples read (secrets-env's names), pointed at a test server: its credentials and API roots. */
export function testServerEnv(server: { readonly circleciBaseUrl: string; readonly circonusBaseUrl: string }): Record<string, string> {
  return {
    CIRCLECI_TOKEN,
    CIRCLECI_BASE_URL: server.circleciBaseUrl,
    CIRCONUS_API_TOKEN: CIRCONUS_TOKEN,
    CIRCONUS_API_APP: CIRCONUS_APP,
    CIRCONUS_API_URL: server.circonusBaseUrl,
  };
}
