import { auditCommand } from "@toolweave/demo/kit";
import { runCommand } from "../run-command.js";
import { defineTool, READ_ONLY } from "../tool-spec.js";
import { serviceInput } from "./inputs.js";

/** `naming_audit`: naming-convention findings across tools. */
export const namingAudit = defineTool({
  name: "naming_audit",
  title: "Naming-convention audit",
  description:
    "Checks that each service is named the same way in every tool: CircleCI deploy workflows named deploy-<service> with an env parameter, Circonus checks and alerts tagged service:<name> and env:<env>. Lists each finding with the fix. Use it when a timeline or status misses deploys or alerts that should be there.",
  input: { service: serviceInput.optional().describe("Only this service (default: every service in the catalog).") },
  output: auditCommand.output,
  annotations: { ...READ_ONLY, title: "Naming-convention audit" },
  async run(input, call) {
    return runCommand(auditCommand, call, { flags: { service: input.service?.toLowerCase() } });
  },
});
