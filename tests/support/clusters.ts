/**
 * Overlapping Gaussian clusters (seeded): many rows move in many iterations, so the blocks' running
 * sums drift and the order of additions matters — the data the k-means thread tests need to fail
 * when a split changes a bit.
 */
import { randomNormal, seededRandom } from "../../src/lib/stats/random.js";

export function overlappingClusters(n: number, d: number, k: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => randomNormal(random, 0, 2)));
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) data[i * d + t] = randomNormal(random, centres[i % k][t], 1.5);
  return data;
}
