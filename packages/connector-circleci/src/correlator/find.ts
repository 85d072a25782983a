import { definedOnly, incompletePart, InvalidInputError, type CorrelationKeys, type FindOptions, type FindResult, type IncompletePart, type ResourceRef } from "@toolweave/core";
import { gapParts } from "../pipeline-walker.js";
import { parseProjectSlug } from "../project-slug.js";
import type { Pipeline } from "../schemas/pipeline.js";
import type { Workflow } from "../schemas/workflow.js";
import { nameKeys, pipelineKeys, PROVIDER, repoSlug } from "./keys.js";
import type { CircleCICorrelatorPorts } from "./ports.js";
import { safeLink } from "./safe-link.js";

/**
 * `correlator.find`: looks up the project (its failure rejects: there is nothing to report
 * without it), then the matching contexts, the 10 newest pipelines (a pipeline listed twice
 * counts once) and the workflows of the 5 newest. Each of those sub-lookups that fails is
 * reported in `incomplete` — never skipped silently. Lists and links use the caller's slug,
 * not the one the API echoes (it may answer with another form, e.g. the opaque
 * `circleci/<org-id>/<project-id>`); a link that cannot be built from what the server sent is
 * left out. With `memo`, reads another call of the same answer made are not made again.
 */
export async function find(ports: CircleCICorrelatorPorts, keys: CorrelationKeys, options: FindOptions = {}): Promise<FindResult> {
  const { conventions, links } = ports;
  if (!keys.repo) {
    throw new InvalidInputError("CircleCI find: the keys have no repo, and API v2 has no endpoint listing an organization's projects.", {
      provider: PROVIDER,
      fix: 'Pass repo in the correlation keys, e.g. { service: "checkout", repo: "gh/acme/checkout" }.',
    });
  }
  const slug = parseProjectSlug(repoSlug(keys.repo));
  const read = definedOnly({ signal: options.signal, memo: options.memo });
  const incomplete: IncompletePart[] = [];
  const failed = (lookup: string, error: unknown) => {
    if (options.signal?.aborted) throw error;
    incomplete.push(incompletePart(lookup, error));
  };
  const project = await ports.project(slug, read);
  const refs: ResourceRef[] = [
    {
      provider: PROVIDER,
      kind: "project",
      id: project.id,
      name: project.slug,
      url: links.project(slug),
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
      const contexts = await ports.contexts(owner, read);
      for (const context of contexts) {
        const k = conventions.context.parse(context.name);
        if (!k || k.service !== keys.service || (keys.env && k.env !== keys.env)) continue;
        const url = project.organization_slug ? safeLink(() => links.context(project.organization_slug!, context.id)) : undefined;
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
    const walk = await ports.walkPipelines({ project: slug, maxPipelines: 10, newestOnly: true, shouldRead: (_, index) => index < 5, ...read }, ({ pipeline, workflows }) => {
      pipelines.push(pipeline);
      if (workflows) perPipeline.push(workflows);
    });
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
    const url = safeLink(() => links.workflow(slug, w.pipeline_number, w.id));
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
    const k = pipelineKeys(p);
    if (k.service !== keys.service || (keys.env && k.env && k.env !== keys.env)) continue;
    const url = safeLink(() => links.pipeline(slug, p.number));
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
}
