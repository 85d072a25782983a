import type { CircleCIClient } from "@toolweave/connector-circleci";
import { epochIso, type CirconusClient } from "@toolweave/connector-circonus";
import { createCallMemo, createHub, cutShortPart, httpsUrl, incompletePart as failedPart, type CallMemo, type ConnectorResult, type IncompletePart } from "@toolweave/core";
import { z } from "zod";
import type { ServiceEntry } from "../catalog.js";
import { answerHead, serviceArgument, type CommandContext, type JsonBody } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { ago, duration, percent, shortSha, table } from "../format/index.js";
import type { Painter } from "../io.js";
import { header, incompletePart, incompleteWithProvider, errorSchema, isoDate, providerBase, serviceEntry } from "../output-schema-parts.js";
import { providerViews } from "../provider-view.js";
import type { CircleCiStatus, CirconusStatus } from "../provider-status.js";
import type { Mode, Providers } from "../providers.js";
import { banner, renderError, renderIncomplete } from "../render.js";


const REPORTING_WINDOW = "last-30-days" as const;

async function circleciStatus(client: CircleCIClient, service: ServiceEntry, envs: readonly string[], signal: AbortSignal | undefined, memo: CallMemo): Promise<CircleCiStatus> {
  const opts = signal ? { signal } : {};
  // One memo for the latest pipeline and every env's last deploy: no pipeline page or workflow list is read twice.
  const latest = await client.latestPipelineStatus(service.repo, { ...opts, memo });
  const branch = latest.project.defaultBranch ?? undefined;
  const insightsList = client.getWorkflowInsights(service.repo, { reportingWindow: REPORTING_WINDOW, ...(branch ? { branch } : { allBranches: true as const }), ...opts });
  const [deploys, insights] = await Promise.all([
    Promise.all(
      envs.map(async (env) => {
        const result = await client.lastDeploy({ project: service.repo, service: service.name, env, ...(branch ? { branch } : {}), ...opts, memo });
        return { env, deploy: result.deploy, incomplete: result.incomplete.map((part) => ({ ...part, lookup: `last ${env} deploy: ${part.lookup}` })) };
      }),
    ),
    insightsList.toArray({ limit: 50 }),
  ]);
  const incomplete: IncompletePart[] = [...latest.incomplete, ...deploys.flatMap((d) => d.incomplete)];
  if (insightsList.truncated) incomplete.push(cutShortPart(`workflow insights of ${service.repo}`, insights.length, insightsList.truncated.reason));
  const expected = (service.conventions?.circleci?.deployWorkflow ?? "deploy-{service}").replace(/\{service\}/g, service.name);
  const seen = [...new Set([...latest.workflows.map((w) => w.name), ...insights.map((w) => w.name)])];
  const found = seen.filter((name) => name !== expected && /deploy/i.test(name));
  const noneFound = deploys.some((d) => d.deploy === null && d.incomplete.length === 0);
  return {
    latest,
    deploys,
    deployNaming: noneFound && found.length && !seen.includes(expected) ? { expected, found } : null,
    reportingWindow: REPORTING_WINDOW,
    insightsBranch: branch ?? "all",
    incomplete,
    workflows: insights.map((w) => ({
      name: w.name,
      successRate: w.metrics.success_rate,
      totalRuns: w.metrics.total_runs,
      failedRuns: w.metrics.failed_runs,
      medianDurationMs: w.metrics.duration_metrics_ms.median,
      p95DurationMs: w.metrics.duration_metrics_ms.p95,
    })),
  };
}

