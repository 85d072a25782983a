import type { CirconusClient } from "@toolweave/connector-circonus";
import { ConfigurationError, DEFAULT_SUSPECT_WINDOW_MS, httpsUrl, InvalidInputError } from "@toolweave/core";
import { header, incompleteWithProvider, isoDate, pageAnswer, parseDuration, serviceEvent, suspectLink } from "@toolweave/demo/kit";
import { z } from "zod";
import { dispatchingHooks } from "../call-scope.js";
import { modeBanner } from "../run-command.js";
import { requireCatalog } from "../service-argument.js";
import { structured } from "../structured.js";
import { defineTool, READ_ONLY } from "../tool-spec.js";
import { toolText } from "../tool-text.js";
import { windowInput } from "./inputs.js";

const line = z.strictObject({ topic: z.string(), status: z.enum(["important", "relevant", "success", "none"]), text: z.string(), url: z.string().optional() });

const output = z.strictObject({
  ...header("alert-suspects"),
  generatedAt: isoDate,
  url: z.string().describe("The alert's page."),
  matched: z.boolean().describe("False when the alert could not be tied to a catalog service (see `reason` and `fix`)."),
  reason: z.string().optional(),
  fix: z.string().optional(),
  service: z.string().nullable(),
  env: z.string().nullable(),
  suspectWindowMs: z.number().int().positive(),
  alert: serviceEvent.nullable().describe("The alert's opening as the timeline has it; null when it was not among the service's alerts read."),
  suspects: z.array(suspectLink.extend({ deploy: serviceEvent.nullable() })).describe("Deploys that went live to the alert's env within the window before it opened, most recent first."),
  lines: z.array(line).describe("The answer in words: each suspect, or why there is none, and the deploy to roll back to (or that it was rolled back)."),
  complete: z.boolean(),
  incomplete: z.array(incompleteWithProvider),
});

/**
 * The page of the alert with this id: from the account's UI host, else the alert's own
 * `_alert_url` (a lookup whose failure is the tool's error: retryable when Circonus is down).
 */
async function alertPage(given: string, circonus: CirconusClient | undefined, signal: AbortSignal): Promise<string> {
  // The input is never quoted: a pasted token must not come back in the error.
  const id = /^(?:\/alert\/)?(\d{1,20})$/.exec(given)?.[1];
  if (!id) throw new InvalidInputError("The alert is neither a Circonus alert id nor a URL.", { fix: 'Give the alert\'s numeric id ("1234" or "/alert/1234") or the full https:// URL of its page.' });
  if (!circonus) throw new ConfigurationError("Circonus is not configured, so an alert id cannot be looked up.", { fix: "Set CIRCONUS_API_TOKEN and CIRCONUS_API_APP where toolweave-mcp runs, then restart it; credential_doctor shows what is set." });
  const cid = `/alert/${id}`;
  const fromLinks = (await circonus.uiLinks({ signal }))?.alert({ _cid: cid });
  if (fromLinks) return fromLinks;
  const page = httpsUrl((await circonus.getAlert(cid, { signal }))._alert_url);
  if (!page) throw new ConfigurationError("Neither the Circonus account nor the alert names the alert's web page.", { fix: "Give the alert's URL instead of its id, or set CIRCONUS_UI_URL to the account's address (https://<account>.circonus.com)." });
  return page;
}

/** `alert_suspects`: the deploys that may have caused one alert. */
export const alertSuspects = defineTool({
  name: "alert_suspects",
  title: "Suspect deploys for an alert",
  description:
    "Answers \"did a deploy cause this alert?\" for one Circonus alert: names the service and env from the alert's tags, lists the deploys (CircleCI) that went live to that env shortly before the alert opened (suspects, with commit, pipeline and workflow links), and says which deploy to roll back to — or that it was already rolled back. Give the alert's numeric id or its URL. `complete: false` means a lookup failed: never present the suspects as the whole answer then.",
  input: {
    alert: z.string().trim().min(1).max(4_096).describe("The Circonus alert: its id (\"1234\" or \"/alert/1234\") or its page's URL."),
    window: windowInput.optional(),
  },
  output,
  annotations: { ...READ_ONLY, title: "Suspect deploys for an alert" },
  async run(input, call) {
    const catalog = requireCatalog(call.session);
    const windowMs = input.window === undefined ? DEFAULT_SUSPECT_WINDOW_MS : parseDuration(input.window, "window");
    const providers = await call.session.providers(dispatchingHooks);
    const url = /^https?:\/\//i.test(input.alert) ? input.alert : await alertPage(input.alert, providers.circonus, call.signal);
    const answer = await pageAnswer({ providers, catalog, now: call.session.clock, suspectWindowMs: windowMs })(url, call.signal);
    const { resolution } = answer;
    if (resolution.matched && resolution.focus?.kind !== "alert") {
      throw new InvalidInputError(`That URL is a ${resolution.focus?.provider ?? ""} ${resolution.focus?.kind ?? "page"} page, not a Circonus alert.`.replace("  ", " "), { fix: "Give a Circonus alert's id or URL; for any other page use page_context." });
    }
    const subject = answer.subject ?? { events: [], suspects: [], related: [] };
    const alert = subject.events[0] ?? null;
    const suspects = subject.suspects.map((s) => ({ ...s, deploy: subject.related.find((e) => e.id === s.deployId && e.provider === s.provider) ?? null }));
    const lines = answer.items.map((i) => ({ topic: i.topic, status: i.status, text: i.text, ...(i.url ? { url: i.url } : {}) }));
    const text = [
      modeBanner(call.session).trimEnd(),
      resolution.matched ? `Alert ${alert ? `"${alert.title}" (${alert.start})` : url} of ${resolution.service}${alert?.env ? ` in ${alert.env}` : ""}:` : `The alert matched no service: ${resolution.reason ?? ""}${resolution.fix ? ` Fix: ${resolution.fix}` : ""}`,
      ...lines.map((l) => `- ${l.text}${l.url ? ` (${l.url})` : ""}`),
    ].filter(Boolean);
    return {
      structured: structured({
        command: "alert-suspects",
        mode: call.session.mode,
        generatedAt: new Date(call.session.clock()).toISOString(),
        url: resolution.url,
        matched: resolution.matched,
        ...(resolution.reason ? { reason: resolution.reason } : {}),
        ...(resolution.fix ? { fix: resolution.fix } : {}),
        service: resolution.service ?? null,
        env: alert?.env ?? resolution.env ?? null,
        suspectWindowMs: windowMs,
        alert,
        suspects,
        lines,
        complete: answer.complete,
        incomplete: answer.incomplete,
      }),
      text: toolText(text.join("\n")),
    };
  },
});
