import { afterEach, describe, expect, it } from "vitest";
import type { Stores, StoreScope, StoredResponse } from "./http/stores.js";

/** Two views of one store backend, as two processes would see it, for {@link runStoreSuite}. */
export interface StoreSuiteBackend {
  /** The stores of "process" A. */
  readonly a: Stores;
  /** The stores of "process" B, sharing A's backend. */
  readonly b: Stores;
  /** Releases what `open` made (clients, servers). */
  close(): Promise<void>;
}

/** Options of {@link runStoreSuite}. */
export interface StoreSuiteOptions {
  /** Suite title, e.g. `memory stores`. */
  readonly name: string;
  /** Opens a fresh, empty backend for one test, with two views of it. */
  open(): Promise<StoreSuiteBackend>;
}

const scope = (fingerprint: string): StoreScope => ({
  provider: "suite",
  origin: "https://api.suite.test",
  fingerprint,
  id: `suite:api.suite.test:${fingerprint}`,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const response = (text: string): StoredResponse => ({
  status: 200,
  headers: new Headers({ "content-type": "application/json", etag: '"v1"' }),
  text,
  url: new URL("https://api.suite.test/v1/items/1"),
});

/**
 * The behaviour every throttle and cache store must show, run against two views (`a`, `b`) of
 * one backend: a shared rate and in-flight limit, a pause seen by both, a shared learnt rate,
 * shared cache entries with TTL, size limit and invalidation, and isolation between
 * credentials. Run it for the in-memory stores and for every shared store (`@toolweave/redis`).
 * Timing checks are lower bounds only (a slow machine never fails them).
 */
export function runStoreSuite(options: StoreSuiteOptions): void {
  describe(`store behaviour: ${options.name}`, () => {
    let backend: StoreSuiteBackend | undefined;
    const open = async () => {
      backend = await options.open();
      return backend;
    };
    afterEach(async () => {
      await backend?.close();
      backend = undefined;
    });

    it("shares one request rate between both views", async () => {
      const { a, b } = await open();
      const settings = { maxConcurrency: 100, requestsPerSecond: 20 };
      const ta = a.throttle!.open(scope("one"), settings);
      const tb = b.throttle!.open(scope("one"), settings);
      const starts: number[] = [];
      const task = async () => {
        starts.push(Date.now());
      };
      await Promise.all([...Array.from({ length: 10 }, () => ta.run(task)), ...Array.from({ length: 10 }, () => tb.run(task))]);
      starts.sort((x, y) => x - y);
      expect(starts).toHaveLength(20);
      // 20 starts at 20/s take 950 ms when shared; two separate budgets would take 450 ms.
      expect(starts[19]! - starts[0]!).toBeGreaterThanOrEqual(700);
    });

    it("shares one in-flight limit between both views", async () => {
      const { a, b } = await open();
      const settings = { maxConcurrency: 2, requestsPerSecond: Infinity };
      const ta = a.throttle!.open(scope("one"), settings);
      const tb = b.throttle!.open(scope("one"), settings);
      let running = 0;
      let most = 0;
      const task = async () => {
        running += 1;
        most = Math.max(most, running);
        await sleep(40);
        running -= 1;
        return "done";
      };
      const results = await Promise.all([ta.run(task), ta.run(task), ta.run(task), tb.run(task), tb.run(task), tb.run(task)]);
      expect(results).toEqual(Array(6).fill("done"));
      expect(most).toBe(2);
    });

    it("holds both views during a pause one of them was asked for, and not another credential's", async () => {
      const { a, b } = await open();
      const settings = { maxConcurrency: 10, requestsPerSecond: 100 };
      const ta = a.throttle!.open(scope("one"), settings);
      const tb = b.throttle!.open(scope("one"), settings);
      const other = b.throttle!.open(scope("two"), settings);
      await ta.run(async () => undefined);
      await tb.run(async () => undefined);
      const pausedAt = Date.now();
      ta.pauseFor(3_000);
      // A shared store may publish the pause asynchronously: give it a second (generous, so a
      // loaded machine passes too), well inside the pause.
      await sleep(1_000);
      const order: string[] = [];
      let bStarted = 0;
      await Promise.all([
        tb.run(async () => {
          bStarted = Date.now();
          order.push("same credential");
        }),
        other.run(async () => {
          order.push("other credential");
        }),
      ]);
      expect(order).toEqual(["other credential", "same credential"]);
      expect(bStarted - pausedAt).toBeGreaterThanOrEqual(2_500);
    });

    it("shares the rate learnt from the server (adaptive mode)", async () => {
      const { a, b } = await open();
      const settings = { maxConcurrency: 10, adaptive: { initialRequestsPerSecond: 40 } };
      const ta = a.throttle!.open(scope("one"), settings);
      const tb = b.throttle!.open(scope("one"), settings);
      await ta.run(async () => undefined);
      await tb.run(async () => undefined);
      expect(ta.mode).toBe("adaptive");
      const sentAt = Date.now();
      ta.observe({ sentAt, status: 429, headers: new Headers() });
      // A shared store may publish the cut asynchronously (generous, for a loaded machine).
      await sleep(1_000);
      await tb.run(async () => undefined);
      // A 429 with few accepted requests before it halves the rate at most, never raises it.
      expect(tb.requestsPerSecond).toBeLessThan(40);
      expect(tb.requestsPerSecond).toBeGreaterThanOrEqual(19);
    });

    it("shares cache entries between both views, and not between credentials", async () => {
      const { a, b } = await open();
      const settings = { ttlMs: 60_000, maxEntries: 10 };
      await a.cache!.open(scope("one"), settings).set("https://api.suite.test/v1/items/1", response('{"id":1}'), 60_000);
      const read = await b.cache!.open(scope("one"), settings).get("https://api.suite.test/v1/items/1");
      expect(read?.status).toBe(200);
      expect(read?.text).toBe('{"id":1}');
      expect(read?.headers.get("etag")).toBe('"v1"');
      expect(read?.url.href).toBe("https://api.suite.test/v1/items/1");
      expect(await b.cache!.open(scope("two"), settings).get("https://api.suite.test/v1/items/1")).toBeUndefined();
    });

    it("drops cache entries after their TTL", async () => {
      const { a, b } = await open();
      const settings = { ttlMs: 150, maxEntries: 10 };
      await a.cache!.open(scope("one"), settings).set("https://api.suite.test/v1/items/1", response("{}"), 150);
      await sleep(400);
      expect(await b.cache!.open(scope("one"), settings).get("https://api.suite.test/v1/items/1")).toBeUndefined();
    });

    it("keeps at most maxEntries cache entries per credential, the newest ones", async () => {
      const { a, b } = await open();
      const settings = { ttlMs: 60_000, maxEntries: 3 };
      const space = a.cache!.open(scope("one"), settings);
      for (let i = 1; i <= 5; i++) await space.set(`https://api.suite.test/v1/items/${i}`, response(`{"id":${i}}`), 60_000);
      const view = b.cache!.open(scope("one"), settings);
      const kept: number[] = [];
      for (let i = 1; i <= 5; i++) if ((await view.get(`https://api.suite.test/v1/items/${i}`)) !== undefined) kept.push(i);
      expect(kept.length).toBeLessThanOrEqual(3);
      expect(kept).toContain(5);
    });

    it("invalidates matching cache entries for both views", async () => {
      const { a, b } = await open();
      const settings = { ttlMs: 60_000, maxEntries: 10 };
      const space = a.cache!.open(scope("one"), settings);
      await space.set("https://api.suite.test/v1/x/1", response("{}"), 60_000);
      await space.set("https://api.suite.test/v1/y/1", response("{}"), 60_000);
      await b.cache!.open(scope("one"), settings).invalidate((key) => key.includes("/x/"));
      expect(await space.get("https://api.suite.test/v1/x/1")).toBeUndefined();
      expect(await space.get("https://api.suite.test/v1/y/1")).toBeDefined();
    });
  });
}
