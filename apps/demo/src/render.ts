import type { AuditFinding, ConnectorResult, IncompletePart, ToolweaveError } from "@toolweave/core";
import type { AuditReport } from "./commands/audit.js";
import type { ServiceEntry } from "./catalog.js";
import { forCli, type DoctorEntry } from "./commands/doctor.js";
import type { ServiceRow } from "./commands/services.js";
import type { CircleCiStatus, CirconusStatus, StatusResult } from "./commands/status.js";
import { formatAgo, formatDuration, percent, shortSha, table } from "./format.js";
import type { Painter } from "./io.js";
import type { Mode } from "./providers.js";
import { withoutFix } from "./without-fix.js";

const STATUS_STYLE: Record<string, "green" | "red" | "yellow" | "cyan" | "gray"> = {
  success: "green",
  active: "green",
  failed: "red",
  error: "red",
  errored: "red",
  failing: "red",
  running: "cyan",
  on_hold: "yellow",
  canceled: "gray",
  not_run: "gray",
};

export function banner(mode: Mode, p: Painter): string {
  return mode === "simulated"
    ? p.paint(["bold", "yellow"], "SIMULATED DATA") +
        p.paint("yellow", " — no CIRCLECI_TOKEN or CIRCONUS_API_TOKEN set (or --simulated): showing the built-in simulated CircleCI and Circonus.\n")
    : "";
}

const state = (value: string | null | undefined, p: Painter) => p.paint(STATUS_STYLE[value ?? ""] ?? "white", value ?? "unknown");

export function renderError(error: ToolweaveError, p: Painter, indent = "  "): string {
  const message = withoutFix(error.message, error.fix);
  return `${indent}${p.paint("red", "✗ " + message)}${error.fix ? `\n${indent}${p.paint("bold", "Fix:")} ${forCli(error.fix)}` : ""}`;
}

/**
 * What could not be looked at, plainly: which lookup, why, and the fix. Printed under the tool
 * whose answer it belongs to, so nothing shown above it passes for the whole story.
 */
export function renderIncomplete(parts: readonly IncompletePart[], p: Painter, indent = "  "): string {
  if (parts.length === 0) return "";
  const lines = [`${indent}${p.paint(["bold", "yellow"], `! Incomplete: ${parts.length} lookup(s) could not be made, so this answer may be missing something`)}`];
  for (const part of parts) {
    const fix = part.error.fix;
    const message = withoutFix(part.error.message, fix);
    lines.push(`${indent}  ${p.paint("yellow", "- missing:")} ${part.lookup}`);
    lines.push(`${indent}    ${p.paint("gray", "why:")} ${message}${part.retryable ? " (temporary: retrying may work)" : ""}`);
    if (fix) lines.push(`${indent}    ${p.paint("bold", "Fix:")} ${forCli(fix)}`);
  }
  return lines.join("\n");
}

/** "last-30-days" → "last 30 days" (CircleCI's reporting-window values, in words). */
export const windowWords = (window: string) => window.replace(/-/g, " ");

function renderCircleCi(s: CircleCiStatus, service: string, now: number, p: Painter): string {
  const lines: string[] = [];
  const latest = s.latest;
  lines.push(`${p.paint("bold", "CircleCI")}  project ${latest.project.slug} · default branch ${latest.project.defaultBranch ?? "n/a"}  ${p.paint("gray", latest.project.url)}`);
  if (latest.pipeline) {
    lines.push(
      `  Latest pipeline #${latest.pipeline.number} on ${latest.branch} · ${formatAgo(latest.pipeline.created_at, now)} · by ${latest.pipeline.actor ?? "n/a"} · ${shortSha(latest.pipeline.revision)} · ${state(latest.outcome, p)}`,
    );
    lines.push(table(latest.workflows.map((w) => [w.name, state(w.status, p), p.paint("gray", w.url)]), "    "));
  } else {
    lines.push(`  No pipeline on ${latest.branch} yet.`);
  }
  lines.push("  Last successful deploy");
  lines.push(
    table(
      s.deploys.map(({ env, deploy, incomplete }) => {
        const unsure = incomplete.length ? [p.paint("yellow", "(incomplete: may not be the last, see below)")] : [];
        return deploy
          ? [env, `#${deploy.pipeline.number}`, `${formatAgo(deploy.deployedAt, now)}`, shortSha(deploy.commitSha), `by ${deploy.actor ?? "n/a"}`, p.paint("gray", deploy.links.workflow), ...unsure]
          : [env, p.paint("yellow", incomplete.length ? "none found, but some pipelines could not be read (see below)" : "none found in recent pipelines")];
      }),
      "    ",
    ),
  );
  if (s.deployNaming) {
    lines.push(
      `    ${p.paint("yellow", "→")} no ${s.deployNaming.expected} workflow; found ${s.deployNaming.found.join(", ")} — run \`toolweave-demo audit --service ${service}\` to see why it does not count`,
    );
  }
  lines.push(`  Workflows (${windowWords(s.reportingWindow)}, ${s.insightsBranch === "all" ? "all branches" : `branch ${s.insightsBranch}`})`);
  lines.push(
    s.workflows.length
      ? table(
          s.workflows.map((w) => [
            w.name,
            `${p.paint(w.successRate >= 0.9 ? "green" : w.successRate >= 0.75 ? "yellow" : "red", percent(w.successRate))} of ${w.totalRuns} runs`,
            `median ${formatDuration(w.medianDurationMs)}`,
            `p95 ${formatDuration(w.p95DurationMs)}`,
          ]),
          "    ",
        )
      : "    no runs in the window",
  );
  if (s.incomplete.length) lines.push(renderIncomplete(s.incomplete, p));
  return lines.join("\n");
}

