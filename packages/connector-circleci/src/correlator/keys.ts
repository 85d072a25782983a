import { InvalidInputError, NAME_PATTERN, definedOnly, REPO_PATTERN, type CorrelationKeys, type Locator } from "@toolweave/core";
import type { CircleCIConventions } from "../conventions.js";
import { envKeyOf } from "../env-of.js";
import { parseProjectSlug } from "../project-slug.js";
import type { Pipeline } from "../schemas/pipeline.js";
import type { CircleCICorrelatorPorts, CircleCIResource } from "./ports.js";

export const PROVIDER = "circleci";
type Keys = Partial<CorrelationKeys>;

/** The project slug for `keys.repo`; `<org>/<repo>` without a VCS prefix is refused, never guessed. */
export function repoSlug(repo: string): string {
  if (repo.split("/").length === 2) {
    throw new InvalidInputError(`CircleCI correlation: repo "${repo}" has no VCS prefix, so its CircleCI project cannot be known.`, {
      provider: PROVIDER,
      fix: `Pass repo as "gh/${repo}" or "bb/${repo}" (or "circleci/<org-id>/<project-id>" from Project Settings).`,
    });
  }
  return parseProjectSlug(repo).slug;
}

/** The keys a workflow or job name carries by the build and deploy conventions. */
export function nameKeys(name: string, conventions: CircleCIConventions): Keys {
  return { ...(conventions.buildWorkflow.parse(name) ?? {}), ...(conventions.deployWorkflow.parse(name) ?? {}) };
}

/** The keys a pipeline's parameters carry: `service`, `env` (read by `envOf`), `component`, each only in core's form. */
export function pipelineKeys(pipeline: Pick<Pipeline, "trigger_parameters">): Keys {
  const parameters = pipeline.trigger_parameters;
  if (!parameters) return {};
  const name = (key: string) => {
    const value = parameters[key];
    if (typeof value !== "string") return undefined;
    const v = value.trim().toLowerCase();
    return NAME_PATTERN.test(v) ? v : undefined;
  };
  return definedOnly({ service: name("service"), env: envKeyOf(pipeline), component: name("component") });
}

/** `correlator.resolve`: where to look for the service, per the conventions; makes no call. */
export function resolve(ports: Pick<CircleCICorrelatorPorts, "conventions">, keys: CorrelationKeys): Locator[] {
  const { conventions } = ports;
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
}

/** `correlator.extract`: the keys a resource's name or parameters carry; `{}` when it follows no convention. */
export function extract(ports: Pick<CircleCICorrelatorPorts, "conventions">, resource: CircleCIResource): Keys {
  const { conventions } = ports;
  switch (resource.kind) {
    case "context":
      return conventions.context.parse(resource.data.name) ?? {};
    case "workflow":
    case "job":
      return nameKeys(resource.data.name, conventions);
    case "pipeline": {
      const repo = REPO_PATTERN.test(resource.data.project_slug) ? resource.data.project_slug : undefined;
      return { ...pipelineKeys(resource.data), ...definedOnly({ repo }) };
    }
    case "project":
      return REPO_PATTERN.test(resource.data.slug) ? { repo: resource.data.slug } : {};
  }
}
