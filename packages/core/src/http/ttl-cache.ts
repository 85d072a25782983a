/**
 * A small TTL + LRU cache with in-flight de-duplication: concurrent `get`s of the same key
 * share one load; a failed load is not cached.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>();
  readonly #inFlight = new Map<string, Promise<V>>();

  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 500,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<{ value: V; hit: boolean }> {
    const entry = this.#entries.get(key);
    if (entry && entry.expires > Date.now()) {
      this.#entries.delete(key);
      this.#entries.set(key, entry); // refresh LRU position
      return { value: entry.value, hit: true };
    }
    if (entry) this.#entries.delete(key);
    const pending = this.#inFlight.get(key);
    if (pending) return { value: await pending, hit: true };
    const promise = load();
    this.#inFlight.set(key, promise);
    try {
      const value = await promise;
      this.#entries.set(key, { value, expires: Date.now() + this.ttlMs });
      while (this.#entries.size > this.maxEntries) {
        const oldest = this.#entries.keys().next().value as string;
        this.#entries.delete(oldest);
      }
      return { value, hit: false };
    } finally {
      this.#inFlight.delete(key);
    }
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
