import {
  ENV_PATTERN,
  InvalidInputError,
  NAME_PATTERN,
  REPO_PATTERN,
  type AuditFinding,
  type CorrelationKeys,
  type Correlator,
  type EventsOptions,
  type EventsResult,
  type FindResult,
  type IncompletePart,
  type Locator,
  type ResourceRef,
  incompletePart,
} from "@toolweave/core";
import type { CircleCIConventions } from "./conventions.js";
import { deployEvents } from "./deploy-events.js";
import { kebab, normalizeEnv, PARAMETER_ALIASES, suggestContextName, suggestWorkflowName } from "./name-suggestions.js";
import type { OperationContext } from "./operation-context.js";
import { listContexts } from "./operations/contexts.js";
import { getProject } from "./operations/projects.js";
import { gapParts, walkPipelines } from "./pipeline-walker.js";
import { parseProjectSlug } from "./project-slug.js";
import type { Context } from "./schemas/context.js";
import type { JobDetails, WorkflowJob } from "./schemas/job.js";
import type { Pipeline } from "./schemas/pipeline.js";
import type { Project } from "./schemas/project.js";
import type { Workflow } from "./schemas/workflow.js";

/** A CircleCI resource given to `extract` and `audit`, tagged with its kind. */
export type CircleCIResource =
  | { kind: "context"; data: Context; /** Org slug, for deep links. */ orgSlug?: string }
  | { kind: "workflow"; data: Workflow }
  | { kind: "job"; data: WorkflowJob | JobDetails }
  | { kind: "pipeline"; data: Pipeline }
  | { kind: "project"; data: Project };

/**
 * The CircleCI correlator (`client.correlator`): finds a service's project, contexts and
 * workflows by the naming conventions, and audits resources against them.
 */
export interface CircleCICorrelator extends Correlator<CircleCIResource> {
  /** The naming conventions it applies. */
  readonly conventions: CircleCIConventions;
  /**
   * The service's deploys and failed deploys in the window (`deployEvents` on the project
   * named by `keys.repo`, the deploy workflow `deploy-{service}`, the pipelines whose `env`
   * parameter is `keys.env` when given). Rejects with `InvalidInputError` without `repo`.
   */
  events(keys: CorrelationKeys, options: EventsOptions): Promise<EventsResult>;
}

const PROVIDER = "circleci";
type Keys = Partial<CorrelationKeys>;

function pick(keys: Record<string, string | undefined>): Keys {
  return Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined)) as Keys;
}

/** The project slug for `keys.repo`; `<org>/<repo>` without a VCS prefix is refused, never guessed. */
function repoSlug(repo: string): string {
  if (repo.split("/").length === 2) {
    throw new InvalidInputError(`CircleCI correlation: repo "${repo}" has no VCS prefix, so its CircleCI project cannot be known.`, {
      provider: PROVIDER,
      fix: `Pass repo as "gh/${repo}" or "bb/${repo}" (or "circleci/<org-id>/<project-id>" from Project Settings).`,
    });
  }
  return parseProjectSlug(repo).slug;
}

function nameKeys(name: string, conventions: CircleCIConventions): Keys {
  return { ...(conventions.buildWorkflow.parse(name) ?? {}), ...(conventions.deployWorkflow.parse(name) ?? {}) };
}

function parameterKeys(parameters: Record<string, unknown> | null | undefined): Keys {
  if (!parameters) return {};
  const read = (key: string, pattern: RegExp) => {
    const value = parameters[key];
    if (typeof value !== "string") return undefined;
    const v = value.trim().toLowerCase();
    return pattern.test(v) ? v : undefined;
  };
  return pick({ service: read("service", NAME_PATTERN), env: read("env", ENV_PATTERN), component: read("component", NAME_PATTERN) });
}

/**
 * Builds the correlator of a client from its internal operation context; use
 * `createCircleCI(settings).correlator` instead.
 * @internal
 */
