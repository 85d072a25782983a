import type { ServiceEntry } from "../catalog.js";
import { LruCache } from "./lru-cache.js";
import { SIM_CIRCLECI_APP_URL, SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_TOKEN, SIM_TOKENS_IN_TEXT } from "./sim-credentials.js";
import { seededRandom, stableHex, stableUuid } from "./rng.js";
import { HISTORY, olderPipelineCreatedAgo, STORY, STORY_ENV, STORY_SERVICE } from "./story.js";

// Payload shapes follow CircleCI's API v2 OpenAPI spec, https://circleci.com/docs/api/v2/index.html: nullable fields are sent as null, optional ones sometimes omitted, and one
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

/** A read-only lookup (the subset of `Map` the server uses). */
export interface Lookup<K, V> {
  get(key: K): V | undefined;
}

/** One service's CircleCI objects, built on demand. */
interface ServiceCi {
  project: SimProject;
  pipelines: Record<string, unknown>[];
  pipelinesById: Map<string, Record<string, unknown>>;
  workflows: Map<string, Record<string, unknown>[]>;
  workflowsById: Map<string, Record<string, unknown>>;
  jobs: Map<string, Record<string, unknown>[]>;
  jobDetails: Map<string, Record<string, unknown>>;
  projectEnvVars: Record<string, unknown>[];
}

export interface CircleCiWorld {
  me: { id: string; login: string; name: string; avatar_url: string | null };
  readonly collaborations: Record<string, unknown>[];
  projects: Lookup<string, SimProject>;
  /** project slug → pipelines, newest first. */
  pipelines: Lookup<string, Record<string, unknown>[]> & { entries(): Iterable<[string, Record<string, unknown>[]]> };
  pipelinesById: Lookup<string, Record<string, unknown>>;
  /** pipeline id → workflows. */
  workflows: Lookup<string, Record<string, unknown>[]>;
  workflowsById: Lookup<string, Record<string, unknown>>;
  /** workflow id → jobs. */
  jobs: Lookup<string, Record<string, unknown>[]>;
  /** `${slug}#${number}` → job details. */
  jobDetails: Lookup<string, Record<string, unknown>>;
  /** org slug or org id → contexts. */
  contexts: Lookup<string, Record<string, unknown>[]>;
  contextVariables: Lookup<string, Record<string, unknown>[]>;
  projectEnvVars: Lookup<string, Record<string, unknown>[]>;
  /** Services built so far (for the bench). */
  readonly built: number;
}

function orgOf(repo: string): { slug: string; name: string; id: string; vcs: string; provider: string } {
  const [vcs, org] = repo.split("/") as [string, string, string];
  const provider = vcs === "bb" ? "Bitbucket" : vcs === "circleci" ? "CircleCI" : "GitHub";
  return { slug: `${vcs}/${org}`, name: vcs === "circleci" ? "acme" : org, id: stableUuid(`org:${vcs}/${org}`), vcs, provider };
}

const ME = { id: stableUuid("user:sim-platform-bot"), login: "sim-platform-bot", name: "Simulated Platform Bot", avatar_url: null };

/** A seed from the service's name, so each service's data depends on nothing else. */
const seedOf = (name: string) => [...name].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);

/**
 * The simulated CircleCI, built lazily: a service's projects, pipelines, workflows and jobs are
 * made the first time a request needs them (deterministically, from its name and catalog
 * position), and only the most recently used services are kept. Ids handed out are indexed to
 * their service, so `/pipeline/{id}` finds its service without building any other.
 */
