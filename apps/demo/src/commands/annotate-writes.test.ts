import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CircleCIClient } from "@toolweave/connector-circleci";
import { createCirconus, parseDeployMarker, type CirconusClient } from "@toolweave/connector-circonus";
import { NotFoundError, PermissionError, type ServiceEvent } from "@toolweave/core";
import { afterEach, describe, expect, it } from "vitest";
import { SIMULATED_CATALOG, findService } from "../catalog.js";
import { EXIT } from "../exit-codes.js";
import { runMain } from "../testing/run-main.js";
import { setupProviders, type Providers } from "../providers.js";
import { startSimulation, type Simulation } from "../simulation/sim-server.js";
import { SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_APP, SIM_CIRCONUS_TOKEN } from "../simulation/sim-credentials.js";
import { output as annotateOutput, runAnnotate } from "./annotate.js";

// Issue #23: duplicates left by earlier runs are removed (8a), a deploy's annotation is never
// before the deploy (8b), and a partial --apply failure says what it wrote (9). The simulation's
// DELETE /annotation/<id> and its monotonic ids, which the fix relies on.

const NOW = Date.parse("2026-11-25T12:00:00Z");
const checkout = findService(SIMULATED_CATALOG, "checkout");
const window = { since: new Date(NOW - 7 * 86_400_000), until: new Date(NOW) };
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulation(): Promise<Simulation> {
  const sim = await startSimulation({ services: SIMULATED_CATALOG.services, now: NOW });
  cleanups.push(() => sim.close());
  return sim;
}

async function simulated(): Promise<Providers> {
  const providers = await setupProviders({ env: {}, simulated: true, catalog: SIMULATED_CATALOG, now: NOW });
  cleanups.push(() => providers.close());
  return providers;
}

const circonusAt = (baseUrl: string, privilege: "normal" | "read-only" = "normal"): CirconusClient =>
  createCirconus({ token: SIM_CIRCONUS_TOKEN, appName: SIM_CIRCONUS_APP, baseUrl, tokenKind: "account", privilege, retry: { retries: 0 } });

/** Annotations with a deploy marker, by `provider:id`, each with its CIDs in id order. */
async function byMarker(circonus: CirconusClient): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const a of await circonus.listAnnotations().toArray()) {
    const mark = parseDeployMarker(a.description);
    if (mark) out.set(`${mark.provider}:${mark.id}`, [...(out.get(`${mark.provider}:${mark.id}`) ?? []), a._cid]);
  }
  return out;
}

const idOf = (cid: string) => Number(cid.split("/").pop());

describe("the simulation's annotations (what concurrent runs rely on)", () => {
  it("DELETE /annotation/<id> removes it and counts as a write; a second DELETE is a 404 (already gone)", async () => {
    const sim = await simulation();
    const circonus = circonusAt(sim.circonusBaseUrl);
    const a = await circonus.createAnnotation({ title: "t", category: "deploy", description: "x", start: 1 });
    expect(await circonus.deleteAnnotation(a._cid)).toEqual({ cid: a._cid, alreadyGone: false });
    expect(sim.requests.circonusWrites).toBe(2);
    expect((await circonus.listAnnotations().toArray()).map((x) => x._cid)).not.toContain(a._cid);
    expect(await circonus.deleteAnnotation(a._cid)).toEqual({ cid: a._cid, alreadyGone: true });
    const get = await circonus.request({ operation: "getAnnotation", path: a._cid.slice(1) }).catch((e: unknown) => e);
    expect(NotFoundError.isInstance(get)).toBe(true);
  });

  it("ids only grow: an id is never given again after a delete", async () => {
    const sim = await simulation();
    const circonus = circonusAt(sim.circonusBaseUrl);
    const input = { title: "t", category: "deploy", description: "x", start: 1 };
    const first = await circonus.createAnnotation(input);
    const second = await circonus.createAnnotation(input);
    await circonus.deleteAnnotation(second._cid);
    const third = await circonus.createAnnotation(input);
    expect(idOf(second._cid)).toBeGreaterThan(idOf(first._cid));
    expect(idOf(third._cid)).toBeGreaterThan(idOf(second._cid));
  });

  it("concurrent creates get distinct, increasing ids", async () => {
    const sim = await simulation();
    const circonus = circonusAt(sim.circonusBaseUrl);
    const created = await Promise.all(Array.from({ length: 20 }, (_, i) => circonus.createAnnotation({ title: `t${i}`, category: "deploy", description: "x", start: 1 })));
    const ids = created.map((a) => idOf(a._cid));
    expect(new Set(ids).size).toBe(20);
    const listed = (await circonus.listAnnotations().toArray()).map((a) => idOf(a._cid)).filter((id) => ids.includes(id));
    expect(listed).toEqual([...ids].sort((x, y) => x - y));
  });

  it("refuses a DELETE from a read-only token (403), as Circonus does", async () => {
    const sim = await startSimulation({ services: SIMULATED_CATALOG.services, now: NOW, fault: "circonus-read-only" });
    cleanups.push(() => sim.close());
    // Declared normal, so the connector sends it and the server refuses.
    const error = await circonusAt(sim.circonusBaseUrl).deleteAnnotation("/annotation/301").catch((e: unknown) => e);
    expect(PermissionError.isInstance(error), String(error)).toBe(true);
    expect((await circonusAt(sim.circonusBaseUrl).listAnnotations().toArray()).map((a) => a._cid)).toContain("/annotation/301");
  });
});

