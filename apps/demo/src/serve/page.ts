import type { ServiceEvent, Timeline } from "@toolweave/core";
import type { CircleCiStatus, CirconusStatus } from "../provider-status.js";
import { forCli, gap, shortSha, time } from "../format/index.js";
import type { MarkedEvent } from "../commands/timeline.js";
import type { Mode } from "../providers.js";
import { renderDeliveryPanel } from "./delivery-panel.js";
import { escapeHtml, eventAnchor, externalLink } from "./html.js";
import { matchServices, SERVICES_PER_PAGE, SINCE_CHOICES, type ServiceMatches, type ServiceSummary, type ServiceView } from "./service-view.js";
import { renderTimelineSvg, SEVERITY_STYLE, severityDefs, suspectWords } from "./timeline-svg.js";
import { redactOutput } from "../redact-output.js";

/**
 * The `serve` page, rendered on the server as plain HTML: real links and a GET form, so it
 * works with the keyboard and without script (the CSP allows none). Every value from a
 * catalog or a tool passes through `escapeHtml`. The pages that show a tool's data (a service,
 * an error) redact it first, whole (`redactOutput`), before any of it is cut or escaped.
 */

const PROVIDER_NAMES: Record<string, string> = { circleci: "CircleCI", circonus: "Circonus" };
const providerName = (id: string) => PROVIDER_NAMES[id] ?? id;

const KIND_WORDS: Record<ServiceEvent["kind"], string> = {
  deploy: "deploy",
  "deploy-failed": "deploy failed",
  "alert-opened": "alert opened",
  "alert-cleared": "alert cleared",
  annotation: "annotation",
};

/** What the side list shows: a search (`?q=`) and at most one page of matching services, never the whole catalog. */
export interface NavSearch {
  /** The search asked for ("" for none). */
  q?: string | null | undefined;
  /** Where the search form goes (the page it is on). Default `/`. */
  action?: string;
  /** Query parameters the form keeps (a service page's env and window). */
  keep?: Record<string, string>;
}

interface LayoutInput {
  title: string;
  mode: Mode;
  services: readonly ServiceSummary[];
  current?: string;
  search?: NavSearch;
  body: string;
}

const serviceHref = (name: string) => `/services/${encodeURIComponent(name)}`;

/** The side list: a GET search form (no script: the CSP allows none) and the first matches, with how many more there are. */
function navList(services: readonly ServiceSummary[], current: string | undefined, search: NavSearch = {}): string {
  const found = matchServices(services, search.q);
  const shown = [...found.shown];
  // The service on screen stays in the list, whatever the search.
  const here = current === undefined || shown.some((s) => s.name === current) ? undefined : services.find((s) => s.name === current);
  if (here) shown.unshift(here);
  const items = shown
    .map(
      (s) =>
        `<li><a href="${serviceHref(s.name)}"${s.name === current ? ' aria-current="page"' : ""}>${escapeHtml(s.name)}<span class="envs">${escapeHtml(s.envs.join(", "))}${s.team ? ` · ${escapeHtml(s.team)}` : ""}</span></a></li>`,
    )
    .join("");
  const keep = Object.entries(search.keep ?? {})
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");
  const more = found.total - found.shown.length;
  const note =
    found.total === 0
      ? `<p class="more">No service matches “${escapeHtml(found.q)}”. <a href="${escapeHtml(search.action ?? "/")}">Show all</a></p>`
      : more > 0
        ? `<p class="more">${more} more: refine the search.</p>`
        : "";
  const form = `<form method="get" action="${escapeHtml(search.action ?? "/")}" role="search"><label class="visually-hidden" for="service-q">Find a service</label><input id="service-q" type="search" name="q" value="${escapeHtml(found.q)}" placeholder="Search" autocomplete="off">${keep}<button type="submit">Find</button></form>`;
  return `<nav class="services" aria-label="Services"><h2>Services${services.length > shown.length ? ` <span class="visually-hidden">(${found.total} of ${services.length})</span>` : ""}</h2>${form}<ul>${items}</ul>${note}</nav>`;
}

