import type { HttpRequestEvent } from "@toolweave/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIMULATED_CATALOG } from "../catalog.js";
import { setupProviders, type Providers } from "../providers.js";
import { loadServiceView, serviceQuery } from "./service-view.js";

const NOW = Date.parse("2026-11-25T12:00:00Z");

describe("one service page's CircleCI requests (simulation, checkout, both envs, 24 h)", () => {
  const sent: HttpRequestEvent[] = [];
  let providers: Providers;
  beforeAll(async () => {
    providers = await setupProviders({
      env: {},
      simulated: true,
      catalog: SIMULATED_CATALOG,
      now: NOW,
      hooks: { onRequest: (event) => void (event.provider === "circleci" && sent.push(event)) },
    });
  }, 60_000);
  afterAll(async () => {
    await providers?.close();
  });

  it("lists no pipeline page and reads no pipeline's workflows twice: the timeline and the status share their reads", async () => {
    const checkout = SIMULATED_CATALOG.services.find((s) => s.name === "checkout")!;
    const view = await loadServiceView(providers, serviceQuery(checkout, undefined, "24h"), NOW);
    expect(view.complete).toBe(true);

    // Each read once; a retry (the simulation's one 429 on insights) is another attempt of the same read.
    const reads = sent.filter((e) => e.attempt === 1).map((e) => `${e.operation} ${e.url}`);
    expect(reads.filter((read, i) => reads.indexOf(read) !== i)).toEqual([]);
    // checkout has 91 pipelines younger than the delivery panel's 30 days plus the 14 days a deploy may be re-run in: each one's workflows are read, once.
    expect(reads.filter((r) => r.startsWith("listPipelineWorkflows "))).toHaveLength(91);
    // Five pages of every pipeline (the timeline and delivery health), three of the default branch's (the status).
    expect(reads.filter((r) => r.startsWith("listPipelines "))).toHaveLength(8);
    // Each read once: 8 pipeline pages, 91 workflow lists, the project, insights and its retry.
    expect(sent.length).toBeLessThanOrEqual(102);
  }, 60_000);
});
