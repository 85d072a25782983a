import type { ServiceEntry } from "../catalog.js";
import { seededRandom, stableHex, stableUuid } from "./rng.js";

// Payload shapes follow CircleCI's API v2 spec (shared/reference/circleci/openapi.json) and
// https://circleci.com/docs/api/v2/index.html: nullable fields are sent as null, optional ones sometimes omitted, and one
// unknown enum value appears, as real responses do.

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, ".000Z");

export interface SimProject {
  slug: string;
  name: string;
  id: string;
  organization_name: string;
  organization_slug: string;
  organization_id: string;
  vcs_info: { vcs_url: string; provider: string; default_branch: string };
}

export interface CircleCiWorld {
  me: { id: string; login: string; name: string; avatar_url: string | null };
  collaborations: Record<string, unknown>[];
  projects: Map<string, SimProject>;
  /** project slug → pipelines, newest first. */
  pipelines: Map<string, Record<string, unknown>[]>;
  pipelinesById: Map<string, Record<string, unknown>>;
  /** pipeline id → workflows. */
  workflows: Map<string, Record<string, unknown>[]>;
  workflowsById: Map<string, Record<string, unknown>>;
  /** workflow id → jobs. */
  jobs: Map<string, Record<string, unknown>[]>;
  /** `${slug}#${number}` → job details. */
  jobDetails: Map<string, Record<string, unknown>>;
  /** org slug or org id → contexts. */
  contexts: Map<string, Record<string, unknown>[]>;
  contextVariables: Map<string, Record<string, unknown>[]>;
  projectEnvVars: Map<string, Record<string, unknown>[]>;
}

function orgOf(repo: string): { slug: string; name: string; id: string; vcs: string; provider: string } {
  const [vcs, org] = repo.split("/") as [string, string, string];
  const provider = vcs === "bb" ? "Bitbucket" : vcs === "circleci" ? "CircleCI" : "GitHub";
  return { slug: `${vcs}/${org}`, name: vcs === "circleci" ? "acme" : org, id: stableUuid(`org:${vcs}/${org}`), vcs, provider };
}

