// The simulated timeline's story for checkout in prod, shared by the simulated CircleCI and
// Circonus so their times line up: a deploy that an alert follows 12 minutes later (the true
// suspect), a rollback (a rerun of an older pipeline's deploy that finishes last), and two
// alerts that no deploy precedes within the hour. Offsets are milliseconds before "now".

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

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