describe("annotate --apply removes duplicates left by earlier runs (8a)", () => {
  it("keeps the copy with the lowest id, deletes the others, reports them; a dry run only says so", async () => {
    const providers = await simulated();
    const circonus = providers.circonus!;
    const first = await runAnnotate(providers, checkout, "prod", { ...window, apply: true });
    // Two deploys got extra copies from earlier, racing runs (the old code left them).
    const doubled = first.create.slice(0, 2);
    const stored = await circonus.listAnnotations().toArray();
    const extra: string[] = [];
    for (const plan of doubled) {
      const original = stored.find((a) => a._cid === plan.cid)!;
      for (let i = 0; i < 2; i++) {
        const copy = await circonus.createAnnotation({ title: original.title!, category: original.category!, description: original.description!, start: original.start!, stop: original.stop! });
        extra.push(copy._cid);
      }
    }
    const writesBefore = providers.simulation!.requests.circonusWrites;

    const dry = await runAnnotate(providers, checkout, "prod", { ...window, apply: false });
    expect(dry.deleted.map((d) => d.cid).sort()).toEqual([...extra].sort());
    expect(providers.simulation!.requests.circonusWrites).toBe(writesBefore);

    const second = await runAnnotate(providers, checkout, "prod", { ...window, apply: true });
    expect(second.create).toEqual([]);
    expect(second.deleted.map((d) => d.cid).sort()).toEqual([...extra].sort());
    for (const d of second.deleted) {
      expect(d).toMatchObject({ madeBy: "another-run", alreadyGone: false, kept: doubled.find((p) => p.deployId === d.deployId)!.cid });
    }
    expect(second.existing.map((a) => a.cid)).toEqual(first.create.map((a) => a.cid));
    const after = await byMarker(circonus);
    expect([...after.values()].every((cids) => cids.length === 1)).toBe(true);
    expect(after.size).toBe(first.create.length);
  });

  it("a duplicate already deleted by someone else (404) is fine: reported as already gone", async () => {
    const providers = await simulated();
    const real = providers.circonus!;
    const first = await runAnnotate(providers, checkout, "prod", { ...window, apply: true });
    const original = (await real.listAnnotations().toArray()).find((a) => a._cid === first.create[0]!.cid)!;
    const copy = await real.createAnnotation({ title: original.title!, category: original.category!, description: original.description!, start: original.start!, stop: original.stop! });
    // Another run deletes the copy between this run's read and its delete.
    providers.circonus = { ...real, deleteAnnotation: async (cid, options) => (await real.deleteAnnotation(cid, options), real.deleteAnnotation(cid, options)) };
    const second = await runAnnotate(providers, checkout, "prod", { ...window, apply: true });
    expect(second.deleted).toEqual([expect.objectContaining({ cid: copy._cid, alreadyGone: true, kept: original._cid })]);
    expect(second.error).toBeUndefined();
  });
});

