import { describe, expect, it } from "vitest";
import { createHub } from "./hub.js";
import { defineConnector, type Connector } from "./connector.js";
import { NotFoundError, ConfigurationError, NetworkError } from "./errors.js";
import { z } from "zod";
import type { FindResult, ResourceRef } from "./correlator.js";
import { incompletePart } from "./incomplete-part.js";
import { stubConnector } from "./testing.js";

const fake = (id: string, find: () => Promise<FindResult>, delay = 0, counter?: { active: number; peak: number }): Connector =>
  stubConnector(id, {
    resolve: (keys) => [{ provider: id, kind: "tag", value: `service:${keys.service}`, rule: "tag" }],
    find: async () => {
      if (counter) counter.peak = Math.max(counter.peak, ++counter.active);
      await new Promise((r) => setTimeout(r, delay));
      if (counter) counter.active -= 1;
      return find();
    },
  });

const ref = (provider: string): ResourceRef => ({ provider, kind: "x", id: "1", name: "n", keys: { service: "checkout" } });
const found = (resources: ResourceRef[] = []): FindResult => ({ resources, incomplete: [] });

describe("hub", () => {
  it("returns per-connector results so one failure never hides another's data", async () => {
    const hub = createHub({
      connectors: [
        fake("alpha", async () => found([ref("alpha")])),
        fake("beta", async () => {
          throw new NetworkError("beta is down");
        }),
        fake("gamma", async () => {
          throw new Error("plain error");
        }),
      ],
    });
    const results = await hub.correlate({ service: "Checkout" });
    expect(results.map((r) => [r.connectorId, r.ok])).toEqual([["alpha", true], ["beta", false], ["gamma", false]]);
    expect(results[0]!.ok && results[0]!.value).toEqual(found([ref("alpha")]));
    expect(!results[1]!.ok && NetworkError.isInstance(results[1]!.error)).toBe(true);
    expect(!results[2]!.ok && results[2]!.error.message).toBe("gamma: plain error");
  });

  it("passes a connector's incomplete parts through unchanged, as ok with what is missing", async () => {
    const part = incompletePart("workflows of pipeline #7 (gh/acme/checkout)", new NetworkError("socket hang up"));
    const hub = createHub({ connectors: [fake("alpha", async () => ({ resources: [ref("alpha")], incomplete: [part] }))] });
    const [result] = await hub.correlate({ service: "checkout" });
    expect(result).toMatchObject({ ok: true, value: { resources: [ref("alpha")], incomplete: [part] } });
    expect(part).toEqual({
      lookup: "workflows of pipeline #7 (gh/acme/checkout)",
      error: { kind: "network", message: "socket hang up", isRetryable: true },
      retryable: true,
    });
  });

  it("refuses a find answer in the old bare-array shape instead of passing it as complete", async () => {
    const hub = createHub({ connectors: [fake("old", async () => [ref("old")] as unknown as FindResult)] });
    const [result] = await hub.correlate({ service: "checkout" });
    expect(result!.ok).toBe(false);
    expect(!result!.ok && result!.error.message).toMatch(/returned an array, not \{ resources, incomplete \}.*contract version 2/);
  });

  it("bounds concurrency", async () => {
    const counter = { active: 0, peak: 0 };
    const connectors = Array.from({ length: 6 }, (_, i) => fake(`c${i}`, async () => found(), 10, counter));
    await createHub({ connectors, concurrency: 2 }).correlate({ service: "a" });
    expect(counter.peak).toBe(2);
  });

  it("validates keys before any call and resolves without calls", () => {
    const hub = createHub({ connectors: [fake("alpha", async () => found())] });
    expect(hub.locate({ service: "Web-Shop" })).toEqual([
      { connectorId: "alpha", locators: [{ provider: "alpha", kind: "tag", value: "service:web-shop", rule: "tag" }] },
    ]);
    expect(() => hub.locate({ service: "web shop" })).toThrow(/service/);
  });

  it("rejects duplicate ids and bad concurrency", () => {
    const a = fake("alpha", async () => found());
    expect(() => createHub({ connectors: [a, a] })).toThrowError(ConfigurationError);
    expect(() => createHub({ connectors: [a], concurrency: 0 })).toThrowError(/positive integer/);
  });

  it("verifyAll fans out verify()", async () => {
    const results = await createHub({ connectors: [fake("alpha", async () => found())] }).verifyAll();
    expect(results[0]).toMatchObject({ connectorId: "alpha", ok: true, value: { provider: "alpha" } });
  });
});

describe("defineConnector", () => {
  const base = {
    id: "example",
    displayName: "Example",
    credentialSchema: z.object({ token: z.string() }),
    env: [],
    create: () => fake("example", async () => found()),
  };

  it("accepts this contract version and rejects another, naming both", () => {
    expect(defineConnector({ ...base, contractVersion: "2" }).id).toBe("example");
    expect(() => defineConnector({ ...base, contractVersion: "1" })).toThrowError(/contract version "1".*implements version "2"/);
  });

  it("rejects bad ids and duplicate variables", () => {
    expect(() => defineConnector({ ...base, contractVersion: "2", id: "Bad Id" })).toThrowError(/id "Bad Id"/);
    const spec = { name: "X_TOKEN", setting: "token", schema: z.string(), expected: "a token", fix: "set it", description: "d" };
    expect(() => defineConnector({ ...base, contractVersion: "2", env: [spec, spec] })).toThrowError(/X_TOKEN twice/);
  });
});

void NotFoundError;

describe("errors that are not toolweave errors", () => {
  it("are wrapped without keeping a raw cause that quotes a secret, and an abort is typed", async () => {
    const { inspect } = await import("node:util");
    const { Secret } = await import("./secret.js");
    const { toToolweaveError } = await import("./hub.js");
    const secret = new Secret("hub_secret_0123456789abcdef");
    const wrapped = toToolweaveError(new TypeError(`bad header ${secret.reveal()}`), "x");
    expect(inspect(wrapped, { depth: 10 })).not.toContain("hub_secret_0123456789abcdef");
    const aborted = toToolweaveError(new DOMException("This operation was aborted", "AbortError"), "x");
    expect(aborted.kind).toBe("aborted");
  });
});
