import { AbortedError } from "../errors.js";
import type { CacheGeneration } from "./stores.js";
import { untilAborted } from "./on-abort.js";

interface Entry<V> {
  value: V;
  /** When it goes stale, on the monotonic clock (`performance.now()`): a wall-clock step does not stretch or cut a TTL. */
  expires: number;
}

interface Load<V> {
  promise: Promise<Loaded<V>>;
  controller: AbortController;
  waiters: number;
  /** The key's invalidation count when the load started; a changed count means do not store. */
  generation: number;
  /** The load has ended (its controller no longer matters). */
  settled: boolean;
}

interface Loaded<V> {
  value: V;
  /** The value came from the backing store, not from `load`. */
  fromStore: boolean;
}

/**
 * Where a {@link TtlCache} keeps its entries instead of its own memory (a shared store).
 * Each method may be async; a failure (throw or rejection) counts as a miss / no-op.
 */
export interface CacheBacking<V> {
  /** The fresh value for `key`, or `undefined`. */
  get(key: string): Promise<V | undefined> | V | undefined;
  /** The store's write generation now (see `CacheSpace.generation`). */
  generation(): Promise<CacheGeneration> | CacheGeneration;
  /** Stores `value` for `ttlMs`, unless the store was invalidated since `generation` was read. */
  set(key: string, value: V, ttlMs: number, generation: CacheGeneration): Promise<void> | void;
  /** Drops the entries whose key `match`es. */
  invalidate(match: (key: string) => boolean): Promise<number> | number;
}

/** Runs `op`, turning a throw or rejection into `undefined`: a failing store never fails a request. */
async function quietly<T>(op: () => Promise<T> | T): Promise<T | undefined> {
  try {
    return await op();
  } catch {
    return undefined;
  }
}

/** The outcome of a cache read. */
export interface CacheRead<V> {
  /** The cached or freshly loaded value. */
  value: V;
  /** True when the value came from the cache or from a load another caller started. */
  hit: boolean;
}

