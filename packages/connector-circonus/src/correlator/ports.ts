import type { FindOptions } from "@toolweave/core";
import type { TagConventions } from "../conventions.js";
import type { CirconusAlert } from "../schemas/alert.js";
import type { CirconusAnnotation } from "../schemas/annotation.js";
import type { CirconusCheck } from "../schemas/check.js";
import type { CirconusCheckBundle } from "../schemas/check-bundle.js";
import type { CirconusGraph } from "../schemas/graph.js";
import type { CirconusRuleSet } from "../schemas/rule-set.js";
import type { CirconusSearch } from "../search.js";
import type { CirconusDeepLinks } from "../deep-links.js";

/** A search's items, and why the list ended early when it did (the items read are kept). */
export interface FoundList<T> {
  items: T[];
  truncated?: { reason: string } | undefined;
  /** Set when more items matched than `find` collects: only the first `capped` are in `items`. */
  capped?: number | undefined;
}

/** Options of a port's read: cancellation, and the memo of the answer it is made for (ports may ignore it). */
export type PortOptions = FindOptions;

/**
 * What the Circonus correlator needs from its client, passed in by `createCirconus` (the verbs
 * never call operations themselves). A search answers its items, or a `FoundList` saying the
 * list ended early. A port left out is a lookup not made.
 */
export interface CirconusCorrelatorPorts {
  /** The tag categories that carry correlation keys. */
  conventions: TagConventions;
  /** Check bundles matching a tag search; without it `find` does not look for bundles. */
  checkBundles?(search: CirconusSearch, options: PortOptions): Promise<CirconusCheckBundle[] | FoundList<CirconusCheckBundle>>;
  /** Rule sets matching a tag search; without it `find` does not look for rule sets. */
  ruleSets?(search: CirconusSearch, options: PortOptions): Promise<CirconusRuleSet[] | FoundList<CirconusRuleSet>>;
  /** Active (uncleared) alerts of the last 30 days, the API's default window. */
  alerts?(search: CirconusSearch, options: PortOptions): Promise<CirconusAlert[] | FoundList<CirconusAlert>>;
  /** UI links, when the UI root is known (links are omitted otherwise). */
  links?(options: PortOptions): Promise<CirconusDeepLinks | undefined>;
  /**
   * Alerts matching a tag search whose `occurred_on` lies in `[since, until]` (at most 30 days,
   * the most `/alert` searches), active or cleared; with `clearedSince`, only cleared ones that
   * cleared at or after it are needed (a hint the server may apply as a filter; the window is
   * checked again by core's rule). Without it `events` reports no alerts.
   */
  alertsInWindow?(
    search: CirconusSearch,
    window: { active: boolean; since: Date; until: Date; clearedSince?: Date },
    options: PortOptions,
  ): Promise<CirconusAlert[] | FoundList<CirconusAlert>>;
  /**
   * Annotations whose description contains `text` (a tag), narrowed by `start` and `stop`
   * bounds (inclusive; hints the server may apply as filters — the window is checked again by
   * core's rule), newest first. Without it `events` reports no annotations.
   */
  annotations?(text: string, bounds: { startFrom?: Date; startTo: Date; stopFrom?: Date }, options: PortOptions): Promise<CirconusAnnotation[] | FoundList<CirconusAnnotation>>;
  /**
   * One object by its id (the number, or a graph's UUID), for reading a UI page: `GET /alert/<id>`
   * (cleared alerts included), `GET /check/<id>`, `GET /check_bundle/<id>`, `GET /graph/<uuid>`,
   * `GET /rule_set/<id>`. A port left out is a lookup `pages.read` does not make.
   */
  alert?(id: string, options: PortOptions): Promise<CirconusAlert>;
  /** `GET /check/{id}` (a check page's check, and an alert's check when the alert has no tags). */
  check?(id: string, options: PortOptions): Promise<CirconusCheck>;
  /** `GET /check_bundle/{id}` (the tags of a check's bundle). */
  checkBundle?(id: string, options: PortOptions): Promise<CirconusCheckBundle>;
  /** `GET /graph/{uuid}`. */
  graph?(uuid: string, options: PortOptions): Promise<CirconusGraph>;
  /** `GET /rule_set/{id}`. */
  ruleSet?(id: string, options: PortOptions): Promise<CirconusRuleSet>;
  /** How many days before `since` alerts still open, or cleared inside the window, are searched. Default 90. */
  alertLookbackDays?: number;
}
