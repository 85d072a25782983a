import { statusCommand } from "@toolweave/demo/kit";
import { runCommand } from "../run-command.js";
import { defineTool, READ_ONLY } from "../tool-spec.js";
import { envInput, serviceInput } from "./inputs.js";

/** `service_status`: CircleCI and Circonus side by side for one service. */
export const serviceStatus = defineTool({
  name: "service_status",
  title: "Service status",
  description:
    "One service across CI and monitoring now: its latest CircleCI pipeline and workflows, the last deploy to each env (commit, actor, when), workflow success rates, and the Circonus alerts open now with their check bundles. Use it for \"how is <service> doing?\" or before a deploy. `complete: false` means a lookup failed: say so, and give the `incomplete` parts' fixes.",
  input: { service: serviceInput, env: envInput.optional().describe("Only this env (default: every env of the service).") },
  output: statusCommand.output,
  annotations: { ...READ_ONLY, title: "Service status" },
  async run(input, call) {
    return runCommand(statusCommand, call, { positionals: [input.service], flags: { env: input.env?.toLowerCase() } });
  },
});
