/**
 * One project's pipelines whose `env` pipeline parameter takes every shape CircleCI hands
 * back (API v2, 2025-10 spec): a hyphenated env outside core's ENV_PATTERN (`prod-eu`), the
 * same env in another case and with spaces (`Prod-EU `), upper case (`PROD`), plain `prod`,
 * `staging`, and none at all (a GitHub App push, whose trigger_parameters nest objects).
 * Shared by the tests that check `lastDeploy` and `deployEvents` read the env the same way.
 *
 * Two pages, newest first; each pipeline's `deploy-checkout` runs are in `envWorkflowsByPipeline`
 * (#1309 has none: its config failed, so CircleCI answers 404 for its workflows).
 */
import { PROJECT_SLUG, USER_ID } from "./index.js";

const repoUrl = "https://github.com/acme/checkout";

type EnvPipelineInput = {
  id: string;
  number: number;
  createdAt: string;
  triggerParameters: Record<string, unknown>;
  branch: string;
  revision: string;
  subject: string;
  actor: string;
  state?: string;
};

function pipeline(p: EnvPipelineInput) {
  const created = Date.parse(p.createdAt);
  const at = (ms: number) => new Date(created + ms).toISOString();
  return {
    id: p.id,
    errors: p.state === "errored" ? [{ type: "config", message: "Unable to parse .circleci/config.yml" }] : [],
    project_slug: PROJECT_SLUG,
    updated_at: at(30_000),
    number: p.number,
    trigger_parameters: p.triggerParameters,
    state: p.state ?? "created",
    created_at: p.createdAt,
    trigger: { received_at: at(-800), type: "api", actor: { login: p.actor, avatar_url: null } },
    vcs: {
      provider_name: "GitHub",
      target_repository_url: repoUrl,
      branch: p.branch,
      revision: p.revision,
      origin_repository_url: repoUrl,
      commit: { subject: p.subject, body: null },
    },
  };
}

/** Newest first. #1250 was created long before the others: older than any window's cut-off used with it. */
export const envPipelines = [
  pipeline({
    id: "0b5f1a2c-3d4e-4f60-8172-93a4b5c6d7e8",
    number: 1316,
    createdAt: "2026-03-10T16:40:00.000Z",
    triggerParameters: { service: "checkout", env: "prod-eu", deploy_target: "eu-central-1" },
    branch: "main",
    revision: "3c1d9e7a5b2f4c6d8e0a1b3c5d7e9f0a2b4c6d8e",
    subject: "Cache tax tables per region",
    actor: "jdoe",
  }),
  pipeline({
    id: "1c6a2b3d-4e5f-4071-9283-a4b5c6d7e8f9",
    number: 1315,
    createdAt: "2026-03-10T14:05:00.000Z",
    triggerParameters: { service: "checkout", env: "PROD" },
    branch: "main",
    revision: "7e2f0a4b6c8d1e3f5a7b9c0d2e4f6a8b0c1d3e5f",
    subject: "Retry card authorisation once on 502",
    actor: "asmith",
  }),
  pipeline({
    id: "2d7b3c4e-5f60-4182-a394-b5c6d7e8f9a0",
    number: 1314,
    createdAt: "2026-03-10T11:20:00.000Z",
    triggerParameters: { service: "checkout", env: "prod-eu", deploy_target: "eu-central-1" },
    branch: "main",
    revision: "b4a3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5",
    subject: "Bump payment SDK to 4.3",
    actor: "jdoe",
  }),
  pipeline({
    id: "3e8c4d5f-6071-4293-b4a5-c6d7e8f9a0b1",
    number: 1313,
    createdAt: "2026-03-09T17:00:00.000Z",
    // A GitHub App push: no env parameter, nested objects instead (https://circleci.com/docs/pipeline-variables/).
    triggerParameters: {
      github_app: { branch: "main", commit_sha: "c5b4a3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6" },
      circleci: { event_type: "push", trigger_type: "github_app" },
    },
    branch: "main",
    revision: "c5b4a3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6",
    subject: "Log the basket id on checkout errors",
    actor: "bwayne",
  }),
  pipeline({
    id: "4f9d5e60-7182-43a4-85b6-d7e8f9a0b1c2",
    number: 1312,
    createdAt: "2026-03-09T09:30:00.000Z",
    triggerParameters: { service: "checkout", env: "prod" },
    branch: "main",
    revision: "d6c5b4a3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7",
    subject: "Show VAT per line item",
    actor: "asmith",
  }),
  pipeline({
    id: "5a0e6f71-8293-44b5-96c7-e8f9a0b1c2d3",
    number: 1311,
    createdAt: "2026-03-06T13:00:00.000Z",
    triggerParameters: { service: "checkout", env: "staging" },
    branch: "release/2026-03",
    revision: "e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8",
    subject: "Migrate orders table to bigint ids",
    actor: "cdiaz",
  }),
  pipeline({
    id: "6b1f7082-93a4-45c6-a7d8-f9a0b1c2d3e4",
    number: 1310,
    createdAt: "2026-03-05T08:15:00.000Z",
    // Typed by hand in the "Trigger pipeline" dialog: other case, trailing space.
    triggerParameters: { service: "checkout", env: "Prod-EU " },
    branch: "main",
    revision: "f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9",
    subject: "Hotfix: EU postcode validation",
    actor: "jdoe",
  }),
  pipeline({
    id: "7c208193-a4b5-46d7-b8e9-a0b1c2d3e4f5",
    number: 1309,
    createdAt: "2026-03-04T10:00:00.000Z",
    triggerParameters: { service: "checkout", env: "prod" },
    branch: "main",
    revision: "0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f",
    subject: "Rename deploy job",
    actor: "bwayne",
    state: "errored",
  }),
  pipeline({
    id: "8d3192a4-b5c6-47e8-89fa-b1c2d3e4f5a6",
    number: 1250,
    createdAt: "2026-02-01T10:00:00.000Z",
    triggerParameters: { service: "checkout", env: "prod-eu" },
    branch: "main",
    revision: "1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a",
    subject: "First EU deploy",
    actor: "jdoe",
  }),
];

