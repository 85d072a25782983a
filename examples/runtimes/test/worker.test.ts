import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulation } from "../../support/start-simulation.mjs";

const WORKER = fileURLToPath(new URL("../dist/worker.js", import.meta.url));

interface WorkerAnswer {
  pipeline?: { project: string; branch: string; number: number; outcome: string; workflows: { name: string; status: string }[] };
  alerts?: { cid: string; severity: number }[];
  error?: { kind: string; message: string };
}

describe("both connectors in a Worker (workerd, through miniflare), bundled for Workers", () => {
  let sim: Awaited<ReturnType<typeof startSimulation>>;
  let worker: Miniflare;
  beforeAll(async () => {
    sim = await startSimulation();
    // The variables are the Worker's bindings, as `wrangler secret put` / `[vars]` would give it.
    worker = new Miniflare({ modules: true, scriptPath: WORKER, compatibilityDate: "2025-09-01", bindings: sim.env });
    await worker.ready;
  }, 60_000);
  afterAll(async () => {
    await Promise.all([worker?.dispose(), sim?.stop()]);
  });

  it("answers the service's latest pipeline and active alerts as JSON", async () => {
    const response = await worker.dispatchFetch("http://worker.local/?project=gh/acme/checkout&service=checkout&env=prod");
    const body = (await response.json()) as WorkerAnswer;
    expect(body.error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(body.pipeline).toMatchObject({ project: "gh/acme/checkout", branch: "main", number: expect.any(Number), outcome: expect.any(String) });
    expect(body.pipeline?.workflows.length).toBeGreaterThan(0);
    expect(body.alerts?.length).toBeGreaterThan(0);
    for (const alert of body.alerts ?? []) expect(alert.cid).toMatch(/^\/alert\/\d+$/);
  });

  it("answers a typed failure (502, kind and message, no secret) for an unknown project", async () => {
    const response = await worker.dispatchFetch("http://worker.local/?project=gh/acme/no-such-project");
    const body = (await response.json()) as WorkerAnswer;
    expect(response.status).toBe(502);
    expect(body.error?.kind).toBe("not_found");
    expect(JSON.stringify(body)).not.toContain(sim.env.CIRCLECI_TOKEN);
  });
});
