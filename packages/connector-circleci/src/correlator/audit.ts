import { ENV_PATTERN, mentionsSecret, NAME_PATTERN, type AuditFinding } from "@toolweave/core";
import { kebab, normalizeEnv, PARAMETER_ALIASES, suggestContextName, suggestWorkflowName } from "../name-suggestions.js";
import type { Pipeline } from "../schemas/pipeline.js";
import { nameKeys, pipelineKeys, PROVIDER } from "./keys.js";
import type { CircleCICorrelatorPorts, CircleCIResource } from "./ports.js";
import { safeLink } from "./safe-link.js";

/**
 * What a finding on a name or value holding a live secret says instead of a suggestion: any
 * name derived from it would carry the token re-cased or re-hyphenated, past redaction.
 */
const secretFix = (where: "name" | "value") =>
  ` It holds a secret in use here, so no rename is suggested: remove the secret from the ${where} and rotate that token.`;

/**
 * `correlator.audit`: the contexts, workflows and pipeline parameters that break the naming
 * conventions, each once, with a suggested name when one can be derived (never from a name
 * holding a live secret).
 */
export function audit(ports: Pick<CircleCICorrelatorPorts, "conventions" | "links">, resources: readonly CircleCIResource[]): AuditFinding[] {
  const { conventions, links } = ports;
  const findings: AuditFinding[] = [];
  const seen = new Set<string>();
  const push = (finding: AuditFinding) => {
    const key = `${finding.rule}|${finding.resource.kind}|${finding.resource.name}|${finding.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(finding);
  };
  for (const resource of resources) {
    if (resource.kind === "context") {
      const { name, id } = resource.data;
      if (conventions.context.matches(name)) continue;
      const secret = mentionsSecret(name);
      const suggestion = suggestContextName(name, conventions);
      const url = resource.orgSlug ? safeLink(() => links.context(resource.orgSlug!, id)) : undefined;
      push({
        provider: PROVIDER,
        resource: { kind: "context", id, name, ...(url ? { url } : {}) },
        rule: "context-name",
        severity: suggestion || secret ? "error" : "warning",
        message: `Context "${name}" does not follow the convention "${conventions.context.pattern}".${secret ? secretFix("name") : suggestion ? "" : " If it is shared (not per service), ignore this finding."}`,
        ...(suggestion ? { suggestion, service: conventions.context.parse(suggestion)?.service } : {}),
      });
    } else if (resource.kind === "workflow") {
      const w = resource.data;
      // Setup workflows of dynamic config are CircleCI's own (https://circleci.com/docs/dynamic-config/).
      if (w.tag === "setup") continue;
      if (conventions.buildWorkflow.matches(w.name) || conventions.deployWorkflow.matches(w.name)) continue;
      const secret = mentionsSecret(w.name);
      const suggestion = suggestWorkflowName(w.name, conventions);
      const keys = suggestion ? nameKeys(suggestion, conventions) : {};
      const url = safeLink(() => links.workflow(w.project_slug, w.pipeline_number, w.id));
      push({
        provider: PROVIDER,
        resource: { kind: "workflow", id: w.name, name: w.name, ...(url ? { url } : {}) },
        rule: "workflow-name",
        severity: suggestion || secret ? "error" : "warning",
        message: `Workflow "${w.name}" in ${w.project_slug} follows neither "${conventions.buildWorkflow.pattern}" nor "${conventions.deployWorkflow.pattern}".${secret ? secretFix("name") : ""}`,
        ...(suggestion ? { suggestion } : {}),
        ...(keys.service ? { service: keys.service } : {}),
      });
    } else if (resource.kind === "pipeline") {
      auditParameters(ports, resource.data, push);
    }
  }
  return findings;
}

function auditParameters(ports: Pick<CircleCICorrelatorPorts, "links">, p: Pipeline, push: (f: AuditFinding) => void): void {
  const params = p.trigger_parameters ?? {};
  const url = safeLink(() => ports.links.pipeline(p.project_slug, p.number));
  const resource = { kind: "pipeline", id: p.id, name: `${p.project_slug} #${p.number}`, ...(url ? { url } : {}) };
  const service = pipelineKeys(p).service;
  for (const [key, value] of Object.entries(params)) {
    const alias = PARAMETER_ALIASES[key.toLowerCase().replace(/-/g, "_")];
    if (alias) {
      push({
        provider: PROVIDER,
        resource,
        rule: "pipeline-parameter-name",
        severity: "error",
        message: `Pipeline parameter "${key}" should be named "${alias}".`,
        suggestion: alias,
        ...(service ? { service } : {}),
      });
    }
    if (key !== "service" && key !== "env" && key !== "component") continue;
    const pattern = key === "env" ? ENV_PATTERN : NAME_PATTERN;
    if (typeof value === "string" && pattern.test(value)) continue;
    const text = typeof value === "string" ? value : JSON.stringify(value);
    const secret = mentionsSecret(text);
    const suggestion = typeof value === "string" && !secret ? (key === "env" ? normalizeEnv(value) : kebab(value) || undefined) : undefined;
    push({
      provider: PROVIDER,
      resource,
      rule: "pipeline-parameter-value",
      severity: "error",
      message: `Pipeline parameter ${key}=${text} is not ${key === "env" ? "one lower-case word" : "lower-case words joined by hyphens"}.${secret ? secretFix("value") : ""}`,
      ...(suggestion && suggestion !== value ? { suggestion: `${key}=${suggestion}` } : {}),
      ...(service ? { service } : key === "service" && suggestion ? { service: suggestion } : {}),
    });
  }
}
