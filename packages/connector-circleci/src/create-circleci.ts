import { z } from "zod";
import { createConnectorRequest, type Connector, type ConnectorRequestOptions, type HttpResponse, type PagedIterable, type VerifyReport } from "@toolweave/core";
import { createConventions, type CircleCIConventions } from "./conventions.js";
import { createCorrelator, type CircleCICorrelator } from "./correlator/create-correlator.js";
import type { CircleCICredential } from "./credential.js";
import type { CircleCIDeepLinks } from "./deep-links.js";
import { lastDeploy, type LastDeployOptions, type LastDeployResult } from "./last-deploy.js";
import { deployEvents, type DeployEventsOptions, type DeployEventsResult } from "./deploy-events.js";
import { createOperationContext } from "./operation-context.js";
import { listContexts, listContextVariables, type ListContextsOptions } from "./operations/contexts.js";
import { listProjectEnvVars } from "./operations/env-vars.js";
import { getWorkflowInsights, listWorkflowRuns, type WorkflowInsightsOptions, type WorkflowRunsOptions } from "./operations/insights.js";
import { getJobDetails } from "./operations/jobs.js";
import { me } from "./operations/me.js";
import {
  getPipeline,
  getPipelineByNumber,
  listPipelines,
  type ListOrgPipelinesOptions,
  type ListProjectPipelinesOptions,
} from "./operations/pipelines.js";
import { getProject, type ProjectInput } from "./operations/projects.js";
import { getWorkflow, listPipelineWorkflows, listWorkflowJobs } from "./operations/workflows.js";
import { walkPipelines } from "./pipeline-walker.js";
import { latestPipelineStatus, type PipelineStatus, type PipelineStatusOptions } from "./pipeline-status.js";
import type { Context, ContextVariable } from "./schemas/context.js";
import type { ProjectEnvVar } from "./schemas/env-var.js";
import type { WorkflowMetrics, WorkflowRun } from "./schemas/insights.js";
import type { JobDetails, WorkflowJob } from "./schemas/job.js";
import type { Pipeline } from "./schemas/pipeline.js";
import type { Project } from "./schemas/project.js";
import type { User } from "./schemas/user.js";
import type { Workflow } from "./schemas/workflow.js";
import { callMemoOption, parseInput, requireName, requireProject } from "./operations/parse-input.js";
import type { CircleCISettings } from "./settings.js";
import { successRate, type SuccessRate, type SuccessRateOptions } from "./success-rate.js";
import { verify } from "./verify.js";
import { withCallMemo } from "./with-call-memo.js";
import { lazySchema } from "@toolweave/core";

/** Options of operations that take only a cancellation signal; aborting rejects the call with `AbortedError`. */
export type Signal = { signal?: AbortSignal };

// Options of the composite operations, checked here so a wrong value fails before any request.
const verifyOptions = lazySchema(() => z.strictObject({ signal: z.instanceof(AbortSignal).optional(), projects: z.array(z.string().trim().min(1)).optional() }));
const statusOptions = lazySchema(() => z.strictObject({ branch: z.string().trim().min(1).optional(), signal: z.instanceof(AbortSignal).optional(), memo: callMemoOption() }));

/** A configured CircleCI API v2 client: core's `Connector` plus typed operations. */
export interface CircleCIClient extends Connector {
  readonly id: "circleci";
  readonly displayName: "CircleCI";
  readonly credential: CircleCICredential;
  readonly correlator: CircleCICorrelator;
  readonly conventions: CircleCIConventions;
  /** Web UI deep links on the configured host. */
  readonly links: CircleCIDeepLinks;
  /** The API v2 root in use. */
  readonly baseUrl: string;
  /** The API v1.1 root on the same host. */
  readonly v1BaseUrl: string;

