import { kmeans as mlKmeans } from "ml-kmeans";
import { describe, expect, it } from "vitest";
import { kmeans, kmeansPlusPlus } from "../../src/lib/kmeans.js";
import { randomNormal, seededRandom } from "../../src/lib/random.js";
import { labelSignature } from "../../src/lib/signature.js";

/** Three well-separated Gaussian blobs in 2-D with known membership. */
function blobs(perCluster: number, seed = 7) {
  const random = seededRandom(seed);
  const centres = [[0, 0], [10, 0], [0, 10]];
  const truth: number[] = [];
  const data = new Float64Array(perCluster * centres.length * 2);
  let i = 0;
  centres.forEach(([cx, cy], c) => {
    for (let j = 0; j < perCluster; j++, i++) {
      data[2 * i] = randomNormal(random, cx, 1);
      data[2 * i + 1] = randomNormal(random, cy, 1);
      truth.push(c);
    }
  });
  return { data, n: i, truth };
}

describe("kmeans", () => {
  it("recovers planted clusters exactly", () => {
    const { data, n, truth } = blobs(200);
    const result = kmeans(data, n, 2, { k: 3, seed: 1, nInit: 3 });
    // Same partition up to renaming: every true cluster maps to exactly one found cluster.
    const pairs = new Set(truth.map((t, i) => `${t}:${result.labels[i]}`));
    expect(pairs.size).toBe(3);
    expect(result.sizes).toEqual([200, 200, 200]);
  });

  it("is deterministic for a seed, and the seed matters", () => {
    const { data, n } = blobs(100, 3);
    const a = kmeans(data, n, 2, { k: 5, seed: 11 });
    const b = kmeans(data, n, 2, { k: 5, seed: 11 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
    const others = [12, 13, 14, 15].map((seed) => labelSignature(kmeans(data, n, 2, { k: 5, seed }).labels, 5));
    expect(new Set([labelSignature(a.labels, 5), ...others]).size).toBeGreaterThan(1);
  });

  it("numbers clusters by descending size", () => {
    const { data, n } = blobs(50, 5);
    const { sizes } = kmeans(data, n, 2, { k: 4, seed: 2 });
    expect([...sizes].sort((x, y) => y - x)).toEqual(sizes);
    expect(sizes.reduce((s, x) => s + x, 0)).toBe(n);
  });

  it("reports inertia as the sum of squared distances to the assigned centroid", () => {
    const data = Float64Array.from([0, 0, 0, 2, 10, 10, 10, 12]);
    const result = kmeans(data, 4, 2, { k: 2, seed: 1 });
    expect(result.inertia).toBeCloseTo(4); // each pair is 2 apart: 1 + 1 per cluster
    expect(result.centroids.map((c) => c.join(",")).sort()).toEqual(["0,1", "10,11"]);
  });

  it("keeps the lowest-inertia restart", () => {
    const { data, n } = blobs(60, 9);
    const one = kmeans(data, n, 2, { k: 6, seed: 4, nInit: 1 });
    const many = kmeans(data, n, 2, { k: 6, seed: 4, nInit: 8 });
    expect(many.inertia).toBeLessThanOrEqual(one.inertia);
  });

  it("gives ml-kmeans our k-means++ start: same centroids as calling ml-kmeans directly", () => {
    const { data, n } = blobs(80, 2);
    const start = kmeansPlusPlus(data, n, 2, 3, seededRandom(5));
    const rows = Array.from({ length: n }, (_, i) => [data[2 * i], data[2 * i + 1]]);
    const direct = mlKmeans(rows, 3, { initialization: start, maxIterations: 300, tolerance: 1e-8 });
    const ours = kmeans(data, n, 2, { k: 3, seed: 5 });
    const key = (cs: number[][]) => cs.map((c) => c.map((x) => x.toFixed(9)).join(",")).sort();
    expect(key(ours.centroids)).toEqual(key(direct.centroids));
  });

  it("k-means++ picks k distinct points and refuses more clusters than points", () => {
    const data = Float64Array.from([0, 0, 1, 1, 1, 1, 5, 5]);
    const centres = kmeansPlusPlus(data, 4, 2, 3, seededRandom(1));
    expect(new Set(centres.map((c) => c.join())).size).toBe(3);
    expect(() => kmeansPlusPlus(data, 4, 2, 5, seededRandom(1))).toThrow("cannot make 5 clusters from 4 customers");
  });
});
