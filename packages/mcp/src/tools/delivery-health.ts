import { deliveryCommand } from "@toolweave/demo/kit";
import { runCommand } from "../run-command.js";
import { defineTool, READ_ONLY } from "../tool-spec.js";
import { envInput, serviceInput, sinceInput, untilInput, windowInput } from "./inputs.js";

/** `delivery_health`: the DORA keys of one service, each figure with the events behind it. */
export const deliveryHealth = defineTool({
  name: "delivery_health",
  title: "Delivery health (DORA keys)",
  description:
    "How healthy a service's delivery is over a window (default the last 30 days): deployments (count, per week, deploy days, failed pipelines), change failure rate, failed deployment recovery and time to restore (median and p90), pipeline trigger to live, and lead time for changes (null with a reason: CircleCI reports no commit times). A deploy failed when a Circonus alert in its env opened within `window` after it (the first suspect of service_timeline) or the next deploy rolled it back; `changeFailureRate.failures` names each one with its deploy, alert and rollback ids, and `evidence` holds those events (title, time, url), once each in time order. Pass env (usually \"prod\") for one env; without it every env is counted, each rule within one env. Each figure has its own `complete`: when Circonus could not be read, or is not configured (an incomplete part with provider \"hub\": no connector reads alerts), the deployment count stays complete but the change failure rate does not — never present an incomplete figure as whole.",
  input: {
    service: serviceInput,
    env: envInput.optional().describe('The env to measure, e.g. "prod" (default: every env of the service, each rule applied within one env).'),
    since: sinceInput.optional().describe("Start of the window: a duration back from now (24h, 7d, 30d) or an ISO 8601 date-time. Default: 30 days before until."),
    until: untilInput.optional(),
    window: windowInput.optional().describe("How long after a deploy an alert in its env, or a rollback, counts against it: 30m, 2h… Default 60m (the suspect window)."),
  },
  output: deliveryCommand.output,
  annotations: { ...READ_ONLY, title: "Delivery health (DORA keys)" },
  async run(input, call) {
    return runCommand(deliveryCommand, call, {
      positionals: [input.service],
      flags: { env: input.env?.toLowerCase(), since: input.since, until: input.until, window: input.window },
    });
  },
});
