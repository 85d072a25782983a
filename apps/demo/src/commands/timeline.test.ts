import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SIMULATED_CATALOG } from "../catalog.js";
import { runMain } from "../testing/run-main.js";
import { startSimulation } from "../simulation/sim-server.js";
import { SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_APP, SIM_CIRCONUS_TOKEN } from "../simulation/sim-credentials.js";
import { parseDuration, parseInstant, timelineWindow } from "./timeline.js";

const NOW = "2026-11-25T12:00:00Z";

const run = runMain;

describe("demo timeline (simulated world)", () => {
  it("shows checkout's prod deploys and alerts in time order, the true suspect under its alert, the rollback and the unexplained alerts", async () => {
    const r = await run(["timeline", "checkout", "--env", "prod"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("SIMULATED DATA");
    const lines = r.stdout.split("\n");
    const at = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    const deploy = at(/^ {2}2026-11-25 02:00 +circleci +deploy +prod +deploy-checkout deployed #1043 \([0-9a-f]{7}\) to prod \[suspect\] · by \S+$/);
    const alert = at(/^ {2}2026-11-25 02:12 +circonus +alert-opened +prod +sev 2 alert: checkout\.prod\.acme\.example health \/ duration = 1730 · cleared 2026-11-25 02:40$/);
    const suspect = at(/⚠ suspect: deploy [0-9a-f]{7} #1043 \(circleci, by \S+\) 12 min before$/);
    const rollback = at(/^ {2}2026-11-25 02:35 +circleci +deploy +prod +deploy-checkout rollback to #1041 .*\[rollback\]/);
    expect([deploy, alert, suspect, rollback].every((i) => i > 0), r.stdout).toBe(true);
    expect(deploy < alert && alert < suspect && suspect < rollback).toBe(true);
    // The two alerts still open have no deploy to prod in the hour before them.
    expect(r.stdout).toMatch(/11:00 +circonus +alert-opened +prod +sev 2 .* · still open\n {2}2026-11-25 11:30 +circonus +alert-opened +prod +sev 1 .* · still open\n/);
    expect(r.stdout).toContain("3 alert(s) opened; 1 with a suspect deploy, 2 with no deploy to the same env in the 1 h before.");
    expect(r.stdout).toMatch(/circonus +annotation +prod +\[change\] DB pool size raised/);
    expect(r.stdout).not.toContain("staging");
  });

  it("--json: events in order, the suspect with its commit and gap, complete", async () => {
    const r = await run(["timeline", "checkout", "--env", "prod", "--json"]);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ schemaVersion: 2, command: "timeline", mode: "simulated", env: "prod", since: "2026-11-24T12:00:00.000Z", until: "2026-11-25T12:00:00.000Z", suspectWindowMs: 3_600_000, complete: true, incomplete: [] });
    const starts = out.events.map((e: { start: string }) => Date.parse(e.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(out.suspects).toHaveLength(1);
    const [suspect] = out.suspects;
    const deploy = out.events.find((e: { id: string }) => e.id === suspect.deployId);
    expect(deploy).toMatchObject({ kind: "deploy", env: "prod", attributes: { pipelineNumber: 1043 } });
    expect(suspect).toMatchObject({ provider: "circleci", alertProvider: "circonus", env: "prod", gapMs: 12 * 60_000, commit: { sha: deploy.commit.sha } });
    expect(out.events.filter((e: { attributes?: { rollback?: boolean } }) => e.attributes?.rollback)).toHaveLength(1);
  });

  it("a narrower --window drops the suspect; --since reaches older deploys", async () => {
    const narrow = JSON.parse((await run(["timeline", "checkout", "--env", "prod", "--window", "11m", "--json"])).stdout);
    expect(narrow.suspects).toEqual([]);
    const week = JSON.parse((await run(["timeline", "checkout", "--since", "7d", "--json"])).stdout);
    expect(week.events.length).toBeGreaterThan(JSON.parse((await run(["timeline", "checkout", "--json"])).stdout).events.length);
  });

  it("one tool down never hides the other's events: exit 3 with what is missing and why", async () => {
    const r = await run(["timeline", "checkout", "--env", "prod"], { TOOLWEAVE_SIM_FAULT: "circonus-down" });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/deploy-checkout deployed #1043/);
    expect(r.stdout).toMatch(/circonus:\n {2}! Incomplete: 1 lookup\(s\)/);
    expect(r.stdout).toMatch(/- missing: events from Circonus\n {6}why: .*503/);
    const json = JSON.parse((await run(["timeline", "checkout", "--json"], { TOOLWEAVE_SIM_FAULT: "circonus-down" })).stdout);
    expect(json.complete).toBe(false);
    expect(json.incomplete).toEqual([expect.objectContaining({ provider: "circonus", lookup: "events from Circonus", retryable: true })]);
  });

  it("reports a pipeline whose workflows could not be read (exit 3), keeping the rest", async () => {
    const r = await run(["timeline", "checkout", "--json"], { TOOLWEAVE_SIM_FAULT: "circleci-workflows-down" });
    const out = JSON.parse(r.stdout);
    expect(r.code).toBe(3);
    expect(out.incomplete).toEqual([expect.objectContaining({ provider: "circleci", lookup: expect.stringMatching(/^workflows of pipeline #1045 \(gh\/acme\/checkout\)/) })]);
    expect(out.suspects).toHaveLength(1);
  });

  it.each([
    [["timeline"], /needs a service name/],
    [["timeline", "checkout", "--since", "yesterday"], /--since must be a duration back from now/],
    [["timeline", "checkout", "--window", "0m"], /--window must be a duration/],
    [["timeline", "checkout", "--since", "1h", "--until", "2h"], /--since .* is after --until/],
    [["timeline", "checkout", "--env", "qa"], /has no environment "qa"/],
    [["status", "checkout", "--since", "1h"], /--since applies to the timeline, delivery and annotate commands only/],
  ])("%j is a usage error (exit 2)", async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe("demo timeline after annotate --apply (one `demo simulate` world)", () => {
  it("shows each deploy once, carrying its marker annotation (text and --json); an annotation that marks no deploy stays a row", async () => {
    const simulation = await startSimulation({ services: SIMULATED_CATALOG.services, now: Date.parse(NOW) });
    const dir = mkdtempSync(join(tmpdir(), "toolweave-timeline-markers-"));
    try {
      const catalog = join(dir, "catalog.json");
      writeFileSync(catalog, JSON.stringify({ services: SIMULATED_CATALOG.services }));
      const env = {
        CIRCLECI_BASE_URL: simulation.circleciBaseUrl,
        CIRCLECI_TOKEN: SIM_CIRCLECI_TOKEN,
        CIRCONUS_API_URL: simulation.circonusBaseUrl,
        CIRCONUS_API_TOKEN: SIM_CIRCONUS_TOKEN,
        CIRCONUS_API_APP: SIM_CIRCONUS_APP,
        TOOLWEAVE_CATALOG: catalog,
      };
      const applied = await run(["annotate", "checkout", "--env", "prod", "--since", "7d", "--apply", "--json"], env);
      const created = (JSON.parse(applied.stdout).create as { deployId: string }[]).map((a) => a.deployId);
      expect(created.length, applied.stdout + applied.stderr).toBeGreaterThan(0);

      const json = JSON.parse((await run(["timeline", "checkout", "--env", "prod", "--json"], env)).stdout);
      const marked = json.events.filter((e: { marker?: unknown }) => e.marker);
      expect(marked.length).toBeGreaterThan(0);
      for (const e of marked) expect(e).toMatchObject({ kind: "deploy", marker: { provider: "circonus", id: expect.stringMatching(/^\/annotation\/\d+$/) } });
      // No annotation row marks a deploy in view; the hand-made one (it marks nothing) stays.
      const ids = new Set(json.events.map((e: { provider: string; id: string }) => `${e.provider}:${e.id}`));
      const markerRows = json.events.filter((e: { kind: string; attributes?: { marks?: { provider: string; id: string } } }) => e.kind === "annotation" && e.attributes?.marks && ids.has(`${e.attributes.marks.provider}:${e.attributes.marks.id}`));
      expect(markerRows).toEqual([]);
      expect(json.events.filter((e: { kind: string; title: string }) => e.kind === "annotation").map((e: { title: string }) => e.title)).toEqual(["[change] DB pool size raised"]);

      const text = (await run(["timeline", "checkout", "--env", "prod"], env)).stdout;
      // #1043 once: its row says it is marked.
      expect(text.match(/deploy-checkout deployed #1043/g)).toHaveLength(1);
      expect(text).toMatch(/deploy-checkout deployed #1043 \([0-9a-f]{7}\) to prod \[suspect\] · by \S+ · marked: circonus annotation \/annotation\/\d+/);
      expect(text).not.toMatch(/annotation +prod +\[deploy\]/);
    } finally {
      await simulation.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("timeline flags", () => {
  const now = Date.parse(NOW);
  it("reads durations and instants", () => {
    expect(parseDuration("90m", "--window")).toBe(90 * 60_000);
    expect(parseDuration("7d", "--since")).toBe(7 * 86_400_000);
    expect(parseInstant("24h", "--since", now).toISOString()).toBe("2026-11-24T12:00:00.000Z");
    expect(parseInstant("2026-11-20T08:00:00Z", "--since", now).toISOString()).toBe("2026-11-20T08:00:00.000Z");
    expect(timelineWindow({ until: "2026-11-20T00:00:00Z" }, now).since.toISOString()).toBe("2026-11-19T00:00:00.000Z");
  });

  // Review of #27: "99999999d" made a date no ISO string can hold (the answer then failed its own
  // schema after every request was made), and "100000d" or year 0001 read back to 1753 and before.
  it("refuses a duration over 10 years and an instant outside 1970–9999, before any request", () => {
    expect(() => parseDuration("99999999d", "--since")).toThrow(/--since must be at most 3650d \(10 years\)/);
    expect(() => parseInstant("100000d", "--since", now)).toThrow(/--since must be at most 3650d/);
    expect(() => parseInstant("0001-01-01T00:00:00Z", "--since", now)).toThrow(/--since must be between 1970-01-01 and 9999-12-31/);
    expect(parseDuration("3650d", "--since")).toBe(3650 * 86_400_000);
  });
});
