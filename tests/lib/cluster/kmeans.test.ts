import { kmeans as mlKmeans } from "ml-kmeans";
import { describe, expect, it } from "vitest";
import { assign, kernelKind, kmeans, kmeansPlusPlus, lloyd } from "../../../src/lib/cluster/kmeans.js";
import { randomNormal, seededRandom } from "../../../src/lib/stats/random.js";
import { labelSignature } from "../../../src/lib/cluster/signature.js";

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

/** Overlapping Gaussian clusters in d dimensions: a harder case, where many iterations move points. */
function overlapping(n: number, d: number, k: number, seed: number) {
  const random = seededRandom(seed);
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => randomNormal(random, 0, 2)));
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) data[i * d + t] = randomNormal(random, centres[i % k][t], 1.5);
  return data;
}

function rowsOf(data: Float64Array, n: number, d: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
}

describe("lloyd kernel: the same result as ml-kmeans from the same start", () => {
  const cases = [
    { name: "3 blobs, d = 2", data: blobs(150, 4).data, n: 450, d: 2, k: 3 },
    { name: "8 overlapping clusters, d = 6", data: overlapping(3000, 6, 8, 21), n: 3000, d: 6, k: 8 },
    { name: "5 overlapping clusters, d = 3", data: overlapping(2000, 3, 5, 22), n: 2000, d: 3, k: 5 },
    { name: "10 clusters, d = 1", data: overlapping(1500, 1, 10, 23), n: 1500, d: 1, k: 10 },
    // k · d = 225: the compiled kernels loop over the centres instead of holding them in locals.
    { name: "9 clusters, d = 25", data: overlapping(1200, 25, 9, 24), n: 1200, d: 25, k: 9 },
  ];
  for (const { name, data, n, d, k } of cases) {
    for (const kernel of ["auto", "generic"] as const) {
      it(`${name} (${kernel} kernel): labels, centroids bit for bit, iterations`, () => {
        const rows = rowsOf(data, n, d);
        for (const seed of [1, 2, 3]) {
          const start = kmeansPlusPlus(data, n, d, k, seededRandom(seed));
          for (const tolerance of [1e-8, 0]) {
            const ml = mlKmeans(rows, k, { initialization: start.map((c) => [...c]), maxIterations: 300, tolerance });
            const ours = lloyd(data, n, d, start, { maxIterations: 300, tolerance, kernel });
            expect(Array.from(ours.labels)).toEqual(ml.clusters);
            expect(ours.centroids).toEqual(ml.centroids);
            expect(ours.iterations).toBe(ml.iterations);
            expect(ours.converged).toBe(ml.converged);
          }
        }
      });
    }
  }

  it("stops after maxIterations as ml-kmeans does", () => {
    const data = overlapping(1000, 4, 6, 5);
    const start = kmeansPlusPlus(data, 1000, 4, 6, seededRandom(9));
    for (const maxIterations of [1, 2, 5]) {
      const ml = mlKmeans(rowsOf(data, 1000, 4), 6, { initialization: start.map((c) => [...c]), maxIterations, tolerance: 1e-8 });
      const ours = lloyd(data, 1000, 4, start, { maxIterations, tolerance: 1e-8 });
      expect(ours.iterations).toBe(maxIterations);
      expect(Array.from(ours.labels)).toEqual(ml.clusters);
      expect(ours.centroids).toEqual(ml.centroids);
    }
  });

  it("breaks ties to the lower centre and keeps an empty cluster's centre, as ml-kmeans", () => {
    // Row 1 (x = 1) is exactly as far from centre 0 (x = 0) as from centre 1 (x = 2); centre 2 gets no row.
    const data = Float64Array.from([0, 1, 2, 3]);
    const start = [[0], [2], [100]];
    const ml = mlKmeans([[0], [1], [2], [3]], 3, { initialization: start.map((c) => [...c]), maxIterations: 300, tolerance: 1e-8 });
    const ours = lloyd(data, 4, 1, start);
    expect(Array.from(ours.labels)).toEqual(ml.clusters);
    expect(ours.labels[1]).toBe(0);
    expect(ours.centroids).toEqual(ml.centroids);
    expect(ours.centroids[2]).toEqual([100]);
  });

  it("handles duplicate rows and identical centres", () => {
    const data = Float64Array.from([1, 1, 1, 1, 1, 1, 5, 5, 5, 5, 9, 9]);
    const start = [[1, 1], [1, 1], [5, 5]];
    const ml = mlKmeans(rowsOf(data, 6, 2), 3, { initialization: start.map((c) => [...c]), maxIterations: 300, tolerance: 1e-8 });
    const ours = lloyd(data, 6, 2, start);
    expect(Array.from(ours.labels)).toEqual(ml.clusters);
    expect(ours.centroids).toEqual(ml.centroids);
  });

  it("its final assignment and inertia are the nearest-centroid assignment of the returned centroids", () => {
    const data = overlapping(2000, 6, 8, 31);
    const start = kmeansPlusPlus(data, 2000, 6, 8, seededRandom(4));
    const fit = lloyd(data, 2000, 6, start, { tolerance: 1e-3 });
    const direct = assign(data, 2000, 6, fit.centroids);
    expect(Array.from(fit.finalLabels)).toEqual(Array.from(direct.labels));
    // Inertia is summed per block of rows, then over the blocks in order (2 blocks here): equal up to rounding.
    expect(Math.abs(fit.inertia - direct.inertia)).toBeLessThan(1e-12 * direct.inertia);
    // In one block it is the row-order sum, bit for bit.
    expect(lloyd(data, 2000, 6, start, { tolerance: 1e-3, blockRows: 2000 }).inertia).toBe(direct.inertia);
  });

  it("compiles the kernels for every feature count up to 32 (Node allows new Function)", () => {
    for (let d = 1; d <= 32; d++) expect(kernelKind(d)).toBe("compiled");
    expect(kernelKind(33)).toBe("generic");
  });

  it("the compiled and the generic kernels agree bit for bit, k-means++ included", () => {
    const data = overlapping(3000, 7, 6, 41);
    const a = kmeansPlusPlus(data, 3000, 7, 6, seededRandom(8), "auto");
    const b = kmeansPlusPlus(data, 3000, 7, 6, seededRandom(8), "generic");
    expect(a).toEqual(b);
    const fa = lloyd(data, 3000, 7, a, { kernel: "auto" });
    const fb = lloyd(data, 3000, 7, a, { kernel: "generic" });
    expect(fa).toEqual(fb);
  });

  it("reports progress once per iteration and restart", () => {
    const data = overlapping(500, 3, 4, 51);
    const seen: string[] = [];
    const fit = kmeans(data, 500, 3, { k: 4, seed: 3, nInit: 2, onProgress: (p) => seen.push(`${p.run}/${p.runs}:${p.iteration}`) });
    expect(seen.filter((s) => s.startsWith("0/2:")).length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.startsWith("1/2:")).length).toBeGreaterThan(0);
    expect(fit.iterations).toBeGreaterThan(0);
  });
});

