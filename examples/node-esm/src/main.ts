/**
 * One service across CircleCI and Circonus, from environment variables to typed answers.
 *
 *   CIRCLECI_TOKEN=… CIRCONUS_API_TOKEN=… CIRCONUS_API_APP=… node dist/main.js gh/acme/checkout checkout prod
 *
 * Set CIRCLECI_BASE_URL / CIRCONUS_API_URL to point at CircleCI Server, Circonus Inside, or the
 * demo's simulation (`npx -y pnpm@10.34.9 demo simulate`).
 */
import { circleciConnector } from "@toolweave/connector-circleci";
import { buildSearch, circonusConnector } from "@toolweave/connector-circonus";
import { ToolweaveError, createHub } from "@toolweave/core";
import { connectFromEnv } from "@toolweave/secrets-env";

const [project = "gh/acme/checkout", service = "checkout", env = "prod"] = process.argv.slice(2);

// One call each from the environment to a ready, typed connector (no cast): a CircleCIClient
// and a CirconusClient. A missing or invalid variable throws one ConfigurationError listing
// every problem with its fix.
const userAgent = "toolweave-example-esm/1.0";

try {
  const circleci = connectFromEnv(circleciConnector, { dotenv: true, settings: { userAgent } });
  const circonus = connectFromEnv(circonusConnector, { dotenv: true, settings: { userAgent } });
  const status = await circleci.latestPipelineStatus(project);
  console.log(`latest pipeline of ${status.project.slug} on ${status.branch}: #${status.pipeline?.number ?? "none"} ${status.outcome}`);
  for (const workflow of status.workflows) console.log(`  workflow ${workflow.name}: ${workflow.status ?? "unknown"}`);

  const alerts = await circonus.listAlerts({ search: buildSearch({ tags: [`service:${service}`, `env:${env}`], terms: { active: 1 } }) }).toArray({ limit: 20 });
  console.log(`active alerts tagged service:${service}, env:${env}: ${alerts.length}`);
  for (const alert of alerts) console.log(`  sev ${alert._severity ?? "?"} ${alert._cid}`);

  // The hub asks every tool at once; one tool failing never hides the other's answer, and an
  // answer that is missing a part says so (incomplete).
  const hub = createHub({ connectors: [circleci, circonus] });
  for (const result of await hub.correlate({ service, env, repo: project })) {
    if (!result.ok) {
      console.log(`${result.displayName}: failed (${result.error.kind}): ${result.error.fix ?? result.error.message}`);
      continue;
    }
    const missing = result.value.incomplete.length ? `, incomplete: ${result.value.incomplete.map((p) => p.lookup).join("; ")}` : "";
    console.log(`${result.displayName}: ${result.value.resources.length} resource(s) for ${service}${missing}`);
  }
} catch (error) {
  // Every failure is a ToolweaveError with a kind, a fix, and nothing secret in it.
  if (ToolweaveError.isInstance(error)) {
    console.error(`${error.kind}: ${error.message}`);
    process.exitCode = 1;
  } else throw error;
}