export function createCorrelator(ctx: OperationContext, conventions: CircleCIConventions): CircleCICorrelator {
  const extract = (resource: CircleCIResource): Keys => {
    switch (resource.kind) {
      case "context":
        return conventions.context.parse(resource.data.name) ?? {};
      case "workflow":
      case "job":
        return nameKeys(resource.data.name, conventions);
      case "pipeline": {
        const repo = REPO_PATTERN.test(resource.data.project_slug) ? resource.data.project_slug : undefined;
        return { ...parameterKeys(resource.data.trigger_parameters), ...pick({ repo }) };
      }
      case "project":
        return REPO_PATTERN.test(resource.data.slug) ? { repo: resource.data.slug } : {};
    }
  };

  const resolve = (keys: CorrelationKeys): Locator[] => {
    const out: Locator[] = [];
    const add = (kind: string, value: string, rule: string) => out.push({ provider: PROVIDER, kind, value, rule });
    if (keys.repo) add("project", repoSlug(keys.repo), "project slug from repo");
    if (keys.env) add("context", conventions.context.format(keys), `context name ${conventions.context.pattern}`);
    if (keys.component) add("workflow", conventions.buildWorkflow.format(keys), `build workflow ${conventions.buildWorkflow.pattern}`);
    add("workflow", conventions.deployWorkflow.format(keys), `deploy workflow ${conventions.deployWorkflow.pattern}`);
    add("pipeline-parameter", `service=${keys.service}`, "pipeline parameter service");
    if (keys.env) add("pipeline-parameter", `env=${keys.env}`, "pipeline parameter env");
    if (keys.component) add("pipeline-parameter", `component=${keys.component}`, "pipeline parameter component");
    return out;
  };

  const audit = (resources: readonly CircleCIResource[]): AuditFinding[] => {
    const findings: AuditFinding[] = [];
    const seen = new Set<string>();
    const push = (finding: AuditFinding) => {
      const key = `${finding.rule}|${finding.resource.kind}|${finding.resource.name}|${finding.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push(finding);
    };
    for (const resource of resources) {
      if (resource.kind === "context") {
        const { name, id } = resource.data;
        if (conventions.context.matches(name)) continue;
        const suggestion = suggestContextName(name, conventions);
        const url = resource.orgSlug ? safe(() => ctx.links.context(resource.orgSlug!, id)) : undefined;
        push({
          provider: PROVIDER,
          resource: { kind: "context", id, name, ...(url ? { url } : {}) },
          rule: "context-name",
          severity: suggestion ? "error" : "warning",
          message: `Context "${name}" does not follow the convention "${conventions.context.pattern}".${suggestion ? "" : " If it is shared (not per service), ignore this finding."}`,
          ...(suggestion ? { suggestion, service: conventions.context.parse(suggestion)?.service } : {}),
        });
      } else if (resource.kind === "workflow") {
        const w = resource.data;
        // Setup workflows of dynamic config are CircleCI's own (https://circleci.com/docs/dynamic-config/).
        if (w.tag === "setup") continue;
        if (conventions.buildWorkflow.matches(w.name) || conventions.deployWorkflow.matches(w.name)) continue;
        const suggestion = suggestWorkflowName(w.name, conventions);
        const keys = suggestion ? nameKeys(suggestion, conventions) : {};
        const url = safe(() => ctx.links.workflow(w.project_slug, w.pipeline_number, w.id));
        push({
          provider: PROVIDER,
          resource: { kind: "workflow", id: w.name, name: w.name, ...(url ? { url } : {}) },
          rule: "workflow-name",
          severity: suggestion ? "error" : "warning",
          message: `Workflow "${w.name}" in ${w.project_slug} follows neither "${conventions.buildWorkflow.pattern}" nor "${conventions.deployWorkflow.pattern}".`,
          ...(suggestion ? { suggestion } : {}),
          ...(keys.service ? { service: keys.service } : {}),
        });
      } else if (resource.kind === "pipeline") {
        auditParameters(resource.data, push);
      }
    }
    return findings;
  };

  const auditParameters = (p: Pipeline, push: (f: AuditFinding) => void) => {
    const params = p.trigger_parameters ?? {};
    const url = safe(() => ctx.links.pipeline(p.project_slug, p.number));
    const resource = { kind: "pipeline", id: p.id, name: `${p.project_slug} #${p.number}`, ...(url ? { url } : {}) };
    const service = parameterKeys(params).service;
    for (const [key, value] of Object.entries(params)) {
      const alias = PARAMETER_ALIASES[key.toLowerCase().replace(/-/g, "_")];
      if (alias) {
        push({
          provider: PROVIDER,
          resource,
          rule: "pipeline-parameter-name",
          severity: "error",
          message: `Pipeline parameter "${key}" should be named "${alias}".`,
          suggestion: alias,
          ...(service ? { service } : {}),
        });
      }
      if (key !== "service" && key !== "env" && key !== "component") continue;
      const pattern = key === "env" ? ENV_PATTERN : NAME_PATTERN;
      if (typeof value === "string" && pattern.test(value)) continue;
      const text = typeof value === "string" ? value : JSON.stringify(value);
      const suggestion = typeof value === "string" ? (key === "env" ? normalizeEnv(value) : kebab(value) || undefined) : undefined;
      push({
        provider: PROVIDER,
        resource,
        rule: "pipeline-parameter-value",
        severity: "error",
        message: `Pipeline parameter ${key}=${text} is not ${key === "env" ? "one lower-case word" : "lower-case words joined by hyphens"}.`,
        ...(suggestion && suggestion !== value ? { suggestion: `${key}=${suggestion}` } : {}),
        ...(service ? { service } : key === "service" && suggestion ? { service: suggestion } : {}),
      });
    }
  };

  /**
   * Looks up the project (its failure rejects: there is nothing to report without it), then
   * the matching contexts, the 10 newest pipelines (a pipeline listed twice counts once) and
   * the workflows of the 5 newest. Each of those sub-lookups that fails is reported in
   * `incomplete` — never skipped silently. Lists and links use the caller's slug, not the one
   * the API echoes (it may answer with another form, e.g. the opaque
   * `circleci/<org-id>/<project-id>`); a link that cannot be built from what the server sent
   * is left out.
   */
  const find = async (keys: CorrelationKeys, options: { signal?: AbortSignal } = {}): Promise<FindResult> => {
    if (!keys.repo) {
      throw new InvalidInputError("CircleCI find: the keys have no repo, and API v2 has no endpoint listing an organization's projects.", {
        provider: PROVIDER,
        fix: 'Pass repo in the correlation keys, e.g. { service: "checkout", repo: "gh/acme/checkout" }.',
      });
    }
    const slug = parseProjectSlug(repoSlug(keys.repo));
    const signal = options.signal ? { signal: options.signal } : {};
    const incomplete: IncompletePart[] = [];
    const failed = (lookup: string, error: unknown) => {
      if (options.signal?.aborted) throw error;
      incomplete.push(incompletePart(lookup, error));
    };
    const project = await getProject(ctx, slug, signal);
    const refs: ResourceRef[] = [
      {
        provider: PROVIDER,
        kind: "project",
        id: project.id,
        name: project.slug,
        url: ctx.links.project(slug),
        keys: { service: keys.service, repo: slug.slug },
        attributes: { defaultBranch: project.vcs_info?.default_branch ?? null, organization: project.organization_slug ?? null },
      },
    ];

    // Contexts: `owner-id` works for every org type, `owner-slug` only for VCS orgs
    // (https://circleci.com/docs/api/v2/index.html#operation/listContexts).
    const owner = project.organization_id
      ? { ownerId: project.organization_id }
      : project.organization_slug
        ? { ownerSlug: project.organization_slug }
        : undefined;
    if (owner) {
      try {
        const contexts = await listContexts(ctx, { ...owner, ...signal }).toArray();
        for (const context of contexts) {
          const k = conventions.context.parse(context.name);
          if (!k || k.service !== keys.service || (keys.env && k.env !== keys.env)) continue;
          const url = project.organization_slug ? safe(() => ctx.links.context(project.organization_slug!, context.id)) : undefined;
          refs.push({ provider: PROVIDER, kind: "context", id: context.id, name: context.name, ...(url ? { url } : {}), keys: k, attributes: { createdAt: context.created_at ?? null } });
        }
      } catch (error) {
        failed(`contexts of organization ${project.organization_slug ?? project.organization_id ?? "(unknown)"}`, error);
      }
    }

    // Recent pipelines and their workflows. A pipeline whose workflows fail to load (one
    // pipeline's workflow list has been seen to fail persistently while others work:
    // https://github.com/apache/incubator-devlake/issues/8948) is reported, not fatal.
    const pipelines: Pipeline[] = [];
    const perPipeline: Workflow[][] = [];
    try {
      const walk = await walkPipelines(
        ctx,
        { project: slug, maxPipelines: 10, newestOnly: true, shouldRead: (_, index) => index < 5, ...signal },
        ({ pipeline, workflows }) => {
          pipelines.push(pipeline);
          if (workflows) perPipeline.push(workflows);
        },
      );
      incomplete.push(...gapParts(walk, { workflows: (p) => `workflows of pipeline #${p.number} (${slug.slug})`, list: (n) => `pipelines of ${slug.slug} after the first ${n}` }));
    } catch (error) {
      failed(`recent pipelines of ${slug.slug}`, error);
    }
    const wanted = new Set<string>([conventions.deployWorkflow.format(keys)]);
    if (keys.component) wanted.add(conventions.buildWorkflow.format(keys));
    const workflowsSeen = new Set<string>();
    perPipeline.flat().forEach((w) => {
      if (!wanted.has(w.name) || workflowsSeen.has(w.name)) return;
      workflowsSeen.add(w.name);
      const url = safe(() => ctx.links.workflow(slug, w.pipeline_number, w.id));
      refs.push({
        provider: PROVIDER,
        kind: "workflow",
        id: w.id,
        name: w.name,
        ...(url ? { url } : {}),
        keys: nameKeys(w.name, conventions),
        attributes: { status: w.status ?? null, pipelineNumber: w.pipeline_number, createdAt: w.created_at, stoppedAt: w.stopped_at ?? null },
      });
    });
    for (const p of pipelines) {
      const k = parameterKeys(p.trigger_parameters);
      if (k.service !== keys.service || (keys.env && k.env && k.env !== keys.env)) continue;
      const url = safe(() => ctx.links.pipeline(slug, p.number));
      refs.push({
        provider: PROVIDER,
        kind: "pipeline",
        id: p.id,
        name: `${slug.slug} #${p.number}`,
        ...(url ? { url } : {}),
        keys: { ...k, repo: slug.slug },
        attributes: { state: p.state, branch: p.vcs?.branch ?? null, revision: p.vcs?.revision ?? null, createdAt: p.created_at },
      });
    }
    return { resources: refs, incomplete };
  };

  const events = async (keys: CorrelationKeys, options: EventsOptions): Promise<EventsResult> => {
    // CircleCI gives deploys only: asked for other kinds, there is nothing to read.
    if (options.kinds && !options.kinds.some((k) => k === "deploy" || k === "deploy-failed")) return { events: [], incomplete: [] };
    if (!keys.repo) {
      throw new InvalidInputError("CircleCI events: the keys have no repo, so the project whose deploys to read is unknown.", {
        provider: PROVIDER,
        fix: 'Pass repo in the correlation keys, e.g. { service: "checkout", repo: "gh/acme/checkout" }.',
      });
    }
    const { events: list, incomplete } = await deployEvents(ctx, conventions, {
      project: repoSlug(keys.repo),
      service: keys.service,
      ...(keys.env ? { env: keys.env } : {}),
      since: options.since,
      until: options.until,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { events: list, incomplete };
  };

  return { provider: PROVIDER, conventions, resolve, extract, audit, find, events };
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
