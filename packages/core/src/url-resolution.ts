import type { CorrelationKeys } from "./correlation-keys.js";
import type { TimelineIncompletePart } from "./service-event.js";
import type { PageFocus } from "./page-focus.js";

/**
 * One service of a catalog, as the hub's `resolve(url)` matches pages against it. A catalog
 * entry of the demo (`{ name, repo, envs, team, component }`) fits as it is.
 */
export interface CatalogService {
  /** The service key, e.g. `checkout`. */
  name: string;
  /** Its CircleCI project slug (`gh/acme/checkout`), when it has one. */
  repo?: string;
  /** The environments it is deployed to, e.g. `["staging", "prod"]`. */
  envs?: readonly string[];
  component?: string;
  team?: string;
}

/**
 * How a page's service was named, strongest first:
 * - `resource-keys`: the resource says it (a pipeline's `service` parameter, a deploy
 *   workflow's name, an alert's `service:` tag);
 * - `catalog-repo`: the page's repository is the catalog entry's `repo` (one service has it);
 * - `repo-name`: the repository's name is the service's name (the repository naming convention).
 */
export type ServiceMatchRule = "resource-keys" | "catalog-repo" | "repo-name";

/** What the hub's `resolve(url)` answers: the page's focus, its service and env — or why not. */
export interface UrlResolution {
  /** The URL read, without query string, fragment or credentials. */
  url: string;
  /**
   * `true` when the page was read and its service named: `focus`, `service` and `keys` are
   * set. `false` otherwise, with `reason` (and `fix`) saying why; `focus` is still set when the
   * page was read but no catalog service matched it.
   */
  matched: boolean;
  focus?: PageFocus;
  /** The catalog service the page belongs to. */
  service?: string;
  /** How `service` was named. */
  rule?: ServiceMatchRule;
  /** The env the page says (a deploy pipeline's `env`, an alert's `env:` tag); absent when it says none. */
  env?: string;
  /** The catalog service's environments, when the catalog lists them. */
  envs?: string[];
  /** The correlation keys to ask the tools with: the catalog entry's, with the page's env. */
  keys?: CorrelationKeys;
  /** Why nothing (or no service) matched, in a sentence. */
  reason?: string;
  /** What to do about it. */
  fix?: string;
  /** Several catalog services the page could belong to, when it cannot tell which (e.g. one repository, several services). */
  candidates?: string[];
  /** Lookups made to read the page that failed (the focus then holds what the URL said). */
  incomplete: TimelineIncompletePart[];
}
