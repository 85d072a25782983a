// The simulated timeline's story for checkout in prod, shared by the simulated CircleCI and
// Circonus so their times line up: a deploy that an alert follows 12 minutes later (the true
// suspect), a rollback (a rerun of an older pipeline's deploy that finishes last), and two
// alerts that no deploy precedes within the hour. Offsets are milliseconds before "now".
// Before it, 30 days of older history (HISTORY) in which each delivery-health rule shows up.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The service and env the story is about. */
export const STORY_SERVICE = "checkout";
export const STORY_ENV = "prod";

export const STORY = {
  /** Pipeline whose deploy goes live `suspectDeployAgo` before now. */
  suspectPipeline: 1043,
  suspectDeployAgo: 10 * HOUR,
  /** The alert it causes opens 12 minutes later and clears after the rollback. */
  suspectAlertAgo: 10 * HOUR - 12 * MINUTE,
  suspectAlertClearedAgo: 9 * HOUR + 20 * MINUTE,
  /** The rollback: a rerun of this older pipeline's deploy, started and finished at these offsets. */
  rollbackPipeline: 1041,
  rollbackStartAgo: 9 * HOUR + 32 * MINUTE,
  rollbackAgo: 9 * HOUR + 25 * MINUTE,
  /** An annotation someone put on the graphs by hand. */
  manualAnnotationAgo: 5 * HOUR,
} as const;

/**
 * Older pipelines of the story service, before the recent ones (which go back 9 days): one
 * every 18 hours, numbered down from `newestPipeline`. Sparser than the recent ones, so a
 * 30-day delivery report's walk (back to 14 days before the window, for reruns) reads fewer
 * than the connector's 100 pipelines and is complete.
 */
const OLDER = { newestPipeline: 1000, newestCreatedAgo: 236 * HOUR, every: 18 * HOUR, count: 50 } as const;

/** When an older pipeline (numbered at most `OLDER.newestPipeline`) was created, before now. */
export const olderPipelineCreatedAgo = (number: number) => OLDER.newestCreatedAgo + (OLDER.newestPipeline - number) * OLDER.every;

/** A story pipeline of the older history deploys to prod and goes live 9 minutes after it was created. */
const olderDeployAgo = (number: number) => olderPipelineCreatedAgo(number) - 9 * MINUTE;

const ALERT_FAILURE = 988;
const ROLLED_BACK = 980;
const ROLLBACK_TO = 976;
const LATE_ALERT_AFTER = 994;
const STAGING_ALERT_AFTER = 998;

export const HISTORY = {
  ...OLDER,
  /** A deploy failed by its alert: the alert opens 18 minutes after it went live and clears 65 minutes after. */
  alertFailure: {
    pipeline: ALERT_FAILURE,
    subject: "cache tax rates per region",
    deployAgo: olderDeployAgo(ALERT_FAILURE),
    alertAgo: olderDeployAgo(ALERT_FAILURE) - 18 * MINUTE,
    alertClearedAgo: olderDeployAgo(ALERT_FAILURE) - 65 * MINUTE,
  },
  /** A deploy rolled back with no alert: the previous live pipeline's deploy re-run 20 to 27 minutes after it. */
  rollbackAlone: {
    pipeline: ROLLED_BACK,
    subject: "switch to the new fraud-score client",
    deployAgo: olderDeployAgo(ROLLED_BACK),
    rollbackPipeline: ROLLBACK_TO,
    rollbackStartAgo: olderDeployAgo(ROLLED_BACK) - 20 * MINUTE,
    rollbackAgo: olderDeployAgo(ROLLED_BACK) - 27 * MINUTE,
  },
  /** A prod alert 75 minutes after the last prod deploy: outside the 60-minute window, attributed to none. */
  lateAlert: {
    afterPipeline: LATE_ALERT_AFTER,
    deployAgo: olderDeployAgo(LATE_ALERT_AFTER),
    alertAgo: olderDeployAgo(LATE_ALERT_AFTER) - 75 * MINUTE,
    alertClearedAgo: olderDeployAgo(LATE_ALERT_AFTER) - 100 * MINUTE,
  },
  /** A staging alert 15 minutes after a prod deploy: another env's, so never that deploy's. */
  stagingAlert: {
    env: "staging",
    afterPipeline: STAGING_ALERT_AFTER,
    deployAgo: olderDeployAgo(STAGING_ALERT_AFTER),
    alertAgo: olderDeployAgo(STAGING_ALERT_AFTER) - 15 * MINUTE,
    alertClearedAgo: olderDeployAgo(STAGING_ALERT_AFTER) - 35 * MINUTE,
  },
  /** A prod alert open across the start of a 30-day window: shown by its timeline, not timed by its delivery report. */
  openAtSinceAlert: { alertAgo: 30 * DAY + 3 * HOUR, alertClearedAgo: 29 * DAY + 21 * HOUR },
  /** Older pipelines whose prod deploy the story pins (success, live 9 minutes after created). */
  pinned: [ALERT_FAILURE, ROLLED_BACK, ROLLBACK_TO, LATE_ALERT_AFTER, STAGING_ALERT_AFTER],
} as const;