function layout({ title, mode, services, current, search, body }: LayoutInput): string {
  const banner =
    mode === "simulated"
      ? `<div class="sim-banner" role="note"><p><strong>Simulated data.</strong> No CIRCLECI_TOKEN or CIRCONUS_API_TOKEN is set, so this page shows toolweave's built-in simulation of CircleCI and Circonus, not your tools.</p></div>`
      : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — toolweave${mode === "simulated" ? " (simulated)" : ""}</title>
<link rel="stylesheet" href="/assets/page.css">
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header class="top"><div class="bar"><a class="brand" href="/">toolweave <span>service timelines</span></a><span class="mode ${mode}" data-mode="${mode}">${mode === "simulated" ? "SIMULATED" : "live"}</span></div></header>
${banner}
<div class="layout">
${navList(services, current, search)}
<main id="content" tabindex="-1">
${body}
</main>
</div>
<footer>Served by <code>toolweave-demo serve</code> on loopback. Times are UTC. JSON: <a href="/api/services">/api/services</a>${current ? `, <a href="/api/services/${encodeURIComponent(current)}">/api/services/${escapeHtml(current)}</a>` : ""}.</footer>
</body>
</html>
`;
}

/** Links to the previous and next page of a search on the start page. */
function pager(found: ServiceMatches): string {
  if (found.pages <= 1) return "";
  const href = (page: number) => `/?${new URLSearchParams({ ...(found.q ? { q: found.q } : {}), page: String(page) }).toString()}`;
  return `<nav class="pager" aria-label="Pages of services">${found.page > 1 ? `<a href="${escapeHtml(href(found.page - 1))}" rel="prev">← Previous</a>` : ""}<span>Page ${found.page} of ${found.pages}</span>${found.page < found.pages ? `<a href="${escapeHtml(href(found.page + 1))}" rel="next">Next →</a>` : ""}</nav>`;
}

/** What the start page shows of the catalog: a search and one page of its matches. */
export interface IndexQuery {
  q?: string | null | undefined;
  page?: string | number | null | undefined;
}

/** The start page: the catalog's services, searched (`?q=`) and a page at a time (`&page=`), never all of a large catalog at once. */
export function renderIndexPage(mode: Mode, services: readonly ServiceSummary[], catalogSource: string, query: IndexQuery = {}): string {
  const found = matchServices(services, query.q, query.page);
  const rows = found.shown
    .map((s) => `<tr><th scope="row"><a href="${serviceHref(s.name)}">${escapeHtml(s.name)}</a></th><td><code>${escapeHtml(s.repo)}</code></td><td>${escapeHtml(s.envs.join(", "))}</td><td>${escapeHtml(s.team ?? "")}</td></tr>`)
    .join("");
  const first = (found.page - 1) * SERVICES_PER_PAGE + 1;
  const showing = found.total > found.shown.length ? ` Showing ${first}–${first + found.shown.length - 1} of ${found.total}${found.q ? ` matching “${escapeHtml(found.q)}”` : ""}: use the search to narrow them.` : found.q ? ` ${found.total} match “${escapeHtml(found.q)}”.` : "";
  const body = `<section class="card" aria-labelledby="services-title">
<h1 id="services-title">Services</h1>
<p class="sub">${services.length} service(s) from ${escapeHtml(catalogSource)}.${showing} Choose one to see its deploys and alerts on one timeline, with the deploys that may have caused each alert.</p>
${
  found.shown.length
    ? `<div class="table-wrap"><table><caption class="visually-hidden">Services in the catalog</caption><thead><tr><th scope="col">Service</th><th scope="col">CircleCI project</th><th scope="col">Envs</th><th scope="col">Team</th></tr></thead><tbody>${rows}</tbody></table></div>${pager(found)}`
    : `<p class="none">No service matches “${escapeHtml(found.q)}”. <a href="/">Show all</a></p>`
}
</section>`;
  return layout({ title: "Services", mode, services, search: { q: found.q }, body });
}

/** A page for a request that could not be answered: what went wrong and what to do. */
export function renderErrorPage(mode: Mode, services: readonly ServiceSummary[], heading: string, rawMessage: string, rawFix?: string, current?: string): string {
  const [message, fix] = redactOutput([rawMessage, rawFix] as const);
  const body = `<section class="card problems" aria-labelledby="error-title"><h1 id="error-title">${escapeHtml(heading)}</h1><p>${escapeHtml(message)}</p>${fix ? `<p><strong>Fix:</strong> ${escapeHtml(forCli(fix))}</p>` : ""}<p><a href="/">All services</a></p></section>`;
  return layout({ title: heading, mode, services, ...(current ? { current } : {}), body });
}

function windowForm(view: ServiceView): string {
  const envOptions = [`<option value=""${view.env === null ? " selected" : ""}>all envs</option>`, ...view.service.envs.map((e) => `<option value="${escapeHtml(e)}"${view.env === e ? " selected" : ""}>${escapeHtml(e)}</option>`)].join("");
  const sinces = (SINCE_CHOICES as readonly string[]).includes(view.since) ? [...SINCE_CHOICES] : [...SINCE_CHOICES, view.since];
  const sinceOptions = sinces.map((s) => `<option value="${escapeHtml(s)}"${view.since === s ? " selected" : ""}>last ${escapeHtml(s)}</option>`).join("");
  return `<form class="window" method="get" action="/services/${encodeURIComponent(view.service.name)}" aria-label="Timeline window">
<label>Environment<select name="env">${envOptions}</select></label>
<label>Window<select name="since">${sinceOptions}</select></label>
<button type="submit">Show</button>
</form>`;
}

/** What the page says about a part it could not read: what went wrong, and the fix on its own. */
interface Problem {
  message: string;
  fix?: string | undefined;
}

/** Every part that could not be read, from the timeline, delivery health and the status lookups, with its fix. */
function problems(view: ServiceView): { provider: string; lookup: string; error: Problem }[] {
  const list: { provider: string; lookup: string; error: Problem }[] = view.timeline.incomplete.map((p) => ({ provider: p.provider, lookup: p.lookup, error: p.error }));
  // Delivery health reads through the timeline's walk: a part both lost is listed once.
  const said = new Set(list.map((p) => `${p.provider}\u0000${p.lookup}\u0000${p.error.message}`));
  for (const p of view.delivery.incomplete) {
    if (!said.has(`${p.provider}\u0000${p.lookup}\u0000${p.error.message}`)) list.push({ provider: p.provider, lookup: `${p.lookup} (delivery health)`, error: p.error });
  }
  for (const p of view.providers) {
    if (p.ok) for (const part of p.data.incomplete) list.push({ provider: p.id, lookup: part.lookup, error: part.error });
    else if (p.configured) list.push({ provider: p.id, lookup: `${p.displayName} status`, error: p.error });
    else list.push({ provider: p.id, lookup: `${p.displayName} (not configured)`, error: { message: `${p.displayName} is not configured.`, fix: `Set ${p.missing.join(" and ")}.` } });
  }
  return list;
}

function problemsCard(view: ServiceView): string {
  const list = problems(view);
  if (list.length === 0) return "";
  const items = list
    .map(
      ({ provider, lookup, error }) =>
        `<li><strong>${escapeHtml(providerName(provider))}: ${escapeHtml(lookup)}</strong> — ${escapeHtml(error.message)}${error.fix ? `<span class="fix"><strong>Fix:</strong> ${escapeHtml(forCli(error.fix))}</span>` : ""}</li>`,
    )
    .join("");
  return `<section class="card problems" id="incomplete" aria-labelledby="incomplete-title"><h2 id="incomplete-title">Incomplete: ${list.length} part(s) could not be read</h2><p class="sub">What is shown is true, but may not be everything.</p><ul>${items}</ul></section>`;
}

/** The alerts with no suspect deploy, each said outright (as the CLI's timeline says how many). */
function unexplainedList(view: ServiceView, byKey: Map<string, ServiceEvent>): string {
  const windowWords = gap(view.timeline.suspectWindowMs);
  const items = view.alertsWithoutSuspect
    .map((u) => {
      const alert = byKey.get(`${u.alertProvider}\u0000${u.alertId}`);
      if (!alert) return "";
      return `<li data-alert-id="${escapeHtml(alert.id)}" data-suspect="none"><a href="#${eventAnchor(alert)}">${escapeHtml(alert.title)}</a> (sev ${escapeHtml(alert.severity ?? "?")}${alert.env ? `, ${escapeHtml(alert.env)}` : ""}, opened ${escapeHtml(time(alert.start))}${u.open ? ", <strong>still open</strong>" : ""}): <strong>no suspect deploy</strong>, no deploy to ${alert.env ? escapeHtml(alert.env) : "its env"} in the ${escapeHtml(windowWords)} before${view.timeline.complete ? "" : ` as far as could be read (see <a href="#incomplete">Incomplete</a>)`}.</li>`;
    })
    .filter(Boolean);
  return items.length ? `<h3 id="unexplained-title">Alerts with no suspect deploy (${items.length})</h3><ul class="unexplained" aria-labelledby="unexplained-title">${items.join("")}</ul>` : "";
}

function suspectsCard(view: ServiceView): string {
  const timeline = view.timeline;
  const byKey = new Map(timeline.events.map((e) => [`${e.provider}\u0000${e.id}`, e]));
  const items = timeline.suspects
    .map((s) => {
      const alert = byKey.get(`${s.alertProvider}\u0000${s.alertId}`);
      const deploy = byKey.get(`${s.provider}\u0000${s.deployId}`);
      if (!alert || !deploy) return "";
      const sha = s.commit?.sha ?? deploy.commit?.sha;
      const subject = s.commit?.subject ?? deploy.commit?.subject;
      const links = [
        deploy.url ? externalLink(deploy.url, `deploy in ${providerName(deploy.provider)}`) : "",
        (s.commit?.url ?? deploy.commit?.url) ? externalLink(s.commit?.url ?? deploy.commit?.url, `commit ${shortSha(sha)}`) : "",
        alert.url ? externalLink(alert.url, `alert in ${providerName(alert.provider)}`) : "",
      ].filter(Boolean);
      return `<li data-alert-id="${escapeHtml(alert.id)}" data-deploy-id="${escapeHtml(deploy.id)}">Alert <a href="#${eventAnchor(alert)}">${escapeHtml(alert.title)}</a> (sev ${escapeHtml(alert.severity ?? "?")}${alert.env ? `, ${escapeHtml(alert.env)}` : ""}) → <a class="suspect-link" href="#${eventAnchor(deploy)}" aria-label="${escapeHtml(suspectWords(s, alert, deploy))}">suspect deploy <code>${escapeHtml(shortSha(sha))}</code>${subject ? ` “${escapeHtml(subject)}”` : ""}</a>, ${escapeHtml(gap(s.gapMs))} before<span class="why">Went live ${escapeHtml(time(deploy.start))}${deploy.actor ? ` by ${escapeHtml(deploy.actor)}` : ""}; the alert opened ${escapeHtml(time(alert.start))}.${links.length ? ` ${links.join(" · ")}` : ""}</span></li>`;
    })
    .filter(Boolean);
  const windowWords = gap(timeline.suspectWindowMs);
  return `<section class="card" aria-labelledby="suspects-title"><h2 id="suspects-title">Suspect deploys</h2>${
    items.length
      ? `<p class="sub">Deploys that went live to the same env at most ${escapeHtml(windowWords)} before an alert opened, most recent first.</p><ul class="suspects">${items.join("")}</ul>`
      : `<p class="none">No alert in this window opened within ${escapeHtml(windowWords)} after a deploy to its env${timeline.complete ? "" : `, as far as could be read: some events could not be read (see <a href="#incomplete">Incomplete</a>)`}.</p>`
  }${unexplainedList(view, byKey)}</section>`;
}

function legend(): string {
  const swatch = (inner: string, w = 28) => `<svg width="${w}" height="18" viewBox="0 0 ${w} 18" aria-hidden="true" focusable="false">${inner}</svg>`;
  const sev = Object.entries(SEVERITY_STYLE)
    .map(([n, s]) => `<li>${swatch(`${severityDefs()}<rect x="1" y="2" width="26" height="14" rx="3" fill="url(#${s.pattern})" stroke="${s.color}" stroke-width="1.5"/>`)}S${n}: severity ${n} alert (${s.words})</li>`)
    .join("");
  return `<ul class="legend" aria-label="Legend">
<li>${swatch(`<path d="M7,2 L21,2 L14,15 z" fill="#067647" stroke="#067647" stroke-width="2"/>`)}deploy (short SHA beside it)</li>
<li>${swatch(`<path d="M7,2 L21,2 L14,15 z" fill="#ffffff" stroke="#067647" stroke-width="2"/>`)}rollback ↺</li>
<li>${swatch(`<path d="M8,3 L20,15 M20,3 L8,15" stroke="#b42318" stroke-width="3" stroke-linecap="round"/>`)}failed deploy</li>
<li>${swatch(`<path d="M11,16 L11,2 L20,6 L11,10" stroke="#6941c6" stroke-width="2" fill="#e9d7fe"/>`)}annotation</li>
<li>${swatch(`<path d="M7,7 L21,7 L14,17 z" fill="#067647" stroke="#067647" stroke-width="2"/><path d="M19,8 L19,1 L25,3.5 L19,6" stroke="#6941c6" stroke-width="1.5" fill="#e9d7fe"/>`)}deploy marked by its annotation</li>
${sev}
<li>${swatch(`<rect x="1" y="2" width="20" height="14" rx="3" fill="#f2f4f7" stroke="#475467" stroke-width="1.5"/><path d="M21,2 l6,7 l-6,7 z" fill="#475467"/>`, 30)}still open</li>
<li>${swatch(`<path d="M2,15 C8,15 14,8 16,8" fill="none" stroke="#101828" stroke-width="1.75" stroke-dasharray="5 3"/><circle cx="21" cy="8" r="6" fill="none" stroke="#b42318" stroke-width="2"/>`)}alert → suspect deploy (ringed)</li>
</ul>`;
}

function timelineCard(view: ServiceView): string {
  const envWords = view.env ? `in ${view.env}` : "in every env";
  const label = `Timeline of ${view.service.name} ${envWords}, last ${view.since}: ${count(view.timeline.events, "deploy")} deploy(s), ${count(view.timeline.events, "deploy-failed")} failed deploy(s), ${count(view.timeline.events, "alert-opened")} alert(s), ${view.timeline.suspects.length} suspect link(s). The same events are listed in the table below.`;
  const chart = renderTimelineSvg(view.timeline, { label, envs: view.env ? [view.env] : view.service.envs });
  // Every mark is a tab stop: a keyboard user can pass over the chart to the same events as a table.
  return `<section class="card" aria-labelledby="timeline-title"><h2 id="timeline-title">Timeline <span class="sub">${escapeHtml(time(view.timeline.since))} → ${escapeHtml(time(view.timeline.until))}</span></h2>
<p class="skip-chart"><a href="#events-title">Skip the chart: the same events as a table</a></p>
<div class="chart-wrap">${chart}</div>
${legend()}</section>`;
}

const count = (events: readonly ServiceEvent[], kind: ServiceEvent["kind"]) => events.filter((e) => e.kind === kind).length;

function eventsCard(view: ServiceView): string {
  const suspectOf = new Map(view.timeline.suspects.map((s) => [`${s.alertProvider}\u0000${s.alertId}`, s]));
  const byKey = new Map(view.timeline.events.map((e) => [`${e.provider}\u0000${e.id}`, e]));
  const rows = (view.timeline.events as MarkedEvent[])
    .map((e) => {
      const suspect = e.kind === "alert-opened" ? suspectOf.get(`${e.provider}\u0000${e.id}`) : undefined;
      const suspectDeploy = suspect ? byKey.get(`${suspect.provider}\u0000${suspect.deployId}`) : undefined;
      const kind = `${KIND_WORDS[e.kind]}${e.kind.startsWith("alert") && e.severity !== undefined ? ` S${e.severity}` : ""}${e.attributes?.rollback === true ? " (rollback)" : ""}`;
      const details = [
        e.commit ? `<code>${e.commit.url ? externalLink(e.commit.url, shortSha(e.commit.sha), `commit ${e.commit.sha}`) : escapeHtml(shortSha(e.commit.sha))}</code>${e.commit.subject ? ` ${escapeHtml(e.commit.subject)}` : ""}` : "",
        e.actor ? `by ${escapeHtml(e.actor)}` : "",
        e.kind === "alert-opened" ? (e.end ? `cleared ${escapeHtml(time(e.end))}` : "still open") : "",
        e.kind === "alert-opened"
          ? suspectDeploy
            ? `suspect deploy <a href="#${eventAnchor(suspectDeploy)}"><code>${escapeHtml(shortSha(suspect?.commit?.sha ?? suspectDeploy.commit?.sha))}</code></a>`
            : "<strong>no suspect deploy</strong>"
          : "",
        e.marker ? `<span class="marker">marked by ${e.marker.url ? externalLink(e.marker.url, `${providerName(e.marker.provider)} annotation`) : `${escapeHtml(providerName(e.marker.provider))} annotation`} “${escapeHtml(e.marker.title)}”</span>` : "",
      ].filter(Boolean);
      return `<tr id="${eventAnchor(e)}" data-kind="${e.kind}" data-event-id="${escapeHtml(e.id)}"><td class="mono when">${escapeHtml(time(e.start))}</td><td>${escapeHtml(e.env ?? "")}</td><td><span class="kind kind-${e.kind}">${escapeHtml(kind)}</span></td><td class="long what">${escapeHtml(e.title)}${details.length ? `<br><span class="sub">${details.join(" · ")}</span>` : ""}</td><td>${e.url ? externalLink(e.url, providerName(e.provider), `${KIND_WORDS[e.kind]} in ${providerName(e.provider)}`) : escapeHtml(providerName(e.provider))}</td></tr>`;
    })
    .join("");
  return `<section class="card" aria-labelledby="events-title"><h2 id="events-title">Events (${view.timeline.events.length})</h2>${
    view.timeline.events.length
      ? `<div class="table-wrap"><table><caption>Deploys, alerts and annotations, oldest first (a suspect deploy before the window is included; a deploy's marker annotation is shown on the deploy)${view.timeline.complete ? "" : "; some events could not be read, so this list may be missing some (see Incomplete)"}.</caption><thead><tr><th scope="col">When (UTC)</th><th scope="col">Env</th><th scope="col">Kind</th><th scope="col">What</th><th scope="col">Source</th></tr></thead><tbody>${rows}</tbody></table></div>`
      : `<p class="none">${view.timeline.complete ? "No events in this window." : `None found, but some events could not be read (see <a href="#incomplete">Incomplete</a>).`}</p>`
  }</section>`;
}

function stateBadge(state: string | null | undefined): string {
  const s = state ?? "unknown";
  return `<span class="state state-${escapeHtml(s.replace(/[^a-z_-]/gi, ""))}">${escapeHtml(s)}</span>`;
}

function providerError(p: ServiceView["providers"][number]): string {
  if (p.ok) return "";
  if (!p.configured) return `<p class="none">Not configured: set ${escapeHtml(p.missing.join(" and "))}.</p>`;
  return `<p><strong>Could not be read:</strong> ${escapeHtml(p.error.message)}${p.error.fix ? ` <strong>Fix:</strong> ${escapeHtml(p.error.fix)}` : ""}</p>`;
}

function pipelineCard(view: ServiceView): string {
  const p = view.providers.find((v) => v.id === "circleci");
  let inner = `<p class="none">CircleCI is not part of this view.</p>`;
  if (p && !p.ok) inner = providerError(p);
  if (p?.ok) {
    const s = p.data as CircleCiStatus;
    const latest = s.latest;
    const head = latest.pipeline
      ? `<p>${externalLink(latest.pipeline.url, `Pipeline #${latest.pipeline.number}`)} on <code>${escapeHtml(latest.branch)}</code>: ${stateBadge(latest.outcome)}<br><span class="sub">${escapeHtml(time(latest.pipeline.created_at))} · <code>${escapeHtml(shortSha(latest.pipeline.revision))}</code>${latest.pipeline.actor ? ` · by ${escapeHtml(latest.pipeline.actor)}` : ""}</span></p>`
      : `<p class="none">No pipeline on ${escapeHtml(latest.branch)} yet.</p>`;
    const workflows = latest.workflows.length
      ? `<div class="table-wrap"><table><caption class="visually-hidden">Workflows of the latest pipeline</caption><thead><tr><th scope="col">Workflow</th><th scope="col">Status</th></tr></thead><tbody>${latest.workflows.map((w) => `<tr><td>${externalLink(w.url, w.name)}</td><td>${stateBadge(w.status)}</td></tr>`).join("")}</tbody></table></div>`
      : "";
    const deploys = `<h3>Last successful deploy</h3><div class="table-wrap"><table><caption class="visually-hidden">Last successful deploy per env</caption><thead><tr><th scope="col">Env</th><th scope="col">When</th><th scope="col">Commit</th></tr></thead><tbody>${s.deploys
      .map(({ env, deploy, incomplete }) =>
        deploy
          ? `<tr><td>${escapeHtml(env)}</td><td>${externalLink(deploy.links.workflow, time(deploy.deployedAt))}${incomplete.length ? " (may not be the last; see Incomplete)" : ""}</td><td><code>${escapeHtml(shortSha(deploy.commitSha))}</code>${deploy.actor ? ` by ${escapeHtml(deploy.actor)}` : ""}</td></tr>`
          : `<tr><td>${escapeHtml(env)}</td><td colspan="2">${incomplete.length ? "none found, but some pipelines could not be read" : "none found in recent pipelines"}</td></tr>`,
      )
      .join("")}</tbody></table></div>`;
    inner = `<p class="sub">${externalLink(latest.project.url, latest.project.slug)}</p>${head}${workflows}${deploys}`;
  }
  return `<section class="card" aria-labelledby="pipeline-title"><h2 id="pipeline-title">Latest pipeline</h2>${inner}</section>`;
}

function alertsCard(view: ServiceView): string {
  const p = view.providers.find((v) => v.id === "circonus");
  let inner = `<p class="none">Circonus is not part of this view.</p>`;
  if (p && !p.ok) inner = providerError(p);
  if (p?.ok) {
    const s = p.data as CirconusStatus;
    inner = `<p class="sub">Tagged ${escapeHtml(s.tags.join(", "))}</p>${
      s.alerts.length
        ? `<div class="table-wrap"><table><caption class="visually-hidden">Active alerts</caption><thead><tr><th scope="col">Sev</th><th scope="col">Check</th><th scope="col">Value</th><th scope="col">Since</th></tr></thead><tbody>${s.alerts
            .map((a) => `<tr data-severity="${a.severity}"><td><strong>S${a.severity}</strong></td><td class="long">${externalLink(a.url, a.checkName ?? a.id)}${a.acknowledged ? `<br><span class="sub">acknowledged</span>` : ""}</td><td><code>${escapeHtml(a.metric ?? "?")}</code> = ${escapeHtml(a.value ?? "?")}</td><td class="mono">${escapeHtml(time(a.occurredAt))}</td></tr>`)
            .join("")}</tbody></table></div>`
        : `<p class="none">No active alerts.</p>`
    }`;
  }
  return `<section class="card" aria-labelledby="alerts-title"><h2 id="alerts-title">Active alerts</h2>${inner}</section>`;
}

/** One service: window form, problems, suspects, the chart and its legend, delivery health, pipeline, alerts, the events table. */
export function renderServicePage(toolView: ServiceView, services: readonly ServiceSummary[], q?: string | null): string {
  const view = redactOutput(toolView);
  const s = view.service;
  const body = `<section class="card" aria-labelledby="service-title">
<h1 id="service-title">${escapeHtml(s.name)}</h1>
<p class="sub"><span>repo <code>${escapeHtml(s.repo)}</code></span>${s.team ? `<span>team ${escapeHtml(s.team)}</span>` : ""}<span>envs ${escapeHtml(s.envs.join(", "))}</span><span>${view.mode === "simulated" ? "<strong>simulated</strong> CircleCI and Circonus" : "live CircleCI and Circonus"}</span></p>
${windowForm(view)}
</section>
${problemsCard(view)}
${suspectsCard(view)}
${timelineCard(view)}
${renderDeliveryPanel(view.delivery, { events: view.timeline.events })}
<div class="grid2">${pipelineCard(view)}${alertsCard(view)}</div>
${eventsCard(view)}`;
  const keep: Record<string, string> = { ...(view.env ? { env: view.env } : {}), since: view.since };
  return layout({ title: s.name, mode: view.mode, services, current: s.name, search: { q, action: serviceHref(s.name), keep }, body });
}