export function buildCircleCiWorld(services: readonly ServiceEntry[], now: number, options: { secretsInData?: boolean } = {}): CircleCiWorld {
  const slots = new Map(services.map((s, i) => [s.repo, i]));
  const cache = new LruCache<number, ServiceCi>(256);
  /** pipeline or workflow id → service slot. */
  const owners = new Map<string, number>();
  let built = 0;
  const serviceAt = (slot: number): ServiceCi =>
    cache.get(slot, () => {
      built += 1;
      const ci = buildServiceCi(services[slot]!, slot, now, options.secretsInData === true);
      for (const id of ci.pipelinesById.keys()) owners.set(id, slot);
      for (const id of ci.workflowsById.keys()) owners.set(id, slot);
      return ci;
    });
  const bySlug = (slug: string) => {
    const slot = slots.get(slug);
    return slot === undefined ? undefined : serviceAt(slot);
  };
  const byId = (id: string) => {
    const slot = owners.get(id);
    return slot === undefined ? undefined : serviceAt(slot);
  };
  // Contexts per org: the conventional ones plus a few that break the convention (small records, made once per org).
  let orgContexts: { contexts: Map<string, Record<string, unknown>[]>; variables: Map<string, Record<string, unknown>[]>; collaborations: Record<string, unknown>[] } | undefined;
  const orgs = () => {
    if (orgContexts) return orgContexts;
    const byOrg = new Map<string, { org: ReturnType<typeof orgOf>; services: ServiceEntry[] }>();
    for (const service of services) {
      const org = orgOf(service.repo);
      const entry = byOrg.get(org.slug) ?? { org, services: [] };
      entry.services.push(service);
      byOrg.set(org.slug, entry);
    }
    orgContexts = { contexts: new Map(), variables: new Map(), collaborations: [] };
    for (const { org, services: members } of byOrg.values()) {
      const list: Record<string, unknown>[] = [];
      for (const service of members) {
        for (const env of service.envs) {
          if (service.name === "billing" && env === "prod") list.push(context(`billing_production`, now));
          else list.push(context(`svc-${service.name}-${env}`, now));
        }
      }
      if (org.slug === "gh/acme") list.push(context("WebShop-Prod-Legacy", now), context("shared-aws-readonly", now));
      orgContexts.contexts.set(org.slug, list);
      orgContexts.contexts.set(org.id, list);
      for (const ctx of list) {
        orgContexts.variables.set(String(ctx.id), [
          { variable: "DEPLOY_KEY", created_at: "2026-06-01T09:00:00.000Z", updated_at: "2026-09-01T09:00:00.000Z", context_id: ctx.id },
          { variable: "DATABASE_URL", created_at: "2026-06-01T09:00:00.000Z", updated_at: "2026-06-01T09:00:00.000Z", context_id: ctx.id },
        ]);
      }
      orgContexts.collaborations.push({ id: org.id, vcs_type: org.provider.toLowerCase(), name: org.name, avatar_url: `https://avatars.example.com/o/${org.name}`, slug: org.slug });
    }
    return orgContexts;
  };
  return {
    me: ME,
    get collaborations() {
      return orgs().collaborations;
    },
    get built() {
      return built;
    },
    projects: { get: (slug) => bySlug(slug)?.project },
    pipelines: {
      get: (slug) => bySlug(slug)?.pipelines,
      *entries() {
        for (const [slug] of slots) yield [slug, bySlug(slug)!.pipelines] as [string, Record<string, unknown>[]];
      },
    },
    pipelinesById: { get: (id) => byId(id)?.pipelinesById.get(id) },
    workflows: { get: (id) => byId(id)?.workflows.get(id) },
    workflowsById: { get: (id) => byId(id)?.workflowsById.get(id) },
    jobs: { get: (id) => byId(id)?.jobs.get(id) },
    jobDetails: { get: (key) => bySlug(key.slice(0, key.lastIndexOf("#")))?.jobDetails.get(key) },
    contexts: { get: (owner) => orgs().contexts.get(owner) },
    contextVariables: { get: (id) => orgs().variables.get(id) },
    projectEnvVars: { get: (slug) => bySlug(slug)?.projectEnvVars },
  };
}

