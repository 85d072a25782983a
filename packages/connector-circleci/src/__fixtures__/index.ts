/**
 * Realistic CircleCI API v2 payloads, faithful to CircleCI's published API v2 OpenAPI spec (https://circleci.com/api/v2/openapi.json):
 * null and missing optional fields and unknown enum values included on purpose. Used by the
 * tests and by the demo's simulated CircleCI (`@toolweave/connector-circleci/fixtures`).
 */

export const ORG_ID = "7c1f3f4e-2a6b-4d1e-9b1a-3f1c2d4e5f60";
export const PROJECT_ID = "4b2e9c1d-8f3a-4e6b-a7c5-1d2e3f4a5b6c";
export const USER_ID = "d7a1c6b2-5e3f-4a8b-9c0d-1e2f3a4b5c6d";
export const PROJECT_SLUG = "gh/acme/checkout";

/** A page of a cursor list as CircleCI sends it. */
export function page<T>(items: readonly T[], nextPageToken: string | null = null): { items: T[]; next_page_token: string | null } {
  return { items: [...items], next_page_token: nextPageToken };
}

/** `GET /me` */
export const user = {
  id: USER_ID,
  login: "jdoe",
  name: "Jane Doe",
  avatar_url: null,
};

/** `GET /project/gh/acme/checkout` */
export const project = {
  slug: PROJECT_SLUG,
  name: "checkout",
  id: PROJECT_ID,
  organization_name: "acme",
  organization_slug: "gh/acme",
  organization_id: ORG_ID,
  vcs_info: {
    vcs_url: "https://github.com/acme/checkout",
    provider: "GitHub",
    default_branch: "main",
  },
};

/** A GitHub App / GitLab style project: opaque slug, provider outside the spec's enum. */
export const opaqueProject = {
  slug: "circleci/43G3kM5RtfFE7v5sa4nWAU/44n9pujWcTnVZ2b5S8Fnat",
  name: "payments",
  id: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
  organization_name: "acme-gitlab",
  organization_slug: "circleci/43G3kM5RtfFE7v5sa4nWAU",
  organization_id: "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f",
  vcs_info: { vcs_url: "https://gitlab.com/acme/payments", provider: "GitLab", default_branch: "main" },
};

const repoUrl = "https://github.com/acme/checkout";

/** Newest first, as project pipeline lists come (https://circleci.com/docs/api/v2/index.html#section/Pagination). */
export const pipelines = [
  {
    id: "5034460f-c7c4-4c43-9457-de07e2029e7b",
    errors: [],
    project_slug: PROJECT_SLUG,
    updated_at: "2026-03-02T10:15:42.000Z",
    number: 1207,
    trigger_parameters: { service: "checkout", env: "prod", deploy_target: "eu-west-1" },
    state: "created",
    created_at: "2026-03-02T10:12:01.000Z",
    trigger: { received_at: "2026-03-02T10:12:00.512Z", type: "api", actor: { login: "jdoe", avatar_url: null } },
    vcs: {
      provider_name: "GitHub",
      target_repository_url: repoUrl,
      branch: "main",
      revision: "f454a02b5d10fcccfd7d9dd7608a76d6493a98b4",
      origin_repository_url: repoUrl,
      commit: { subject: "Bump payment SDK to 4.2", body: null },
    },
  },
  {
    id: "8b8f0ab0-7b36-4d2b-9a62-0d3f0d7c9a21",
    errors: [{ type: "config", message: "Unable to parse .circleci/config.yml" }],
    project_slug: PROJECT_SLUG,
    number: 1206,
    // GitHub App triggers nest objects in trigger_parameters (https://circleci.com/docs/pipeline-variables/, steampipe PR #53).
    trigger_parameters: {
      github_app: { branch: "feature/cart", commit_sha: "0e4d9ab" },
      circleci: { event_type: "push", trigger_type: "github_app" },
    },
    state: "errored",
    created_at: "2026-03-02T09:40:11.000Z",
    trigger: { received_at: "2026-03-02T09:40:10.000Z", type: "webhook", actor: { login: "asmith", avatar_url: "https://avatars.githubusercontent.com/u/1?v=4" } },
    vcs: {
      provider_name: "GitHub",
      target_repository_url: repoUrl,
      branch: "feature/cart",
      revision: null,
      origin_repository_url: repoUrl,
    },
  },
  {
    id: "c2a3b4d5-e6f7-4081-92a3-b4c5d6e7f809",
    errors: [],
    project_slug: PROJECT_SLUG,
    updated_at: null,
    number: 1205,
    trigger_parameters: { service: "Checkout", environment: "Production" },
    // An enum value the 2025-10 spec does not list.
    state: "setup-completed",
    created_at: "2026-03-01T17:02:33.000Z",
    trigger: { received_at: "2026-03-01T17:02:32.000Z", type: "scheduled_pipeline", actor: { login: "scheduler", avatar_url: null } },
    // `vcs` may be absent altogether (https://circleci.com/docs/api/v2/index.html).
  },
  {
    id: "e1d2c3b4-a5f6-4789-8a9b-0c1d2e3f4a5b",
    errors: [],
    project_slug: PROJECT_SLUG,
    updated_at: "2026-02-28T08:30:00.000Z",
    number: 1204,
    trigger_parameters: { service: "checkout", env: "prod" },
    state: "created",
    created_at: "2026-02-28T08:20:00.000Z",
    trigger: { received_at: "2026-02-28T08:19:59.000Z", type: "explicit", actor: { login: "bwayne", avatar_url: null } },
    vcs: {
      provider_name: "GitHub",
      target_repository_url: repoUrl,
      branch: "main",
      revision: "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b",
      origin_repository_url: repoUrl,
      commit: { subject: "Fix rounding in tax totals", body: "Closes #88" },
    },
  },
];

