import { createCallMemo, createHub, type PageInsights } from "@toolweave/core";
import type { Catalog } from "./catalog.js";
import type { Providers } from "./providers.js";

/** Options of {@link pageAnswer}. */
export interface PageAnswerOptions {
  providers: Providers;
  catalog: Catalog;
  /** The clock (epoch ms): the end of the window insights read. */
  now: () => number;
  /** How long before an alert a deploy is a suspect (default: the hub's, 60 minutes). */
  suspectWindowMs?: number;
}

/**
 * What the tools know about one page: `hub.resolve(url)` against the catalog, then
 * `hub.insights` — with the service's own CircleCI client (its catalog convention overrides)
 * once the page names the service, and one call memo for both steps.
 */
export function pageAnswer(options: PageAnswerOptions): (url: string, signal?: AbortSignal) => Promise<PageInsights> {
  const { providers, catalog } = options;
  const hub = createHub({ connectors: providers.connectors, concurrency: 2 });
  return async (url, signal) => {
    const memo = createCallMemo();
    const shared = { memo, ...(signal ? { signal } : {}) };
    const resolution = await hub.resolve(url, { services: catalog.services, ...shared });
    const service = resolution.service ? catalog.services.find((s) => s.name === resolution.service) : undefined;
    const own = service ? providers.circleciFor(service) : undefined;
    const forService = own && own !== providers.circleci ? createHub({ connectors: providers.connectors.map((c) => (c === providers.circleci ? own : c)), concurrency: 2 }) : hub;
    return forService.insights(resolution, { now: options.now(), ...(options.suspectWindowMs === undefined ? {} : { suspectWindowMs: options.suspectWindowMs }), ...shared });
  };
}