function buildServiceCi(service: ServiceEntry, serviceIndex: number, now: number, secretsInData: boolean): ServiceCi {
  const org = orgOf(service.repo);
  const actors = ["ada-l", "grace-h", "linus-t", "margaret-h"];
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
  const world: ServiceCi = {
    project,
    pipelines: [],
    pipelinesById: new Map(),
    workflows: new Map(),
    workflowsById: new Map(),
    jobs: new Map(),
    jobDetails: new Map(),
    projectEnvVars: [],
  };
  const rnd = seededRandom(seedOf(service.name));
  const component = service.component ?? service.name;
  // The billing service breaks conventions on purpose (for `audit`): a bare "deploy"
  // workflow and a "svc" pipeline parameter instead of "service".
  const breaksConventions = service.name === "billing";
  const count = serviceIndex === 0 ? 45 : 25; // 45 → three pages of 20 (https://circleci.com/docs/api/v2/index.html#section/Pagination: pipeline pages hold 20)
  // The story service has older history too (story.ts): 50 more pipelines, numbered down from 1000.
  const older = service.name === STORY_SERVICE ? HISTORY.count : 0;
  const pipelines = world.pipelines;
  for (let n = count; n > -older; n--) {
    const number = 1000 + n;
    const plan = n >= 1 ? recentPlan(service, n, count, serviceIndex, now) : olderPlan(service, number, now);
    const { created, branch, env, errored } = plan;
    const id = stableUuid(`pipeline:${service.repo}:${number}`);
    const revision = stableHex(`${service.repo}:${number}`);
    const params: Record<string, unknown> = breaksConventions ? { svc: service.name, env: env.toUpperCase() } : { service: service.name, env, component };
    if (org.vcs === "circleci") {
      params.circleci = { event_type: "push", trigger_type: "github_app", actor_id: ME.id };
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
        // The "secrets-in-data" fault: both tokens the demo holds inside the actor and the commit message.
        actor: { login: `${actors[mod(n, actors.length)]!}${secretsInData ? `-${SIM_CIRCLECI_TOKEN}-${SIM_CIRCONUS_TOKEN}` : ""}`, avatar_url: n % 3 === 0 ? null : `https://avatars.example.com/u/${n >= 1 ? n : number}` },
      },
      vcs: {
        provider_name: org.provider,
        target_repository_url: project.vcs_info.vcs_url,
        branch,
        review_id: null,
        review_url: null,
        revision,
        tag: null,
        commit: { body: "", subject: `${component}: ${plan.subject}${secretsInData ? ` (debug: ${SIM_TOKENS_IN_TEXT})` : ""}` },
        origin_repository_url: project.vcs_info.vcs_url,
      },
    };
    pipelines.push(pipeline);
    world.pipelinesById.set(id, pipeline);

    const workflows: Record<string, unknown>[] = [];
    if (!errored) {
      const buildName = breaksConventions ? "Build_Worker" : `build-${component}`;
      workflows.push(makeWorkflow(world, service.repo, pipeline, buildName, plan.build, created, 240 + Math.floor(rnd() * 180)));
      if (branch === "main" && plan.build === "success") {
        const deployName = breaksConventions ? "deploy" : `deploy-${service.name}`;
        // Drawn for a pinned deploy too, so the pipelines after it keep their durations.
        const seconds = 90 + Math.floor(rnd() * 60);
        // A deploy the older story pins goes live 9 minutes after its pipeline was created.
        workflows.push(makeWorkflow(world, service.repo, pipeline, deployName, plan.deploy, created + 6 * 60_000, plan.pinned ? 180 : seconds));
      }
    }
    world.workflows.set(id, workflows);
  }
  if (service.name === STORY_SERVICE) {
    tellStory(world, service.repo, now);
    tellOlderStory(world, service.repo, now);
  }
  world.projectEnvVars.push(
    { name: "AWS_REGION", value: "xxxxst-1", "created-at": "2026-03-02T10:11:12.000Z" },
    { name: "SENTRY_DSN", value: "xxxx9f2a", "created-at": "#joda/inst 2023-04-14T21:20:14+0000" },
    { name: "NPM_TOKEN", value: "xxxx41c7", "created-at": null },
  );
  return world;
}

/** What one pipeline is: when it was created, its branch and env, and how its workflows ended. */
interface PipelinePlan {
  created: number;
  branch: string;
  env: string;
  errored: boolean;
  subject: string;
  build: string;
  deploy: string;
  /** Its deploy is one the story pins (goes live 9 minutes after the pipeline was created). */
  pinned?: boolean;
}

const mod = (n: number, m: number) => ((n % m) + m) % m;

/** The recent pipelines (n = 1 for the oldest): one every 5 hours, envs in turn. */
function recentPlan(service: ServiceEntry, n: number, count: number, serviceIndex: number, now: number): PipelinePlan {
  const component = service.component ?? service.name;
  const latest = n === count;
  return {
    created: now - (count - n) * 5 * HOUR - 30 * 60_000 - (serviceIndex % 8) * 7 * 60_000,
    branch: n % 4 === 0 ? `feature/${component}-${n}` : "main",
    env: service.envs[n % service.envs.length]!,
    errored: n % 17 === 0,
    subject: `change #${n}`,
    build: latest && serviceIndex === 1 ? "running" : n % 7 === 0 ? "failed" : "success",
    deploy: latest && serviceIndex === 0 ? "on_hold" : n % 11 === 0 ? "failed" : n % 23 === 0 ? "queued-for-rollout" : "success",
  };
}

const OLDER_SUBJECTS = ["bump dependencies", "retry card declines once", "log refund reasons", "tune connection pool", "add order id to receipts", "drop legacy coupon path"];

/**
 * The story service's older pipelines (story.ts, HISTORY): one every 18 hours, two in three
 * to prod, some failing to build or deploy; the deploys the story pins always go live.
 */