/** Workflows of pipeline 1207 (a rerun gives two `deploy-checkout` workflows). */
export const workflowsByPipeline: Record<string, object[]> = {
  "5034460f-c7c4-4c43-9457-de07e2029e7b": [
    {
      pipeline_id: "5034460f-c7c4-4c43-9457-de07e2029e7b",
      id: "fda08377-fe7e-46b1-8992-3a7aaecac9c3",
      name: "build-api",
      project_slug: PROJECT_SLUG,
      status: "success",
      started_by: USER_ID,
      pipeline_number: 1207,
      created_at: "2026-03-02T10:12:03.000Z",
      stopped_at: "2026-03-02T10:14:58.000Z",
    },
    {
      pipeline_id: "5034460f-c7c4-4c43-9457-de07e2029e7b",
      id: "aa11bb22-cc33-4d44-8e55-ff6677889900",
      name: "deploy-checkout",
      project_slug: PROJECT_SLUG,
      status: "failed",
      started_by: USER_ID,
      pipeline_number: 1207,
      created_at: "2026-03-02T10:12:03.000Z",
      stopped_at: "2026-03-02T10:13:40.000Z",
    },
    {
      pipeline_id: "5034460f-c7c4-4c43-9457-de07e2029e7b",
      id: "bb22cc33-dd44-4e55-9f66-007788990011",
      name: "deploy-checkout",
      project_slug: PROJECT_SLUG,
      status: "success",
      started_by: USER_ID,
      pipeline_number: 1207,
      created_at: "2026-03-02T10:13:55.000Z",
      stopped_at: "2026-03-02T10:15:42.000Z",
      auto_rerun_number: 1,
      max_auto_reruns: 2,
      tag: null,
    },
  ],
  "e1d2c3b4-a5f6-4789-8a9b-0c1d2e3f4a5b": [
    {
      pipeline_id: "e1d2c3b4-a5f6-4789-8a9b-0c1d2e3f4a5b",
      id: "cc33dd44-ee55-4f66-8a77-b88990011223",
      name: "deploy-checkout",
      project_slug: PROJECT_SLUG,
      status: "success",
      started_by: USER_ID,
      pipeline_number: 1204,
      created_at: "2026-02-28T08:20:05.000Z",
      stopped_at: "2026-02-28T08:30:00.000Z",
    },
    {
      pipeline_id: "e1d2c3b4-a5f6-4789-8a9b-0c1d2e3f4a5b",
      id: "dd44ee55-ff66-4a77-9b88-c99001122334",
      name: "Build_And_Test",
      project_slug: PROJECT_SLUG,
      // An enum value the spec does not list.
      status: "paused-for-review",
      started_by: USER_ID,
      pipeline_number: 1204,
      created_at: "2026-02-28T08:20:05.000Z",
      stopped_at: null,
    },
    {
      pipeline_id: "e1d2c3b4-a5f6-4789-8a9b-0c1d2e3f4a5b",
      id: "ee55ff66-0077-4b88-8c99-d00112233445",
      name: "setup",
      project_slug: PROJECT_SLUG,
      status: "success",
      started_by: USER_ID,
      pipeline_number: 1204,
      created_at: "2026-02-28T08:20:01.000Z",
      stopped_at: "2026-02-28T08:20:04.000Z",
      tag: "setup",
    },
  ],
};

