import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCirconus, parseDeployMarker } from "@toolweave/connector-circonus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIMULATED_CATALOG } from "../catalog.js";
import { startSimulation, type Simulation } from "../simulation/sim-server.js";
import { SIM_CIRCLECI_TOKEN, SIM_CIRCONUS_APP, SIM_CIRCONUS_TOKEN } from "../simulation/sim-credentials.js";
import { buildPrivateCli, childExit, type ChildExit } from "../testing/private-cli-build.js";

// Issue #23 item 8a: several `demo annotate --apply` runs at once (two CI jobs, a cron overlapping
// a manual run) against one `demo simulate`-style server. Real child processes of the demo CLI,
// built from the current sources into a private folder, against one simulation on loopback.
//
// Nothing here waits on the clock. The runs are made to overlap by events:
//  - each child waits, before the CLI starts, until every child is loaded (a preload that says
//    "ready" on fd 3 and waits for "go" on stdin), so all start together;
//  - a loopback proxy in front of the simulated Circonus holds the first N reads of the
//    annotations until all N runs have sent theirs: every run sees the state before any write,
//    the worst case for duplicates;
//  - it then holds the first N annotation POSTs until all N have arrived: the runs create their
//    first deploy's annotation at the same moment, so the post-create check has real races to settle.

const NOW = "2026-11-25T12:00:00Z";
/** Generous: N node processes on a loaded 2-core machine. */
const TEST_TIMEOUT = 300_000;

let cli = "";
let gate = "";
let removeBuild = () => {};

beforeAll(async () => {
  // A private build of the CLI, so a concurrent `pnpm build` cleaning dist/ cannot pull the file from under the children.
  const build = await buildPrivateCli("annotate-concurrency");
  ({ cli } = build);
  removeBuild = build.remove;
  gate = join(build.dir, "start-gate.mjs");
  writeFileSync(
    gate,
    [
      'import { writeSync } from "node:fs";',
      'writeSync(3, "ready\\n");',
      "await new Promise((resolve) => process.stdin.once(\"data\", resolve));",
      "process.stdin.destroy();",
      "",
    ].join("\n"),
  );
}, 180_000);

afterAll(() => removeBuild());

/** A request as the proxy received it, waiting to be forwarded. */
interface Held {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  res: ServerResponse;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host"]);

/**
 * A loopback proxy in front of `target` that holds the first `n` requests of each `barrier`
 * until all `n` have arrived, then forwards them together (every other request straight away).
 */
async function barrierProxy(target: string, n: number, barriers: Record<string, (method: string, path: string) => boolean>): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const queues = new Map(Object.keys(barriers).map((name) => [name, { seen: 0, held: [] as Held[] }]));
  const forward = (held: Held) => {
    const headers = Object.fromEntries(Object.entries(held.headers).filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase())));
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: held.method, path: held.url, headers: { ...headers, "content-length": String(held.body.length) } }, (answer: IncomingMessage) => {
      const chunks: Buffer[] = [];
      answer.on("data", (c: Buffer) => chunks.push(c));
      answer.on("end", () => {
        const back = Object.fromEntries(Object.entries(answer.headers).filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase())));
        held.res.writeHead(answer.statusCode ?? 502, back as Record<string, string>);
        held.res.end(Buffer.concat(chunks));
      });
    });
    out.on("error", (error) => {
      held.res.writeHead(502, { "content-type": "text/plain" });
      held.res.end(`proxy: ${error.message}`);
    });
    out.end(held.body);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const held: Held = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks), res };
      const path = new URL(held.url, "http://127.0.0.1").pathname;
      for (const [name, matches] of Object.entries(barriers)) {
        const queue = queues.get(name)!;
        if (queue.seen >= n || !matches(held.method, path)) continue;
        queue.seen += 1;
        queue.held.push(held);
        if (queue.held.length === n) for (const h of queue.held.splice(0)) forward(h);
        return;
      }
      forward(held);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts `n` CLI processes, lets them all load, then releases them at once; resolves with their exits. */
async function runTogether(n: number, argv: string[], env: Record<string, string>, cwd: string): Promise<ChildExit[]> {
  const children = Array.from({ length: n }, () =>
    spawn(process.execPath, ["--import", gate, cli, ...argv], { cwd, env, stdio: ["pipe", "pipe", "pipe", "pipe"] }),
  );
  const exits = children.map((child) => childExit(child));
  // Every child loaded and waiting (or already gone: its exit then tells why).
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          const ready = child.stdio[3] as NodeJS.ReadableStream;
          ready.once("data", () => resolve());
          child.once("close", () => resolve());
        }),
    ),
  );
  for (const child of children) child.stdin?.end("go\n");
  return Promise.all(exits);
}

/** Annotations carrying a deploy marker in the simulated Circonus, by marker. */
async function annotationsByMarker(simulation: Simulation): Promise<Map<string, string[]>> {
  const circonus = createCirconus({ token: SIM_CIRCONUS_TOKEN, appName: SIM_CIRCONUS_APP, baseUrl: simulation.circonusBaseUrl, tokenKind: "account", privilege: "normal" });
  const byMarker = new Map<string, string[]>();
  for (const a of await circonus.listAnnotations().toArray()) {
    const mark = parseDeployMarker(a.description);
    if (mark) byMarker.set(`${mark.provider}:${mark.id}`, [...(byMarker.get(`${mark.provider}:${mark.id}`) ?? []), a._cid]);
  }
  return byMarker;
}

