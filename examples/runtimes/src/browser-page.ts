/**
 * A page (bundled with esbuild for the browser) that shows a service's latest pipeline and its
 * active alerts. The variables come from the URL fragment here, for the test; an extension
 * would read them from its own storage. Calling the APIs from a page needs CORS (the demo's
 * simulation answers it when asked); an extension needs host permissions instead.
 */
import { circleciConnector } from "@toolweave/connector-circleci";
import { createEnvSecrets } from "@toolweave/secrets-env";
import { describeFailure, showService } from "./show-service.js";

interface PageConfig {
  env: Record<string, string>;
  project: string;
  service: string;
  environment: string;
}

function element(tag: string, id: string, text: string): HTMLElement {
  const node = document.createElement(tag);
  node.id = id;
  node.textContent = text;
  return node;
}

async function main(): Promise<void> {
  const root = document.getElementById("app")!;
  const config = JSON.parse(decodeURIComponent(location.hash.slice(1))) as PageConfig;
  try {
    const view = await showService({ ...config, userAgent: "toolweave-example-browser/1.0" });
    const { pipeline } = view;
    root.append(element("h1", "pipeline", `${pipeline.project} on ${pipeline.branch ?? "?"}: #${pipeline.number ?? "none"} ${pipeline.outcome}`));
    const workflows = element("ul", "workflows", "");
    for (const w of pipeline.workflows) workflows.append(element("li", `workflow-${w.name}`, `${w.name}: ${w.status}`));
    root.append(workflows);
    root.append(element("h2", "alerts-title", `${view.alerts.length} active alert(s) for ${config.service} in ${config.environment}`));
    const alerts = element("ul", "alerts", "");
    for (const a of view.alerts) alerts.append(element("li", "", `sev ${a.severity ?? "?"} ${a.cid}`));
    root.append(alerts);
  } catch (error) {
    const failure = describeFailure(error);
    root.append(element("p", "error", `${failure.kind}: ${failure.message}${failure.fix ? ` ${failure.fix}` : ""}`));
  }
  // Files do not exist in a browser: a _FILE variable is a clear ConfigurationError.
  try {
    createEnvSecrets({ env: { CIRCLECI_TOKEN_FILE: "/run/secrets/circleci_token" } }).resolve([circleciConnector]);
  } catch (error) {
    const failure = describeFailure(error);
    root.append(element("p", "file-error", `${failure.kind}: ${failure.message}${failure.fix ? ` ${failure.fix}` : ""}`));
  }
  root.dataset.done = "true";
}

void main();