/** Jobs of workflow `fda08377-…` (build-api). */
export const workflowJobs = [
  {
    dependencies: [],
    job_number: 4512,
    id: "1b2c3d4e-5f60-4172-8394-a5b6c7d8e9f0",
    started_at: "2026-03-02T10:12:06.000Z",
    name: "build-api",
    project_slug: PROJECT_SLUG,
    status: "success",
    type: "build",
    stopped_at: "2026-03-02T10:14:58.000Z",
  },
  {
    dependencies: ["1b2c3d4e-5f60-4172-8394-a5b6c7d8e9f0"],
    id: "2c3d4e5f-6071-4283-94a5-b6c7d8e9f0a1",
    // Approval jobs have no job_number, and have not started (https://circleci.com/docs/api/v2/index.html).
    started_at: null,
    name: "hold-release",
    project_slug: PROJECT_SLUG,
    status: "on_hold",
    type: "approval",
    approval_request_id: "3d4e5f60-7182-4394-a5b6-c7d8e9f0a1b2",
  },
  {
    dependencies: ["2c3d4e5f-6071-4283-94a5-b6c7d8e9f0a1"],
    id: "4e5f6071-8293-44a5-b6c7-d8e9f0a1b2c3",
    name: "publish-image",
    project_slug: PROJECT_SLUG,
    // Unknown status value.
    status: "waiting-for-capacity",
    type: "build",
  },
];

/** `GET /project/gh/acme/checkout/job/4512`: `duration` in **milliseconds**. */
export const jobDetails = {
  web_url: "https://app.circleci.com/pipelines/github/acme/checkout/1207/workflows/fda08377-fe7e-46b1-8992-3a7aaecac9c3/jobs/4512",
  project: { external_url: repoUrl, slug: PROJECT_SLUG, name: "checkout", id: PROJECT_ID },
  parallel_runs: [{ index: 0, status: "success" }],
  started_at: "2026-03-02T10:12:06.000Z",
  latest_workflow: { id: "fda08377-fe7e-46b1-8992-3a7aaecac9c3", name: "build-api" },
  name: "build-api",
  executor: { resource_class: "medium", type: "docker" },
  parallelism: 1,
  status: "success",
  number: 4512,
  pipeline: { id: "5034460f-c7c4-4c43-9457-de07e2029e7b" },
  duration: 172_000,
  created_at: "2026-03-02T10:12:03.000Z",
  messages: [],
  contexts: [{ name: "svc-checkout-prod" }],
  organization: { name: "acme" },
  queued_at: "2026-03-02T10:12:04.000Z",
  stopped_at: "2026-03-02T10:14:58.000Z",
};

