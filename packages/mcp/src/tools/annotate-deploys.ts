import { annotateCommand } from "@toolweave/demo/kit";
import { z } from "zod";
import { runCommand } from "../run-command.js";
import { defineTool } from "../tool-spec.js";
import { envInput, serviceInput } from "./inputs.js";

/** `annotate_deploys`: deploy markers in Circonus (a write: registered only with `allowWrites`). */
export const annotateDeploys = defineTool({
  name: "annotate_deploys",
  title: "Mark deploys on Circonus graphs",
  description:
    "WRITES to Circonus: publishes the service's CircleCI deploys to one env as Circonus annotations (deploy markers on its graphs), one per deploy. Idempotent: a deploy already marked is left alone, so a second call creates nothing; a duplicate marker of the same deploy (from a concurrent run) is removed. Set `dryRun: true` to see what it would write without writing. Refused when the Circonus token is read-only. Only call it when the user asked for deploy markers.",
  input: {
    service: serviceInput,
    env: envInput,
    since: z.string().trim().min(1).max(40).optional().describe("Deploys since: a duration back from now (24h, 7d) or an ISO 8601 date-time. Default 7d."),
    dryRun: z.boolean().optional().describe("Only say what would be written (default false: write)."),
  },
  output: annotateCommand.output,
  writes: true,
  annotations: { title: "Mark deploys on Circonus graphs", readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async run(input, call) {
    return runCommand(annotateCommand, call, {
      positionals: [input.service],
      flags: { env: input.env.toLowerCase(), since: input.since, apply: input.dryRun !== true },
    });
  },
});
