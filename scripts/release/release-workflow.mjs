// What the release workflow (.github/workflows/release.yml) does, read from the file itself so
// the rehearsal runs the same commands with the same variables: the version and publish
// commands given to changesets/action, the variables that step sets, and the `.npmrc` that
// actions/setup-node writes when `registry-url` is set.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/**
 * @typedef {{ registryUrl: string | undefined, version: string, publish: string, env: Record<string, string> }} ReleaseWorkflow
 */

/** Reads the release workflow of the repository at `root`. */
export function readReleaseWorkflow(root) {
  const file = join(root, ".github", "workflows", "release.yml");
  const workflow = parse(readFileSync(file, "utf8"));
  const jobs = Object.values(workflow.jobs ?? {});
  const job = jobs.find((candidate) => (candidate.steps ?? []).some((step) => String(step.uses ?? "").startsWith("changesets/action@")));
  if (!job) throw new Error(`${file} has no job with a changesets/action step: the rehearsal cannot tell what the release runs.`);
  const setupNode = job.steps.find((step) => String(step.uses ?? "").startsWith("actions/setup-node@"));
  const action = job.steps.find((step) => String(step.uses ?? "").startsWith("changesets/action@"));
  if (!action.with?.version || !action.with?.publish) throw new Error(`${file}: the changesets/action step needs both \`version\` and \`publish\` commands.`);
  const env = { ...(workflow.env ?? {}), ...(job.env ?? {}), ...(action.env ?? {}) };
  return {
    registryUrl: setupNode?.with?.["registry-url"],
    version: String(action.with.version),
    publish: String(action.with.publish),
    env: Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value)])),
  };
}

/**
 * The step's variables with each `${{ secrets.NAME }}` replaced by `secrets[NAME]` (and any other
 * expression by an empty string, as GitHub does for an unset secret).
 */
export function resolveStepEnv(env, secrets) {
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value.replace(/\$\{\{\s*secrets\.(\w+)\s*\}\}/g, (_, name) => secrets[name] ?? "").replace(/\$\{\{[^}]*\}\}/g, "")]));
}

/**
 * The `.npmrc` actions/setup-node writes for `registry-url` (and points NPM_CONFIG_USERCONFIG
 * at): the registry, and its auth token read from NODE_AUTH_TOKEN at run time. setup-node also
 * exports NODE_AUTH_TOKEN=XXXXX-XXXXX-XXXXX-XXXXX when the job does not set it, so a workflow
 * that passes only NPM_TOKEN authenticates with that placeholder and npm answers E401.
 * https://github.com/actions/setup-node/blob/main/docs/advanced-usage.md#publish-to-npmjs-and-gpr-with-npm
 */
export const SETUP_NODE_PLACEHOLDER_TOKEN = "XXXXX-XXXXX-XXXXX-XXXXX";

export function setupNodeNpmrc(registryUrl) {
  const url = registryUrl.endsWith("/") ? registryUrl : `${registryUrl}/`;
  return `${url.replace(/^\w+:/, "")}:_authToken=\${NODE_AUTH_TOKEN}\nregistry=${url}\n`;
}