/** `GET /insights/gh/acme/checkout/workflows`: durations and MTTR in **seconds**. */
export const workflowMetrics = [
  {
    name: "deploy-checkout",
    project_id: PROJECT_ID,
    window_start: "2026-01-31T00:00:00.000Z",
    window_end: "2026-03-01T23:59:59.000Z",
    metrics: {
      total_runs: 40,
      successful_runs: 36,
      failed_runs: 4,
      success_rate: 0.9,
      throughput: 1.33,
      mttr: 1860,
      total_credits_used: 12_400,
      total_recoveries: 4,
      duration_metrics: { min: 95, mean: 130, median: 122, p95: 240, max: 301, standard_deviation: 31.5 },
    },
  },
  {
    name: "build-api",
    project_id: PROJECT_ID,
    window_start: "2026-01-31T00:00:00.000Z",
    window_end: "2026-03-01T23:59:59.000Z",
    metrics: {
      total_runs: 3,
      successful_runs: 3,
      failed_runs: 0,
      success_rate: 1,
      throughput: 0.1,
      // No failure yet, so no MTTR; credits unknown (nullable in the spec).
      mttr: null,
      total_credits_used: null,
      total_recoveries: null,
      duration_metrics: { min: 170, mean: 172, median: 172, p95: 175, max: 175, standard_deviation: null },
    },
  },
];

/** `GET /insights/gh/acme/checkout/workflows/deploy-checkout`: `duration` in **seconds**. */
export const workflowRuns = [
  {
    id: "bb22cc33-dd44-4e55-9f66-007788990011",
    branch: "main",
    duration: 107,
    created_at: "2026-03-02T10:13:55.000Z",
    stopped_at: "2026-03-02T10:15:42.000Z",
    credits_used: 310,
    status: "success",
    is_approval: false,
  },
  {
    id: "aa11bb22-cc33-4d44-8e55-ff6677889900",
    branch: "main",
    duration: 97,
    created_at: "2026-03-02T10:12:03.000Z",
    stopped_at: "2026-03-02T10:13:40.000Z",
    credits_used: 280,
    status: "failed",
    is_approval: false,
  },
  {
    id: "ff667788-9900-4a11-8b22-c33445566778",
    branch: "main",
    duration: null,
    created_at: "2026-03-01T12:00:00.000Z",
    stopped_at: null,
    credits_used: 0,
    status: null,
    is_approval: true,
  },
];

/** `GET /context?owner-id=…` */
export const contexts = [
  { id: "0a1b2c3d-4e5f-4061-8273-9485a6b7c8d9", name: "svc-checkout-prod", created_at: "2025-06-01T09:00:00.000Z" },
  { id: "1b2c3d4e-5f60-4172-8394-a5b6c7d8e9f1", name: "svc-checkout-staging", created_at: "2025-06-01T09:05:00.000Z" },
  { id: "2c3d4e5f-6071-4283-94a5-b6c7d8e9f0a2", name: "Checkout_Production", created_at: "2024-11-12T14:30:00.000Z" },
  { id: "3d4e5f60-7182-4394-a5b6-c7d8e9f0a1b3", name: "org-global", created_at: "2023-02-01T08:00:00.000Z" },
];

/** `GET /context/{id}/environment-variable`: names and dates only. */
export const contextVariables = [
  {
    variable: "STRIPE_API_KEY",
    created_at: "2025-06-01T09:01:00.000Z",
    updated_at: "2026-01-15T10:00:00.000Z",
    context_id: "0a1b2c3d-4e5f-4061-8273-9485a6b7c8d9",
  },
  { variable: "DATABASE_URL", created_at: "2025-06-01T09:02:00.000Z", updated_at: "2025-06-01T09:02:00.000Z", context_id: "0a1b2c3d-4e5f-4061-8273-9485a6b7c8d9" },
];

/** `GET /project/gh/acme/checkout/envvar`: values masked by CircleCI, EDN-ish `created-at`. */
export const projectEnvVars = [
  { name: "NPM_TOKEN", value: "xxxx9f2c", "created-at": "#joda/inst 2023-04-14T21:20:14+0000" },
  { name: "SENTRY_DSN", value: "xxxx.io/", "created-at": null },
  { name: "AWS_REGION", value: "xxxxst-1" },
];

/** A `{message}` error body, as most routes send (https://circleci.com/docs/api/v2/index.html). */
export const projectNotFound = { message: "Project not found" };
export const rateLimited = { message: "Rate limit exceeded." };
export const invalidToken = { message: "Invalid token provided." };