function olderPlan(service: ServiceEntry, number: number, now: number): PipelinePlan {
  const i = HISTORY.newestPipeline - number;
  const prod = service.envs.includes(STORY_ENV) ? STORY_ENV : service.envs[0]!;
  const other = service.envs.find((e) => e !== prod) ?? prod;
  const env = i % 3 === 1 ? other : prod;
  const created = now - olderPipelineCreatedAgo(number);
  const pinned = env === prod && (HISTORY.pinned as readonly number[]).includes(number);
  const story = pinned ? [HISTORY.alertFailure, HISTORY.rollbackAlone].find((s) => s.pipeline === number) : undefined;
  return {
    created,
    branch: env === other && i % 6 === 4 ? `feature/${service.component ?? service.name}-${number}` : "main",
    env,
    errored: !pinned && i % 19 === 9,
    subject: story?.subject ?? OLDER_SUBJECTS[i % OLDER_SUBJECTS.length]!,
    build: !pinned && i % 8 === 5 ? "failed" : "success",
    deploy: !pinned && i % 10 === 3 ? "failed" : "success",
    ...(pinned ? { pinned } : {}),
  };
}

/**
 * The older history's rollback with no alert (story.ts, HISTORY.rollbackAlone): the deploy of
 * the last pipeline live before the bad one is re-run 20 minutes after it, as a new workflow
 * under the old pipeline. Skipped when the catalog gives these pipelines no prod deploy.
 */
function tellOlderStory(world: ServiceCi, slug: string, now: number): void {
  const { pipeline: bad, rollbackPipeline, rollbackStartAgo, rollbackAgo } = HISTORY.rollbackAlone;
  const deployOf = (number: number) => {
    const pipeline = world.pipelines.find((p) => p.number === number);
    if (!pipeline || (pipeline.trigger_parameters as { env?: string }).env !== STORY_ENV) return undefined;
    const workflow = (world.workflows.get(String(pipeline.id)) ?? []).find((w) => w.name === `deploy-${STORY_SERVICE}` && w.status === "success");
    return workflow ? { pipeline, workflow } : undefined;
  };
  const rollback = deployOf(rollbackPipeline);
  if (!deployOf(bad) || !rollback) return;
  const rerun = makeWorkflow(world, slug, rollback.pipeline, `deploy-${STORY_SERVICE}`, "success", now - rollbackStartAgo, Math.round((rollbackStartAgo - rollbackAgo) / 1000), "rerun-1");
  world.workflows.get(String(rollback.pipeline.id))!.push(rerun);
}

/**
 * Checkout's prod deploys for the timeline (see story.ts): pipeline 1043's deploy goes live at a
 * fixed time (an alert follows it), and pipeline 1041's deploy is re-run later as a rollback, a
 * new workflow with the same name under the old pipeline, as CircleCI records a rerun
 * (https://circleci.com/docs/api/v2/index.html, `POST /workflow/{id}/rerun`). Skipped when
 * the catalog gives those pipelines another env or no successful deploy.
 */
function tellStory(world: ServiceCi, slug: string, now: number): void {
  const deployOf = (number: number) => {
    const pipeline = world.pipelines.find((p) => p.number === number);
    if (!pipeline || (pipeline.trigger_parameters as { env?: string }).env !== STORY_ENV) return undefined;
    const workflow = (world.workflows.get(String(pipeline.id)) ?? []).find((w) => w.name === `deploy-${STORY_SERVICE}` && w.status === "success");
    return workflow ? { pipeline, workflow } : undefined;
  };
  const suspect = deployOf(STORY.suspectPipeline);
  const rollback = deployOf(STORY.rollbackPipeline);
  if (!suspect || !rollback) return;
  const ran = Date.parse(String(suspect.workflow.stopped_at)) - Date.parse(String(suspect.workflow.created_at));
  suspect.workflow.stopped_at = iso(now - STORY.suspectDeployAgo);
  suspect.workflow.created_at = iso(now - STORY.suspectDeployAgo - ran);
  const seconds = Math.round((STORY.rollbackStartAgo - STORY.rollbackAgo) / 1000);
  const rerun = makeWorkflow(world, slug, rollback.pipeline, `deploy-${STORY_SERVICE}`, "success", now - STORY.rollbackStartAgo, seconds, "rerun-1");
  world.workflows.get(String(rollback.pipeline.id))!.push(rerun);
}

function context(name: string, now: number): Record<string, unknown> {
  return { id: stableUuid(`context:${name}`), name, created_at: iso(now - 200 * 24 * HOUR) };
}

function makeWorkflow(
  world: ServiceCi,
  slug: string,
  pipeline: Record<string, unknown>,
  name: string,
  status: string,
  start: number,
  seconds: number,
  /** Distinguishes a rerun: a new workflow with the same name under the same pipeline. */
  rerun?: string,
): Record<string, unknown> {
  const id = stableUuid(`workflow:${slug}:${String(pipeline.number)}:${name}${rerun ? `:${rerun}` : ""}`);
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
        web_url: `${SIM_CIRCLECI_APP_URL}/pipelines/${slug}/${String(pipeline.number)}/workflows/${id}/jobs/${jobNumber}`,
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
