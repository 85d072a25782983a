import { contextCommand } from "@toolweave/demo/kit";
import { z } from "zod";
import { runCommand } from "../run-command.js";
import { defineTool, READ_ONLY } from "../tool-spec.js";

/** `page_context`: what the tools know about a URL. */
export const pageContext = defineTool({
  name: "page_context",
  title: "What the tools know about a URL",
  description:
    "Given a URL a person is looking at — a GitHub/GitLab/Bitbucket repository, commit, branch or pull request, a CircleCI pipeline/workflow/job, a Circonus alert, check, graph or rule set — names the service it belongs to and says what the other tools know: whether that commit is live per env, alerts open now and their suspect deploys, the alerts after a deploy, the deploy to roll back to. Each line has links. `resolution.matched: false` says why the URL matched no service.",
  input: { url: z.string().trim().min(1).max(4_096).describe("The page's full URL (https://…).") },
  output: contextCommand.output,
  annotations: { ...READ_ONLY, title: "What the tools know about a URL" },
  async run(input, call) {
    return runCommand(contextCommand, call, { positionals: [input.url] });
  },
});