/** The environment of a shell that ran `eval "$(demo simulate)"`: no inherited tool or demo variables. */
function simulateEnv(simulation: Simulation, circonusUrl: string, catalog: string): Record<string, string> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && !/^(CIRCLECI_|CIRCONUS_|TOOLWEAVE_|FORCE_COLOR|NODE_OPTIONS)/.test(k))) as Record<string, string>;
  return {
    ...base,
    NO_COLOR: "1",
    CIRCLECI_BASE_URL: simulation.circleciBaseUrl,
    CIRCLECI_TOKEN: SIM_CIRCLECI_TOKEN,
    CIRCONUS_API_URL: circonusUrl,
    CIRCONUS_API_TOKEN: SIM_CIRCONUS_TOKEN,
    CIRCONUS_API_APP: SIM_CIRCONUS_APP,
    TOOLWEAVE_CATALOG: catalog,
    TOOLWEAVE_SIM_NOW: NOW,
  };
}

describe("annotate --apply from several processes at once (issue #23, 8a)", () => {
  it.each([4, 8])(
    "%i concurrent processes against one simulation leave exactly one annotation per deploy",
    async (n) => {
      const simulation = await startSimulation({ services: SIMULATED_CATALOG.services, now: Date.parse(NOW) });
      const dir = mkdtempSync(join(tmpdir(), "toolweave-annotate-concurrency-"));
      const isList = (method: string, path: string) => method === "GET" && /\/annotation$/.test(path);
      const isCreate = (method: string, path: string) => method === "POST" && /\/annotation$/.test(path);
      const proxy = await barrierProxy(simulation.circonusBaseUrl, n, { reads: isList, creates: isCreate });
      try {
        const catalog = join(dir, "catalog.json");
        writeFileSync(catalog, JSON.stringify({ services: SIMULATED_CATALOG.services }));
        const env = simulateEnv(simulation, proxy.url, catalog);
        const argv = ["annotate", "checkout", "--env", "prod", "--since", "7d", "--apply", "--json"];
        const runs = await runTogether(n, argv, env, dir);
        for (const [i, run] of runs.entries()) expect(run.code, `run ${i + 1} of ${n} exited ${String(run.code ?? run.signal)}:\n${run.stderr}\n${run.stdout.slice(0, 2000)}`).toBe(0);
        const reports = runs.map(
          (run) =>
            JSON.parse(run.stdout) as {
              deploys: number;
              create: { marker: string; cid: string }[];
              existing: { marker: string; cid: string }[];
              deleted: { cid: string; marker: string; kept: string; madeBy: string }[];
            },
        );
        const deploys = reports[0]!.deploys;
        expect(deploys).toBeGreaterThan(3);

        const byMarker = await annotationsByMarker(simulation);
        const perDeploy = [...byMarker.values()].map((cids) => cids.length);
        // The runs really raced: all n created the first deploy's annotation at once (the proxy
        // held their POSTs together), and every run but the one with the lowest id deleted its own.
        const ownDeleted = reports.flatMap((r) => r.deleted.filter((d) => d.madeBy === "this-run"));
        const summary = `${n} processes, ${deploys} deploys, ${ownDeleted.length} own copies deleted after a race, ${simulation.requests.circonusWrites} writes: ${[...byMarker.entries()].map(([m, c]) => `${m.slice(-8)}×${c.length}`).join(" ")}`;
        console.log(`annotations per deploy after ${summary}`);
        expect(byMarker.size, summary).toBe(deploys);
        expect(perDeploy.every((count) => count === 1), summary).toBe(true);
        expect(ownDeleted.length, summary).toBeGreaterThanOrEqual(n - 1);
        for (const d of ownDeleted) expect(Number(d.kept.split("/").pop())).toBeLessThan(Number(d.cid.split("/").pop()));

        // Every run's report names the one annotation that stayed for each deploy, whether it
        // created it or found it (from an earlier or a concurrent run).
        const kept = new Map([...byMarker.entries()].map(([marker, cids]) => [`toolweave-deploy:${marker}`, cids[0]!]));
        for (const report of reports) {
          expect(report.create.length + report.existing.length).toBe(deploys);
          for (const a of [...report.create, ...report.existing]) expect(a.cid, a.marker).toBe(kept.get(a.marker));
        }
        // Each deploy was created by exactly one run (the others found it, or removed their own copy).
        expect(reports.flatMap((r) => r.create.map((a) => a.marker)).sort()).toEqual([...kept.keys()].sort());

        // A later run finds everything marked and writes nothing.
        const before = simulation.requests.circonusWrites;
        const again = await runTogether(1, argv, env, dir);
        expect(again[0]!.code, again[0]!.stderr).toBe(0);
        const last = JSON.parse(again[0]!.stdout) as { create: unknown[]; existing: unknown[]; deleted?: unknown[] };
        expect(last.create).toEqual([]);
        expect(last.existing).toHaveLength(deploys);
        expect(last.deleted ?? []).toEqual([]);
        expect(simulation.requests.circonusWrites).toBe(before);
      } finally {
        await proxy.close();
        await simulation.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    TEST_TIMEOUT,
  );
});

