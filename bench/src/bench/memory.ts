import { fork } from "node:child_process";
import { request as httpGet } from "node:http";
import { join } from "node:path";
import { request as octokitRequest } from "@octokit/request";
import { createCircleCI } from "@toolweave/connector-circleci";
import { createHttpClient } from "@toolweave/core";
import ky from "ky";
import { ofetch } from "ofetch";
import { CIRCLECI_TOKEN } from "../test-server/index.js";
import { startRemoteServer } from "./remote-server.js";
import { BENCH_DIR, fmt, gc, kib, median, printTable, runIfMain, writeResult } from "./report.js";
import { withServer } from "./with-server.js";

/** Requests in flight at once. */
const IN_FLIGHT = 1000;
/** Fresh processes per client; the table shows the median. */
const REPEATS = 2;
/** Issue #15's target: memory per in-flight request ≤ 1.3× raw fetch. */
const TARGET = 1.3;

const VARIANTS = ["fetch", "core", "connector", "ofetch", "ky", "octokit"] as const;
type Variant = (typeof VARIANTS)[number];
const LABELS: Record<Variant, string> = {
  fetch: "raw fetch + JSON.parse",
  core: "toolweave core (no schema)",
  connector: "toolweave connector (me)",
  ofetch: "ofetch",
  ky: "ky 1",
  octokit: "@octokit/request",
};

interface Sample {
  variant: Variant;
  heapPerRequestBytes: number;
}

/** A control call to the server process's hold origin (node:http, so fetch's pool is untouched). */
function control(origin: string, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${origin}/__control/${path}`, (res) => {
      res.resume();
      res.on("end", () => resolve());
    });
    req.on("error", reject);
    req.end();
  });
}

/** In a fresh process: IN_FLIGHT requests waiting on the hold origin; heap growth per request after a GC. */
async function measure(variant: Variant, holdOrigin: string, holdCircleciBaseUrl: string): Promise<Sample> {
  const url = `${holdCircleciBaseUrl}/me`;
  const headers = { "circle-token": CIRCLECI_TOKEN };
  // Throttle off: with it, only 8 requests would be in flight (the rest wait in its queue).
  const core = createHttpClient({ provider: "circleci", baseUrl: `${holdCircleciBaseUrl}/`, authenticate: (h) => h.set("circle-token", CIRCLECI_TOKEN), throttle: false });
  const circleci = createCircleCI({ token: CIRCLECI_TOKEN, baseUrl: holdCircleciBaseUrl, throttle: false });
  const one: Record<Variant, () => Promise<unknown>> = {
    fetch: async () => JSON.parse(await (await fetch(url, { headers })).text()),
    core: () => core.get({ operation: "me", path: "me" }),
    connector: () => circleci.me(),
    ofetch: () => ofetch(url, { headers }),
    ky: () => ky.get(url, { headers }).json(),
    octokit: async () => (await octokitRequest({ method: "GET", url, headers })).data,
  };
  const round = async (measureIt: boolean) => {
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const pending = Array.from({ length: IN_FLIGHT }, () => one[variant]());
    await control(holdOrigin, `expect/${IN_FLIGHT}`);
    gc();
    const heap1 = process.memoryUsage().heapUsed;
    await control(holdOrigin, "release");
    await Promise.all(pending);
    return measureIt ? (heap1 - heap0) / IN_FLIGHT : undefined;
  };
  // The first round opens the sockets (kept alive for the next rounds) and warms the code.
  await round(false);
  const rounds = [];
  for (let i = 0; i < 3; i++) rounds.push((await round(true))!);
  return { variant, heapPerRequestBytes: median(rounds) };
}

function inChild(variant: Variant, holdOrigin: string, holdCircleciBaseUrl: string): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = fork(join(BENCH_DIR, "dist", "memory.js"), ["--measure", variant, holdOrigin, holdCircleciBaseUrl], { execArgv: ["--expose-gc"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child.once("message", (m: Sample) => resolve(m));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? undefined : reject(new Error(`memory measurement of ${variant} exited with ${code}`))));
  });
}

/**
 * Benchmark 3: memory per in-flight request. Each client runs in a fresh process (`--expose-gc`)
 * and starts IN_FLIGHT GETs of `/me` against the server process's hold origin, which keeps
 * every request waiting (headers not sent) until all have arrived; then the heap used after a
 * forced GC is compared with the same before the requests started. (RSS is not reported: the
 * pages a GC gives back swamp a per-request difference of a few KiB.) A warm-up round first
 * opens the sockets (kept alive), so every client is measured on the same warm pool; median of
 * 3 rounds per process and of REPEATS processes per client, clients interleaved.
 */
export async function runMemory() {
  return withServer(startRemoteServer({}), async (server) => {
    const samples: Record<Variant, Sample[]> = Object.fromEntries(VARIANTS.map((v) => [v, []])) as unknown as Record<Variant, Sample[]>;
    for (let r = 0; r < REPEATS; r++) {
      for (let k = 0; k < VARIANTS.length; k++) {
        const variant = VARIANTS[(r + k) % VARIANTS.length]!;
        samples[variant].push(await inChild(variant, server.holdOrigin, server.holdCircleciBaseUrl));
      }
    }
    const heap = Object.fromEntries(VARIANTS.map((v) => [v, median(samples[v].map((s) => s.heapPerRequestBytes))])) as Record<Variant, number>;
    const rows = VARIANTS.map((v) => {
      const ratio = heap[v] / heap.fetch;
      const target = v === "core" || v === "connector" ? `${fmt(ratio)} ≤ ${TARGET}: ${ratio <= TARGET ? "met" : "NOT met"}` : "";
      return [LABELS[v], fmt(kib(heap[v]), 1), fmt(ratio), target];
    });
    printTable(
      `3. Memory per in-flight request: ${IN_FLIGHT} GETs held open by the server, growth after GC (median of ${REPEATS} fresh processes × 3 rounds)`,
      ["client", "heap KiB/request (after GC)", "× raw fetch", `target ≤ ${TARGET}× raw fetch`],
      rows,
    );
    writeResult("memory", { inFlight: IN_FLIGHT, repeats: REPEATS, target: TARGET, heapPerRequestBytes: heap, samples });
    return { heap };
  });
}

if (process.argv[2] === "--measure") {
  const [, , , variant, holdOrigin, holdBase] = process.argv;
  measure(variant as Variant, holdOrigin!, holdBase!).then(
    (sample) => process.send!(sample, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  runIfMain("memory", runMemory);
}
