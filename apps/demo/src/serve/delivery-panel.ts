import { printableText, type DeliveryFigure, type DeliveryReport, type DurationFigure, type ServiceEvent } from "@toolweave/core";
import { evidenceFinder, HUB_PROVIDER, unreadWords } from "../commands/delivery.js";
import { gap, percent, time } from "../format/index.js";
import { escapeHtml, eventAnchor, externalLink } from "./html.js";

/**
 * The service page's delivery-health panel: the report's figures as a table, each one marked
 * "incomplete" in words (with the provider) when a part it depends on could not be read, the
 * failed deployments with their alerts or rollback (the report's `evidence`: titles and links),
 * and the rules the figures were taken by.
 * Server-rendered like the rest of the page; every value passes through `escapeHtml`, and a
 * link is made only of an http(s) URL (`externalLink`).
 */

const PROVIDER_NAMES: Record<string, string> = { circleci: "CircleCI", circonus: "Circonus" };

// A failure's line holds several tools' texts in one bidi paragraph: an override or isolate in
// one (CVE-2021-42574) would reorder the times after it, and a control character prints nothing.
/** A tool's text for the page: core's printable form (secrets masked, each bidi control or control character shown as U+FFFD), escaped. */
const toolText = (value: string) => escapeHtml(printableText(value));
const providerName = (id: string) => PROVIDER_NAMES[id] ?? id;

/** What the panel is told besides the report. */
export interface DeliveryPanelContext {
  /** The page's timeline events: a failure's deploy or alert that is also among them links to its row as well. */
  events: readonly ServiceEvent[];
}

const DAY_MS = 86_400_000;

/** `30 days`, or `36 h` for a window that is not whole days. */
function windowWords(report: DeliveryReport): string {
  const ms = Date.parse(report.until) - Date.parse(report.since);
  if (ms > 0 && ms % DAY_MS === 0) return `${ms / DAY_MS} day${ms === DAY_MS ? "" : "s"}`;
  return gap(ms);
}

/**
 * "complete", or "incomplete" with the providers whose parts it depends on: said in words, not
 * by colour. A part of the hub's own (no connector reads some kind of event) is no tool that
 * failed to answer, and is said as what is not read.
 */
function completeness(figure: DeliveryFigure): string {
  if (figure.complete) return `<span class="figure-complete">complete</span>`;
  const providers = [...new Set(figure.incomplete.filter((p) => p.provider !== HUB_PROVIDER).map((p) => providerName(p.provider)))];
  const unread = [...new Set(figure.incomplete.filter((p) => p.provider === HUB_PROVIDER).map((p) => `no connector reads ${unreadWords(p)}`))];
  const words = [providers.length ? `${providers.join(", ")} could not be read in full` : undefined, ...unread].filter(Boolean).join("; ");
  return `<strong class="figure-incomplete">incomplete</strong>: ${escapeHtml(words)} (see <a href="#incomplete">Incomplete</a>)`;
}

