import { pipelines as pipelineFixtures } from "@toolweave/connector-circleci/fixtures";
import { circonusFixtures } from "@toolweave/connector-circonus/fixtures";
import { createCallMemo, createHub, DEFAULT_FAILURE_WINDOW_MS, deliveryMetrics, type CallMemo, type DeliveryReport, type Hub, type ServiceEvent } from "@toolweave/core";
import { createTestServer, type RecordedRequest, type TestServer } from "../test-server/index.js";
import { circleciFor, circonusFor } from "./clients.js";
import { fmt, gc, median, printTable, runIfMain, writeResult } from "./report.js";
import { seededRandom } from "../../../scripts/seeded-random.mjs";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MIN_MS = 60_000;
/** The window's end; fixed, so every run reads the same world. */
export const UNTIL = Date.parse("2026-11-25T12:00:00Z");
export const SINCE = UNTIL - 30 * DAY_MS;
const SERVICE = "checkout";
const REPO = "gh/acme/checkout";

const sha = (random: () => number) => Array.from({ length: 40 }, () => Math.floor(random() * 16).toString(16)).join("");
const iso = (ms: number) => new Date(ms).toISOString();
const epoch = (ms: number) => Math.floor(ms / 1000);

// ---------------------------------------------------------------------------------------------
// 1. Requests: hub.delivery vs hub.timeline over 30 days against the test server.
// ---------------------------------------------------------------------------------------------

/**
 * 46 days of one service's history on the test server, as its answers: a release every 26 h
 * (staging, then prod 3 h later, same commit), one prod deploy in 8 failed, three prod
 * deploys rolled back by a rerun of the previous pipeline's deploy 20 min after, alerts an
 * alert-caused failure would bring (10–45 min after a prod deploy), alerts far from deploys,
 * one in staging, one still open, one open at `since` (the timeline's look-back reads deploys
 * before it), and annotations. The test server's generated world gives every pipeline one
 * time; this history is served through its `inject` answers (a `status` 200 with a body).
 */
