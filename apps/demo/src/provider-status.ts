import type { LastDeploy, PipelineStatus } from "@toolweave/connector-circleci";
import type { IncompletePart } from "@toolweave/core";

/** What `status` reads of CircleCI for one service (a provider's part of a service view). */
export interface CircleCiStatus {
  /** Latest pipeline on the default branch, with the project and workflow states. */
  latest: PipelineStatus;
  /** Per env: the deploy that finished last, and what could not be read (non-empty: it may not be the last). */
  deploys: { env: string; deploy: LastDeploy | null; incomplete: IncompletePart[] }[];
  workflows: {
    name: string;
    successRate: number;
    totalRuns: number;
    failedRuns: number;
    medianDurationMs: number | null;
    p95DurationMs: number | null;
  }[];
  reportingWindow: string;
  /** The branch insights cover (the default branch), or "all". */
  insightsBranch: string;
  /** Every lookup that failed (latest pipeline, deploys, insights): non-empty means this answer is incomplete. */
  incomplete: IncompletePart[];
  /**
   * When no deploy was found: the deploy workflow name the convention expects, and the
   * differently named deploy-like workflows this project does run (a naming mismatch `audit` explains).
   */
  deployNaming: { expected: string; found: string[] } | null;
}

/** What `status` reads of Circonus for one service. */
export interface CirconusStatus {
  alerts: {
    id: string;
    severity: number;
    checkName: string | null;
    metric: string | null;
    value: string | null;
    occurredAt: string | null;
    acknowledged: boolean;
    url: string | null;
  }[];
  alertsBySeverity: Record<string, number>;
  checkBundles: { id: string; name: string; type: string | null; target: string | null; status: string | null; url: string | null; tags: string[] }[];
  /** Circonus search strings sent (for scripts); humans are shown `tags`. */
  searches: { alerts: string; checkBundles: string };
  /** The tags searched for, e.g. ["service:checkout", "env:prod"]. */
  tags: string[];
  /** Lists the server cut short (the items read are shown); a failed request fails the Circonus side as a whole. */
  incomplete: IncompletePart[];
}
