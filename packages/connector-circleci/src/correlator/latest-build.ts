import { definedOnly, InvalidInputError, type CorrelationKeys, type LatestBuildResult, type PageReadOptions } from "@toolweave/core";
import { parseProjectSlug } from "../project-slug.js";
import { PROVIDER, repoSlug } from "./keys.js";
import type { CircleCICorrelatorPorts } from "./ports.js";

/**
 * `correlator.latestBuild`: the latest pipeline of the default branch of the project named by
 * `keys.repo`, with its outcome from its workflows (`latestPipelineStatus`). Rejects with
 * `InvalidInputError` without `repo`, and when the project itself cannot be read; workflows
 * that could not be read are in `incomplete` (the outcome is then `unknown`).
 */
export async function latestBuild(
  ports: Pick<CircleCICorrelatorPorts, "latestPipelineStatus">,
  keys: CorrelationKeys,
  options: PageReadOptions = {},
): Promise<LatestBuildResult> {
  if (!keys.repo) {
    throw new InvalidInputError("CircleCI latestBuild: the keys have no repo, so the project whose builds to read is unknown.", {
      provider: PROVIDER,
      fix: 'Pass repo in the correlation keys, e.g. { service: "checkout", repo: "gh/acme/checkout" }.',
    });
  }
  const slug = parseProjectSlug(repoSlug(keys.repo));
  const status = await ports.latestPipelineStatus(slug, definedOnly({ signal: options.signal, memo: options.memo }));
  const { pipeline, branch, outcome, incomplete } = status;
  if (!pipeline) return { build: null, incomplete };
  return {
    build: {
      provider: PROVIDER,
      id: pipeline.id,
      // "(all)": the project has no default branch, so the latest pipeline of any branch.
      label: branch === "(all)" ? `pipeline #${pipeline.number} (any branch)` : `pipeline #${pipeline.number} on ${branch}`,
      outcome,
      branch,
      at: pipeline.created_at,
      url: pipeline.url,
      ...(pipeline.revision ? { sha: pipeline.revision } : {}),
    },
    incomplete,
  };
}