export function deliveryWorld(seed = 30, releaseEveryHours = 26) {
  const random = seededRandom(seed);
  const template = pipelineFixtures[0]!;
  type Pipe = { id: string; number: number; env: string; createdAt: number; sha: string; workflows: Record<string, unknown>[] };
  const pipes: Pipe[] = [];
  const alerts: Record<string, unknown>[] = [];
  let number = 5000;
  let alertId = 700_000;
  const alert = (env: string, opened: number, cleared: number | null) =>
    alerts.push({
      ...circonusFixtures.alertList[0],
      _cid: `/alert/${alertId++}`,
      _alert_url: `https://example-ops.circonus.com/fault-detection/alerts/${alertId}`,
      _check_name: `${SERVICE}.example.com health`,
      _occurred_on: epoch(opened),
      _cleared_on: cleared === null ? null : epoch(cleared),
      _tags: [`env:${env}`, `service:${SERVICE}`, "team:payments"],
    });
  const workflow = (p: Pipe, name: string, id: string, createdAt: number, stoppedAt: number, status: string) => ({
    id,
    name,
    pipeline_id: p.id,
    pipeline_number: p.number,
    project_slug: REPO,
    status,
    started_by: "5e8e8a0d-0000-4000-8000-000000000001",
    created_at: iso(createdAt),
    stopped_at: iso(stoppedAt),
  });
  const pipeline = (env: string, createdAt: number, commit: string): Pipe => {
    const p: Pipe = { id: `00000000-0000-4000-8000-${String(number).padStart(12, "0")}`, number: number++, env, createdAt, sha: commit, workflows: [] };
    const built = createdAt + (3 + Math.floor(random() * 3)) * MIN_MS;
    p.workflows.push(workflow(p, `build-${SERVICE}`, `wf-build-${p.number}`, createdAt + 2000, built, "success"));
    pipes.push(p);
    return p;
  };

  let lastProd: Pipe | undefined;
  let release = 0;
  for (let t = UNTIL - 46 * DAY_MS; t < UNTIL - 4 * HOUR_MS; t += releaseEveryHours * HOUR_MS, release += 1) {
    const commit = sha(random);
    const staging = pipeline("staging", t, commit);
    const stagingLive = t + (8 + Math.floor(random() * 4)) * MIN_MS;
    staging.workflows.push(workflow(staging, `deploy-${SERVICE}`, `wf-deploy-${staging.number}`, t + 6 * MIN_MS, stagingLive, "success"));
    if (release % 9 === 4) alert("staging", stagingLive + 25 * MIN_MS, stagingLive + 70 * MIN_MS);

    const prodAt = t + 3 * HOUR_MS;
    const prod = pipeline("prod", prodAt, commit);
    const live = prodAt + (8 + Math.floor(random() * 5)) * MIN_MS;
    const failed = release % 8 === 5;
    prod.workflows.push(workflow(prod, `deploy-${SERVICE}`, `wf-deploy-${prod.number}`, prodAt + 6 * MIN_MS, live, failed ? "failed" : "success"));
    if (failed) continue;
    if (release % 5 === 2) alert("prod", live + (10 + Math.floor(random() * 35)) * MIN_MS, live + (30 + Math.floor(random() * 90)) * MIN_MS);
    if (release % 7 === 3) alert("prod", live + 5 * HOUR_MS, live + 6 * HOUR_MS);
    if (release % 13 === 6 && lastProd) {
      // Rolled back: the previous prod pipeline's deploy re-run 20 min later.
      const rerunAt = live + 20 * MIN_MS;
      lastProd.workflows.push(workflow(lastProd, `deploy-${SERVICE}`, `wf-deploy-${lastProd.number}-rerun-${release}`, rerunAt, rerunAt + 7 * MIN_MS, "success"));
    } else lastProd = prod;
  }
  // Open at `since` (so the timeline looks back for its deploys), and one still open at `until`.
  alert("prod", SINCE - 2 * DAY_MS, SINCE + 2 * HOUR_MS);
  alert("prod", UNTIL - 3 * HOUR_MS, null);

  const annotations = Array.from({ length: 9 }, (_, i) => {
    const start = SINCE + (i * 5 + 1) * DAY_MS - 12 * DAY_MS;
    return {
      ...circonusFixtures.annotationList[0],
      _cid: `/annotation/${9000 + i}`,
      title: `Maintenance ${i}`,
      description: `service:${SERVICE} env:prod database maintenance`,
      category: "maintenance",
      start: epoch(start),
      stop: epoch(start + HOUR_MS),
    };
  });

  const newestFirst = [...pipes].sort((a, b) => b.createdAt - a.createdAt);
  const pageSize = 20;
  const pages = Math.ceil(newestFirst.length / pageSize);
  const pipelineItem = (p: Pipe) => ({
    ...template,
    id: p.id,
    number: p.number,
    project_slug: REPO,
    created_at: iso(p.createdAt),
    updated_at: iso(p.createdAt),
    trigger: { received_at: iso(p.createdAt - 500), type: "api", actor: { login: "jdoe", avatar_url: null } },
    trigger_parameters: { service: SERVICE, env: p.env },
    vcs: { ...template.vcs, revision: p.sha, branch: "main", commit: { subject: `release of ${p.sha.slice(0, 7)}`, body: null } },
  });

  /** The answers, as test-server rules that fire on every matching request. */
  function install(server: TestServer): void {
    for (let i = 0; i < pages; i += 1) {
      const items = newestFirst.slice(i * pageSize, (i + 1) * pageSize).map(pipelineItem);
      server.inject({
        kind: "status",
        status: 200,
        provider: "circleci",
        path: /^project\/(gh|github)(\/|%2F)acme(\/|%2F)checkout\/pipeline$/,
        query: { "page-token": i === 0 ? "" : `p${i}` },
        count: Number.POSITIVE_INFINITY,
        body: { items, next_page_token: i + 1 < pages ? `p${i + 1}` : null },
      });
    }
    for (const p of pipes) {
      server.inject({ kind: "status", status: 200, provider: "circleci", path: `pipeline/${p.id}/workflow`, count: Number.POSITIVE_INFINITY, body: { items: p.workflows, next_page_token: null } });
    }
    // Every alert search answers the whole list (one page); the connector keeps what overlaps the window.
    server.inject({ kind: "status", status: 200, provider: "circonus", path: "alert", count: Number.POSITIVE_INFINITY, body: alerts });
    server.inject({ kind: "status", status: 200, provider: "circonus", path: "annotation", count: Number.POSITIVE_INFINITY, body: annotations });
  }

  return { install, pipelines: pipes.length, alerts: alerts.length, annotations: annotations.length };
}

