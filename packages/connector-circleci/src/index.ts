export { createCircleCI, type CircleCIClient, type Signal } from "./create-circleci.js";
export { circleciConnector, circleciCredentialSchema } from "./descriptor.js";
export {
  circleciSettings,
  circleciSettingsSchema,
  resolveSettings,
  DEFAULT_BASE_URL,
  CLOUD_APP_URL,
  DEFAULT_CONVENTIONS,
  type CircleCISettings,
  type ResolvedCircleCISettings,
  type CircleCIConventionsInput,
} from "./settings.js";
export {
  detectTokenKind,
  buildCredential,
  assertV2Allowed,
  personalTokenUrl,
  type CircleCICredential,
  type CircleCITokenKind,
  type CircleCITokenFormat,
  type V1Alternative,
} from "./credential.js";
export { createErrorMapper, PROJECT_SCOPED_OPERATIONS, type ErrorMapperOptions } from "./map-error.js";
export {
  parseProjectSlug,
  formatProjectSlug,
  parseOrgSlug,
  projectPath,
  slugPath,
  longPrefix,
  type ProjectSlug,
  type OrgSlug,
  type VcsPrefix,
} from "./project-slug.js";
export { createDeepLinks, type CircleCIDeepLinks } from "./deep-links.js";
export { createConventions, type CircleCIConventions } from "./conventions.js";
export { createCorrelator, type CircleCICorrelator } from "./correlator/create-correlator.js";
export type { CircleCIResource, CircleCICorrelatorPorts, PortOptions } from "./correlator/ports.js";
export type { WalkPipelinesOptions, WalkStep, WalkSummary, WalkGap } from "./pipeline-walker.js";
export { suggestContextName, suggestWorkflowName, normalizeEnv } from "./name-suggestions.js";
export { DEFAULT_MAX_RERUN_AGE_DAYS, type LastDeploy, type LastDeployOptions, type LastDeployResult } from "./last-deploy.js";
export { DEFAULT_EVENTS_MAX_PIPELINES, type DeployEventsOptions, type DeployEventsResult } from "./deploy-events.js";
export { DEAD_PAGE_TOKEN_REASON } from "./paginate-list.js";
export type { SuccessRate, SuccessRateOptions } from "./success-rate.js";
export type { PipelineStatus, PipelineOutcome, PipelineStatusOptions } from "./pipeline-status.js";
export type { ProjectInput } from "./operations/projects.js";
export type { ListProjectPipelinesOptions, ListOrgPipelinesOptions } from "./operations/pipelines.js";
export type { ListContextsOptions } from "./operations/contexts.js";
export {
  REPORTING_WINDOWS,
  type ReportingWindow,
  type BranchSelection,
  type WorkflowInsightsOptions,
  type WorkflowRunsOptions,
} from "./operations/insights.js";
export { userSchema, type User } from "./schemas/user.js";
export { projectSchema, type Project } from "./schemas/project.js";
export { pipelineSchema, type Pipeline } from "./schemas/pipeline.js";
export { workflowSchema, TERMINAL_WORKFLOW_STATUSES, type Workflow } from "./schemas/workflow.js";
export { workflowJobSchema, jobDetailsSchema, type WorkflowJob, type JobDetails } from "./schemas/job.js";
export { workflowMetricsSchema, workflowRunSchema, type WorkflowMetrics, type WorkflowRun } from "./schemas/insights.js";
export { contextSchema, contextVariableSchema, type Context, type ContextVariable } from "./schemas/context.js";
export { projectEnvVarSchema, type ProjectEnvVar } from "./schemas/env-var.js";
export { pageSchema } from "./schemas/common.js";
