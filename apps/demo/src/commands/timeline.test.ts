import { describe, expect, it } from "vitest";
import { main } from "../main.js";
import { parseDuration, parseInstant, timelineWindow } from "./timeline.js";

const NOW = "2026-11-25T12:00:00Z";

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t), isTTY: false },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    env: { TOOLWEAVE_SIM_NOW: NOW, ...env },
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}

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
    [["status", "checkout", "--since", "1h"], /--since applies to the timeline and annotate commands only/],
  ])("%j is a usage error (exit 2)", async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
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
});
