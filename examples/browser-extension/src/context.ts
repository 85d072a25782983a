import { readRepositoryUrl, redactUrl } from "@toolweave/core";

/** The `page` of a GitHub context, as ToolJump's extension sends it. */
export interface GithubPage {
  name: "repository";
  repository: string;
  section: Record<string, string>;
}

/** A ToolJump context: `github` on github.com, `generic` (the URL only) elsewhere. */
export type ToolJumpContext = { type: "github"; url: string; page?: GithubPage } | { type: "generic"; url: string };

/**
 * The context for a page URL. The URL goes out with credentials removed and secret-looking query
 * parameters masked (core's `redactUrl`): the server needs the page, not what a link carried.
 */
export function contextFor(pageUrl: string): ToolJumpContext {
  const url = new URL(pageUrl);
  const sent = redactUrl(url);
  if (url.hostname !== "github.com") return { type: "generic", url: sent };
  const reading = readRepositoryUrl(url);
  if (reading === undefined || !reading.ok) return { type: "github", url: sent };
  const { focus } = reading;
  const repository = String(focus.attributes.repoPath ?? focus.id);
  return { type: "github", url: sent, page: { name: "repository", repository, section: sectionOf(focus.kind, focus.attributes) } };
}

// Field names follow what ToolJump's extension sends; on an Actions run it sends the run id as
// `workflow` (and the job id as `job`), so a ToolJump integration reads it there.
function sectionOf(kind: string, attributes: Readonly<Record<string, string | number>>): Record<string, string> {
  switch (kind) {
    case "commit":
      return { name: "code", hash: String(attributes.sha) };
    case "branch":
      return { name: "code", hash: String(attributes.branch) };
    case "pull-request":
      return { name: "pull", pull: String(attributes.pullRequest) };
    case "actions-run": {
      const section: Record<string, string> = { name: "actions", workflow: String(attributes.runId) };
      if (attributes.jobId !== undefined) section.job = String(attributes.jobId);
      return section;
    }
    default:
      return { name: "code" };
  }
}