describe("annotate's annotation time (8b)", () => {
  it("a deploy at …:59.999 is marked at the next whole second (rounded up), never before the deploy", async () => {
    const sim = await simulation();
    const circonus = circonusAt(sim.circonusBaseUrl);
    const events: ServiceEvent[] = [
      { id: "wf-late", provider: "circleci", kind: "deploy", start: "2026-11-25T09:59:59.999Z", env: "prod", title: "deploy", keys: { service: "checkout", env: "prod" } },
      { id: "wf-exact", provider: "circleci", kind: "deploy", start: "2026-11-25T10:30:00.000Z", env: "prod", title: "deploy", keys: { service: "checkout", env: "prod" } },
    ];
    const circleci = { deployEvents: () => Promise.resolve({ events, incomplete: [] }) } as unknown as CircleCIClient;
    const providers: Providers = { mode: "live", circleci, circonus, connectors: [], notConfigured: [], variables: [], circleciFor: () => circleci, close: async () => {} };
    const report = await runAnnotate(providers, checkout, "prod", { ...window, apply: true });
    const stored = await circonus.listAnnotations().toArray();
    const start = (deployId: string) => stored.find((a) => a._cid === report.create.find((p) => p.deployId === deployId)!.cid)!;
    expect(start("wf-late")).toMatchObject({ start: Date.parse("2026-11-25T10:00:00Z") / 1000, stop: Date.parse("2026-11-25T10:00:00Z") / 1000 });
    expect(start("wf-exact")).toMatchObject({ start: Date.parse("2026-11-25T10:30:00Z") / 1000 });
    for (const plan of report.create) expect(start(plan.deployId).start! * 1000).toBeGreaterThanOrEqual(Date.parse(plan.at));
  });
});