  /**
   * Who the token is (`GET /me`), its kind, whether rotation is due, and whether each of
   * `projects` (slugs) is reachable. Problems are reported as failed checks, not thrown; a
   * project token is reported without any request, since API v2 refuses it.
   */
  verify(options?: { signal?: AbortSignal; projects?: readonly string[] }): Promise<VerifyReport>;
  /** `GET /me`: the user the token acts as. */
  me(options?: Signal): Promise<User>;
  /** `GET /project/{slug}`. Key projects on `id`: the slug can come back in another form. Throws `NotFoundError` for a project the token cannot see. */
  getProject(project: ProjectInput, options?: Signal): Promise<Project>;
  /** A project's pipelines, newest first (`GET /project/{slug}/pipeline`, or `/mine` with `mine: true`). */
  listPipelines(project: ProjectInput, options?: ListProjectPipelinesOptions): PagedIterable<Pipeline>;
  /**
   * Pipelines of an organization, newest first (`GET /pipeline?org-slug=…`). Covers only the
   * ≤250 most recently built projects the user follows, so it is not a complete org feed.
   */
  listPipelines(options: ListOrgPipelinesOptions): PagedIterable<Pipeline>;
  /** `GET /project/{slug}/pipeline/{number}`: a pipeline by its per-project number. */
  getPipelineByNumber(project: ProjectInput, pipelineNumber: number, options?: Signal): Promise<Pipeline>;
  /** `GET /pipeline/{id}`: a pipeline by its UUID. */
  getPipeline(pipelineId: string, options?: Signal): Promise<Pipeline>;
  /** `GET /pipeline/{id}/workflow`. A pipeline with no workflows (CircleCI answers 404, e.g. after a config error) is an empty list. */
  listPipelineWorkflows(pipelineId: string, options?: Signal): PagedIterable<Workflow>;
  /** `GET /workflow/{id}`. */
  getWorkflow(workflowId: string, options?: Signal): Promise<Workflow>;
  /** `GET /workflow/{id}/job`: the workflow's jobs; a 404 is an empty list. */
  listWorkflowJobs(workflowId: string, options?: Signal): PagedIterable<WorkflowJob>;
  /** `GET /project/{slug}/job/{job-number}`; durations are in milliseconds. */
  getJobDetails(project: ProjectInput, jobNumber: number, options?: Signal): Promise<JobDetails>;
  /**
   * `GET /insights/{slug}/workflows`: per-workflow metrics over a reporting window (default
   * `last-90-days`, all branches). Insights data can lag up to 24 h (https://circleci.com/docs/insights/).
   */
  getWorkflowInsights(project: ProjectInput, options?: WorkflowInsightsOptions): PagedIterable<WorkflowMetrics>;
  /** `GET /insights/{slug}/workflows/{name}`: recent runs of one workflow, at most 90 days back. */
  listWorkflowRuns(project: ProjectInput, workflowName: string, options?: WorkflowRunsOptions): PagedIterable<WorkflowRun>;
  /** `GET /context`: an organization's (or Server account's) contexts. */
  listContexts(options: ListContextsOptions): PagedIterable<Context>;
  /** `GET /context/{id}/environment-variable`: names and dates only; CircleCI never returns values. */
  listContextVariables(contextId: string, options?: Signal): PagedIterable<ContextVariable>;
  /** `GET /project/{slug}/envvar`: names, with values masked by CircleCI (`xxxx` + last 4). */
  listProjectEnvVars(project: ProjectInput, options?: Signal): PagedIterable<ProjectEnvVar>;
  /**
   * The successful deploy workflow that finished last, reruns (rollbacks) included, from live
   * pipeline data. Lookups that failed are listed in `incomplete` rather than hidden: check it
   * before trusting `deploy` as the latest.
   */
  lastDeploy(options: LastDeployOptions): Promise<LastDeployResult>;
  /**
   * Every run of the service's deploy workflow that finished in `[since, until]`, reruns and
   * rollbacks included, as timeline events (`deploy`, `deploy-failed`) with commit, actor and
   * links. Lookups that failed or were cut by `maxPipelines` are listed in `incomplete`.
   */
  deployEvents(options: DeployEventsOptions): Promise<DeployEventsResult>;
  /**
   * A workflow's success rate from insights, or `null` when it had no runs in the window.
   * Rejects with a retryable `PaginationLimitError` when CircleCI cut the list short before the
   * workflow was found: retry later.
   */
  successRate(project: ProjectInput, workflow: string, options?: SuccessRateOptions): Promise<SuccessRate | null>;
  /**
   * The latest pipeline on `branch` (default: the project's default branch) with its workflows
   * and an overall outcome; `incomplete` is non-empty when the workflows could not be read.
   */
  latestPipelineStatus(project: ProjectInput, options?: PipelineStatusOptions): Promise<PipelineStatus>;
  /**
   * Escape hatch: any API v2 endpoint this client does not wrap, through the same runtime
   * (token, retries, throttle, timeouts, redaction, typed errors). `path` is relative to
   * `baseUrl` (e.g. `"project/gh/acme/api/schedule"`); anything leaving it is refused before
   * sending. Returns `{ data, status, headers, url }`, `data` validated by `schema` when given.
   */
  request<T = unknown>(options: ConnectorRequestOptions<T>): Promise<HttpResponse<T>>;
}

/**
 * Creates a CircleCI API v2 client. Settings are validated strictly (a `ConfigurationError`
 * lists every problem with its fix); nothing is sent until an operation is called.
 */