/** Requests sent to the test server, by what they read. */
export function tallyRequests(sent: readonly RecordedRequest[]) {
  const kindOf = (r: RecordedRequest) =>
    r.provider === "circleci" && /^project\/.*\/pipeline$/.test(r.path)
      ? "pipelinePages"
      : r.provider === "circleci" && /^pipeline\/[^/]+\/workflow$/.test(r.path)
        ? "workflowLists"
        : r.provider === "circonus" && r.path === "alert"
          ? "alertSearches"
          : r.provider === "circonus" && r.path === "annotation"
            ? "annotationSearches"
            : "other";
  const byKind = { pipelinePages: 0, workflowLists: 0, alertSearches: 0, annotationSearches: 0, other: 0 };
  const twiceByKind = { ...byKind };
  const seen = new Set<string>();
  const workflowsPerPipeline = new Map<string, number>();
  for (const r of sent) {
    const kind = kindOf(r);
    byKind[kind] += 1;
    const read = `${r.method} ${r.url}`;
    if (seen.has(read)) twiceByKind[kind] += 1;
    seen.add(read);
    if (kind === "workflowLists") workflowsPerPipeline.set(r.path, (workflowsPerPipeline.get(r.path) ?? 0) + 1);
  }
  const workflowsReadTwice = [...workflowsPerPipeline.values()].filter((n) => n > 1).length;
  return { total: sent.length, circleci: sent.filter((r) => r.provider === "circleci").length, ...byKind, pipelines: workflowsPerPipeline.size, workflowsReadTwice, twiceByKind };
}

type Tally = ReturnType<typeof tallyRequests>;

/**
 * `hub.timeline` and `hub.delivery` over the same 30 days, for every env and for prod alone,
 * alone and together as a page shows them (one memo, and a memo each), counting the requests
 * the test server received for each.
 */
export async function measureRequests(world = deliveryWorld()) {
  const server = await createTestServer({ record: true });
  world.install(server);
  const since = new Date(SINCE);
  const until = new Date(UNTIL);
  const reports: { scope: string; timeline: Tally; delivery: Tally; page: Tally; apart: Tally; report: DeliveryReport }[] = [];
  // Fresh clients for every variant: none starts with what another read (the Circonus account, say).
  const count = async (run: (hub: Hub) => Promise<unknown>) => {
    const hub = createHub({ connectors: [circleciFor(server), circonusFor(server)] });
    const from = server.requests.length;
    await run(hub);
    return tallyRequests(server.requests.slice(from));
  };
  const checkComplete = (what: string, value: { complete: boolean; incomplete: unknown[] }) => {
    if (!value.complete) throw new Error(`delivery bench: ${what} is incomplete, so its requests are not comparable: ${JSON.stringify(value.incomplete)}. Keep the world within what one walk reads (at most 100 pipelines from 14 days before since: CircleCI's default maxPipelines).`);
  };
  try {
    for (const env of [undefined, "prod"]) {
      const keys = { service: SERVICE, repo: REPO, ...(env ? { env } : {}) };
      const timelineOf = (hub: Hub, memo: CallMemo) => hub.timeline(keys, { since, until, memo }).then((t) => (checkComplete("the timeline", t), t));
      const deliveryOf = (hub: Hub, memo: CallMemo) => hub.delivery(keys, { since, until, memo }).then((d) => (checkComplete("hub.delivery", d), d));
      const timeline = await count((hub) => timelineOf(hub, createCallMemo()));
      let report: DeliveryReport | undefined;
      const delivery = await count(async (hub) => (report = await deliveryOf(hub, createCallMemo())));
      const page = await count((hub) => {
        const memo = createCallMemo();
        return Promise.all([timelineOf(hub, memo), deliveryOf(hub, memo)]);
      });
      const apart = await count((hub) => Promise.all([timelineOf(hub, createCallMemo()), deliveryOf(hub, createCallMemo())]));
      reports.push({ scope: env ?? "every env", timeline, delivery, page, apart, report: report! });
    }
  } finally {
    await server.close();
  }
  return { world: { pipelines: world.pipelines, alerts: world.alerts, annotations: world.annotations }, reports };
}

const met = (ok: boolean) => (ok ? "met" : "NOT met");

// ---------------------------------------------------------------------------------------------
// 2. deliveryMetrics over 1,000 / 10,000 / 100,000 events.
// ---------------------------------------------------------------------------------------------

const ENVS = ["prod", "staging", "prod-eu", "dev"] as const;

/**
 * `n` events of one service over four envs, seeded, in shuffled order (events gathered from
 * several sources; `deliveryMetrics` sorts them): per env, a step every 20–100 min: 70 % a
 * deploy with its pipeline trigger (1 in 23 of them an older commit again: a rollback when
 * soon after), 15 % of those followed 0–70 min later by an alert; 10 % a failed pipeline;
 * 8 % an alert on its own; 12 % an annotation. Alerts give their `alert-opened` and, when
 * cleared (2–122 min later), `alert-cleared`; 1 in 20 is never cleared. History grows with `n`
 * at a constant pace (100,000 events ≈ 2 years).
 */