/** A loopback server in front of the simulated Circonus that answers the `failAt`-th annotation POST with HTTP 500. */
async function failingProxy(target: string, failAt: number): Promise<{ url: string; posts: () => number }> {
  const upstream = new URL(target);
  let posts = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method === "POST" && /\/annotation$/.test(new URL(req.url ?? "/", "http://x").pathname) && ++posts === failAt) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: "InternalError", message: "Internal server error", server: "api-sim.circonus.net" }));
        return;
      }
      const body = Buffer.concat(chunks);
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !["host", "connection", "content-length", "transfer-encoding"].includes(k)));
      const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...headers, "content-length": String(body.length) } }, (answer: IncomingMessage) => {
        const back: Buffer[] = [];
        answer.on("data", (c: Buffer) => back.push(c));
        answer.on("end", () => {
          res.writeHead(answer.statusCode ?? 502, { "content-type": answer.headers["content-type"] ?? "text/plain", ...(answer.headers["x-circonus-more-items"] ? { "x-circonus-more-items": String(answer.headers["x-circonus-more-items"]) } : {}) });
          res.end(Buffer.concat(back));
        });
      });
      out.on("error", (error) => {
        res.writeHead(502);
        res.end(error.message);
      });
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${upstream.pathname}`, posts: () => posts };
}

const cli = (argv: string[], env: Record<string, string>) => runMain(argv, { TOOLWEAVE_SIM_NOW: new Date(NOW).toISOString(), NO_COLOR: "1", ...env });

/** `demo simulate`'s variables, with Circonus behind `circonusUrl`. */
function liveEnv(sim: Simulation, circonusUrl: string): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "toolweave-annotate-writes-"));
  cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
  const catalog = join(dir, "catalog.json");
  writeFileSync(catalog, JSON.stringify({ services: SIMULATED_CATALOG.services }));
  return {
    CIRCLECI_BASE_URL: sim.circleciBaseUrl,
    CIRCLECI_TOKEN: SIM_CIRCLECI_TOKEN,
    CIRCONUS_API_URL: circonusUrl,
    CIRCONUS_API_TOKEN: SIM_CIRCONUS_TOKEN,
    CIRCONUS_API_APP: SIM_CIRCONUS_APP,
    TOOLWEAVE_CATALOG: catalog,
  };
}

describe("a partial annotate --apply failure says what it wrote (9)", () => {
  const argv = ["annotate", "checkout", "--env", "prod", "--since", "7d", "--apply"];

  it("the 3rd POST fails with HTTP 500: text names the 2 created (with ids), what was not written and the error; exit code 4", async () => {
    const sim = await simulation();
    const proxy = await failingProxy(sim.circonusBaseUrl, 3);
    const r = await cli(argv, liveEnv(sim, proxy.url));
    expect(r.code, r.stderr).toBe(EXIT.partialWrite);
    expect(proxy.posts()).toBe(3);
    const written = await byMarker(circonusAt(sim.circonusBaseUrl));
    expect(written.size).toBe(2);
    const cids = [...written.values()].flat();
    expect(r.stdout).toMatch(/Created 2 annotation\(s\) before the error stopped the run:/);
    for (const cid of cids) expect(r.stdout).toContain(cid);
    expect(r.stdout).toMatch(/Not written \(\d+\):/);
    expect(r.stdout).toMatch(/error: Circonus createAnnotation failed: HTTP 500/);
    expect(r.stdout).toMatch(/run the same command again/);
  });

  it("--json: create[] with the 2 ids, notWritten[], the error, exit code 4, and it matches the annotate schema", async () => {
    const sim = await simulation();
    const proxy = await failingProxy(sim.circonusBaseUrl, 3);
    const r = await cli([...argv, "--json"], liveEnv(sim, proxy.url));
    expect(r.code, r.stderr).toBe(EXIT.partialWrite);
    const value = JSON.parse(r.stdout) as Record<string, unknown> & { create: { cid?: string }[]; notWritten: unknown[]; deploys: number; error: Record<string, unknown> };
    const result = annotateOutput.safeParse(value);
    expect(result.success ? [] : result.error.issues).toEqual([]);
    const written = [...(await byMarker(circonusAt(sim.circonusBaseUrl))).values()].flat();
    expect(value.create.map((a) => a.cid).sort()).toEqual(written.sort());
    expect(value.create).toHaveLength(2);
    expect(value.notWritten).toHaveLength(value.deploys - 2);
    expect(value.error).toMatchObject({ name: "ServiceError", kind: "service", status: 500 });
    expect(value.complete).toBe(false);
  });

  it("a second run after the failure writes the rest, and the 2 already written are recognised", async () => {
    const sim = await simulation();
    const proxy = await failingProxy(sim.circonusBaseUrl, 3);
    const env = liveEnv(sim, proxy.url);
    const failed = JSON.parse((await cli([...argv, "--json"], env)).stdout) as { create: { cid: string }[]; deploys: number };
    const retry = await cli([...argv, "--json"], env);
    expect(retry.code, retry.stderr).toBe(EXIT.ok);
    const value = JSON.parse(retry.stdout) as { create: unknown[]; existing: { cid: string }[] };
    expect(value.create).toHaveLength(failed.deploys - 2);
    expect(value.existing.map((a) => a.cid)).toEqual(expect.arrayContaining(failed.create.map((a) => a.cid)));
    expect([...(await byMarker(circonusAt(sim.circonusBaseUrl))).values()].every((cids) => cids.length === 1)).toBe(true);
  });

  it("when the first write fails, nothing was written: the error alone, exit 1 (as before)", async () => {
    const sim = await simulation();
    const proxy = await failingProxy(sim.circonusBaseUrl, 1);
    const r = await cli(argv, liveEnv(sim, proxy.url));
    expect(r.code).toBe(EXIT.problems);
    expect(r.stderr).toMatch(/error: Circonus createAnnotation failed: HTTP 500/);
    expect((await byMarker(circonusAt(sim.circonusBaseUrl))).size).toBe(0);
  });
});
