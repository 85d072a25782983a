import { ConfigurationError } from "@toolweave/core";
import { header, incompleteWithProvider, isoDate, statusCommand } from "@toolweave/demo/kit";
import { z } from "zod";
import { dispatchingHooks } from "../call-scope.js";
import { modeBanner } from "../run-command.js";
import { serviceFor } from "../service-argument.js";
import { structured } from "../structured.js";
import { defineTool, READ_ONLY } from "../tool-spec.js";
import { toolText } from "../tool-text.js";
import { envInput, serviceInput } from "./inputs.js";

const output = z.strictObject({
  ...header("last-deploy"),
  generatedAt: isoDate,
  service: z.string(),
  env: z.string(),
  branch: z.string().nullable().describe("The branch searched: the project's default branch, as service_status does."),
  deploy: statusCommand.lastDeploy.nullable().describe("The deploy workflow that finished last, reruns (rollbacks) included; null when none was found."),
  pipelinesScanned: z.number().int().nonnegative(),
  complete: z.boolean(),
  incomplete: z.array(incompleteWithProvider),
});

/** `last_deploy`: the last deploy of a service to one env. */
export const lastDeploy = defineTool({
  name: "last_deploy",
  title: "Last deploy",
  description:
    "The last successful deploy of a service to one env, from CircleCI: the deploy workflow that finished last on the project's default branch (a rerun of an older pipeline, i.e. a rollback, counts), with its commit, who triggered it, when, and links. Cheaper than service_status when that is all you need. `deploy: null` with `complete: true` means none was found in the pipelines scanned.",
  input: { service: serviceInput, env: envInput },
  output,
  annotations: { ...READ_ONLY, title: "Last deploy" },
  async run(input, call) {
    const env = input.env.toLowerCase();
    const service = serviceFor(call, input.service, env);
    const providers = await call.session.providers(dispatchingHooks);
    const client = providers.circleciFor(service);
    if (!client) {
      throw new ConfigurationError("CircleCI is not configured, so no deploy can be read.", { fix: "Set CIRCLECI_TOKEN (a personal API token) where toolweave-mcp runs, then restart it; credential_doctor shows what is set." });
    }
    const signal = call.signal;
    const project = await client.getProject(service.repo, { signal });
    const branch = project.vcs_info?.default_branch ?? null;
    const result = await client.lastDeploy({ project: service.repo, service: service.name, env, ...(branch ? { branch } : {}), signal });
    const incomplete = result.incomplete.map((part) => ({ ...part, provider: client.id }));
    const deploy = result.deploy;
    const lines = [
      modeBanner(call.session).trimEnd(),
      deploy
        ? `Last ${env} deploy of ${service.name}: ${deploy.commitSha?.slice(0, 7) ?? "(no commit recorded)"}${deploy.pipeline.commitSubject ? ` "${deploy.pipeline.commitSubject}"` : ""}, pipeline #${deploy.pipeline.number}, by ${deploy.actor ?? "unknown"}, live at ${deploy.deployedAt} (${deploy.links.workflow})`
        : `No ${env} deploy of ${service.name} found in the ${result.pipelinesScanned} pipelines scanned${branch ? ` on ${branch}` : ""}.`,
      ...incomplete.map((p) => `Not read: ${p.lookup}: ${p.error.message}${p.error.fix ? ` Fix: ${p.error.fix}` : ""}`),
    ].filter(Boolean);
    return {
      structured: structured({
        command: "last-deploy",
        mode: call.session.mode,
        generatedAt: new Date(call.session.clock()).toISOString(),
        service: service.name,
        env,
        branch,
        deploy,
        pipelinesScanned: result.pipelinesScanned,
        complete: incomplete.length === 0,
        incomplete,
      }),
      text: toolText(lines.join("\n")),
    };
  },
});
