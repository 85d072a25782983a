import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { redactString } from "@toolweave/demo/kit";
import { z } from "zod";

// The arguments are quoted in the prompt: through the redaction, so a pasted URL with a token in it comes back masked.
const user = (text: string) => ({ messages: [{ role: "user" as const, content: { type: "text" as const, text: redactString(text) } }] });

const HONESTY = "If any answer has `complete: false`, say plainly which parts could not be read and give their fixes; do not present a partial answer as whole. If `mode` is `simulated`, say the data is simulated.";

/** The prompts: "investigate an alert" and "is it safe to deploy <service> now". */
export function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    "investigate-alert",
    {
      title: "Investigate an alert",
      description: "Did a deploy cause this Circonus alert, and what to do about it.",
      argsSchema: { alert: z.string().describe("The Circonus alert's id or URL.") },
    },
    ({ alert }) =>
      user(
        `Investigate the Circonus alert ${alert}. ` +
          "First call alert_suspects with it. For each suspect deploy, give its commit, who deployed it, when it went live and how long before the alert, with links. " +
          "Then say whether it was already rolled back, or which deploy to roll back to (from the answer's lines; never a suspect's commit). " +
          "If there is no suspect, say so and call service_timeline for the alert's service and env over the 24 hours before it to look for other changes. " +
          HONESTY,
      ),
  );
  server.registerPrompt(
    "safe-to-deploy",
    {
      title: "Is it safe to deploy now?",
      description: "Whether a service is in a state to deploy: alerts open now, the latest build, recent deploys and their suspects.",
      argsSchema: { service: z.string().describe("The service's name in the catalog."), env: z.string().optional().describe("The env to deploy to (default: every env).") },
    },
    ({ service, env }) =>
      user(
        `Is it safe to deploy ${service}${env ? ` to ${env}` : ""} now? ` +
          `Call service_status for ${service}${env ? ` with env ${env}` : ""}: look at the alerts open now, the latest pipeline's outcome on the default branch and the last deploy per env. ` +
          `Then call service_timeline for ${service}${env ? ` in ${env}` : ""} over the last 24h and check whether a recent deploy is a suspect of an alert. ` +
          "Answer yes, no or \"not sure\" first, with the reasons and links: an open alert, a failing build or a suspect deploy is a reason to wait. " +
          HONESTY,
      ),
  );
}
