// Review of the MCP naming_audit: a name holding a live token came back in the rename suggestion
// kebab-cased (`build-worker-ccipat-q7v-j2m-…`), a form redaction no longer recognises.
import { redactText, Secret, type AuditFinding } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import * as fx from "../__fixtures__/index.js";
import { createConventions } from "../conventions.js";
import { normalizeEnv, suggestContextName, suggestWorkflowName } from "../name-suggestions.js";
import { pipelineSchema } from "../schemas/pipeline.js";
import { workflowSchema } from "../schemas/workflow.js";
import { DEFAULT_CONVENTIONS } from "../settings.js";
import { testClient } from "../test-utils.js";
import type { CircleCIResource } from "./ports.js";

const TOKEN = "CCIPAT_Q7vJ2mK9xL4pR8tW1nB6cF3hD5gS0aZeYuIoPlMk";
const UUID = "3f9a2c7e-1b4d-4e6f-8a2b-9c0d1e2f3a4b";
// One word once lower-cased, as an env value must be.
const KEY = "WXQRTZPLMKJHGFDSAZXC";
// Held for the whole file: a Secret that is garbage-collected leaves the registry.
const secrets = [new Secret(TOKEN), new Secret(UUID), new Secret(KEY)];
const conventions = createConventions(DEFAULT_CONVENTIONS);

/** Letters and digits only, lower case: what survives any re-casing or re-hyphenation. */
const folded = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");
const carriesSecret = (text: string) => secrets.some((s) => folded(text).includes(folded(s.reveal())));

const workflow = (name: string): CircleCIResource => ({
  kind: "workflow",
  data: workflowSchema.parse({ ...fx.workflowsByPipeline[fx.pipelines[0]!.id]![0], name, id: `wf-${name.length}` }),
});
const context = (name: string): CircleCIResource => ({ kind: "context", data: { ...fx.contexts[0]!, name }, orgSlug: "gh/acme" });
const pipeline = (trigger_parameters: Record<string, string>): CircleCIResource => ({
  kind: "pipeline",
  data: pipelineSchema.parse({ ...fx.pipelines[0], trigger_parameters }),
});

describe("audit of names holding a live secret", () => {
  const { correlator } = testClient();
  const findings: AuditFinding[] = correlator.audit([
    workflow(`Build_Worker ${TOKEN} ${UUID.toUpperCase()}`),
    workflow(`Deploy Billing ${TOKEN.toLowerCase()}`),
    context(`Billing_Production_${TOKEN}`),
    context(`${UUID.toUpperCase()}_prod`),
    pipeline({ component: `Worker ${TOKEN}`, service: UUID.toUpperCase(), env: KEY }),
  ]);

  it("keeps every finding, but suggests no name derived from it", () => {
    expect(findings.map((f) => [f.rule, f.suggestion])).toEqual([
      ["workflow-name", undefined],
      ["workflow-name", undefined],
      ["context-name", undefined],
      ["context-name", undefined],
      ["pipeline-parameter-value", undefined],
      ["pipeline-parameter-value", undefined],
      ["pipeline-parameter-value", undefined],
    ]);
  });

  it("says to take the secret out of the name, and is an error to fix", () => {
    for (const f of findings) {
      expect(f.message).toMatch(/remove the secret from the (name|value)/);
      expect(f.severity).toBe("error");
    }
    expect(findings[2]!.message).not.toContain("ignore this finding");
  });

  it("leaves no re-cased or re-hyphenated form of the secret once redacted", () => {
    const text = redactText(JSON.stringify(findings));
    expect(carriesSecret(text)).toBe(false);
  });

  it("the exported suggesters derive nothing from such a name", () => {
    expect(suggestWorkflowName(`build ${TOKEN}`, conventions)).toBeUndefined();
    expect(suggestContextName(`${TOKEN}_production`, conventions)).toBeUndefined();
    expect(normalizeEnv(KEY)).toBeUndefined();
    // Without a secret they still suggest.
    expect(suggestWorkflowName("Build_Worker", conventions)).toBe("build-worker");
    expect(normalizeEnv("Production")).toBe("prod");
  });
});
