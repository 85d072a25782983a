import type { FindOptions } from "@toolweave/core";
import type { CircleCIConventions } from "../conventions.js";
import type { CircleCIDeepLinks } from "../deep-links.js";
import type { DeployEventsOptions, DeployEventsResult } from "../deploy-events.js";
import type { WalkPipelinesOptions, WalkStep, WalkSummary } from "../pipeline-walker.js";
import type { PipelineStatus } from "../pipeline-status.js";
import type { ProjectSlug } from "../project-slug.js";
import type { Context } from "../schemas/context.js";
import type { JobDetails, WorkflowJob } from "../schemas/job.js";
import type { Pipeline } from "../schemas/pipeline.js";
import type { Project } from "../schemas/project.js";
import type { Workflow } from "../schemas/workflow.js";

/** A CircleCI resource given to `extract` and `audit`, tagged with its kind. */
export type CircleCIResource =
  | { kind: "context"; data: Context; /** Org slug, for deep links. */ orgSlug?: string }
  | { kind: "workflow"; data: Workflow }
  | { kind: "job"; data: WorkflowJob | JobDetails }
  | { kind: "pipeline"; data: Pipeline }
  | { kind: "project"; data: Project };

/** Options of a port's read: cancellation, and the memo of the answer it is made for. */
export type PortOptions = FindOptions;

/**
 * What the CircleCI correlator needs from its client, passed in by `createCircleCI` (the verbs
 * never call operations themselves): the conventions and links, and the reads `find`,
 * `events`, `pages` and `latestBuild` make.
 */
export interface CircleCICorrelatorPorts {
  conventions: CircleCIConventions;
  links: CircleCIDeepLinks;
  /** True on circleci.com (cloud), where legacy `https://circleci.com/gh/…` job links are read too. */
  cloud: boolean;
  /** `GET /project/{slug}`. */
  project(slug: ProjectSlug, options: PortOptions): Promise<Project>;
  /** Every context of an organization (`GET /context`, all pages). */
  contexts(owner: { ownerId: string } | { ownerSlug: string }, options: PortOptions): Promise<Context[]>;
  /** The pipeline walker on this client (its `memo` option shares reads across the calls of an answer). */
  walkPipelines(options: WalkPipelinesOptions, visit: (step: WalkStep) => void): Promise<WalkSummary>;
  /** The client's `deployEvents`. */
  deployEvents(options: DeployEventsOptions): Promise<DeployEventsResult>;
  /** `GET /project/{slug}/pipeline/{number}`. */
  pipelineByNumber(slug: ProjectSlug, pipelineNumber: number, options: PortOptions): Promise<Pipeline>;
  /** `GET /pipeline/{id}`. */
  pipeline(pipelineId: string, options: PortOptions): Promise<Pipeline>;
  /** `GET /workflow/{id}`. */
  workflow(workflowId: string, options: PortOptions): Promise<Workflow>;
  /** `GET /project/{slug}/job/{number}`. */
  jobDetails(slug: ProjectSlug, jobNumber: number, options: PortOptions): Promise<JobDetails>;
  /** The client's `latestPipelineStatus` on the project's default branch. */
  latestPipelineStatus(slug: ProjectSlug, options: PortOptions): Promise<PipelineStatus>;
}
