import { redactText } from "@toolweave/core";

/** Why the bar has no results, as the background saw it. */
export type Failure =
  | { kind: "unreachable" }
  | { kind: "timeout"; seconds: number }
  | { kind: "not-allowed" }
  | { kind: "status"; status: number; tokenSet: boolean; retryAfterSeconds?: number; detail?: string }
  | { kind: "invalid"; problem: string };

/**
 * The one line the bar shows for a failure: what happened and what to do. Redacted (core's
 * `redactText`, the token too) because it can quote the server's own words.
 */
export function failureLine(server: string, failure: Failure, token = ""): string {
  const at = `toolweave server at ${server}`;
  let line: string;
  switch (failure.kind) {
    case "unreachable":
      line = `${at} is not answering: start it (e.g. \`demo serve\`) or set its URL in the extension's options.`;
      break;
    case "timeout":
      line = `${at} did not answer within ${failure.seconds} s: check that it is running, then reload the page.`;
      break;
    case "not-allowed":
      line = `the extension may not reach the ${at}: open the extension's options and save the URL again to allow it.`;
      break;
    case "invalid":
      line = `${at} answered something the bar cannot read (${failure.problem}): update the server or the extension.`;
      break;
    case "status": {
      const detail = failure.detail ? ` (${failure.detail})` : "";
      if (failure.status === 401) {
        line = failure.tokenSet ? `${at} refused the token: set it in the extension's options.` : `${at} needs a token: set it in the extension's options.`;
      } else if (failure.status === 429) {
        const wait = failure.retryAfterSeconds === undefined ? "in a few minutes" : `in ${failure.retryAfterSeconds} s`;
        line = `${at} is limiting requests from this browser: reload the page ${wait}, or raise the server's rate limit.`;
      } else if (failure.status === 400) {
        line = `${at} did not accept this page's context${detail}: update the server or the extension.`;
      } else {
        line = `${at} answered HTTP ${failure.status}${detail}: see the server's log.`;
      }
      break;
    }
  }
  return redactText(line, token ? [token] : []);
}
