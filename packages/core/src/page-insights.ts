import type { ServiceEvent, Suspect, TimelineIncompletePart } from "./service-event.js";
import type { UrlResolution } from "./url-resolution.js";

/**
 * How an {@link Insight} should be shown: `important` needs attention now (an open alert, a
 * suspect deploy, a missing part of the answer), `relevant` is worth a look, `success` is good
 * news, `none` is plain information. The same four words as ToolJump's result status.
 */
export type InsightStatus = "important" | "relevant" | "success" | "none";

/**
 * What an insight answers:
 * - `last-deploy`: the last deploy to one env (or that there was none in the window);
 * - `commit-deployed`: whether the page's commit is live in one env;
 * - `latest-build`: the latest build of the default branch;
 * - `open-alerts`: the alerts open now (or that none is, when monitoring answered in full);
 * - `alerts-after-deploy`: on a deploy's page, the alerts that opened after it went live;
 * - `suspect`: on an alert's page, a deploy that may have caused it; `no-suspect`: none did;
 * - `rollback-target`: the deploy before the suspect, to roll back to;
 * - `not-matched`: the page could not be tied to a service (the reason and fix);
 * - `incomplete`: one part of the answer that could not be read, naming what is missing and the fix.
 */
export type InsightTopic =
  | "last-deploy"
  | "commit-deployed"
  | "latest-build"
  | "open-alerts"
  | "alerts-after-deploy"
  | "suspect"
  | "no-suspect"
  | "rollback-target"
  | "not-matched"
  | "incomplete";

/** A link inside an insight (a dropdown's item): the suspect's workflow, its commit, one alert. */
export interface InsightLink {
  text: string;
  url: string;
  status?: InsightStatus;
  tooltip?: string;
}

/** One line of the bar: a sentence, its status, and where to go. */
export interface Insight {
  topic: InsightTopic;
  status: InsightStatus;
  /** One short line a person reads, e.g. `prod: deployed 3 h ago · 1a2b3c4`. */
  text: string;
  /** Where the line leads (the deploy's workflow, the alert). */
  url?: string;
  /** More detail on hover (1–500 characters). */
  tooltip?: string;
  /** The connector whose data the line shows. */
  provider?: string;
  env?: string;
  /** Further links (shown as a dropdown). */
  links?: InsightLink[];
}

/** What the hub's `insights(resolution)` answers. */
export interface PageInsights {
  resolution: UrlResolution;
  /** ISO 8601 UTC: the window the events were read in. */
  since: string;
  until: string;
  /** The lines, most pressing first; `incomplete` lines are included, never dropped. */
  items: Insight[];
  /** Every part that could not be read (the resolution's included). */
  incomplete: TimelineIncompletePart[];
  /** `true` when `incomplete` is empty and the page matched. */
  complete: boolean;
  /**
   * The structured answer behind the lines, for a page about events (an alert, a pipeline,
   * workflow or job): absent for any other page, and when the page matched no service.
   */
  subject?: PageSubject;
}

/** The events an alert or deploy page is about, with the suspect links that involve them. */
export interface PageSubject {
  /** The page's own events found in the window: the alert's opening, or the deploys (and failed deploys) of the pipeline, workflow or job. Empty when none was read. */
  events: ServiceEvent[];
  /** The suspect links of those events: for an alert, the deploys before it (most recent first); for a deploy, the alerts after it. */
  suspects: Suspect[];
  /** The other side of each link: the suspect deploys of an alert, or the alerts a deploy is a suspect of. */
  related: ServiceEvent[];
}
