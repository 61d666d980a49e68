import { describe, expect, it } from "vitest";
import { assign, kmeans } from "../../../src/lib/cluster/kmeans.js";
import { miniBatchKMeans } from "../../../src/lib/cluster/minibatch.js";
import { randomNormal, seededRandom } from "../../../src/lib/stats/random.js";

/** 8 planted clusters in 6-D, unequal sizes, unit noise, centres at least 10 apart: mini-batch should find what Lloyd finds. */
function planted(n: number, seed: number) {
  const random = seededRandom(seed);
  const d = 6;
  const centres = Array.from({ length: 8 }, (_, c) => Array.from({ length: d }, (_, t) => (c < d ? (t === c ? 10 : 0) : t === c - d ? -10 : 0)));
  const weights = [0.25, 0.2, 0.15, 0.12, 0.1, 0.08, 0.06, 0.04];
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let r = random();
    let c = 0;
    while (c < 7 && (r -= weights[c]) >= 0) c++;
    for (let t = 0; t < d; t++) data[i * d + t] = randomNormal(random, centres[c][t], 1);
  }
  return { data, n, d };
}

describe("mini-batch k-means", () => {
  const { data, n, d } = planted(20_000, 3);

  it("is deterministic for a seed, and the seed matters", () => {
    const a = miniBatchKMeans(data, n, d, { k: 8, seed: 5, batchSize: 256 });
    const b = miniBatchKMeans(data, n, d, { k: 8, seed: 5, batchSize: 256 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.centroids).toEqual(b.centroids);
    expect(a.steps).toBe(b.steps);
    const c = miniBatchKMeans(data, n, d, { k: 8, seed: 6, batchSize: 256 });
    expect(c.centroids).not.toEqual(a.centroids);
  });

  it("reaches an inertia within 1% of full k-means on planted clusters, stopping on no improvement", () => {
    const full = kmeans(data, n, d, { k: 8, seed: 1, nInit: 4 });
    // Default batch (1,024 rows). Like any single k-means run it can stop in a local optimum (seed 1
    // with 256-row batches merges two clusters here, 76% above): the tolerance is for these seeds.
    for (const seed of [1, 2, 3, 4]) {
      const mb = miniBatchKMeans(data, n, d, { k: 8, seed });
      expect(mb.inertia / full.inertia).toBeLessThan(1.01);
      expect(mb.inertia / full.inertia).toBeGreaterThan(0.99); // (full k-means found the planted optimum)
      expect(mb.stoppedBy).toBe("no-improvement");
    }
  });

  it("returns the nearest-centroid labels of its centroids, numbered by size, with that assignment's inertia", () => {
    const mb = miniBatchKMeans(data, n, d, { k: 8, seed: 9, batchSize: 512 });
    const direct = assign(data, n, d, mb.centroids);
    expect(Array.from(mb.labels)).toEqual(Array.from(direct.labels));
    expect(mb.inertia).toBe(direct.inertia);
    expect([...mb.sizes].sort((x, y) => y - x)).toEqual(mb.sizes);
    expect(mb.sizes.reduce((s, x) => s + x, 0)).toBe(n);
  });

  it("moves a starved centre: no cluster stays empty even from a start with duplicated rows", () => {
    // 1,000 rows at one point and 1,000 at another, k = 3: the third centre must end up somewhere useful.
    const two = new Float64Array(4000);
    for (let i = 1000; i < 2000; i++) (two[2 * i] = 10), (two[2 * i + 1] = 10);
    for (let i = 0; i < 2000; i++) two[2 * i] += (i % 7) * 0.01;
    const mb = miniBatchKMeans(two, 2000, 2, { k: 3, seed: 1, batchSize: 100 });
    expect(mb.sizes.every((s) => s > 0)).toBe(true);
  });

  it("says what is wrong with bad options", () => {
    expect(() => miniBatchKMeans(data, n, d, { k: 8, seed: 1, batchSize: 0 })).toThrow("mini-batch size must be a whole number ≥ 1, got 0");
    expect(() => miniBatchKMeans(data.subarray(0, 12), 2, d, { k: 3, seed: 1 })).toThrow("cannot make 3 clusters from 2 customers");
  });
});
