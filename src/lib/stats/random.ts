/**
 * Seeded pseudo-random numbers. Every random choice in the workbench (sample data,
 * k-means starts, silhouette samples) draws from here so the same seed gives the same result
 * in Node, in the browser and in tests.
 */

/** A generator of floats in [0, 1). */
export type Random = () => number;

/** mulberry32: tiny, fast, and good enough for sampling and initialisation (not for cryptography). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** A standard normal deviate (Box–Muller), for generated data. */
export function randomNormal(random: Random, mean = 0, sd = 1): number {
  let u = 0;
  while (u === 0) u = random();
  const v = random();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Picks one item, with optional weights (need not sum to 1). */
export function pick<T>(random: Random, items: readonly T[], weights?: readonly number[]): T {
  if (!weights) return items[randomInt(random, items.length)];
  const total = weights.reduce((s, w) => s + w, 0);
  let r = random() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i];
    if (r < 0) return items[i];
  }
  return items[items.length - 1];
}
