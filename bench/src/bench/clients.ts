import { createCircleCI, type CircleCISettings } from "@toolweave/connector-circleci";
import { createCirconus, type CirconusSettings } from "@toolweave/connector-circonus";
import { CIRCLECI_TOKEN, CIRCONUS_APP, CIRCONUS_TOKEN, type TestServer } from "../test-server/index.js";

type Runtime = Omit<CircleCISettings, "token" | "baseUrl">;

/** A CircleCI client pointed at the test server (loopback `http:` is allowed by core). */
export function circleciFor(server: TestServer, runtime: Runtime = {}) {
  return createCircleCI({ token: CIRCLECI_TOKEN, baseUrl: server.circleciBaseUrl, ...runtime });
}

/** A Circonus client pointed at the test server, with a known UI root so deep links need no call. */
export function circonusFor(server: TestServer, runtime: Omit<CirconusSettings, "token" | "appName" | "baseUrl"> = {}) {
  return createCirconus({ token: CIRCONUS_TOKEN, appName: CIRCONUS_APP, baseUrl: server.circonusBaseUrl, ...runtime });
}
