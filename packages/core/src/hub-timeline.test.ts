import { describe, expect, it } from "vitest";
import { createHub } from "./hub.js";
import type { Connector } from "./connector.js";
import type { Correlator } from "./correlator.js";
import { InvalidInputError, NetworkError, RateLimitedError } from "./errors.js";
import { incompletePart } from "./incomplete-part.js";
import { stubConnector } from "./testing.js";
import type { EventsOptions, EventsResult } from "./service-event.js";
import { at, e, MIN, since, until } from "./test-support/hub-window-events.js";


const fake = (id: string, events?: Correlator["events"]): Connector => stubConnector(id, events ? { events } : {});


describe("hub.timeline", () => {
  it("merges every provider's events in time order and links the suspect deploy", async () => {
    const calls: EventsOptions[] = [];
    const hub = createHub({
      connectors: [
        fake("monitor", async (_keys, options) => {
          calls.push(options);
          return { events: [e("monitor", "a1:opened", "alert-opened", 40), e("monitor", "a1:cleared", "alert-cleared", 70)], incomplete: [] };
        }),
        fake("ci", async () => ({ events: [e("ci", "w2", "deploy", 30, { commit: { sha: "abc" } }), e("ci", "w1", "deploy-failed", 5)], incomplete: [] })),
        fake("plain"),
      ],
    });
    const timeline = await hub.timeline({ service: "Checkout", env: "prod" }, { since, until });
    expect(timeline.events.map((x) => x.id)).toEqual(["w1", "w2", "a1:opened", "a1:cleared"]);
    expect(timeline.suspects).toEqual([{ alertId: "a1:opened", alertProvider: "monitor", deployId: "w2", provider: "ci", env: "prod", commit: { sha: "abc" }, gapMs: 10 * MIN }]);
    expect(timeline).toMatchObject({ keys: { service: "checkout", env: "prod" }, since: since.toISOString(), until: until.toISOString(), complete: true, incomplete: [] });
    // asked from one suspect window before `since`, so a deploy just before it can still be linked
    expect(calls[0]!.since.toISOString()).toBe("2026-03-02T09:00:00.000Z");
    expect(calls[0]!.until).toBe(until);
  });

  it("keeps the other providers' events when one rejects, and says which one and why", async () => {
    const hub = createHub({
      connectors: [
        fake("ci", async () => {
          throw new NetworkError("ci is unreachable", { fix: "Check the network." });
        }),
        fake("monitor", async () => ({ events: [e("monitor", "a1", "alert-opened", 10)], incomplete: [] })),
      ],
    });
    const timeline = await hub.timeline({ service: "checkout" }, { since, until });
    expect(timeline.events.map((x) => x.id)).toEqual(["a1"]);
    expect(timeline.complete).toBe(false);
    expect(timeline.incomplete).toEqual([
      { provider: "ci", lookup: "events from CI", retryable: true, error: expect.objectContaining({ kind: "network", message: expect.stringContaining("unreachable"), fix: "Check the network." }) },
    ]);
  });

  it("carries a provider's own incomplete parts, tagged with the provider", async () => {
    const part = incompletePart("workflows of pipeline #7 (gh/acme/checkout)", new RateLimitedError("429", {}));
    const hub = createHub({ connectors: [fake("ci", async () => ({ events: [], incomplete: [part] }))] });
    const timeline = await hub.timeline({ service: "checkout" }, { since, until });
    expect(timeline.incomplete).toEqual([{ ...part, provider: "ci" }]);
    expect(timeline.complete).toBe(false);
  });

  it("refuses a malformed events answer instead of showing it as complete", async () => {
    const hub = createHub({ connectors: [fake("ci", (async () => [e("ci", "w", "deploy", 1)]) as unknown as Correlator["events"])] });
    const timeline = await hub.timeline({ service: "checkout" }, { since, until });
    expect(timeline.complete).toBe(false);
    expect(timeline.incomplete[0]!.error.message).toMatch(/not \{ events, incomplete \}/);
  });

  it("shows events overlapping the window, and from the look-back only deploys a suspect names", async () => {
    const events: EventsResult = {
      events: [
        e("ci", "before-unlinked", "deploy", -50, { env: "staging" }),
        e("ci", "before-linked", "deploy", -5),
        e("mon", "open-before", "alert-opened", -20),
        e("mon", "cleared-before", "alert-opened", -30, { end: at(-25) }),
        e("mon", "spans-since", "alert-opened", -40, { end: at(10) }),
        e("mon", "a", "alert-opened", 5),
        e("mon", "after", "alert-opened", 121),
      ],
      incomplete: [],
    };
    const hub = createHub({ connectors: [fake("ci", async () => events)] });
    const timeline = await hub.timeline({ service: "checkout" }, { since, until });
    expect(timeline.events.map((x) => x.id)).toEqual(["spans-since", "open-before", "before-linked", "a"]);
    expect(timeline.suspects.map((s) => [s.alertId, s.deployId])).toEqual([["a", "before-linked"]]);
  });

  it("uses the given suspect window", async () => {
    const hub = createHub({ connectors: [fake("ci", async () => ({ events: [e("ci", "d", "deploy", 10), e("mon", "a", "alert-opened", 20)], incomplete: [] }))] });
    expect((await hub.timeline({ service: "checkout" }, { since, until, suspectWindowMs: 10 * MIN })).suspects).toHaveLength(1);
    expect((await hub.timeline({ service: "checkout" }, { since, until, suspectWindowMs: 10 * MIN - 1 })).suspects).toEqual([]);
  });

  it("refuses a reversed window, invalid dates and a negative suspect window", async () => {
    const hub = createHub({ connectors: [fake("ci", async () => ({ events: [], incomplete: [] }))] });
    await expect(hub.timeline({ service: "checkout" }, { since: until, until: since })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(hub.timeline({ service: "checkout" }, { since: new Date("nope"), until })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(hub.timeline({ service: "checkout" }, { since, until, suspectWindowMs: -1 })).rejects.toBeInstanceOf(InvalidInputError);
  });

  // #23 item 3: an alert shown because it was open at `since` opened before the first pass's
  // look-back; its suspect deploy lies before `since - window` and must still be read and linked.
  it("reads deploys before the look-back for an alert open at since, and links them", async () => {
    const truth = [e("ci", "w-old", "deploy", -70), e("ci", "w-older", "deploy", -200)];
    const asked: EventsOptions[] = [];
    const ci = async (_keys: unknown, options: EventsOptions): Promise<EventsResult> => {
      asked.push(options);
      const from = options.since.getTime();
      const to = options.until.getTime();
      return { events: truth.filter((x) => Date.parse(x.start) >= from && Date.parse(x.start) <= to), incomplete: [] };
    };
    const hub = createHub({
      connectors: [fake("monitor", async () => ({ events: [e("monitor", "a1:opened", "alert-opened", -30)], incomplete: [] })), fake("ci", ci)],
    });
    const timeline = await hub.timeline({ service: "checkout", env: "prod" }, { since, until });
    expect(timeline.suspects).toEqual([{ alertId: "a1:opened", alertProvider: "monitor", deployId: "w-old", provider: "ci", env: "prod", gapMs: 40 * MIN }]);
    expect(timeline.events.map((x) => x.id)).toEqual(["w-old", "a1:opened"]);
    expect(timeline.complete).toBe(true);
    // the second pass asks for deploys only, for the part of the alert's window not read yet
    expect(asked[1]).toMatchObject({ since: new Date(at(-90)), until: new Date(Date.parse(at(-60)) - 1), kinds: ["deploy", "deploy-failed"] });
  });

  it("reports a provider failing the look-back pass, since a suspect may be missing", async () => {
    let calls = 0;
    const hub = createHub({
      connectors: [
        fake("monitor", async () => ({ events: [e("monitor", "a1:opened", "alert-opened", -600)], incomplete: [] })),
        fake("ci", async () => {
          calls += 1;
          if (calls === 2) throw new NetworkError("socket hang up");
          return { events: [], incomplete: [] };
        }),
      ],
    });
    const timeline = await hub.timeline({ service: "checkout", env: "prod" }, { since, until });
    expect(timeline.complete).toBe(false);
    expect(timeline.incomplete).toHaveLength(1);
    expect(timeline.incomplete[0]).toMatchObject({ provider: "ci", lookup: expect.stringMatching(/^deploys from CI between .*suspects of alerts open at since/) });
  });

  it("lists an event a provider returns in both passes once", async () => {
    const hub = createHub({
      connectors: [fake("monitor", async () => ({ events: [e("monitor", "a1:opened", "alert-opened", -30), e("monitor", "a2:opened", "alert-opened", 10)], incomplete: [] }))],
    });
    const timeline = await hub.timeline({ service: "checkout", env: "prod" }, { since, until });
    expect(timeline.events.map((x) => x.id)).toEqual(["a1:opened", "a2:opened"]);
  });

  it("reads one look-back span for several old alerts, and names it in the provider's own incomplete parts", async () => {
    const asked: EventsOptions[] = [];
    const hub = createHub({
      connectors: [
        fake("monitor", async () => ({ events: [e("monitor", "a1:opened", "alert-opened", -600), e("monitor", "a2:opened", "alert-opened", -300)], incomplete: [] })),
        fake("ci", async (_keys, options) => {
          asked.push(options);
          return asked.length === 2 ? { events: [], incomplete: [incompletePart("pipelines beyond the first 100", new NetworkError("cut"))] } : { events: [], incomplete: [] };
        }),
      ],
    });
    const timeline = await hub.timeline({ service: "checkout", env: "prod" }, { since, until });
    expect(asked).toHaveLength(2);
    expect(asked[1]).toMatchObject({ since: new Date(at(-660)), until: new Date(at(-300)) });
    expect(timeline.incomplete).toEqual([
      expect.objectContaining({ provider: "ci", lookup: `look-back for suspects of alerts open at since (deploys between ${at(-660)} and ${at(-300)}): pipelines beyond the first 100` }),
    ]);
  });
});

