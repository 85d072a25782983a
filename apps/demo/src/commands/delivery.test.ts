import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareEvents, createHub, deliveryMetrics, type DeliveryIncompletePart, type DeliveryReport, type HttpRequestEvent, type ServiceEvent } from "@toolweave/core";
import { describe, expect, it } from "vitest";
import { SIMULATED_CATALOG, type ServiceEntry } from "../catalog.js";
import { createPainter } from "../io.js";
import { OUTPUT_SCHEMAS } from "../output-schemas.js";
import { setupProviders, type Providers } from "../providers.js";
import { SIM_CIRCLECI_TOKEN } from "../simulation/sim-credentials.js";
import { startSimulation } from "../simulation/sim-server.js";
import { runMain, SIM_NOW } from "../testing/run-main.js";
import type { CommandContext } from "../command.js";
import { deliveryWindow, envelope, exitCode, output, renderDelivery, run, runDelivery } from "./delivery.js";
import { runTimeline, timelineConnectors } from "./timeline.js";

// The simulated world grows (more history, more stories): these tests check what holds for any
// of its answers, and the one story every other test pins too (checkout's #1043 in prod, its
// alert 4378606 and the rollback to #1041). Exact figures come from the hand-built events below.

const NOW = Date.parse(SIM_NOW);
const DAY = 86_400_000;
const plain = createPainter({ write: () => true, isTTY: false }, {});
const checkout = SIMULATED_CATALOG.services.find((s) => s.name === "checkout")!;

interface Evidence {
  provider: string;
  kind: string;
  id: string;
  url?: string;
  title: string;
  start: string;
}
interface Figure {
  complete: boolean;
  incomplete: { provider: string; kinds?: string[] }[];
}

/** What `delivery <positionals>` is given by main.ts, with `providers` as its tools. */
function commandContext(providers: Providers, positionals: string[], args: { env?: string } = {}): CommandContext {
  const ctx = { args: { positionals, env: args.env }, now: NOW, clock: () => NOW, mode: providers.mode, out: plain, catalog: SIMULATED_CATALOG, simulation: {}, providers: async () => providers };
  return ctx as unknown as CommandContext;
}

async function json(argv: string[], env: Record<string, string> = {}) {
  const r = await runMain([...argv, "--json"], env);
  return { code: r.code, out: JSON.parse(r.stdout), stderr: r.stderr };
}