function renderCirconus(s: CirconusStatus, now: number, p: Painter): string {
  const lines: string[] = [p.paint("bold", "Circonus")];
  const counts = Object.entries(s.alertsBySeverity)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([sev, n]) => p.paint(sev === "1" ? "red" : sev === "2" ? "yellow" : "white", `${n}× sev${sev}`));
  const tagged = s.tags.join(", ");
  lines.push(`  Active alerts tagged ${tagged}: ${counts.length ? counts.join(", ") : p.paint("green", "none")}`);
  if (s.alerts.length) {
    lines.push(
      table(
        s.alerts.map((a) => [
          p.paint(a.severity === 1 ? "red" : "yellow", `sev${a.severity}`),
          a.checkName ?? a.id,
          `${a.metric ?? "?"} = ${a.value ?? "?"}`,
          formatAgo(a.occurredAt, now) + (a.acknowledged ? " (acked)" : ""),
          p.paint("gray", a.url ?? ""),
        ]),
        "    ",
      ),
    );
  }
  lines.push(`  Check bundles tagged ${tagged}: ${s.checkBundles.length}`);
  if (s.checkBundles.length) {
    lines.push(table(s.checkBundles.map((b) => [b.name, b.type ?? "", state(b.status, p), p.paint("gray", b.url ?? "")]), "    "));
  }
  if (s.incomplete.length) lines.push(renderIncomplete(s.incomplete, p));
  return lines.join("\n");
}

export function renderStatus(mode: Mode, service: ServiceEntry, env: string | undefined, results: StatusResult[], notConfigured: { displayName: string; variables: string[] }[], now: number, p: Painter): string {
  const out: string[] = [banner(mode, p)];
  out.push(
    `${p.paint("bold", service.name)}${env ? ` (${env})` : ""} — ${[service.team ? `team ${service.team}` : "", `repo ${service.repo}`, `envs ${service.envs.join(", ")}`].filter(Boolean).join(" · ")}\n`,
  );
  for (const result of results) {
    if (!result.ok) out.push(`${p.paint("bold", result.displayName)}\n${renderError(result.error, p)}\n`);
    else if (result.connectorId === "circleci") out.push(renderCircleCi(result.value as CircleCiStatus, service.name, now, p) + "\n");
    else out.push(renderCirconus(result.value as CirconusStatus, now, p) + "\n");
  }
  for (const missing of notConfigured) out.push(`${p.paint("bold", missing.displayName)}\n  ${p.paint("gray", `not configured: set ${missing.variables.join(" and ")}`)}\n`);
  return out.join("\n").replace(/\n{3,}/g, "\n\n");
}

