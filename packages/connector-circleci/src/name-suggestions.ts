import { ENV_PATTERN, mentionsSecret, NAME_PATTERN } from "@toolweave/core";
import type { CircleCIConventions } from "./conventions.js";

/** Common spellings of environment names mapped to the short forms used in names. */
const ENV_ALIASES: Readonly<Record<string, string>> = {
  prod: "prod",
  production: "prod",
  prd: "prod",
  live: "prod",
  staging: "staging",
  stage: "staging",
  stg: "staging",
  dev: "dev",
  development: "dev",
  qa: "qa",
  test: "test",
  uat: "uat",
  preprod: "preprod",
  sandbox: "sandbox",
};
const FILLER = new Set(["and", "test", "tests", "workflow", "wf", "ci", "cd", "pipeline", "job"]);

/** Lower case, runs of other characters turned into single hyphens: `Deploy_Checkout ` → `deploy-checkout`. */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * The normalised env name for a spelling (`Production` → `prod`), or `undefined`; also
 * `undefined` for a value holding a live secret (see `suggestWorkflowName`).
 */
export function normalizeEnv(value: string): string | undefined {
  if (mentionsSecret(value)) return undefined;
  const k = kebab(value);
  return ENV_ALIASES[k] ?? (ENV_PATTERN.test(k) ? k : undefined);
}

function tryFormat(format: () => string): string | undefined {
  try {
    return format();
  } catch {
    return undefined;
  }
}

/**
 * A context name following the convention, derived from a non-conforming one, when possible;
 * never from a name holding a live secret (see `suggestWorkflowName`).
 */
export function suggestContextName(name: string, conventions: CircleCIConventions): string | undefined {
  if (mentionsSecret(name)) return undefined;
  const tokens = kebab(name).split("-").filter(Boolean);
  while (tokens[0] === "svc" || tokens[0] === "service") tokens.shift();
  let env: string | undefined;
  const last = tokens.at(-1);
  const first = tokens[0];
  if (last && ENV_ALIASES[last]) {
    env = ENV_ALIASES[last];
    tokens.pop();
  } else if (first && ENV_ALIASES[first]) {
    env = ENV_ALIASES[first];
    tokens.shift();
  }
  const service = tokens.join("-");
  if (!env || !service || !NAME_PATTERN.test(service)) return undefined;
  const suggestion = tryFormat(() => conventions.context.format({ service, env }));
  return suggestion !== undefined && suggestion !== name ? suggestion : undefined;
}

/**
 * A workflow name following the build or deploy convention, derived when possible. Never from
 * a name holding a live secret (core's `mentionsSecret`): kebab-casing would carry the token in
 * a form redaction no longer recognises.
 */
export function suggestWorkflowName(name: string, conventions: CircleCIConventions): string | undefined {
  if (mentionsSecret(name)) return undefined;
  const tokens = kebab(name).split("-").filter(Boolean);
  const rest = (drop: string) => tokens.filter((t) => t !== drop && !FILLER.has(t) && !ENV_ALIASES[t]).join("-");
  let suggestion: string | undefined;
  if (tokens.includes("deploy")) {
    const service = rest("deploy");
    if (service && NAME_PATTERN.test(service)) suggestion = tryFormat(() => conventions.deployWorkflow.format({ service }));
  } else if (tokens.includes("build")) {
    const component = rest("build");
    if (component && NAME_PATTERN.test(component)) suggestion = tryFormat(() => conventions.buildWorkflow.format({ component }));
  }
  return suggestion !== undefined && suggestion !== name ? suggestion : undefined;
}

/** Parameter names seen in the wild for the convention's `service` / `env` / `component`. */
export const PARAMETER_ALIASES: Readonly<Record<string, "service" | "env" | "component">> = {
  service_name: "service",
  servicename: "service",
  svc: "service",
  app: "service",
  application: "service",
  environment: "env",
  env_name: "env",
  envname: "env",
  stage: "env",
  component_name: "component",
  componentname: "component",
};