async function circonusStatus(client: CirconusClient, service: ServiceEntry, env: string | undefined, signal?: AbortSignal): Promise<CirconusStatus> {
  const opts = signal ? { signal } : {};
  const tags = { service: service.name, ...(env ? { env } : {}) };
  const alertList = client.listAlerts({ active: true, search: { tags }, ...opts });
  const bundleList = client.listCheckBundles({ search: { tags }, ...opts });
  const [alerts, bundles, links] = await Promise.all([
    alertList.toArray({ limit: 200 }),
    bundleList.toArray({ limit: 200 }),
    // Deep links need the account's UI host; without it, alerts still carry `_alert_url`.
    client.uiLinks(opts).catch(() => undefined),
  ]);
  const alertsBySeverity: Record<string, number> = {};
  for (const alert of alerts) alertsBySeverity[String(alert._severity)] = (alertsBySeverity[String(alert._severity)] ?? 0) + 1;
  const tagList = Object.entries(tags).map(([k, v]) => `${k}:${v}`);
  const tagSearch = `(tags:${tagList.join(",")})`;
  const tagWords = tagList.join(", ");
  return {
    alerts: alerts
      .map((a) => ({
        id: a._cid,
        severity: a._severity ?? 0,
        checkName: a._check_name ?? null,
        metric: a._metric_name ?? null,
        value: a._value === null || a._value === undefined ? null : String(a._value),
        // epochIso leaves out an epoch a Date cannot hold instead of throwing RangeError.
        occurredAt: epochIso(a._occurred_on) ?? null,
        acknowledged: Boolean(a._acknowledgement),
        // A link that cannot be built (odd _cid, non-https _alert_url) is left out, never fatal.
        url: (links ? links.alert(a) : httpsUrl(a._alert_url)) ?? null,
      }))
      .sort((x, y) => x.severity - y.severity),
    alertsBySeverity,
    checkBundles: bundles.map((b) => ({
      id: b._cid,
      name: b.display_name ?? b._cid,
      type: b.type ?? null,
      target: b.target ?? null,
      status: b.status ?? null,
      url: links?.checkBundle(b) ?? null,
      tags: b.tags ?? [],
    })),
    searches: { alerts: `${tagSearch}(active:1)`, checkBundles: tagSearch },
    tags: tagList,
    incomplete: [
      ...(alertList.truncated ? [cutShortPart(`active alerts tagged ${tagWords}`, alerts.length, alertList.truncated.reason)] : []),
      ...(bundleList.truncated ? [cutShortPart(`check bundles tagged ${tagWords}`, bundles.length, bundleList.truncated.reason)] : []),
    ],
  };
}


export type StatusResult = ConnectorResult<CircleCiStatus | CirconusStatus>;

/** The incomplete parts of every provider that answered. */
export function incompleteParts(results: readonly StatusResult[]): { connectorId: string; part: IncompletePart }[] {
  return results.flatMap((r) => (r.ok ? r.value.incomplete.map((part) => ({ connectorId: r.connectorId, part })) : []));
}

/** `status <service>`: both tools side by side through the hub; each part fails on its own. */
export async function runStatus(providers: Providers, service: ServiceEntry, env: string | undefined, signal?: AbortSignal, memo: CallMemo = createCallMemo()): Promise<StatusResult[]> {
  const envs = env ? [env] : service.envs;
  const hub = createHub({ connectors: providers.connectors, concurrency: 2 });
  return hub.fanOut<CircleCiStatus | CirconusStatus>(
    (connector, s) =>
      connector === providers.circleci
        ? circleciStatus(providers.circleciFor(service) ?? providers.circleci, service, envs, s, memo)
        : circonusStatus(providers.circonus!, service, env, s),
    signal ? { signal } : {},
  );
}

// The `status` command: the lookups above, its text, its `--json` answer.

export const name = "status";
export const summary = "CI and monitoring side by side for one service";
export const positionals = ["<service>"];
export const flags = { env: {} };

/** What `status` found: each provider's answer or error, and the providers not configured. */
export interface StatusAnswer {
  service: ServiceEntry;
  results: StatusResult[];
  notConfigured: Providers["notConfigured"];
}

export async function run(ctx: CommandContext): Promise<StatusAnswer> {
  const providers = await ctx.providers();
  const service = serviceArgument(ctx, "status needs a service name: toolweave-demo status <service>.");
  const results = await runStatus(providers, service, ctx.args.env, ctx.signal);
  return { service, results, notConfigured: providers.notConfigured };
}

export function exitCode(answer: StatusAnswer): number {
  if (!answer.results.every((r) => r.ok)) return EXIT.problems;
  return incompleteParts(answer.results).length ? EXIT.incomplete : EXIT.ok;
}

export function envelope(answer: StatusAnswer, ctx: CommandContext): JsonBody<typeof output> {
  // A provider that failed is a part not read, like a lookup that failed: `complete: false` always names what is missing.
  const failed = answer.results.flatMap((r) => (r.ok ? [] : [{ connectorId: r.connectorId, part: failedPart(`${r.displayName} status of ${answer.service.name}`, r.error) }]));
  const incomplete = [...failed, ...incompleteParts(answer.results)];
  return {
    ...answerHead("status", ctx),
    service: answer.service,
    env: ctx.args.env ?? null,
    complete: answer.results.every((r) => r.ok) && incomplete.length === 0,
    incomplete: incomplete.map(({ connectorId, part }) => ({ provider: connectorId, ...part })),
    providers: providerViews(answer.results, answer.notConfigured),
  };
}

export function render(answer: StatusAnswer, ctx: CommandContext): string {
  return renderStatus(ctx.mode, answer.service, ctx.args.env, answer.results, answer.notConfigured, ctx.now, ctx.out);
}