/**
 * A small TTL + LRU cache with in-flight de-duplication.
 *
 * - Concurrent `get`s of one key share one load. The load runs with its own signal, which
 *   aborts only when every caller waiting for it has gone; each caller's own signal ends that
 *   caller's wait at once, without touching the others.
 * - A load that fails (rejects) is not cached. Put validation inside the load so that only
 *   usable values are stored.
 * - `invalidate(match)` drops matching entries and keeps loads already running for them from
 *   storing what they read (it may predate the write that invalidated them); a `get` after it
 *   starts a new load rather than joining one of those.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #inFlight = new Map<string, Load<V>>();
  readonly #generations = new Map<string, number>();
  /** Loads running per key, detached ones included (see `invalidate`). */
  readonly #running = new Map<string, number>();

  /**
   * @param ttlMs - How long an entry is fresh, in milliseconds.
   * @param maxEntries - Entries kept at most; the least recently used is dropped first. Default 500.
   * @param backing - Keep entries there (a shared store) instead of in this object; loads of
   *   one key are still merged here, in this process.
   */
  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 500,
    readonly backing?: CacheBacking<V>,
  ) {}

  /**
   * Returns the fresh entry for `key`, or runs `load` (sharing a load already running for it)
   * and stores its value for `ttlMs`. Rejects with `load`'s error (nothing is stored), or with
   * `signal`'s reason when this caller aborts.
   */
  async get(key: string, load: (signal: AbortSignal) => Promise<V>, signal?: AbortSignal): Promise<CacheRead<V>> {
    signal?.throwIfAborted();
    const entry = this.#entries.get(key);
    if (entry && entry.expires > performance.now()) {
      this.#entries.delete(key);
      this.#entries.set(key, entry); // refresh LRU position
      return { value: entry.value, hit: true };
    }
    if (entry) this.#entries.delete(key);
    let pending = this.#inFlight.get(key);
    const joined = pending !== undefined;
    if (!pending) pending = this.#start(key, load);
    pending.waiters += 1;
    try {
      const { value, fromStore } = await this.#wait(pending, signal);
      return { value, hit: joined || fromStore };
    } finally {
      pending.waiters -= 1;
      if (pending.waiters === 0 && !pending.settled) {
        // Nobody is waiting any more: stop the shared request.
        pending.controller.abort(new AbortedError("Every caller waiting for this cached request has gone."));
        if (this.#inFlight.get(key) === pending) this.#inFlight.delete(key);
      }
    }
  }

  #start(key: string, load: (signal: AbortSignal) => Promise<V>): Load<V> {
    const controller = new AbortController();
    const generation = this.#generations.get(key) ?? 0;
    const entry: Load<V> = { promise: undefined as unknown as Promise<Loaded<V>>, controller, waiters: 0, generation, settled: false };
    this.#running.set(key, (this.#running.get(key) ?? 0) + 1);
    const backing = this.backing;
    entry.promise = (async () => {
      try {
        // The store's generation is read before the request is sent: a write anywhere that
        // invalidates after this point keeps what this load reads out of the store.
        let since: CacheGeneration | undefined;
        if (backing) {
          const stored = await quietly(() => backing.get(key));
          if (stored !== undefined) return { value: stored, fromStore: true };
          since = await quietly(() => backing.generation());
        }
        const value = await load(controller.signal);
        if ((this.#generations.get(key) ?? 0) === generation && !controller.signal.aborted) {
          if (backing) {
            // Without a generation (the store failed) nothing is stored: it could not be checked.
            if (since !== undefined) await quietly(() => backing.set(key, value, this.ttlMs, since));
          } else this.#store(key, value);
        }
        return { value, fromStore: false };
      } finally {
        entry.settled = true;
        if (this.#inFlight.get(key) === entry) this.#inFlight.delete(key);
        // The key's count is forgotten only when no load of it runs (a detached one included):
        // a load that started before an invalidation must never see the count it started with again.
        const running = (this.#running.get(key) ?? 1) - 1;
        if (running > 0) this.#running.set(key, running);
        else {
          this.#running.delete(key);
          this.#generations.delete(key);
        }
      }
    })();
    // A load nobody waits for any more may still reject; that is not an unhandled rejection.
    entry.promise.catch(() => undefined);
    this.#inFlight.set(key, entry);
    return entry;
  }

  #wait(load: Load<V>, signal: AbortSignal | undefined): Promise<Loaded<V>> {
    return untilAborted(load.promise, signal);
  }

  #store(key: string, value: V): void {
    this.#entries.set(key, { value, expires: performance.now() + this.ttlMs });
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  /** Drops every entry whose key `match`es, and keeps running loads of those keys from storing. */
  invalidate(match: (key: string) => boolean): number {
    let dropped = 0;
    for (const key of [...this.#entries.keys()]) {
      if (match(key)) {
        this.#entries.delete(key);
        dropped += 1;
      }
    }
    for (const key of [...this.#inFlight.keys()]) if (match(key)) this.#detach(key);
    return dropped;
  }

  /**
   * {@link TtlCache.invalidate}, and the same in the backing store (awaited, so a read after a
   * write does not get the stale entry from there). Returns the entries dropped here.
   */
  async invalidateEverywhere(match: (key: string) => boolean): Promise<number> {
    const dropped = this.invalidate(match);
    const backing = this.backing;
    if (backing) await quietly(() => backing.invalidate(match));
    return dropped;
  }

  /** Drops every entry, and keeps loads already running from storing what they read. */
  clear(): void {
    this.#entries.clear();
    for (const key of [...this.#inFlight.keys()]) this.#detach(key);
  }

  /**
   * A write made what the running load of `key` reads suspect: it will not be stored, and a
   * caller from now on starts a load of its own instead of joining it (the callers already
   * waiting keep theirs: it answered them as the server stood when they asked).
   */
  #detach(key: string): void {
    this.#generations.set(key, (this.#generations.get(key) ?? 0) + 1);
    this.#inFlight.delete(key);
  }

  /** Entries stored now (expired ones included until they are read or evicted). */
  get size(): number {
    return this.#entries.size;
  }
}
