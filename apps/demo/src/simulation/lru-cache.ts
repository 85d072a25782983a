/**
 * A small least-recently-used map: the simulated world keeps the services it built last and
 * rebuilds (deterministically) any other on demand, so memory stays flat for any catalog size.
 */
export class LruCache<K, V> {
  readonly #map = new Map<K, V>();
  constructor(readonly capacity: number) {}

  get(key: K, build: () => V): V {
    const hit = this.#map.get(key);
    if (hit !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, hit);
      return hit;
    }
    const value = build();
    this.#map.set(key, value);
    if (this.#map.size > this.capacity) this.#map.delete(this.#map.keys().next().value as K);
    return value;
  }

  get size(): number {
    return this.#map.size;
  }
}
