import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDeployMarker, type CirconusClient } from "@toolweave/connector-circonus";
import { PermissionError, type VerifyReport } from "@toolweave/core";
import { afterEach, describe, expect, it } from "vitest";
import { SIMULATED_CATALOG, findService } from "../catalog.js";
import { runMain } from "../testing/run-main.js";
import { setupProviders, type Providers } from "../providers.js";
import { startSimulation, type SimFault } from "../simulation/sim-server.js";
import { SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_APP, SIM_CIRCONUS_TOKEN } from "../simulation/sim-credentials.js";
import { runAnnotate, writeRefusal } from "./annotate.js";
import { runTimeline } from "./timeline.js";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const checkout = findService(SIMULATED_CATALOG, "checkout");
const window = { since: new Date(NOW - 7 * 86_400_000), until: new Date(NOW) };
let open: Providers[] = [];

async function simulated(fault?: SimFault): Promise<Providers> {
  const providers = await setupProviders({ env: {}, simulated: true, catalog: SIMULATED_CATALOG, now: NOW, ...(fault ? { fault } : {}) });
  open.push(providers);
  return providers;
}

afterEach(async () => {
  await Promise.all(open.map((p) => p.close()));
  open = [];
});

/** The annotations in the simulated Circonus that carry a toolweave deploy marker. */
async function markedAnnotations(providers: Providers): Promise<string[]> {
  const all = await providers.circonus!.listAnnotations().toArray();
  return all.flatMap((a) => {
    const mark = parseDeployMarker(a.description);
    return mark ? [`${mark.provider}:${mark.id}`] : [];
  });
}

