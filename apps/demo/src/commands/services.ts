import { createHub, type Locator } from "@toolweave/core";
import type { Catalog } from "../catalog.js";
import type { Providers } from "../providers.js";

export interface ServiceRow {
  name: string;
  repo: string;
  envs: string[];
  team: string | null;
  component: string | null;
  /** Where each tool looks for it (no calls made). */
  locators: Record<string, Locator[]>;
}

/** `services`: the catalog, with each tool's lookups resolved from the naming conventions. */
export function runServices(providers: Providers, catalog: Catalog): ServiceRow[] {
  const hub = createHub({ connectors: providers.connectors });
  return catalog.services.map((service) => {
    const locators: Record<string, Locator[]> = {};
    for (const env of service.envs) {
      for (const { connectorId, locators: found } of hub.resolve({
        service: service.name,
        env,
        repo: service.repo,
        ...(service.team ? { team: service.team } : {}),
        ...(service.component ? { component: service.component } : {}),
      })) {
        const list = (locators[connectorId] ??= []);
        for (const locator of found) if (!list.some((l) => l.kind === locator.kind && l.value === locator.value)) list.push(locator);
      }
    }
    return { name: service.name, repo: service.repo, envs: service.envs, team: service.team ?? null, component: service.component ?? null, locators };
  });
}