export function buildCircleCiWorld(services: readonly ServiceEntry[], now: number): CircleCiWorld {
  const world: CircleCiWorld = {
    me: { id: stableUuid("user:sim-platform-bot"), login: "sim-platform-bot", name: "Simulated Platform Bot", avatar_url: null },
    collaborations: [],
    projects: new Map(),
    pipelines: new Map(),
    pipelinesById: new Map(),
    workflows: new Map(),
    workflowsById: new Map(),
    jobs: new Map(),
    jobDetails: new Map(),
    contexts: new Map(),
    contextVariables: new Map(),
    projectEnvVars: new Map(),
  };
  const orgs = new Map<string, ReturnType<typeof orgOf>>();
  const actors = ["ada-l", "grace-h", "linus-t", "margaret-h"];

  services.forEach((service, serviceIndex) => {
    const org = orgOf(service.repo);
    orgs.set(org.slug, org);
    const repoName = service.repo.split("/")[2]!;
    const project: SimProject = {
      slug: service.repo,
      name: org.vcs === "circleci" ? service.name : repoName,
      id: stableUuid(`project:${service.repo}`),
      organization_name: org.name,
      organization_slug: org.slug,
      organization_id: org.id,
      vcs_info: {
        vcs_url: org.vcs === "bb" ? `https://bitbucket.org/${org.name}/${repoName}` : `https://github.com/acme/${service.name}`,
        provider: org.provider,
        default_branch: "main",
      },
    };
    world.projects.set(service.repo, project);
    const rnd = seededRandom(1000 + serviceIndex);
    const component = service.component ?? service.name;
    // The billing service breaks conventions on purpose (for `audit`): a bare "deploy"
    // workflow and a "svc" pipeline parameter instead of "service".
    const breaksConventions = service.name === "billing";
    const count = serviceIndex === 0 ? 45 : 25; // 45 → three pages of 20 (https://circleci.com/docs/api/v2/index.html#section/Pagination: pipeline pages hold 20)
    const pipelines: Record<string, unknown>[] = [];
    for (let n = count; n >= 1; n--) {
      const number = 1000 + n;
      const created = now - (count - n) * 5 * HOUR - 30 * 60_000 - serviceIndex * 7 * 60_000;
      const branch = n % 4 === 0 ? `feature/${component}-${n}` : "main";
      const env = service.envs[n % service.envs.length]!;
      const id = stableUuid(`pipeline:${service.repo}:${number}`);
      const errored = n % 17 === 0;
      const revision = stableHex(`${service.repo}:${number}`);
      const params: Record<string, unknown> = breaksConventions
        ? { svc: service.name, env: env.toUpperCase() }
        : { service: service.name, env, component };
      if (org.vcs === "circleci") {
        params.circleci = { event_type: "push", trigger_type: "github_app", actor_id: world.me.id };
      }
      const pipeline: Record<string, unknown> = {
        id,
        errors: errored ? [{ type: "config", message: "Config does not conform to schema: jobs > deploy > steps is required" }] : [],
        project_slug: service.repo,
        updated_at: iso(created + 60_000),
        number,
        trigger_parameters: params,
        state: errored ? "errored" : "created",
        created_at: iso(created),
        trigger: {
          received_at: iso(created - 2_000),
          type: n % 9 === 0 ? "scheduled_pipeline" : "webhook",
          actor: { login: actors[n % actors.length]!, avatar_url: n % 3 === 0 ? null : `https://avatars.example.com/u/${n}` },
        },
        vcs: {
          provider_name: org.provider,
          target_repository_url: project.vcs_info.vcs_url,
          branch,
          review_id: null,
          review_url: null,
          revision,
          tag: null,
          commit: { body: "", subject: `${component}: change #${n}` },
          origin_repository_url: project.vcs_info.vcs_url,
        },
      };
      pipelines.push(pipeline);
      world.pipelinesById.set(id, pipeline);

      const workflows: Record<string, unknown>[] = [];
      if (!errored) {
        const latest = n === count;
        const buildStatus = latest && serviceIndex === 1 ? "running" : n % 7 === 0 ? "failed" : "success";
        const buildName = breaksConventions ? "Build_Worker" : `build-${component}`;
        workflows.push(makeWorkflow(world, service.repo, pipeline, buildName, buildStatus, created, 240 + Math.floor(rnd() * 180)));
        if (branch === "main" && buildStatus === "success") {
          const deployName = breaksConventions ? "deploy" : `deploy-${service.name}`;
          const deployStatus = latest && serviceIndex === 0 ? "on_hold" : n % 11 === 0 ? "failed" : n % 23 === 0 ? "queued-for-rollout" : "success";
          workflows.push(makeWorkflow(world, service.repo, pipeline, deployName, deployStatus, created + 6 * 60_000, 90 + Math.floor(rnd() * 60)));
        }
      }
      world.workflows.set(id, workflows);
    }
    world.pipelines.set(service.repo, pipelines);

    world.projectEnvVars.set(service.repo, [
      { name: "AWS_REGION", value: "xxxxst-1", "created-at": "2026-03-02T10:11:12.000Z" },
      { name: "SENTRY_DSN", value: "xxxx9f2a", "created-at": "#joda/inst 2023-04-14T21:20:14+0000" },
      { name: "NPM_TOKEN", value: "xxxx41c7", "created-at": null },
    ]);
  });

  // Contexts per org: the conventional ones plus a few that break the convention.
  for (const org of orgs.values()) {
    const list: Record<string, unknown>[] = [];
    for (const service of services.filter((s) => orgOf(s.repo).slug === org.slug)) {
      for (const env of service.envs) {
        if (service.name === "billing" && env === "prod") list.push(context(`billing_production`, now));
        else list.push(context(`svc-${service.name}-${env}`, now));
      }
    }
    if (org.slug === "gh/acme") list.push(context("WebShop-Prod-Legacy", now), context("shared-aws-readonly", now));
    world.contexts.set(org.slug, list);
    world.contexts.set(org.id, list);
    for (const ctx of list) {
      world.contextVariables.set(String(ctx.id), [
        { variable: "DEPLOY_KEY", created_at: "2026-06-01T09:00:00.000Z", updated_at: "2026-09-01T09:00:00.000Z", context_id: ctx.id },
        { variable: "DATABASE_URL", created_at: "2026-06-01T09:00:00.000Z", updated_at: "2026-06-01T09:00:00.000Z", context_id: ctx.id },
      ]);
    }
    world.collaborations.push({ id: org.id, vcs_type: org.provider.toLowerCase(), name: org.name, avatar_url: `https://avatars.example.com/o/${org.name}`, slug: org.slug });
  }
  return world;
}

