/**
 * The runtime-neutral part shared by the browser page and the Worker: both connectors from a
 * record of variables (never `process.env`), a service's latest pipeline and its active alerts.
 */
import { circleciConnector } from "@toolweave/connector-circleci";
import { buildSearch, circonusConnector } from "@toolweave/connector-circonus";
import { ToolweaveError } from "@toolweave/core";
import { connectFromEnv } from "@toolweave/secrets-env";

export interface ServiceView {
  pipeline: { project: string; branch: string | undefined; number: number | undefined; outcome: string; workflows: { name: string; status: string }[] };
  alerts: { cid: string; severity: number | undefined }[];
}

export interface ShowServiceInput {
  /** CIRCLECI_TOKEN, CIRCLECI_BASE_URL, CIRCONUS_API_TOKEN, CIRCONUS_API_APP, CIRCONUS_API_URL. */
  env: Record<string, string | undefined>;
  project: string;
  service: string;
  environment: string;
  userAgent: string;
}

export async function showService(input: ShowServiceInput): Promise<ServiceView> {
  const settings = { userAgent: input.userAgent };
  const circleci = connectFromEnv(circleciConnector, { env: input.env, settings });
  const circonus = connectFromEnv(circonusConnector, { env: input.env, settings });
  const status = await circleci.latestPipelineStatus(input.project);
  const alerts = await circonus
    .listAlerts({ search: buildSearch({ tags: [`service:${input.service}`, `env:${input.environment}`], terms: { active: 1 } }) })
    .toArray({ limit: 20 });
  return {
    pipeline: {
      project: status.project.slug,
      branch: status.branch,
      number: status.pipeline?.number,
      outcome: status.outcome,
      workflows: status.workflows.map((w) => ({ name: w.name, status: w.status ?? "unknown" })),
    },
    alerts: alerts.map((a) => ({ cid: a._cid, severity: a._severity ?? undefined })),
  };
}

/** A failure as plain data (kind, message, fix), safe to show or send: nothing secret is in it. */
export function describeFailure(error: unknown): { kind: string; message: string; fix?: string } {
  if (ToolweaveError.isInstance(error)) return { kind: error.kind, message: error.message, ...(error.fix ? { fix: error.fix } : {}) };
  return { kind: "unexpected", message: error instanceof Error ? error.message : String(error) };
}