type EnvPipelinePage = { items: typeof envPipelines; next_page_token: string | null };

/** The pages the pipeline list answers: the first one carries `next_page_token`. */
export const envPipelinePages: [EnvPipelinePage, EnvPipelinePage] = [
  { items: envPipelines.slice(0, 4), next_page_token: "MTMxMg==.env-pipelines-page-2" },
  { items: envPipelines.slice(4), next_page_token: null },
];

type RunInput = { id: string; name: string; status: string; createdAt: string; stoppedAt: string | null; autoRerun?: number };

function workflows(p: (typeof envPipelines)[number], runs: RunInput[]) {
  return runs.map((r) => ({
    pipeline_id: p.id,
    id: r.id,
    name: r.name,
    project_slug: PROJECT_SLUG,
    status: r.status,
    started_by: USER_ID,
    pipeline_number: p.number,
    created_at: r.createdAt,
    stopped_at: r.stoppedAt,
    ...(r.autoRerun ? { auto_rerun_number: r.autoRerun, max_auto_reruns: 2 } : {}),
    tag: null,
  }));
}

const [p1316, p1315, p1314, p1313, p1312, p1311, p1310, , p1250] = envPipelines as [
  (typeof envPipelines)[number],
  (typeof envPipelines)[number],
  (typeof envPipelines)[number],
  (typeof envPipelines)[number],
  (typeof envPipelines)[number],
  (typeof envPipelines)[number],
  (typeof envPipelines)[number],
  (typeof envPipelines)[number],
  (typeof envPipelines)[number],
];

/** Workflows by pipeline id; a pipeline missing here answers 404 (no workflows). */
export const envWorkflowsByPipeline: Record<string, object[]> = {
  [p1316.id]: workflows(p1316, [
    { id: "a1b2c3d4-e5f6-4a07-8b18-c29d3e4f5a60", name: "build-api", status: "success", createdAt: "2026-03-10T16:40:02.000Z", stoppedAt: "2026-03-10T16:43:10.000Z" },
    // Still going: not a deploy yet.
    { id: "b2c3d4e5-f6a7-4b18-9c29-d3ae4f5a6b71", name: "deploy-checkout", status: "running", createdAt: "2026-03-10T16:40:02.000Z", stoppedAt: null },
  ]),
  [p1315.id]: workflows(p1315, [
    { id: "c3d4e5f6-a7b8-4c29-8d3a-e4bf5a6b7c82", name: "deploy-checkout", status: "success", createdAt: "2026-03-10T14:05:03.000Z", stoppedAt: "2026-03-10T14:12:31.000Z" },
  ]),
  [p1314.id]: workflows(p1314, [
    { id: "d4e5f6a7-b8c9-4d3a-9e4b-f5ca6b7c8d93", name: "deploy-checkout", status: "failed", createdAt: "2026-03-10T11:20:04.000Z", stoppedAt: "2026-03-10T11:26:02.000Z" },
    // Re-run from the UI after the failure: a new workflow under the same pipeline.
    { id: "e5f6a7b8-c9d0-4e4b-8f5c-a6db7c8d9ea4", name: "deploy-checkout", status: "success", createdAt: "2026-03-10T11:40:00.000Z", stoppedAt: "2026-03-10T11:47:15.000Z" },
  ]),
  [p1313.id]: workflows(p1313, [
    { id: "f6a7b8c9-d0e1-4f5c-9a6d-b7ec8d9eafb5", name: "deploy-checkout", status: "success", createdAt: "2026-03-09T17:00:05.000Z", stoppedAt: "2026-03-09T17:09:00.000Z" },
  ]),
  [p1312.id]: workflows(p1312, [
    { id: "a7b8c9d0-e1f2-4a6d-8b7e-c8fd9eafb0c6", name: "deploy-checkout", status: "success", createdAt: "2026-03-09T09:30:04.000Z", stoppedAt: "2026-03-09T09:38:44.000Z" },
  ]),
  [p1311.id]: workflows(p1311, [
    { id: "b8c9d0e1-f2a3-4b7e-9c8f-d90eafb0c1d7", name: "deploy-checkout", status: "error", createdAt: "2026-03-06T13:00:03.000Z", stoppedAt: "2026-03-06T13:03:10.000Z" },
  ]),
  [p1310.id]: workflows(p1310, [
    { id: "c9d0e1f2-a3b4-4c8f-8d90-eafb0c1d2e38", name: "deploy-checkout", status: "success", createdAt: "2026-03-05T08:15:04.000Z", stoppedAt: "2026-03-05T08:24:00.000Z" },
  ]),
  [p1250.id]: workflows(p1250, [
    { id: "d0e1f2a3-b4c5-4d90-9eaf-b0c1d2e3f449", name: "deploy-checkout", status: "success", createdAt: "2026-02-01T10:00:05.000Z", stoppedAt: "2026-02-01T10:08:00.000Z" },
  ]),
};