/** A service's last deploy to one env (CircleCI's `lastDeploy`), as `status --json` shows it. */
export const lastDeploy = z.looseObject({
  pipeline: z.looseObject({ id: z.string(), number: z.number().int() }),
  commitSha: z.string().nullable(),
  actor: z.string().nullable(),
  deployedAt: z.string().nullable(),
  links: z.looseObject({ workflow: z.string() }),
  workflow: z.looseObject({ name: z.string() }),
});

const circleciData = z.looseObject({
  latest: z.looseObject({
    project: z.looseObject({ slug: z.string(), defaultBranch: z.string().nullable(), url: z.string() }),
    branch: z.string(),
    pipeline: z.looseObject({ id: z.string(), number: z.number().int(), createdAt: z.string().nullable().optional() }).nullable(),
    workflows: z.array(z.looseObject({ id: z.string(), name: z.string(), status: z.string().nullable(), url: z.string() })),
    outcome: z.string().nullable(),
    incomplete: z.array(incompletePart),
  }),
  deploys: z.array(z.strictObject({ env: z.string(), deploy: lastDeploy.nullable(), incomplete: z.array(incompletePart) })),
  workflows: z.array(
    z.strictObject({
      name: z.string(),
      successRate: z.number().min(0).max(1),
      totalRuns: z.number().int(),
      failedRuns: z.number().int(),
      medianDurationMs: z.number().nullable(),
      p95DurationMs: z.number().nullable(),
    }),
  ),
  reportingWindow: z.string(),
  insightsBranch: z.string(),
  incomplete: z.array(incompletePart),
  deployNaming: z.strictObject({ expected: z.string(), found: z.array(z.string()) }).nullable(),
});

const circonusData = z.looseObject({
  alerts: z.array(
    z.strictObject({
      id: z.string(),
      severity: z.number().int(),
      checkName: z.string().nullable(),
      metric: z.string().nullable(),
      value: z.string().nullable(),
      occurredAt: z.string().nullable(),
      acknowledged: z.boolean(),
      url: z.string().nullable(),
    }),
  ),
  alertsBySeverity: z.record(z.string(), z.number().int()),
  checkBundles: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      type: z.string().nullable(),
      target: z.string().nullable(),
      status: z.string().nullable(),
      url: z.string().nullable(),
      tags: z.array(z.string()),
    }),
  ),
  searches: z.strictObject({ alerts: z.string(), checkBundles: z.string() }),
  tags: z.array(z.string()),
  incomplete: z.array(incompletePart),
});

/** `status --json`; its `providers[]` is also `/api/services/<name>`'s (provider-view.ts). */
export const output = z.strictObject({
  ...header("status"),
  generatedAt: isoDate,
  service: serviceEntry,
  env: z.string().nullable(),
  complete: z.boolean(),
  incomplete: z.array(incompleteWithProvider),
  providers: z.array(
    z.union([
      z.strictObject({ ...providerBase, configured: z.literal(true), ok: z.literal(true), incomplete: z.array(incompletePart), data: z.union([circleciData, circonusData]) }),
      z.strictObject({ ...providerBase, configured: z.literal(true), ok: z.literal(false), error: errorSchema }),
      z.strictObject({ ...providerBase, configured: z.literal(false), ok: z.literal(false), missing: z.array(z.string()) }),
    ]),
  ),
});

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

const state = (value: string | null | undefined, p: Painter) => p.paint(STATUS_STYLE[value ?? ""] ?? "white", value ?? "unknown");

/** "last-30-days" → "last 30 days" (CircleCI's reporting-window values, in words). */
const windowWords = (window: string) => window.replace(/-/g, " ");

function renderCircleCi(s: CircleCiStatus, service: string, now: number, p: Painter): string {
  const lines: string[] = [];
  const latest = s.latest;
  lines.push(`${p.paint("bold", "CircleCI")}  project ${latest.project.slug} · default branch ${latest.project.defaultBranch ?? "n/a"}  ${p.paint("gray", latest.project.url)}`);
  if (latest.pipeline) {
    lines.push(
      `  Latest pipeline #${latest.pipeline.number} on ${latest.branch} · ${ago(latest.pipeline.created_at, now)} · by ${latest.pipeline.actor ?? "n/a"} · ${shortSha(latest.pipeline.revision)} · ${state(latest.outcome, p)}`,
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
          ? [env, `#${deploy.pipeline.number}`, `${ago(deploy.deployedAt, now)}`, shortSha(deploy.commitSha), `by ${deploy.actor ?? "n/a"}`, p.paint("gray", deploy.links.workflow), ...unsure]
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
            `median ${duration(w.medianDurationMs)}`,
            `p95 ${duration(w.p95DurationMs)}`,
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
          ago(a.occurredAt, now) + (a.acknowledged ? " (acked)" : ""),
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
