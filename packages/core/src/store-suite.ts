import { afterEach, describe, expect, it } from "vitest";
import type { Stores, StoreScope, StoredResponse } from "./http/stores.js";
import type { Throttle } from "./http/throttle.js";

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
  /**
   * Ways to put data of the wrong kind where the backend keeps `scope`'s throttle and cache
   * state, as another program writing under the same names would (for Redis: keys of the wrong
   * type, or numbers that are not numbers), each named for its test title. After each, the
   * stores must repair or ignore it and keep sharing — not fall back to per-process state.
   * Leave it out when nothing outside the stores can write their state (memory).
   */
  corruptions?: Readonly<Record<string, (backend: StoreSuiteBackend, scope: StoreScope) => Promise<void>>>;
}

const scope = (fingerprint: string): StoreScope => ({
  provider: "suite",
  origin: "https://api.suite.test",
  fingerprint,
  id: `suite:api.suite.test:${fingerprint}`,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs three tasks through each throttle at once; returns the most that ran together (every task must run). */
async function mostInFlight(ta: Throttle, tb: Throttle): Promise<number> {
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
  return most;
}

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
      expect(await mostInFlight(ta, tb)).toBe(2);
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
      const written = a.cache!.open(scope("one"), settings);
      await written.set("https://api.suite.test/v1/items/1", response('{"id":1}'), 60_000, await written.generation());
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
      const written = a.cache!.open(scope("one"), settings);
      await written.set("https://api.suite.test/v1/items/1", response("{}"), 150, await written.generation());
      await sleep(400);
      expect(await b.cache!.open(scope("one"), settings).get("https://api.suite.test/v1/items/1")).toBeUndefined();
    });

    it("keeps at most maxEntries cache entries per credential, the newest ones", async () => {
      const { a, b } = await open();
      const settings = { ttlMs: 60_000, maxEntries: 3 };
      const space = a.cache!.open(scope("one"), settings);
      for (let i = 1; i <= 5; i++) await space.set(`https://api.suite.test/v1/items/${i}`, response(`{"id":${i}}`), 60_000, await space.generation());
      const view = b.cache!.open(scope("one"), settings);
      const kept: number[] = [];
      for (let i = 1; i <= 5; i++) if ((await view.get(`https://api.suite.test/v1/items/${i}`)) !== undefined) kept.push(i);
      expect(kept.length).toBeLessThanOrEqual(3);
      expect(kept).toContain(5);
    });

    it("refuses to store an answer whose load began before another view's invalidation", async () => {
      const { a, b } = await open();
      const settings = { ttlMs: 60_000, maxEntries: 10 };
      const reader = a.cache!.open(scope("one"), settings);
      const writer = b.cache!.open(scope("one"), settings);
      const key = "https://api.suite.test/v1/items/1";
      // A's GET starts (it reads the generation before sending), B writes and invalidates,
      // then A's answer — read before B's write — arrives and is offered to the store.
      const since = await reader.generation();
      await writer.invalidate((k) => k === key);
      await reader.set(key, response('{"version":"before the write"}'), 60_000, since);
      expect(await writer.get(key)).toBeUndefined();
      expect(await reader.get(key)).toBeUndefined();
      // A load that starts after the write is stored as usual.
      await reader.set(key, response('{"version":"after the write"}'), 60_000, await reader.generation());
      expect((await writer.get(key))?.text).toBe('{"version":"after the write"}');
    });

    it("ends a queued task's wait when its caller aborts, behind a busy slot or a pause", async () => {
      const { a, b } = await open();
      const settings = { maxConcurrency: 1, requestsPerSecond: Infinity };
      const ta = a.throttle!.open(scope("one"), settings);
      const tb = b.throttle!.open(scope("one"), settings);
      let releaseHolder!: () => void;
      const held = new Promise<void>((resolve) => (releaseHolder = resolve));
      let holding!: () => void;
      const holds = new Promise<void>((resolve) => (holding = resolve));
      const holder = ta.run(async () => {
        holding();
        await held;
      });
      await holds;
      // Two queued tasks in each view: the one behind the holder and the one behind that.
      const waits = [ta, tb, ta, tb].map((t) => {
        const controller = new AbortController();
        const ran = { value: false };
        const done = t.run(async () => {
          ran.value = true;
        }, controller.signal);
        return { controller, ran, settled: done.then(() => "ran", () => "rejected") };
      });
      await sleep(100);
      for (const wait of waits) wait.controller.abort(new Error("caller gave up"));
      // Ordered, not timed: the holder keeps its slot until every queued wait has ended on its
      // own abort (a wait that ignored it would never end, and the test would time out).
      expect(await Promise.all(waits.map((w) => w.settled))).toEqual(["rejected", "rejected", "rejected", "rejected"]);
      expect(waits.some((w) => w.ran.value)).toBe(false);
      releaseHolder();
      await holder;
      // The slot is free again: a new task runs.
      await expect(tb.run(async () => "after")).resolves.toBe("after");

      // Behind a pause far longer than any test: a queued task's abort ends its wait, not the pause.
      ta.pauseFor(600_000);
      await sleep(200);
      const controller = new AbortController();
      const paused = tb.run(async () => "ran", controller.signal).then(() => "ran", () => "rejected");
      await sleep(100);
      controller.abort(new Error("caller gave up"));
      expect(await paused).toBe("rejected");
    });

    for (const [planted, corrupt] of Object.entries(options.corruptions ?? {})) it(`keeps sharing the in-flight limit and the cache when its stored state holds ${planted}`, async () => {
      const backend = await open();
      const { a, b } = backend;
      await corrupt(backend, scope("one"));
      const settings = { maxConcurrency: 2, requestsPerSecond: Infinity };
      const ta = a.throttle!.open(scope("one"), settings);
      const tb = b.throttle!.open(scope("one"), settings);
      // Falling back to per-view state would let each view run 2 at once.
      expect(await mostInFlight(ta, tb)).toBe(2);
      // A learnt rate read from the planted state must still be a rate.
      const adaptive = a.throttle!.open(scope("one"), { maxConcurrency: 2, adaptive: { initialRequestsPerSecond: 50 } });
      await adaptive.run(async () => undefined);
      expect(adaptive.requestsPerSecond).toBeGreaterThan(0);
      const cacheSettings = { ttlMs: 60_000, maxEntries: 10 };
      const space = a.cache!.open(scope("one"), cacheSettings);
      await space.set("https://api.suite.test/v1/items/1", response('{"id":1}'), 60_000, await space.generation());
      expect((await b.cache!.open(scope("one"), cacheSettings).get("https://api.suite.test/v1/items/1"))?.text).toBe('{"id":1}');
    });

    it("invalidates matching cache entries for both views", async () => {
      const { a, b } = await open();
      const settings = { ttlMs: 60_000, maxEntries: 10 };
      const space = a.cache!.open(scope("one"), settings);
      await space.set("https://api.suite.test/v1/x/1", response("{}"), 60_000, await space.generation());
      await space.set("https://api.suite.test/v1/y/1", response("{}"), 60_000, await space.generation());
      await b.cache!.open(scope("one"), settings).invalidate((key) => key.includes("/x/"));
      expect(await space.get("https://api.suite.test/v1/x/1")).toBeUndefined();
      expect(await space.get("https://api.suite.test/v1/y/1")).toBeDefined();
    });
  });
}