export function createCircleCI(settings: CircleCISettings): CircleCIClient {
  const ctx = createOperationContext(settings);
  const { http, credential, links, settings: resolved } = ctx;
  const conventions = createConventions(resolved.conventions);
  // The correlator's ports: what its verbs read, each through the answer's memo when given one.
  const correlator = createCorrelator({
    conventions,
    links,
    project: (slug, { memo, ...signal }) => getProject(withCallMemo(ctx, memo), slug, signal),
    contexts: (owner, { memo, ...signal }) => listContexts(withCallMemo(ctx, memo), { ...owner, ...signal }).toArray(),
    walkPipelines: (options, visit) => walkPipelines(ctx, options, visit),
    // The correlator's walk (timeline, delivery) is bounded by the client's setting, not the operation's default.
    deployEvents: (options) => deployEvents(ctx, conventions, { maxPipelines: resolved.eventsMaxPipelines, ...options }),
    cloud: resolved.cloud,
    pipelineByNumber: (slug, n, { memo, ...signal }) => getPipelineByNumber(withCallMemo(ctx, memo), slug, n, signal),
    pipeline: (id, { memo, ...signal }) => getPipeline(withCallMemo(ctx, memo), id, signal),
    workflow: (id, { memo, ...signal }) => getWorkflow(withCallMemo(ctx, memo), id, signal),
    jobDetails: (slug, n, { memo, ...signal }) => getJobDetails(withCallMemo(ctx, memo), slug, n, signal),
    latestPipelineStatus: (slug, options) => latestPipelineStatus(ctx, slug, options),
  });

  const client: CircleCIClient = {
    request: createConnectorRequest({ http, displayName: "CircleCI" }),
    id: "circleci",
    displayName: "CircleCI",
    credential,
    correlator,
    conventions,
    links,
    baseUrl: resolved.baseUrl.href,
    v1BaseUrl: resolved.v1BaseUrl.href,
    verify: async (options) => verify(ctx, parseInput(verifyOptions, options, "verify", 'Pass { projects?: ["gh/<org>/<repo>", …], signal?: AbortSignal }.')),
    me: (options) => me(ctx, options),
    getProject: (project, options) => getProject(ctx, project, options),
    listPipelines: ((a: ProjectInput | ListOrgPipelinesOptions, b?: ListProjectPipelinesOptions) =>
      typeof a === "object" && a !== null && "orgSlug" in a ? listPipelines(ctx, a) : listPipelines(ctx, a as ProjectInput, b)) as CircleCIClient["listPipelines"],
    getPipelineByNumber: (project, n, options) => getPipelineByNumber(ctx, project, n, options),
    getPipeline: (id, options) => getPipeline(ctx, id, options),
    listPipelineWorkflows: (id, options) => listPipelineWorkflows(ctx, id, options),
    getWorkflow: (id, options) => getWorkflow(ctx, id, options),
    listWorkflowJobs: (id, options) => listWorkflowJobs(ctx, id, options),
    getJobDetails: (project, n, options) => getJobDetails(ctx, project, n, options),
    getWorkflowInsights: (project, options) => getWorkflowInsights(ctx, project, options),
    listWorkflowRuns: (project, name, options) => listWorkflowRuns(ctx, project, name, options),
    listContexts: (options) => listContexts(ctx, options),
    listContextVariables: (id, options) => listContextVariables(ctx, id, options),
    listProjectEnvVars: (project, options) => listProjectEnvVars(ctx, project, options),
    lastDeploy: (options) => lastDeploy(ctx, conventions, options),
    // The correlator's walk (timeline, delivery) is bounded by the client's setting, not the operation's default.
    deployEvents: (options) => deployEvents(ctx, conventions, { maxPipelines: resolved.eventsMaxPipelines, ...options }),
    successRate: async (project, workflow, options) => {
      requireProject(project, "successRate");
      requireName(workflow, "workflow name", "successRate", 'Pass the workflow name as it appears in .circleci/config.yml, e.g. "build-and-test".');
      return successRate(ctx, project, workflow, options);
    },
    latestPipelineStatus: async (project, options) => {
      requireProject(project, "latestPipelineStatus");
      const o = parseInput(statusOptions, options, "latestPipelineStatus", "Pass { branch?: string, signal?: AbortSignal, memo?: CallMemo } or leave the options out.");
      return latestPipelineStatus(ctx, project, {
        ...(o.branch === undefined ? {} : { branch: o.branch }),
        ...(o.signal === undefined ? {} : { signal: o.signal }),
        ...(o.memo === undefined ? {} : { memo: o.memo }),
      });
    },
  };
  return Object.freeze(client);
}