function context(name: string, now: number): Record<string, unknown> {
  return { id: stableUuid(`context:${name}`), name, created_at: iso(now - 200 * 24 * HOUR) };
}

function makeWorkflow(
  world: CircleCiWorld,
  slug: string,
  pipeline: Record<string, unknown>,
  name: string,
  status: string,
  start: number,
  seconds: number,
): Record<string, unknown> {
  const id = stableUuid(`workflow:${slug}:${String(pipeline.number)}:${name}`);
  const running = status === "running" || status === "on_hold";
  const workflow: Record<string, unknown> = {
    pipeline_id: pipeline.id,
    id,
    name,
    project_slug: slug,
    status,
    started_by: stableUuid(`user:${(pipeline.trigger as { actor: { login: string } }).actor.login}`),
    pipeline_number: pipeline.number,
    created_at: new Date(start).toISOString(),
    stopped_at: running ? null : new Date(start + seconds * 1000).toISOString(),
  };
  world.workflowsById.set(id, workflow);
  const jobNames = name.startsWith("deploy") || name === "deploy" ? ["hold-for-approval", "deploy"] : ["lint", "test", "build"];
  let jobNumber = Number(pipeline.number) * 10;
  const jobs = jobNames.map((jobName, i) => {
    const approval = jobName.startsWith("hold");
    const jobStatus = status === "on_hold" ? (approval ? "on_hold" : "blocked") : status === "running" ? (i < 1 ? "success" : "running") : status === "failed" && i === jobNames.length - 1 ? "failed" : "success";
    const started = start + i * 60_000;
    const job: Record<string, unknown> = {
      dependencies: i === 0 ? [] : [stableUuid(`job:${id}:${jobNames[i - 1]}`)],
      name: jobName,
      project_slug: slug,
      status: jobStatus,
      type: approval ? "approval" : "build",
      id: stableUuid(`job:${id}:${jobName}`),
      started_at: jobStatus === "blocked" || approval ? null : new Date(started).toISOString(),
      stopped_at: jobStatus === "running" || jobStatus === "blocked" || jobStatus === "on_hold" ? null : new Date(started + 50_000).toISOString(),
    };
    if (approval) job.approval_request_id = stableUuid(`approval:${id}`);
    else {
      jobNumber += 1;
      job.job_number = jobNumber;
      world.jobDetails.set(`${slug}#${jobNumber}`, {
        web_url: `https://app.circleci.com/pipelines/${slug}/${String(pipeline.number)}/workflows/${id}/jobs/${jobNumber}`,
        project: { external_url: `https://github.com/${slug.split("/").slice(1).join("/")}`, slug, name: slug.split("/")[2], id: stableUuid(`project:${slug}`) },
        parallel_runs: [{ index: 0, status: jobStatus }],
        started_at: job.started_at,
        latest_workflow: { name, id },
        name: jobName,
        executor: { resource_class: "medium", type: "docker" },
        parallelism: 1,
        status: jobStatus,
        number: jobNumber,
        pipeline: { id: pipeline.id },
        duration: job.stopped_at ? 50_000 : null,
        created_at: new Date(started - 5_000).toISOString(),
        messages: [],
        contexts: [{ name: `svc-${slug.split("/")[2]}-prod` }],
        organization: { name: "acme" },
        queued_at: new Date(started - 4_000).toISOString(),
        stopped_at: job.stopped_at,
      });
    }
    return job;
  });
  world.jobs.set(id, jobs);
  return workflow;
}
