import { incompleteWithProvider, servicesCommand } from "@toolweave/demo/kit";
import { z } from "zod";
import { modeBanner, runCommand } from "../run-command.js";
import { defineTool, READ_ONLY } from "../tool-spec.js";
import { toolText } from "../tool-text.js";

const MAX_LISTED = 200;

/** `list_services`: the catalog, filtered. */
export const listServices = defineTool({
  name: "list_services",
  title: "List services",
  description:
    "Lists the services toolweave knows (its catalog): each one's name, repository, environments, team, and where CircleCI and Circonus look for it. Call this first to learn service and env names for the other tools. Makes no call to any tool.",
  input: {
    query: z.string().trim().max(200).optional().describe("Only services whose name, repository, team or component contains this text (case-insensitive)."),
    team: z.string().trim().max(200).optional().describe("Only the services of this team."),
    limit: z.number().int().min(1).max(MAX_LISTED).optional().describe(`At most this many services (default and maximum ${MAX_LISTED}); \`total\` says how many matched.`),
  },
  output: servicesCommand.output.extend({
    total: z.number().int().nonnegative().describe("How many services matched the filters (the list may be cut at `limit`)."),
    complete: z.boolean(),
    incomplete: z.array(incompleteWithProvider),
  }),
  annotations: { ...READ_ONLY, title: "List services", openWorldHint: false },
  async run(input, call) {
    const query = input.query?.toLowerCase();
    const team = input.team?.toLowerCase();
    const limit = input.limit ?? MAX_LISTED;
    const answer = await runCommand(servicesCommand, call, {});
    const all = answer.structured.services as { name: string; repo: string; team: string | null; component: string | null }[];
    const matched = all.filter(
      (s) => (!team || s.team?.toLowerCase() === team) && (!query || [s.name, s.repo, s.team, s.component].some((field) => field?.toLowerCase().includes(query))),
    );
    const shown = matched.slice(0, limit);
    const text = [
      ...(call.session.mode === "simulated" ? [modeBanner(call.session).trimEnd()] : []),
      `${matched.length} service${matched.length === 1 ? "" : "s"}${query || team ? " matched" : ""}${shown.length < matched.length ? ` (first ${shown.length} listed)` : ""}:`,
      ...shown.map((s) => `- ${s.name} (repo ${s.repo}${s.team ? `, team ${s.team}` : ""}; envs ${(s as unknown as { envs: string[] }).envs.join(", ")})`),
    ].join("\n");
    return { structured: { ...answer.structured, services: shown, total: matched.length, complete: true, incomplete: [] }, text: toolText(text) };
  },
});