export function generateEvents(n: number, seed = 7): ServiceEvent[] {
  const random = seededRandom(seed);
  const events: ServiceEvent[] = [];
  const base = Date.parse("2026-01-01T00:00:00Z");
  const clock = ENVS.map(() => base);
  const shipped = ENVS.map(() => [] as string[]);
  let i = 0;
  const add = (e: ServiceEvent) => {
    if (events.length < n) events.push(e);
  };
  while (events.length < n) {
    const k = i % ENVS.length;
    const env = ENVS[k]!;
    const keys = { service: SERVICE, env };
    const at = clock[k]! + (20 + random() * 80) * MIN_MS;
    clock[k] = at;
    const r = random();
    if (r < 0.1) {
      add({ id: `f${i}`, provider: "circleci", kind: "deploy-failed", start: iso(at), env, title: "deploy failed", keys, commit: { sha: sha(random) } });
    } else if (r < 0.8) {
      const history = shipped[k]!;
      // 1 in 23: an older commit again (a rollback when it follows within the window).
      const commit = r < 0.13 && history.length > 2 ? history[history.length - 2 - Math.floor(random() * Math.min(3, history.length - 2))]! : sha(random);
      history.push(commit);
      if (history.length > 8) history.shift();
      add({ id: `d${i}`, provider: "circleci", kind: "deploy", start: iso(at), env, title: "deployed", keys, commit: { sha: commit }, triggeredAt: iso(at - (3 + random() * 12) * MIN_MS) });
      if (random() < 0.15) alertAt(at + random() * 70 * MIN_MS);
    } else if (r < 0.88) {
      alertAt(at);
    } else {
      add({ id: `n${i}`, provider: "circonus", kind: "annotation", start: iso(at), end: iso(at + 30 * MIN_MS), env, title: "maintenance", keys });
    }
    i += 1;

    function alertAt(opened: number) {
      const id = `a${i}`;
      if (random() < 0.05) {
        add({ id, provider: "circonus", kind: "alert-opened", start: iso(opened), env, title: "latency", keys });
        return;
      }
      const cleared = opened + (2 + random() * 120) * MIN_MS;
      add({ id, provider: "circonus", kind: "alert-opened", start: iso(opened), end: iso(cleared), env, title: "latency", keys });
      add({ id, provider: "circonus", kind: "alert-cleared", start: iso(cleared), env, title: "latency cleared", keys });
    }
  }
  // Shuffle (Fisher–Yates, same PRNG): nothing is given in order.
  for (let j = events.length - 1; j > 0; j -= 1) {
    const s = Math.floor(random() * (j + 1));
    [events[j], events[s]] = [events[s]!, events[j]!];
  }
  return events;
}

/** The window covering every event given. */
function spanOf(events: readonly ServiceEvent[]) {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    const t = Date.parse(e.start);
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return { since: new Date(lo), until: new Date(hi) };
}

export const SIZES = [1_000, 10_000, 100_000] as const;

/**
 * Median ms per `deliveryMetrics` call at each size. Sizes are interleaved in every round (so
 * machine load falls on all of them alike); a sample repeats the call until it covers 100,000
 * events (100 calls at 1,000), so small sizes are not lost in timer noise.
 */
export function measureMetrics(rounds = 7) {
  const inputs = SIZES.map((n) => {
    const events = generateEvents(n);
    return { n, events, options: { ...spanOf(events), service: SERVICE } };
  });
  const samples = new Map<number, number[]>(SIZES.map((n) => [n, []]));
  for (let round = -1; round < rounds; round += 1) {
    for (const { n, events, options } of inputs) {
      const calls = Math.max(1, Math.round(100_000 / n));
      gc();
      const t = performance.now();
      for (let c = 0; c < calls; c += 1) deliveryMetrics(events, options);
      const ms = (performance.now() - t) / calls;
      // Round -1 warms the JIT up and is not kept.
      if (round >= 0) samples.get(n)!.push(ms);
    }
  }
  return inputs.map(({ n, events, options }) => {
    const report = deliveryMetrics(events, options);
    const mix: Record<string, number> = {};
    for (const e of events) mix[e.kind] = (mix[e.kind] ?? 0) + 1;
    return { n, medianMs: median(samples.get(n)!), samplesMs: samples.get(n)!, mix, report };
  });
}

