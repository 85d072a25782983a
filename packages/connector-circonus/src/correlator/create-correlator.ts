import type { CorrelationKeys, Correlator, EventsOptions, EventsResult, PageReader } from "@toolweave/core";
import type { CirconusTaggedResource } from "../tags.js";
import { audit } from "./audit.js";
import { events } from "./events.js";
import { find } from "./find.js";
import { extract, PROVIDER, resolve } from "./keys.js";
import type { CirconusCorrelatorPorts } from "./ports.js";
import { createPageReader } from "./read-page.js";

/** The Circonus correlator (`client.correlator`): finds and audits resources by their tags, and lists a service's alerts and annotations as events. */
export interface CirconusCorrelator extends Correlator<CirconusTaggedResource> {
  /**
   * The service's alerts (`alert-opened`, `alert-cleared`) and annotations in the window; a
   * search that fails, is cut short or capped is reported in `incomplete`; only when every
   * search fails does it reject.
   */
  events(keys: CorrelationKeys, options: EventsOptions): Promise<EventsResult>;
  /** Reads the UI's alert, check, graph and rule set pages (see `createPageReader`). */
  readonly pages: PageReader;
}

/**
 * Correlation through Circonus tags, which the server stores as lower-cased `category:value`
 * pairs (https://docs.circonus.com/circonus/appendix/search/), built from the ports its
 * client passes in (see {@link CirconusCorrelatorPorts}): `resolve` describes tag searches on
 * check bundles, rule sets and alerts; `extract` reads keys from `tags` / `_tags` /
 * `_check_tags`; `audit` flags bundles without a service tag, mixed-case or malformed tags and
 * conflicting values; `find` runs the searches and returns deep-linked refs; `events` lists
 * alerts and annotations on a time axis; `pages` reads the UI's own URLs.
 */
export function createCorrelator(ports: CirconusCorrelatorPorts): CirconusCorrelator {
  return {
    provider: PROVIDER,
    resolve: (keys) => resolve(ports, keys),
    extract: (resource) => extract(ports, resource),
    audit: (resources) => audit(ports, resources),
    find: (keys, options) => find(ports, keys, options),
    events: (keys, options) => events(ports, keys, options),
    eventKinds: ["alert-opened", "alert-cleared", "annotation"],
    pages: createPageReader(ports),
  };
}