describe("annotate against the simulation", () => {
  it("is idempotent: run twice, one set of annotations", async () => {
    const providers = await simulated();
    const first = await runAnnotate(providers, checkout, "prod", { ...window, apply: true });
    expect(first.create.length).toBeGreaterThan(3);
    expect(first.create.every((a) => a.cid?.startsWith("/annotation/"))).toBe(true);
    expect(first.existing).toEqual([]);
    const second = await runAnnotate(providers, checkout, "prod", { ...window, apply: true });
    expect(second.create).toEqual([]);
    expect(second.existing.map((a) => a.cid)).toEqual(first.create.map((a) => a.cid));
    const marked = await markedAnnotations(providers);
    expect(marked).toHaveLength(first.create.length);
    expect(new Set(marked).size).toBe(marked.length);
    expect(providers.simulation!.requests.circonusWrites).toBe(first.create.length);
  });

  it("writes annotations that mark each deploy: sha in the title, links and tags in the description, related metrics, the deploy time", async () => {
    const providers = await simulated();
    const { create } = await runAnnotate(providers, checkout, "prod", { ...window, apply: true });
    const rollback = create.find((a) => a.title.startsWith("Rollback"))!;
    expect(rollback.title).toMatch(/^Rollback checkout [0-9a-f]{7} to prod$/);
    const stored = (await providers.circonus!.listAnnotations().toArray()).find((a) => a._cid === rollback.cid)!;
    expect(stored).toMatchObject({ category: "deploy", title: rollback.title, start: Date.parse(rollback.at) / 1000, stop: Date.parse(rollback.at) / 1000 });
    expect(stored.description).toContain("service:checkout env:prod");
    expect(stored.description).toMatch(/https:\/\/app\.circleci\.simulated\.invalid\/pipelines\/github\/acme\/checkout\/1041\/workflows\//);
    expect(stored.description).toContain(`toolweave-deploy:circleci:${rollback.deployId}`);
    expect(stored.rel_metrics?.length).toBeGreaterThan(0);
    expect(stored.rel_metrics!.every((m) => /^\d+_.+$/.test(m))).toBe(true);
  });

  it("the annotations then show on the timeline, each saying which deploy it marks", async () => {
    const providers = await simulated();
    const { create } = await runAnnotate(providers, checkout, "prod", { ...window, apply: true });
    const timeline = await runTimeline(providers, checkout, "prod", { ...window, windowMs: 3_600_000 });
    const marks = timeline.events.filter((e) => e.kind === "annotation" && e.attributes?.marks).map((e) => (e.attributes!.marks as { id: string }).id);
    expect(marks.sort()).toEqual(create.map((a) => a.deployId).sort());
  });

  it("a dry run writes nothing and says what it would create", async () => {
    const providers = await simulated();
    const report = await runAnnotate(providers, checkout, "prod", { ...window, apply: false });
    expect(report.create.length).toBeGreaterThan(3);
    expect(report.create.every((a) => a.cid === undefined)).toBe(true);
    expect(providers.simulation!.requests.circonusWrites).toBe(0);
    expect(await markedAnnotations(providers)).toEqual([]);
  });

  it("refuses --apply with a read-only token before any call, naming the fix", async () => {
    const providers = await simulated("circonus-read-only");
    const error = await runAnnotate(providers, checkout, "prod", { ...window, apply: true }).catch((e: unknown) => e);
    expect(PermissionError.isInstance(error), String(error)).toBe(true);
    expect((error as PermissionError).message).toMatch(/refused before writing anything: the Circonus token is declared read-only/);
    expect((error as PermissionError).fix).toMatch(/Normal or Admin privilege.*CIRCONUS_API_TOKEN_PRIVILEGE/);
    expect(providers.simulation!.requests.circonus).toBe(0);
    expect(providers.simulation!.requests.circleci).toBe(0);
  });

  it("refuses --apply with an app not approved for the token, before any write, naming the fix", async () => {
    const providers = await simulated("circonus-unapproved");
    const error = await runAnnotate(providers, checkout, "prod", { ...window, apply: true }).catch((e: unknown) => e);
    expect(PermissionError.isInstance(error), String(error)).toBe(true);
    expect((error as PermissionError).message).toMatch(/not approved/);
    expect((error as PermissionError).fix).toMatch(/Approve "toolweave-demo"/);
    expect(providers.simulation!.requests.circonusWrites).toBe(0);
  });

  it("writes nothing when the deploys could not all be read (a duplicate could follow)", async () => {
    const providers = await simulated("circleci-workflows-down");
    const error = await runAnnotate(providers, checkout, "prod", { ...window, apply: true }).catch((e: unknown) => e);
    expect(PermissionError.isInstance(error), String(error)).toBe(true);
    expect((error as PermissionError).message).toMatch(/cannot be sure which deploys are already marked/);
    expect(providers.simulation!.requests.circonusWrites).toBe(0);
    const dry = await runAnnotate(providers, checkout, "prod", { ...window, apply: false });
    expect(dry.incomplete).toEqual([expect.objectContaining({ provider: "circleci", lookup: expect.stringMatching(/^workflows of pipeline #1045/) })]);
  });
});

describe("writeRefusal", () => {
  const client = (privilege?: string) => ({ appName: "toolweave-demo", credential: { privilege } }) as unknown as CirconusClient;
  const report = (role: string | null, checks: VerifyReport["checks"] = []): VerifyReport => ({
    provider: "circonus",
    ok: true,
    credential: { kind: "account", masked: "****" },
    checks,
    details: { appApproved: true, user: { cid: "/user/57", role } },
  });

  it("refuses a token whose owner has the Read Only role (a token never has more privilege than its owner)", () => {
    expect(writeRefusal(client(), report("Read Only"))?.message).toMatch(/owner has the Read Only role/);
    expect(writeRefusal(client(), report("Normal"))).toBeUndefined();
    expect(writeRefusal(client(), report(null))).toBeUndefined();
  });

  it("refuses a declared read-only token without a report (no call needed)", () => {
    expect(writeRefusal(client("read-only"))?.fix).toMatch(/CIRCONUS_API_TOKEN_PRIVILEGE/);
    expect(writeRefusal(client("normal"))).toBeUndefined();
  });

  it("refuses a bad token reported by verify", () => {
    const bad = report(null, [{ name: "token accepted", ok: false, detail: "Circonus rejected the token (Forbidden.BadToken).", fix: "Create a new token." }]);
    expect(writeRefusal(client(), bad)?.fix).toBe("Create a new token.");
  });
});

describe("demo annotate (CLI)", () => {
  const run = runMain;

  it("dry run by default: lists what it would create, exit 0", async () => {
    const r = await run(["annotate", "checkout", "--env", "prod", "--since", "24h"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Would create 3 annotation\(s\) \(dry run: nothing written; add --apply to write them\):/);
    expect(r.stdout).toMatch(/2026-11-25 02:35 +Rollback checkout [0-9a-f]{7} to prod +toolweave-deploy:circleci:/);
  });

  it("--apply creates them; refusals exit 1 with the fix", async () => {
    const applied = await run(["annotate", "checkout", "--env", "prod", "--since", "24h", "--apply"]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/Created 3 annotation\(s\):\n {4}2026-11-24 15:38 +Deploy checkout [0-9a-f]{7} to prod +\/annotation\/\d+/);
    const readOnly = await run(["annotate", "checkout", "--env", "prod", "--apply"], { TOOLWEAVE_SIM_FAULT: "circonus-read-only" });
    expect(readOnly.code).toBe(1);
    expect(readOnly.stderr).toMatch(/refused before writing anything: the Circonus token is declared read-only/);
    const dry = await run(["annotate", "checkout", "--env", "prod"], { TOOLWEAVE_SIM_FAULT: "circonus-read-only" });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Note: --apply would be refused: .*declared read-only.*\n {2}Fix: Use a Circonus token with Normal or Admin privilege/);
  });

  it("live mode against a running simulation (as `simulate` prints it): two processes' runs, one set of annotations", async () => {
    const simulation = await startSimulation({ services: SIMULATED_CATALOG.services, now: NOW });
    try {
      const dir = mkdtempSync(join(tmpdir(), "toolweave-annotate-"));
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
      const first = JSON.parse((await run(["annotate", "checkout", "--env", "prod", "--apply", "--json"], env)).stdout);
      expect(first).toMatchObject({ mode: "live", apply: true, complete: true, existing: [] });
      expect(first.create.length).toBeGreaterThan(3);
      const second = JSON.parse((await run(["annotate", "checkout", "--env", "prod", "--apply", "--json"], env)).stdout);
      expect(second.create).toEqual([]);
      expect(second.existing).toHaveLength(first.create.length);
      expect(simulation.requests.circonusWrites).toBe(first.create.length);
    } finally {
      await simulation.close();
    }
  });

  it.each([
    [["annotate", "checkout"], /annotate needs --env/],
    [["annotate", "--env", "prod"], /needs a service name/],
    [["timeline", "checkout", "--apply"], /--apply applies to the annotate command only/],
    [["annotate", "checkout", "--env", "prod", "--window", "5m"], /--until and --window apply to the timeline and delivery commands only/],
  ])("%j is a usage error (exit 2)", async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
