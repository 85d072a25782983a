// The same app from CommonJS: Node 20.19+ loads the ESM packages with require().
//
//   CIRCLECI_TOKEN=… CIRCONUS_API_TOKEN=… CIRCONUS_API_APP=… node main.cjs gh/acme/checkout checkout prod
"use strict";
const { circleciConnector } = require("@toolweave/connector-circleci");
const { buildSearch, circonusConnector } = require("@toolweave/connector-circonus");
const { ToolweaveError } = require("@toolweave/core");
const { connectFromEnv } = require("@toolweave/secrets-env");

const [project = "gh/acme/checkout", service = "checkout", env = "prod"] = process.argv.slice(2);

async function main() {
  const circleci = connectFromEnv(circleciConnector, { settings: { userAgent: "toolweave-example-cjs/1.0" } });
  const circonus = connectFromEnv(circonusConnector, { settings: { userAgent: "toolweave-example-cjs/1.0" } });
  const status = await circleci.latestPipelineStatus(project);
  console.log(`latest pipeline of ${status.project.slug} on ${status.branch}: #${status.pipeline ? status.pipeline.number : "none"} ${status.outcome}`);
  const alerts = await circonus.listAlerts({ search: buildSearch({ tags: [`service:${service}`, `env:${env}`], terms: { active: 1 } }) }).toArray({ limit: 20 });
  console.log(`active alerts tagged service:${service}, env:${env}: ${alerts.length}`);
}

main().catch((error) => {
  if (ToolweaveError.isInstance(error)) {
    console.error(`${error.kind}: ${error.message}`);
    process.exitCode = 1;
  } else throw error;
});
