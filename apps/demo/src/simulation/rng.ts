// The seeded PRNG keeps the simulated world the same on every run.
import { seededRandom } from "../../../../scripts/seeded-random.mjs";

export { seededRandom };

/** A deterministic UUID-shaped id from a name (stable across runs). */
export function stableUuid(name: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < name.length; i++) {
    h1 = Math.imul(h1 ^ name.charCodeAt(i), 16777619) >>> 0;
    h2 = Math.imul(h2 + name.charCodeAt(i), 2246822519) >>> 0;
  }
  const rnd = seededRandom(h1 ^ h2);
  const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function stableHex(name: string, length = 40): string {
  const rnd = seededRandom([...name].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261));
  return Array.from({ length }, () => Math.floor(rnd() * 16).toString(16)).join("");
}
