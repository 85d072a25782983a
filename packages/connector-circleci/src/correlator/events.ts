import { definedOnly, InvalidInputError, type CorrelationKeys, type EventsOptions, type EventsResult } from "@toolweave/core";
import { PROVIDER, repoSlug } from "./keys.js";
import type { CircleCICorrelatorPorts } from "./ports.js";

/**
 * `correlator.events`: the service's deploys and failed deploys in the window, from
 * `deployEvents` on the project named by `keys.repo`, the deploy workflow `deploy-{service}`,
 * the pipelines whose `env` parameter is `keys.env` when given. Rejects with
 * `InvalidInputError` without `repo`; asked only for kinds CircleCI has none of, reads nothing.
 */
export async function events(ports: Pick<CircleCICorrelatorPorts, "deployEvents">, keys: CorrelationKeys, options: EventsOptions): Promise<EventsResult> {
  // CircleCI gives deploys only: asked for other kinds, there is nothing to read.
  if (options.kinds && !options.kinds.some((k) => k === "deploy" || k === "deploy-failed")) return { events: [], incomplete: [] };
  if (!keys.repo) {
    throw new InvalidInputError("CircleCI events: the keys have no repo, so the project whose deploys to read is unknown.", {
      provider: PROVIDER,
      fix: 'Pass repo in the correlation keys, e.g. { service: "checkout", repo: "gh/acme/checkout" }.',
    });
  }
  const { events: list, incomplete } = await ports.deployEvents({
    project: repoSlug(keys.repo),
    service: keys.service,
    ...(keys.env ? { env: keys.env } : {}),
    since: options.since,
    until: options.until,
    ...definedOnly({ signal: options.signal, memo: options.memo }),
  });
  return { events: list, incomplete };
}
