import { describe, expect, it } from "vitest";
// Seeded, so a failing case can be replayed from its seed.
import { seededRandom } from "../../../scripts/seeded-random.mjs";
import type { Connector } from "./connector.js";
import { NetworkError } from "./errors.js";
import { eventsTruthViolations, type TruthEvent } from "./events-truth.js";
import { createHub } from "./hub.js";
import { incompletePart } from "./incomplete-part.js";
import { stubConnector } from "./testing.js";
import { overlapsWindow, type EventsOptions, type EventsResult, type ServiceEvent } from "./service-event.js";

const MIN = 60_000;
const since = new Date("2026-03-02T10:00:00.000Z");
const until = new Date("2026-03-02T12:00:00.000Z");

const full = (e: TruthEvent): ServiceEvent => ({ ...e, title: e.id, keys: {} });

/** A provider that answers `events` exactly as the contract says: what overlaps the window asked. */
function honest(id: string, truth: readonly TruthEvent[], fail?: (options: EventsOptions, call: number) => "throw" | "partial" | undefined): Connector {
  let calls = 0;
  return stubConnector(id, {
    events: async (_keys, options): Promise<EventsResult> => {
      calls += 1;
      const mode = fail?.(options, calls);
      if (mode === "throw") throw new NetworkError("socket hang up");
      const events = truth.filter((e) => e.provider === id && overlapsWindow(e, options.since, options.until)).map(full);
      if (mode === "partial") return { events: events.slice(1), incomplete: [incompletePart("page 2", new NetworkError("reset"))] };
      return { events, incomplete: [] };
    },
  });
}

function scenario(random: () => number): TruthEvent[] {
  const at = (min: number) => new Date(since.getTime() + min * MIN).toISOString();
  const envs = ["prod", "staging", undefined];
  const events: TruthEvent[] = [];
  const deploys = Math.floor(random() * 8);
  for (let i = 0; i < deploys; i++) {
    const env = envs[Math.floor(random() * envs.length)];
    events.push({ id: `w${i}`, provider: "ci", kind: random() < 0.8 ? "deploy" : "deploy-failed", start: at(Math.round(-400 + random() * 560)), ...(env ? { env } : {}) });
  }
  const alerts = Math.floor(random() * 6);
  for (let i = 0; i < alerts; i++) {
    const env = envs[Math.floor(random() * envs.length)];
    // Some open long before `since` (days), most around the window.
    const opened = random() < 0.2 ? -Math.round(random() * 60 * 24 * 40) : Math.round(-300 + random() * 440);
    const cleared = random() < 0.5 ? undefined : opened + Math.round(random() * 400);
    const base = { provider: "mon", ...(env ? { env } : {}) };
    events.push({ ...base, id: `a${i}:opened`, kind: "alert-opened", start: at(opened), ...(cleared === undefined ? {} : { end: at(cleared) }) });
    if (cleared !== undefined) events.push({ ...base, id: `a${i}:cleared`, kind: "alert-cleared", start: at(cleared) });
  }
  return events;
}

describe("eventsTruthViolations", () => {
  const truth: TruthEvent[] = [
    { id: "w1", provider: "ci", kind: "deploy", start: "2026-03-02T09:20:00.000Z", env: "prod" },
    { id: "a1:opened", provider: "mon", kind: "alert-opened", start: "2026-03-02T09:30:00.000Z", env: "prod" },
  ];
  it("finds a missing event, a duplicate, an invented event and a missing suspect", () => {
    const timeline = { keys: { service: "s" }, since: since.toISOString(), until: until.toISOString(), suspectWindowMs: 3_600_000, events: [], suspects: [], incomplete: [], complete: true };
    const problems = eventsTruthViolations(timeline, { events: truth, since, until });
    expect(problems.join("\n")).toMatch(/missing while claiming to be complete: mon alert-opened a1:opened/);
    expect(problems.join("\n")).toMatch(/suspects missing while claiming to be complete: w1 for a1:opened/);
    const twice = eventsTruthViolations({ events: [full(truth[1]!), full(truth[1]!), full({ ...truth[1]!, id: "zz" })], incomplete: [] }, { events: truth, since, until });
    expect(twice.join("\n")).toMatch(/listed twice[\s\S]*not in the scenario/);
  });
  it("accepts a shorter answer that says it is incomplete", () => {
    const answer = { events: [], incomplete: [incompletePart("alerts", new NetworkError("reset"))] };
    expect(eventsTruthViolations(answer, { events: truth, since, until })).toEqual([]);
  });
});

describe("hub.timeline holds the truth property (seeded random scenarios)", () => {
  it.each(Array.from({ length: 150 }, (_, i) => i + 1))("seed %i: honest providers", async (seed) => {
    const random = seededRandom(seed);
    const truth = scenario(random);
    const includeFailedDeploys = random() < 0.3;
    const hub = createHub({ connectors: [honest("ci", truth), honest("mon", truth)] });
    const timeline = await hub.timeline({ service: "checkout" }, { since, until, includeFailedDeploys });
    expect(eventsTruthViolations(timeline, { events: truth, since, until, includeFailedDeploys })).toEqual([]);
    expect(timeline.complete).toBe(true);
  });

  it.each(Array.from({ length: 60 }, (_, i) => i + 1000))("seed %i: a provider failing or partial in some pass", async (seed) => {
    const random = seededRandom(seed);
    const truth = scenario(random);
    const failOn = 1 + Math.floor(random() * 3);
    const mode = random() < 0.5 ? "throw" : "partial";
    const hub = createHub({ connectors: [honest("ci", truth, (_o, call) => (call === failOn ? mode : undefined)), honest("mon", truth)] });
    const timeline = await hub.timeline({ service: "checkout" }, { since, until });
    expect(eventsTruthViolations(timeline, { events: truth, since, until })).toEqual([]);
  });
});