describe("demo delivery (simulated world)", { timeout: 120_000 }, () => {
  it("--json: the published schema, 30 days to now by default, every failure's deploy, alerts and rollback in the evidence with their pages", async () => {
    const { code, out } = await json(["delivery", "checkout", "--env", "prod"]);
    expect(code).toBe(0);
    expect(OUTPUT_SCHEMAS.delivery!.safeParse(out).error?.issues ?? []).toEqual([]);
    expect(out).toMatchObject({
      schemaVersion: 2,
      command: "delivery",
      mode: "simulated",
      service: { name: "checkout" },
      env: "prod",
      since: new Date(NOW - 30 * DAY).toISOString(),
      until: SIM_NOW.replace("Z", ".000Z"),
      rules: { failureWindowMs: 3_600_000, env: "prod", service: "checkout", percentiles: "nearest-rank" },
      complete: true,
      incomplete: [],
      notConfigured: [],
    });
    const { deployments, changeFailureRate: cfr } = out;
    expect(cfr.total).toBe(deployments.count);
    expect(cfr.failed).toBe(cfr.failures.length);
    expect(cfr.value).toBeCloseTo(cfr.failed / cfr.total);
    expect(cfr.failures.length).toBeGreaterThan(0);
    expect(out).not.toHaveProperty("links");
    const evidence = out.evidence as Evidence[];
    // Once each, in timeline order.
    expect(new Set(evidence.map((e) => `${e.provider} ${e.kind} ${e.id}`)).size).toBe(evidence.length);
    expect([...evidence].sort((a, b) => compareEvents(a as ServiceEvent, b as ServiceEvent))).toEqual(evidence);
    const links = new Map(evidence.map((l) => [`${l.kind} ${l.id}`, l]));
    for (const f of cfr.failures as { deployId: string; alertIds: string[]; rollbackDeployId?: string }[]) {
      expect(deployments.ids).toContain(f.deployId);
      expect(links.get(`deploy ${f.deployId}`)?.url).toMatch(/^https:\/\//);
      for (const alertId of f.alertIds) expect(links.get(`alert-opened ${alertId}`)?.url).toMatch(/^https:\/\//);
      if (f.rollbackDeployId) expect(links.get(`deploy ${f.rollbackDeployId}`)?.url).toMatch(/^https:\/\//);
    }
    // The story: #1043 went live at 02:00, alert 4378606 opened 12 min later, #1041 was re-run at 02:35.
    const deploy1043 = evidence.find((l) => l.kind === "deploy" && /#1043\b/.test(l.title))!;
    const failure = cfr.failures.find((f: { deployId: string }) => f.deployId === deploy1043.id);
    expect(failure).toMatchObject({ provider: "circleci", because: "alert", alertIds: ["/alert/4378606:opened"], rollbackDeployId: expect.any(String) });
    expect(links.get(`deploy ${failure.rollbackDeployId}`)?.title).toMatch(/rollback to #1041/);
    // The alert cleared at 02:40: recovery is 40 min after #1043 went live.
    expect(out.failedDeploymentRecovery.samples).toContainEqual({ deployId: deploy1043.id, ms: 40 * 60_000 });
    expect(out.leadTimeForChanges).toMatchObject({ medianMs: null, reason: expect.stringMatching(/commit time/), samples: [] });
    expect(out.triggerToLive.samples.length).toBeGreaterThan(0);
  });

  it("text: the banner, one row per figure, each failure with its deploy and alert links, the rules", async () => {
    const r = await runMain(["delivery", "checkout", "--env", "prod"]);
    expect(r.code, r.stderr).toBe(0);
    const { out } = await json(["delivery", "checkout", "--env", "prod"]);
    expect(r.stdout).toMatch(/^SIMULATED DATA/);
    expect(r.stdout).toContain("checkout (prod) — delivery health 2026-10-26 12:00 → 2026-11-25 12:00 UTC (30 d)");
    for (const label of ["Deployments", "Change failure rate", "Failed deployment recovery", "Time to restore", "Trigger to live", "Lead time for changes"]) {
      expect(r.stdout).toMatch(new RegExp(`^ {2}${label} {2,}\\S`, "m"));
    }
    expect(r.stdout).toMatch(new RegExp(`^ {2}Deployments +${out.deployments.count} · [\\d.]+ per week · on \\d+ days?`, "m"));
    expect(r.stdout).toMatch(/^ {2}Change failure rate +\d+% · \d+ of \d+ deployments? failed$/m);
    expect(r.stdout).toMatch(/^ {2}Lead time for changes +n\/a — .*commit time/m);
    expect(r.stdout).toContain(`${out.changeFailureRate.failures.length} failed deployment`);
    for (const event of out.evidence as Evidence[]) expect(r.stdout).toContain(`${event.title}  ${event.url}`);
    expect(r.stdout).toMatch(/- failed \(alert\): 1 alert opened within 1 h after it went live, and rolled back within 1 h; recovered after 40 min\n {6}deploy +2026-11-25 02:00 {2}deploy-checkout deployed #1043/);
    expect(r.stdout).toMatch(/^ {6}alert +2026-11-25 02:12 {2}sev 2 alert: .*https:\/\/\S+\/alerts\/4378606$/m);
    expect(r.stdout).toMatch(/^ {2}Rules: a deployment is a deploy that went live to prod\. .* at most 1 h after it/m);
    expect(r.stdout).not.toContain("Incomplete");
  });

  it("without --env: every env, each rule within one env (env null), at least the prod deploys; --since, --until and --window are the rules used", async () => {
    const all = (await json(["delivery", "checkout"])).out;
    const prod = (await json(["delivery", "checkout", "--env", "prod"])).out;
    expect(all).toMatchObject({ env: null, rules: { env: null } });
    expect(all.deployments.count).toBeGreaterThanOrEqual(prod.deployments.count);
    expect((await runMain(["delivery", "checkout"])).stdout).toContain("checkout (every env: staging, prod; each rule within one env) — delivery health");

    const narrow = (await json(["delivery", "checkout", "--env", "prod", "--since", "2026-11-25T00:00:00Z", "--until", "2026-11-25T06:00:00Z", "--window", "10m"])).out;
    expect(narrow).toMatchObject({ since: "2026-11-25T00:00:00.000Z", until: "2026-11-25T06:00:00.000Z", rules: { failureWindowMs: 600_000 } });
    // 12 min from #1043 to its alert: outside a 10 min window, so it failed by its rollback alone (35 min later: outside too).
    expect(narrow.changeFailureRate.failures.filter((f: { alertIds: string[] }) => f.alertIds.includes("/alert/4378606:opened"))).toEqual([]);
    // --until alone: the 30 days before it.
    const before = (await json(["delivery", "checkout", "--until", "2026-11-20T00:00:00Z"])).out;
    expect(before).toMatchObject({ since: "2026-10-21T00:00:00.000Z", until: "2026-11-20T00:00:00.000Z" });
  });

  it("Circonus down: exit 3; deployments and trigger to live stay complete, the alert figures are marked, with what is missing and its fix", async () => {
    const fault = { TOOLWEAVE_SIM_FAULT: "circonus-down" };
    const { code, out } = await json(["delivery", "checkout", "--env", "prod"], fault);
    expect(code).toBe(3);
    expect(OUTPUT_SCHEMAS.delivery!.safeParse(out).error?.issues ?? []).toEqual([]);
    expect(out.complete).toBe(false);
    expect(out.incomplete).toEqual([expect.objectContaining({ provider: "circonus", lookup: "events from Circonus", retryable: true, kinds: expect.arrayContaining(["alert-opened"]) })]);
    const state = (f: Figure) => f.complete;
    expect([out.deployments, out.triggerToLive, out.leadTimeForChanges].map(state)).toEqual([true, true, true]);
    expect([out.changeFailureRate, out.failedDeploymentRecovery, out.timeToRestore].map(state)).toEqual([false, false, false]);
    expect(out.changeFailureRate.incomplete).toEqual(out.incomplete);

    const r = await runMain(["delivery", "checkout", "--env", "prod"], fault);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^ {2}Deployments +\d+ .*\d+ days?(?! .*incomplete)/m);
    expect(r.stdout).not.toMatch(/^ {2}(Deployments|Trigger to live) .*! incomplete/m);
    for (const label of ["Change failure rate", "Failed deployment recovery", "Time to restore"]) {
      expect(r.stdout).toMatch(new RegExp(`^ {2}${label} .* ! incomplete: circonus not read in full$`, "m"));
    }
    expect(r.stdout).toMatch(/circonus:\n {2}! Incomplete: 1 lookup\(s\)[^\n]*\n {4}- missing: events from Circonus\n {6}why: .*503.*\n {6}Fix: /);
  });

  it("CircleCI down: exit 3; every deploy figure is incomplete, time to restore stays complete", async () => {
    const { code, out } = await json(["delivery", "checkout", "--env", "prod"], { TOOLWEAVE_SIM_FAULT: "circleci-down" });
    expect(code).toBe(3);
    expect(out.incomplete).toEqual([expect.objectContaining({ provider: "circleci", kinds: ["deploy", "deploy-failed"] })]);
    expect(out.timeToRestore.complete).toBe(true);
    expect([out.deployments, out.changeFailureRate, out.failedDeploymentRecovery, out.triggerToLive, out.leadTimeForChanges].map((f: Figure) => f.complete)).toEqual([false, false, false, false, false]);
  });

  it("CircleCI configured, Circonus not: exit 3; the alert figures say no connector reads alerts (the hub's part), the deploy figures stay complete", async () => {
    const simulation = await startSimulation({ services: SIMULATED_CATALOG.services, now: NOW });
    const dir = mkdtempSync(join(tmpdir(), "toolweave-delivery-no-circonus-"));
    try {
      const catalog = join(dir, "catalog.json");
      writeFileSync(catalog, JSON.stringify({ services: SIMULATED_CATALOG.services }));
      const env = { CIRCLECI_BASE_URL: simulation.circleciBaseUrl, CIRCLECI_TOKEN: SIM_CIRCLECI_TOKEN, TOOLWEAVE_CATALOG: catalog };
      const { code, out } = await json(["delivery", "checkout", "--env", "prod"], env);
      expect(code).toBe(3);
      expect(OUTPUT_SCHEMAS.delivery!.safeParse(out).error?.issues ?? []).toEqual([]);
      expect(out).toMatchObject({ mode: "live", complete: false, notConfigured: [expect.objectContaining({ id: "circonus", displayName: "Circonus" })] });
      expect(out.incomplete).toEqual([expect.objectContaining({ provider: "hub", retryable: false, kinds: ["alert-opened", "alert-cleared"], error: expect.objectContaining({ kind: "configuration" }) })]);
      expect([out.deployments, out.triggerToLive, out.leadTimeForChanges].map((f: Figure) => f.complete)).toEqual([true, true, true]);
      for (const f of [out.changeFailureRate, out.failedDeploymentRecovery, out.timeToRestore] as Figure[]) expect(f).toMatchObject({ complete: false, incomplete: out.incomplete });
      // No alert was read: a failure is a rollback, and its evidence holds deploys only.
      expect((out.evidence as Evidence[]).every((e) => e.provider === "circleci" && e.kind === "deploy")).toBe(true);

      const r = await runMain(["delivery", "checkout", "--env", "prod"], env);
      expect(r.code).toBe(3);
      expect(r.stdout).not.toMatch(/^SIMULATED DATA/);
      expect(r.stdout).not.toMatch(/^ {2}(Deployments|Trigger to live) .*! incomplete/m);
      for (const label of ["Change failure rate", "Failed deployment recovery", "Time to restore"]) expect(r.stdout).toMatch(new RegExp(`^ {2}${label} .* ! incomplete: no connector reads alerts$`, "m"));
      expect(r.stdout).not.toMatch(/hub not read in full|^ {2}hub:$/m);
      expect(r.stdout).toMatch(/^ {2}Circonus not configured \(set CIRCONUS_API_TOKEN[^)]*\)/m);
      expect(r.stdout).toMatch(/ {2}read by no configured tool:\n {2}! Incomplete: 1 lookup\(s\)[^\n]*\n {4}- missing: alerts of checkout: none of the hub's connectors reads them\n {6}why: .*\n {6}Fix: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await simulation.close();
    }
  }, 60_000);

  it.each([
    [["delivery"], /delivery needs a service name/],
    [["delivery", "checkout", "--since", "last month"], /--since must be a duration back from now/],
    [["delivery", "checkout", "--until", "yesterday"], /--until must be a duration back from now/],
    [["delivery", "checkout", "--window", "0m"], /--window must be a duration/],
    [["delivery", "checkout", "--since", "1h", "--until", "2h"], /--since .* is after --until/],
    [["delivery", "checkout", "--env", "qa"], /has no environment "qa"/],
    [["delivery", "checkout", "--apply"], /--apply applies to the annotate command only/],
    [["delivery", "checkout", "prod"], /Unexpected argument "prod" for delivery/],
  ])("%j is a usage error (exit 2)", async (argv, message) => {
    const r = await runMain(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    const j = await runMain([...argv, "--json"]);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout)).toMatchObject({ command: "delivery", ok: false, error: { message: expect.stringMatching(message) } });
  });
});

describe("delivery's requests (simulation, checkout, every env, 30 days)", { timeout: 120_000 }, () => {
  /** The reads (first attempts) made while `fn` runs on a fresh set of connectors (no cache shared with another run). */
  async function readsOf(fn: (providers: Providers) => Promise<unknown>): Promise<string[]> {
    const sent: HttpRequestEvent[] = [];
    const providers = await setupProviders({ env: {}, simulated: true, catalog: SIMULATED_CATALOG, now: NOW, hooks: { onRequest: (event) => void sent.push(event) } });
    try {
      await fn(providers);
    } finally {
      await providers.close();
    }
    // Each run has its own simulation (its own port): a read is its path and query.
    return sent.filter((e) => e.attempt === 1).map((e) => `${e.provider} ${e.operation} ${new URL(e.url).pathname}${new URL(e.url).search}`);
  }
  const window = deliveryWindow({}, NOW);

  it("reads nothing twice, and the failures' events cost no request: the command makes exactly hub.delivery's reads, and no more than the timeline of the same window", async () => {
    const command = await readsOf(async (providers) => {
      const ctx = commandContext(providers, ["checkout"]);
      const answer = await run(ctx);
      expect(answer.report.complete).toBe(true);
      expect(answer.report.evidence.length).toBeGreaterThan(0);
      // The text and the JSON come from the answer alone.
      expect(renderDelivery(ctx.mode, answer, plain)).toContain("failed deployment");
      expect(envelope(answer, ctx).evidence).toEqual(answer.report.evidence);
    });
    expect(command.filter((read, i) => command.indexOf(read) !== i)).toEqual([]);
    expect(command.filter((r) => r.startsWith("circleci listPipelineWorkflows ")).length).toBeGreaterThan(0);

    const hubAlone = await readsOf((providers) =>
      createHub({ connectors: timelineConnectors(providers, checkout) }).delivery({ service: checkout.name, repo: checkout.repo }, { since: window.since, until: window.until, failureWindowMs: window.windowMs }),
    );
    expect([...command].sort()).toEqual([...hubAlone].sort());

    const timeline = await readsOf((providers) => runTimeline(providers, checkout, undefined, window));
    expect(command.length).toBeLessThanOrEqual(timeline.length);
  }, 120_000);
});

// Hand-built events: every figure's exact value, the links and the text.
const service: ServiceEntry = { name: "shop", repo: "gh/acme/shop", envs: ["prod"] };
const at = (hhmm: string) => `2026-11-25T${hhmm}:00.000Z`;
const deploy = (id: string, hhmm: string, sha: string, extra: Partial<ServiceEvent> = {}): ServiceEvent => ({
  id,
  provider: "circleci",
  kind: "deploy",
  start: at(hhmm),
  env: "prod",
  title: `deploy ${id} (${sha}) to prod`,
  url: `https://ci.example/${id}`,
  keys: { service: "shop", env: "prod" },
  commit: { sha },
  ...extra,
});
const alert = (id: string, hhmm: string, end: string | undefined, extra: Partial<ServiceEvent> = {}): ServiceEvent => ({
  id,
  provider: "circonus",
  kind: "alert-opened",
  start: at(hhmm),
  ...(end ? { end: at(end) } : {}),
  env: "prod",
  title: `alert ${id}`,
  url: `https://mon.example/${id}`,
  keys: { service: "shop", env: "prod" },
  ...extra,
});
// d2 goes live, alert a1 opens 20 min later; d3 ships d1's commit again 40 min after d2 (a
// rollback); a1 clears at 11:50. d4 is rolled back by d5 alone. a2 opens with no deploy in the hour before it, still open.
const EVENTS: ServiceEvent[] = [
  deploy("d1", "09:00", "aaa", { triggeredAt: at("08:50") }),
  deploy("d2", "11:00", "bbb", { triggeredAt: at("10:55") }),
  alert("a1", "11:20", "11:50"),
  deploy("d3", "11:40", "aaa"),
  deploy("d4", "13:00", "ccc", { url: undefined }),
  deploy("d5", "13:30", "aaa"),
  alert("a2", "15:00", undefined),
];
const OPTIONS = { since: new Date(at("08:00")), until: new Date(at("16:00")), env: "prod", service: "shop" };

/** The part the hub adds when none of its connectors reads alerts (CircleCI configured, Circonus not). */
const NO_ALERT_READER: DeliveryIncompletePart = {
  lookup: "alerts of shop: none of the hub's connectors reads them",
  error: {
    kind: "configuration",
    message: "No connector given to the hub reads alerts (alert-opened, alert-cleared), so the figures that need them were measured without any.",
    fix: "Give the hub a connector whose correlator reads alerts, e.g. @toolweave/connector-circonus.",
    isRetryable: false,
  },
  retryable: false,
  provider: "hub",
  kinds: ["alert-opened", "alert-cleared"],
};

describe("delivery on hand-built events", () => {
  const report = deliveryMetrics(EVENTS, OPTIONS);
  const without = (ids: string[]): DeliveryReport => ({ ...report, evidence: report.evidence.filter((e) => !ids.includes(e.id)) });

  it("the report's evidence is each failure's deploy, alerts and rollback, once each, in time order, as read", () => {
    expect(report.changeFailureRate.failures).toEqual([
      { deployId: "d2", provider: "circleci", because: "alert", alertIds: ["a1"], rollbackDeployId: "d3" },
      { deployId: "d4", provider: "circleci", because: "rollback", alertIds: [], rollbackDeployId: "d5" },
    ]);
    expect(report.evidence.map((e) => `${e.kind} ${e.id}`)).toEqual(["deploy d2", "alert-opened a1", "deploy d3", "deploy d4", "deploy d5"]);
    expect(report.evidence[1]).toEqual(EVENTS[2]);
  });

  it("renders every figure, each failure with its events' titles and links, and the rules", () => {
    const text = renderDelivery("live", { service, env: "prod", report, notConfigured: [] }, plain);
    expect(text).toBe(
      [
        "shop (prod) — delivery health 2026-11-25 08:00 → 2026-11-25 16:00 UTC (8 h)",
        "  Deployments                 5 · 105.0 per week · on 1 day",
        "  Change failure rate         40% · 2 of 5 deployments failed",
        "  Failed deployment recovery  median 30 min · p90 50 min · 2 failed deployments",
        "  Time to restore             median 30 min · p90 30 min · 2 alerts (1 still open, not in the median)",
        "  Trigger to live             median 5 min · p90 10 min · 2 deployments",
        "  Lead time for changes       n/a — No deployment's commit carries a commit time (CircleCI reports none), so lead time for changes is not measured; trigger to live (pipeline trigger to deploy live) is measured instead.",
        "  2 failed deployments:",
        "  - failed (alert): 1 alert opened within 1 h after it went live, and rolled back within 1 h; recovered after 50 min",
        "      deploy    2026-11-25 11:00  deploy d2 (bbb) to prod  https://ci.example/d2",
        "      alert     2026-11-25 11:20  alert a1  https://mon.example/a1",
        "      rollback  2026-11-25 11:40  deploy d3 (aaa) to prod  https://ci.example/d3",
        "  - failed (rollback): rolled back within 1 h; recovered after 30 min",
        "      deploy    2026-11-25 13:00  deploy d4 (ccc) to prod (no link)",
        "      rollback  2026-11-25 13:30  deploy d5 (aaa) to prod  https://ci.example/d5",
        "  Rules: a deployment is a deploy that went live to prod. It failed when an alert opened in its env at most 1 h after it with no deploy in between (the timeline's first suspect), or when the next deploy, within 1 h, shipped a commit that was live there before (a rollback). Medians and p90 are nearest-rank.",
        "",
      ].join("\n"),
    );
  });

  it("names an event the evidence lacks by its bare id, and takes a failed deploy's own provider's event over another's with its id", () => {
    const text = renderDelivery("live", { service, env: "prod", report: without(["a1"]), notConfigured: [] }, plain);
    expect(text).toMatch(/^ {6}alert +a1$/m);
    const twin = { ...EVENTS[1]!, provider: "other", title: "another tool's d2" };
    const both = renderDelivery("live", { service, env: "prod", report: { ...report, evidence: [twin, ...report.evidence] }, notConfigured: [] }, plain);
    expect(both).toMatch(/^ {6}deploy +2026-11-25 11:00 {2}deploy d2 \(bbb\) to prod {2}https:\/\/ci\.example\/d2$/m);
    expect(both).not.toContain("another tool's d2");
  });

  it("marks each figure a failed provider's kinds feed, names the provider not configured, and shows a bare id for an event not read", () => {
    const part = { lookup: "events from Circonus", error: { name: "ToolweaveError", kind: "unavailable", message: "Circonus listAlerts failed: HTTP 503.", fix: "Retry later." }, retryable: true, provider: "circonus", kinds: ["alert-opened", "alert-cleared", "annotation"] as const };
    const down = deliveryMetrics(
      EVENTS.filter((e) => e.provider !== "circonus"),
      { ...OPTIONS, incomplete: [part as never] },
    );
    const text = renderDelivery("simulated", { service, env: "prod", report: { ...down, evidence: down.evidence.filter((e) => e.id !== "d5") }, notConfigured: [{ id: "x", displayName: "Tool X", variables: ["X_TOKEN"] }] }, plain);
    expect(text).toMatch(/^SIMULATED DATA/);
    expect(text).toMatch(/^ {2}Deployments +5 · 105\.0 per week · on 1 day$/m);
    expect(text).toMatch(/^ {2}Change failure rate +40% · 2 of 5 deployments failed {2}! incomplete: circonus not read in full$/m);
    expect(text).toMatch(/^ {2}Time to restore +n\/a — No alert opened in the window\. {2}! incomplete: circonus not read in full$/m);
    expect(text).toMatch(/^ {2}Trigger to live +median 5 min · p90 10 min · 2 deployments$/m);
    expect(text).toMatch(/^ {6}rollback +d5$/m);
    expect(text).toContain("  Tool X not configured (set X_TOKEN): its events are not read, so no figure counts them.");
    expect(text).toMatch(/ {2}circonus:\n {2}! Incomplete: 1 lookup\(s\) could not be made[^\n]*\n {4}- missing: events from Circonus\n {6}why: Circonus listAlerts failed: HTTP 503\. \(temporary: retrying may work\)\n {6}Fix: Retry later\./);
  });

  it("no connector reads alerts: the alert figures say so (not as a tool that failed), the part is listed with its fix, exit 3", () => {
    const noAlerts = deliveryMetrics(
      EVENTS.filter((e) => e.provider !== "circonus"),
      { ...OPTIONS, incomplete: [NO_ALERT_READER] },
    );
    const answer = { service, env: "prod", report: noAlerts, notConfigured: [{ id: "circonus", displayName: "Circonus", variables: ["CIRCONUS_API_TOKEN", "CIRCONUS_API_APP"] }] };
    expect(exitCode(answer)).toBe(3);
    const text = renderDelivery("live", answer, plain);
    expect(text).toMatch(/^ {2}Deployments +5 · 105\.0 per week · on 1 day$/m);
    for (const label of ["Change failure rate", "Failed deployment recovery", "Time to restore"]) expect(text).toMatch(new RegExp(`^ {2}${label} .* {2}! incomplete: no connector reads alerts$`, "m"));
    expect(text).not.toMatch(/hub not read in full|^ {2}hub:/m);
    expect(text).toContain("  Circonus not configured (set CIRCONUS_API_TOKEN, CIRCONUS_API_APP): its events are not read, so no figure counts them.");
    expect(text).toMatch(
      / {2}read by no configured tool:\n {2}! Incomplete: 1 lookup\(s\) could not be made[^\n]*\n {4}- missing: alerts of shop: none of the hub's connectors reads them\n {6}why: No connector given to the hub reads alerts .*\n {6}Fix: Give the hub a connector whose correlator reads alerts/,
    );
    // Both kinds of part on one figure: each said in its own words.
    const both = deliveryMetrics(EVENTS, { ...OPTIONS, incomplete: [NO_ALERT_READER, { ...NO_ALERT_READER, lookup: "events from CircleCI", provider: "circleci", kinds: ["deploy", "deploy-failed"] }] });
    expect(renderDelivery("live", { ...answer, report: both }, plain)).toMatch(/^ {2}Change failure rate .* {2}! incomplete: circleci not read in full; no connector reads alerts$/m);
  });

  it("the envelope of a report matches the command's strict schema, evidence included and no links", () => {
    const ctx = { mode: "live", now: NOW } as never;
    for (const r of [report, deliveryMetrics(EVENTS, { ...OPTIONS, incomplete: [NO_ALERT_READER] })]) {
      const body = { schemaVersion: 2, ...envelope({ service, env: "prod", report: r, notConfigured: [] }, ctx) };
      expect(output.safeParse(body).error?.issues ?? []).toEqual([]);
      expect(body.evidence).toEqual(r.evidence);
      expect(body).not.toHaveProperty("links");
    }
  });
});