describe("kmeans results", () => {
  it("are the same for the same seed across calls and d (determinism of the compiled kernels)", () => {
    for (const d of [1, 4, 9]) {
      const data = overlapping(1200, d, 5, 60 + d);
      const a = kmeans(data, 1200, d, { k: 5, seed: 7, nInit: 3 });
      const b = kmeans(data, 1200, d, { k: 5, seed: 7, nInit: 3 });
      expect(labelSignature(a.labels, 5)).toBe(labelSignature(b.labels, 5));
      expect(a.centroids).toEqual(b.centroids);
    }
  });

  it("recover 8 planted clusters in 6-D", () => {
    const random = seededRandom(77);
    const n = 4000;
    const d = 6;
    // +12 along each axis, and −12 along the first two: 8 centres at least 12 apart.
    const centres = Array.from({ length: 8 }, (_, c) => Array.from({ length: d }, (_, t) => (c < d ? (t === c ? 12 : 0) : t === c - d ? -12 : 0)));
    const data = new Float64Array(n * d);
    const truth = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      truth[i] = i % 8;
      for (let t = 0; t < d; t++) data[i * d + t] = randomNormal(random, centres[i % 8][t], 1);
    }
    const fit = kmeans(data, n, d, { k: 8, seed: 1, nInit: 4 });
    const pairs = new Set(Array.from(truth, (t, i) => `${t}:${fit.labels[i]}`));
    expect(pairs.size).toBe(8);
  });
});