/** `median 12 min · p90 40 min`, or `n/a`. */
function medianP90(figure: DurationFigure<unknown>): string {
  if (figure.medianMs === null || figure.p90Ms === null) return "n/a";
  return `median ${escapeHtml(gap(figure.medianMs))} · p90 ${escapeHtml(gap(figure.p90Ms))}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The reason a figure has no value, when it has none. */
const why = (reason: string | undefined) => (reason ? `<span class="reason">${escapeHtml(reason)}</span>` : "");

function figureRow(id: string, name: string, value: string, basis: string, figure: DeliveryFigure): string {
  return `<tr data-figure="${id}" data-complete="${figure.complete}"><th scope="row">${escapeHtml(name)}</th><td class="figure-value">${value}</td><td class="long">${basis}</td><td class="long">${completeness(figure)}</td></tr>`;
}

function figureRows(report: DeliveryReport): string {
  const { deployments: d, changeFailureRate: cfr, failedDeploymentRecovery: recovery, timeToRestore: restore, triggerToLive: trigger, leadTimeForChanges: lead } = report;
  const stillFailing = recovery.samples.filter((s) => s.ms === null).length;
  const stillOpen = restore.samples.filter((s) => s.ms === null).length;
  const timed = (figure: DurationFigure<unknown>, basis: string) => [basis, figure.medianMs === null ? why(figure.reason) : ""].filter(Boolean).join(" ");
  return [
    figureRow(
      "deployments",
      "Deployments",
      `${d.count}${d.perWeek === null ? "" : ` <span class="per">(${escapeHtml(d.perWeek.toFixed(1))} per week)</span>`}`,
      [`On ${plural(d.deployDays, "day")} with a deploy.`, d.failedPipelines ? `${plural(d.failedPipelines, "failed pipeline")} never went live (not counted).` : "", d.perWeek === null ? why("No rate per week: the window has no length.") : ""]
        .filter(Boolean)
        .join(" "),
      d,
    ),
    figureRow(
      "change-failure-rate",
      "Change failure rate",
      cfr.value === null ? "n/a" : escapeHtml(percent(cfr.value)),
      cfr.value === null ? why(cfr.reason) : `${cfr.failed} of ${plural(cfr.total, "deployment")} failed (an alert attributed, or rolled back).`,
      cfr,
    ),
    figureRow(
      "failed-deployment-recovery",
      "Failed deployment recovery",
      medianP90(recovery),
      timed(recovery, recovery.samples.length ? `${plural(recovery.samples.length, "failed deployment")}${stillFailing ? `, ${stillFailing} still failing at the end (listed, not in the median)` : ""}.` : ""),
      recovery,
    ),
    figureRow(
      "time-to-restore",
      "Time to restore",
      medianP90(restore),
      timed(restore, restore.samples.length ? `${plural(restore.samples.length, "alert")} opened${stillOpen ? `, ${stillOpen} still open at the end (not in the median)` : ""}.` : ""),
      restore,
    ),
    figureRow(
      "trigger-to-live",
      "Trigger to live",
      medianP90(trigger),
      timed(trigger, trigger.samples.length ? `From the pipeline trigger to live, over ${trigger.samples.length} of ${plural(d.count, "deployment")}.` : ""),
      trigger,
    ),
    figureRow("lead-time", "Lead time for changes", medianP90(lead), timed(lead, lead.samples.length ? `From commit to live, over ${lead.samples.length} of ${plural(d.count, "deployment")}.` : ""), lead),
  ].join("");
}

/**
 * An event a failure names: its title (a link to its row when the page's timeline shows it too),
 * env and time, and its own URL beside it when that is http(s); its bare id when the report
 * carries no such event.
 */
function eventLink(event: ServiceEvent | undefined, onTimeline: boolean, id: string, provider: string | undefined, what: string): string {
  if (!event) return `<code>${toolText(id)}</code>${provider ? ` (${toolText(providerName(provider))})` : ""}`;
  const own = event.url ? ` ${externalLink(event.url, `in ${providerName(event.provider)}`, `${what} in ${providerName(event.provider)}`)}` : "";
  const title = onTimeline ? `<a href="#${eventAnchor(event)}">${toolText(event.title)}</a>` : toolText(event.title);
  return `${title} (${event.env ? `${toolText(event.env)}, ` : ""}${escapeHtml(time(event.start))})${own}`;
}

function failuresList(report: DeliveryReport, timeline: readonly ServiceEvent[]): string {
  const cfr = report.changeFailureRate;
  const find = evidenceFinder(report);
  const shown = new Set(timeline.map((e) => `${e.provider}\u0000${e.kind}\u0000${e.id}`));
  let offTimeline = false;
  const link = (kind: ServiceEvent["kind"], id: string, provider: string | undefined, what: string) => {
    const event = find(kind, id, provider);
    const onTimeline = event !== undefined && shown.has(`${event.provider}\u0000${event.kind}\u0000${event.id}`);
    if (!onTimeline) offTimeline = true;
    return eventLink(event, onTimeline, id, event?.provider ?? provider, what);
  };
  const items = cfr.failures.map((f) => {
    const deploy = link("deploy", f.deployId, f.provider, "deploy");
    const alerts = f.alertIds.map((id) => link("alert-opened", id, undefined, "alert"));
    const rollback = f.rollbackDeployId === undefined ? "" : link("deploy", f.rollbackDeployId, f.provider, "rollback deploy");
    const causes = [alerts.length ? `${alerts.length === 1 ? "alert" : "alerts"} ${alerts.join(", ")}` : "", rollback ? `rolled back by ${rollback}` : ""].filter(Boolean).join("; ");
    return `<li data-deploy-id="${escapeHtml(f.deployId)}" data-because="${escapeHtml(f.because)}">Deploy ${deploy} → <strong>${f.because === "alert" ? "failed: alert" : "failed: rolled back"}</strong>: ${causes}</li>`;
  });
  const incomplete = cfr.complete ? "" : ", as far as could be read (see <a href=\"#incomplete\">Incomplete</a>)";
  if (items.length === 0) return `<p class="none">No failed deployment in the window${incomplete}.</p>`;
  const outside = offTimeline ? " A deploy or alert outside this page's timeline window has no row there to link to." : "";
  return `<h3 id="delivery-failures-title">Failed deployments (${items.length})</h3><p class="sub">Each with the alerts attributed to it or the deploy that rolled it back${incomplete}.${outside}</p><ul class="delivery-failures" aria-labelledby="delivery-failures-title">${items.join("")}</ul>`;
}

/** The rules the figures were taken by, for a reader to check any of them. */
function rulesCaption(report: DeliveryReport): string {
  const { rules } = report;
  const env = rules.env === null ? "every env (each rule applied within one env)" : `env ${escapeHtml(rules.env)}`;
  return `${escapeHtml(time(report.since))} → ${escapeHtml(time(report.until))} · ${env} · failure window ${escapeHtml(gap(rules.failureWindowMs))} after a deploy, inclusive · medians and p90 ${escapeHtml(rules.percentiles)} over the samples listed`;
}

/** The panel, a `<section>` of its own (heading, figures table, failures, rules). */
export function renderDeliveryPanel(report: DeliveryReport, context: DeliveryPanelContext): string {
  const incompleteNote = report.complete
    ? ""
    : `<p class="sub"><strong>Incomplete:</strong> some parts could not be read; each figure says whether it depends on them (see <a href="#incomplete">Incomplete</a>).</p>`;
  return `<section class="card" id="delivery" aria-labelledby="delivery-title"><h2 id="delivery-title">Delivery health <span class="sub">last ${escapeHtml(windowWords(report))}</span></h2>
<p class="sub">Deployments, failures and recovery over the ${escapeHtml(windowWords(report))} up to the end of the timeline, whatever window the timeline shows.</p>
${incompleteNote}<div class="table-wrap"><table class="delivery-figures"><caption>${rulesCaption(report)}</caption><thead><tr><th scope="col">Figure</th><th scope="col">Value</th><th scope="col">Based on</th><th scope="col">Read in full</th></tr></thead><tbody>${figureRows(report)}</tbody></table></div>
${failuresList(report, context.events)}</section>`;
}
