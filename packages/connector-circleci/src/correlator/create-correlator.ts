import type { Correlator, CorrelationKeys, EventsOptions, EventsResult, LatestBuildResult, PageReader, PageReadOptions } from "@toolweave/core";
import type { CircleCIConventions } from "../conventions.js";
import { audit } from "./audit.js";
import { events } from "./events.js";
import { find } from "./find.js";
import { extract, PROVIDER, resolve } from "./keys.js";
import { latestBuild } from "./latest-build.js";
import type { CircleCICorrelatorPorts, CircleCIResource } from "./ports.js";
import { createPageReader } from "./read-page.js";

/**
 * The CircleCI correlator (`client.correlator`): finds a service's project, contexts and
 * workflows by the naming conventions, and audits resources against them.
 */
export interface CircleCICorrelator extends Correlator<CircleCIResource> {
  /** The naming conventions it applies. */
  readonly conventions: CircleCIConventions;
  /**
   * The service's deploys and failed deploys in the window (`deployEvents` on the project
   * named by `keys.repo`, the deploy workflow `deploy-{service}`, the pipelines whose `env`
   * parameter is `keys.env` when given). Rejects with `InvalidInputError` without `repo`.
   */
  events(keys: CorrelationKeys, options: EventsOptions): Promise<EventsResult>;
  /**
   * Reads CircleCI web app URLs on `appUrl` (project, pipeline, workflow and job pages; on cloud
   * also legacy `https://circleci.com/gh/<org>/<repo>/<job>` links): the page's project, and the
   * keys its pipeline's parameters and its workflow's name carry.
   */
  readonly pages: PageReader;
  /**
   * The latest pipeline of the default branch of the project named by `keys.repo`, with its
   * outcome. Rejects with `InvalidInputError` without `repo`.
   */
  latestBuild(keys: CorrelationKeys, options?: PageReadOptions): Promise<LatestBuildResult>;
}

/**
 * Builds the correlator from the ports its client passes in (see {@link CircleCICorrelatorPorts});
 * use `createCircleCI(settings).correlator` instead.
 * @internal
 */
export function createCorrelator(ports: CircleCICorrelatorPorts): CircleCICorrelator {
  return {
    provider: PROVIDER,
    conventions: ports.conventions,
    resolve: (keys) => resolve(ports, keys),
    extract: (resource) => extract(ports, resource),
    audit: (resources) => audit(ports, resources),
    find: (keys, options) => find(ports, keys, options),
    events: (keys, options) => events(ports, keys, options),
    eventKinds: ["deploy", "deploy-failed"],
    pages: createPageReader(ports),
    latestBuild: (keys, options) => latestBuild(ports, keys, options),
  };
}
