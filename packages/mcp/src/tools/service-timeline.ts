import { timelineCommand } from "@toolweave/demo/kit";
import { runCommand } from "../run-command.js";
import { defineTool, READ_ONLY } from "../tool-spec.js";
import { envInput, serviceInput, sinceInput, untilInput, windowInput } from "./inputs.js";

/** `service_timeline`: deploys and alerts on one timeline, with suspects. */
export const serviceTimeline = defineTool({
  name: "service_timeline",
  title: "Deploy and alert timeline",
  description:
    "Deploys (CircleCI), alerts and annotations (Circonus) of one service in a time window, merged in time order, and for each alert the deploys that went live to the same env shortly before it (`suspects`, most recent first). Use it for \"what happened to <service> since yesterday?\" or \"did a deploy cause these alerts?\". `complete: false` means some events could not be read: never present the timeline as whole then.",
  input: {
    service: serviceInput,
    env: envInput.optional().describe("Only this env (default: every env)."),
    since: sinceInput.optional(),
    until: untilInput.optional(),
    window: windowInput.optional(),
  },
  output: timelineCommand.output,
  annotations: { ...READ_ONLY, title: "Deploy and alert timeline" },
  async run(input, call) {
    return runCommand(timelineCommand, call, {
      positionals: [input.service],
      flags: { env: input.env?.toLowerCase(), since: input.since, until: input.until, window: input.window },
    });
  },
});
