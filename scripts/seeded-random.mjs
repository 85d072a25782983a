// A small seeded PRNG (mulberry32), in one place for the two that need one: the demo's
// simulated world (the same on every run) and core's property tests (a failing case replays
// from its seed). It lives here, outside both packages, because the demo depends on core and
// core's entries ship no test helpers without their test peers.

/**
 * Numbers in [0, 1), the same sequence for the same seed.
 * @param {number} seed
 * @returns {() => number}
 */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