/** Time(n₂)/time(n₁) against what O(n log n) predicts, n₂/n₁ × log n₂ / log n₁. */
export const nLogNRatio = (n1: number, n2: number) => (n2 / n1) * (Math.log(n2) / Math.log(n1));

/** Prints both figures; `pnpm bench` runs it between page-requests and cold-start. */
export async function runDelivery() {
  const requests = await measureRequests();
  const rows: (string | number)[][] = [];
  for (const r of requests.reports) {
    const line = (variant: string, t: Tally, goal: string) => [
      `${r.scope}: ${variant}`,
      t.total,
      t.pipelinePages,
      `${t.workflowLists} (${t.pipelines} pipelines)`,
      t.alertSearches,
      t.annotationSearches,
      t.other,
      t.workflowsReadTwice,
      Object.values(t.twiceByKind).reduce((a, b) => a + b, 0),
      goal,
    ];
    rows.push(line("hub.timeline", r.timeline, `no workflows twice: ${met(r.timeline.workflowsReadTwice === 0)}`));
    rows.push(line("hub.delivery", r.delivery, `≤ timeline (${r.timeline.total}): ${met(r.delivery.total <= r.timeline.total)}; no workflows twice: ${met(r.delivery.workflowsReadTwice === 0)}`));
    rows.push(line("page: both, one memo", r.page, `no workflows twice: ${met(r.page.workflowsReadTwice === 0)}; CircleCI ≤ timeline's (${r.timeline.circleci}): ${met(r.page.circleci <= r.timeline.circleci)}`));
    rows.push(line("both, a memo each", r.apart, ""));
  }
  printTable(
    `Delivery health: requests for 30 days (${SERVICE}, test server, ${requests.world.pipelines} pipelines over 46 days, ${requests.world.alerts} alerts, ${requests.world.annotations} annotations)`,
    ["variant", "requests", "pipeline pages", "workflow lists", "alert searches", "annotation searches", "other", "pipelines whose workflows were read twice", "reads made twice", "goal"],
    rows,
  );
  const every = requests.reports[0]!.report;
  console.log(
    `(every env, 30 days: ${every.deployments.count} deploys, ${every.deployments.failedPipelines} failed pipelines, change failure rate ${fmt((every.changeFailureRate.value ?? Number.NaN) * 100, 1)} % ` +
      `(${every.changeFailureRate.failures.filter((f) => f.because === "alert").length} by alert, ${every.changeFailureRate.failures.filter((f) => f.because === "rollback").length} by rollback), ` +
      `${every.timeToRestore.samples.length} alerts opened, complete: ${every.complete})`,
  );

  const metrics = measureMetrics();
  const at = (n: number) => metrics.find((m) => m.n === n)!.medianMs;
  const ratio = at(100_000) / at(10_000);
  const expected = nLogNRatio(10_000, 100_000);
  printTable(
    "deliveryMetrics: median of 7 rounds per size (sizes interleaved; one service, 4 envs, events shuffled)",
    ["events", "deploy / failed / alert-opened / alert-cleared / annotation", "deploys counted", "failures", "ms per call", "µs per event", "time ÷ time at 10× fewer", "n log n predicts"],
    metrics.map((m, i) => [
      m.n,
      ["deploy", "deploy-failed", "alert-opened", "alert-cleared", "annotation"].map((k) => m.mix[k] ?? 0).join(" / "),
      m.report.deployments.count,
      m.report.changeFailureRate.failed,
      fmt(m.medianMs, 2),
      fmt((m.medianMs * 1000) / m.n, 2),
      i === 0 ? "" : fmt(m.medianMs / metrics[i - 1]!.medianMs, 1),
      i === 0 ? "" : fmt(nLogNRatio(metrics[i - 1]!.n, m.n), 1),
    ]),
  );
  // A quadratic step would be 100×; twice the n log n ratio leaves room for cache effects on a shared machine.
  console.log(`100,000 events: ${fmt(at(100_000), 1)} ms; time(100k)/time(10k) = ${fmt(ratio, 1)} against 10 × log(100k)/log(10k) = ${fmt(expected, 1)} (O(n²) would be 100): O(n log n) ${met(ratio <= 2 * expected)} (≤ ${fmt(2 * expected, 1)})`);

  writeResult("delivery", {
    requests: requests.reports.map(({ report: _report, ...r }) => r),
    world: requests.world,
    metrics: metrics.map(({ report: _report, ...m }) => m),
    ratio100kTo10k: ratio,
    nLogNRatio: expected,
    failureWindowMs: DEFAULT_FAILURE_WINDOW_MS,
  });
  return { requests, metrics, ratio };
}

runIfMain("delivery", runDelivery);