export function renderDoctor(mode: Mode, entries: DoctorEntry[], p: Painter): string {
  const out: string[] = [banner(mode, p)];
  for (const e of entries) {
    const ok = e.configured && e.verify?.ok === true && e.todo.length === 0;
    out.push(`${p.paint("bold", e.displayName)}  ${!e.configured ? p.paint("gray", "not configured") : ok ? p.paint("green", "✓ ok") : e.verify?.ok ? p.paint("yellow", "! works, with advice") : p.paint("red", "✗ problem")}`);
    if (e.credential) {
      const c = e.credential;
      out.push(
        table(
          [
            ["credential", `${c.kind}${c.scope ? ` (scope ${c.scope})` : ""}${c.privilege ? ` (privilege ${c.privilege})` : ""} ${c.masked}`],
            ...(c.source ? [["source", c.source]] : []),
            ...(e.verify?.identity ? [["identity", e.verify.identity]] : []),
            ...(e.rotation ? [["rotation", `${e.rotation.ageDays === undefined ? "age unknown" : `${e.rotation.ageDays} days old`}${e.rotation.expiresInDays === undefined ? "" : `, expires in ${e.rotation.expiresInDays} days`}${e.rotation.status === "unknown" ? "" : ` · ${ROTATION_WORDS[e.rotation.status] ?? e.rotation.status}`}`]] : []),
          ],
          "  ",
        ),
      );
    }
    for (const v of e.variables) out.push(`  ${p.paint("gray", `${v.variable}: ${v.set ? `set (${v.source ?? "env"})${v.display ? ` ${v.display}` : ""}` : "not set"}${v.problem ? ` — ${v.problem}` : ""}`)}`);
    // What is fine, then what needs doing: a ✓ never carries advice, and each advice is said once.
    for (const check of e.fine) out.push(`  ${p.paint("green", "✓")} ${check.name}: ${check.detail}`);
    if (e.error) out.push(`  ${p.paint("red", "✗")} ${String(e.error.message)}`);
    for (const todo of e.todo) out.push(`  ${p.paint("yellow", "→")} ${todo}`);
    out.push("");
  }
  return out.join("\n");
}

/** Rotation states in words (core's status values are for scripts). */
const ROTATION_WORDS: Record<string, string> = {
  ok: "within the rotation policy",
  "rotate-soon": "due for rotation soon",
  "rotate-now": "due for rotation now",
  expiring: "expires soon",
  expired: "expired",
  unknown: "age unknown",
};

export function renderAudit(mode: Mode, results: ConnectorResult<AuditReport>[], p: Painter): string {
  const out: string[] = [banner(mode, p)];
  const findings = results.flatMap((r) => (r.ok ? r.value.findings : []));
  const groups = new Map<string, AuditFinding[]>();
  for (const f of findings) groups.set(f.service ?? "(no service)", [...(groups.get(f.service ?? "(no service)") ?? []), f]);
  if (findings.length === 0) out.push(p.paint("green", "No naming-convention findings."));
  for (const [service, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(p.paint("bold", service));
    for (const f of list) {
      out.push(`  ${p.paint(f.severity === "error" ? "red" : "yellow", f.severity)}  ${f.provider} ${f.resource.kind} ${p.paint("bold", f.resource.name)} — ${f.message} ${p.paint("gray", `[${f.rule}]`)}`);
      if (f.suggestion) {
        // A missing tag is added, a misnamed thing renamed; "<service>" is filled in when the service is known.
        const suggestion = f.service ? f.suggestion.replace(/<service>/g, f.service) : f.suggestion;
        out.push(`    ${p.paint("green", /-missing$/.test(f.rule) ? "→ add" : "→ rename to")} ${suggestion}`);
      }
    }
    out.push("");
  }
  for (const r of results) if (!r.ok) out.push(`${p.paint("bold", r.displayName)}\n${renderError(r.error, p)}\n`);
  for (const r of results) if (r.ok && r.value.incomplete.length) out.push(`${p.paint("bold", r.displayName)}\n${renderIncomplete(r.value.incomplete, p)}\n`);
  const incomplete = results.some((r) => r.ok && r.value.incomplete.length > 0);
  const tools = new Set(findings.map((f) => f.provider)).size;
  out.push(`${findings.length} finding(s)${findings.length ? ` from ${tools} tool(s)` : ""}${incomplete ? " — incomplete: some lookups failed (see above)" : ""}.`);
  return out.join("\n");
}

/** A Circonus search such as `(tags:service:checkout,env:prod)` said in words: "tagged service:checkout, env:prod". */
export const inWords = (value: string) => value.replace(/^\(tags:([^)]*)\)(.*)$/, (_, tags: string, rest: string) => `tagged ${tags.split(",").join(", ")}${rest ? ` ${rest}` : ""}`);

export function renderServices(mode: Mode, source: string, rows: ServiceRow[], p: Painter): string {
  const out: string[] = [banner(mode, p), `Catalog: ${source}\n`];
  for (const row of rows) {
    out.push(`${p.paint("bold", row.name)}  repo ${row.repo} · envs ${row.envs.join(", ")}${row.team ? ` · team ${row.team}` : ""}${row.component ? ` · component ${row.component}` : ""}`);
    for (const [connector, locators] of Object.entries(row.locators)) {
      out.push(table(locators.map((l) => [connector, l.kind, inWords(l.value)]), "    "));
    }
    out.push("");
  }
  return out.join("\n");
}
