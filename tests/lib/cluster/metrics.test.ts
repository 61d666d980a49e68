import { describe, expect, it } from "vitest";
import {
  adjustedRandIndex,
  calinskiHarabasz,
  daviesBouldin,
  evaluate,
  sampleRows,
  silhouette,
  sumsOfSquares,
} from "../../../src/lib/cluster/metrics.js";
import { randomNormal, seededRandom } from "../../../src/lib/stats/random.js";

// Two clusters on a line: {0, 1} and {4, 5}.
const line = Float64Array.from([0, 1, 4, 5]);
const lineLabels = [0, 0, 1, 1];

// Twelve points, three clusters; reference values from scikit-learn 1.2.1 (silhouette_score,
// calinski_harabasz_score, davies_bouldin_score, silhouette_samples).
const X = Float64Array.from([0, 0, 1, 0, 0, 1, 1, 1, 5, 5, 6, 5, 5, 7, 10, 0, 11, 1, 9, 0, 10, 2, 12, 0]);
const XLabels = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2];

describe("silhouette", () => {
  it("of a tiny two-cluster set, by hand", () => {
    // x=0: a = 1, b = (4 + 5) / 2 = 4.5 → 3.5 / 4.5; x=1: a = 1, b = (3 + 4) / 2 = 3.5 → 2.5 / 3.5; symmetric for 4 and 5.
    const expected = (2 * (3.5 / 4.5) + 2 * (2.5 / 3.5)) / 4;
    const s = silhouette(line, 4, 1, lineLabels, 2);
    expect(s.score).toBeCloseTo(expected, 15);
    expect(s.score).toBeCloseTo(0.746031746031746, 15); // scikit-learn
    expect(s).toMatchObject({ rows: 4, sampled: false });
    expect(s.byCluster[0]).toBeCloseTo((3.5 / 4.5 + 2.5 / 3.5) / 2, 15);
  });

  it("matches scikit-learn on a 2-D three-cluster set", () => {
    expect(silhouette(X, 12, 2, XLabels, 3).score).toBeCloseTo(0.7692020297060083, 14);
  });

  it("scores a row alone in its cluster 0, as scikit-learn", () => {
    // {0, 1} and {10}: (0.9 + 8/9 + 0) / 3
    expect(silhouette(Float64Array.from([0, 1, 10]), 3, 1, [0, 0, 1], 2).score).toBeCloseTo(0.5962962962962962, 15);
  });

  it("is NaN with a single cluster, and ignores empty cluster numbers", () => {
    expect(silhouette(line, 4, 1, [0, 0, 0, 0], 1).score).toBeNaN();
    expect(silhouette(line, 4, 1, [0, 0, 2, 2], 3).score).toBeCloseTo(0.746031746031746, 15);
  });

  it("above the sample size: a seeded sample, the same for the same seed, close to the exact value", () => {
    const random = seededRandom(5);
    const n = 3000;
    const data = new Float64Array(n * 3);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i % 3;
      for (let t = 0; t < 3; t++) data[i * 3 + t] = randomNormal(random, labels[i] * 3, 1);
    }
    const exact = silhouette(data, n, 3, labels, 3, { sampleSize: n });
    const a = silhouette(data, n, 3, labels, 3, { sampleSize: 1000, seed: 1 });
    const b = silhouette(data, n, 3, labels, 3, { sampleSize: 1000, seed: 1 });
    const c = silhouette(data, n, 3, labels, 3, { sampleSize: 1000, seed: 2 });
    expect(a).toEqual(b);
    expect(a).toMatchObject({ rows: 1000, sampled: true });
    expect(c.score).not.toBe(a.score);
    expect(Math.abs(a.score - exact.score)).toBeLessThan(0.02);
  });

  it("sampleRows draws distinct rows in ascending order", () => {
    const rows = sampleRows(100, 30, 9);
    expect(new Set(rows).size).toBe(30);
    expect(Array.from(rows)).toEqual(Array.from(rows).sort((x, y) => x - y));
    expect(Array.from(sampleRows(5, 10, 1))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe("Calinski–Harabasz and Davies–Bouldin", () => {
  it("by hand on the line: CH = (16 / 1) / (1 / 2) = 32, DB = (0.5 + 0.5) / 4 = 0.25", () => {
    // overall mean 2.5; cluster means 0.5 and 4.5: between = 2·4 + 2·4 = 16, within = 4 · 0.25 = 1.
    expect(calinskiHarabasz(line, 4, 1, lineLabels, 2)).toBe(32);
    expect(daviesBouldin(line, 4, 1, lineLabels, 2)).toBe(0.25);
  });

  it("match scikit-learn on the 2-D set", () => {
    expect(calinskiHarabasz(X, 12, 2, XLabels, 3)).toBeCloseTo(90.96116504854369, 10);
    expect(daviesBouldin(X, 12, 2, XLabels, 3)).toBeCloseTo(0.29046210849675536, 14);
  });

  it("sums of squares: total = within + between, per feature too", () => {
    const ss = sumsOfSquares(X, 12, 2, XLabels, 3);
    expect(ss.within + ss.between).toBeCloseTo(ss.total, 10);
    for (let t = 0; t < 2; t++) expect(ss.withinByFeature[t] + ss.betweenByFeature[t]).toBeCloseTo(ss.totalByFeature[t], 10);
    expect(Array.from(ss.sizes)).toEqual([4, 3, 5]);
  });

  it("degenerate cases: one cluster → NaN; every cluster a single point value → CH 1, DB 0", () => {
    expect(calinskiHarabasz(line, 4, 1, [0, 0, 0, 0], 1)).toBeNaN();
    expect(daviesBouldin(line, 4, 1, [0, 0, 0, 0], 1)).toBeNaN();
    const twoValues = Float64Array.from([1, 1, 3, 3]);
    expect(calinskiHarabasz(twoValues, 4, 1, [0, 0, 1, 1], 2)).toBe(1);
    expect(daviesBouldin(twoValues, 4, 1, [0, 0, 1, 1], 2)).toBe(0);
  });

  it("evaluate bundles them", () => {
    const m = evaluate(X, 12, 2, XLabels, 3);
    expect(m.silhouette).toBeCloseTo(0.7692020297060083, 14);
    expect(m.calinskiHarabasz).toBeCloseTo(90.96116504854369, 10);
    expect(m.daviesBouldin).toBeCloseTo(0.29046210849675536, 14);
    expect(m.silhouetteRows).toBe(12);
  });
});

describe("adjusted Rand index", () => {
  // scikit-learn's documented examples, and two more checked against adjusted_rand_score 1.2.1.
  it.each([
    [[0, 0, 1, 1], [0, 0, 1, 1], 1],
    [[0, 0, 1, 1], [1, 1, 0, 0], 1],
    [[0, 0, 1, 2], [0, 0, 1, 1], 0.5714285714285714],
    [[0, 0, 1, 1], [0, 1, 0, 1], -0.5],
    [[0, 0, 0, 0], [0, 1, 2, 3], 0],
    [[0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2], 0.4444444444444444],
  ])("%j vs %j = %d", (a, b, expected) => {
    expect(adjustedRandIndex(a, b)).toBeCloseTo(expected, 14);
    expect(adjustedRandIndex(b, a)).toBeCloseTo(expected, 14);
  });

  it("is 1 for identical trivial partitions and rejects different lengths", () => {
    expect(adjustedRandIndex([0, 0, 0], [1, 1, 1])).toBe(1);
    expect(adjustedRandIndex([0, 1, 2], [2, 1, 0])).toBe(1);
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow("differ in length");
  });

  it("is near 0 for unrelated random labelings", () => {
    const random = seededRandom(11);
    const a = Array.from({ length: 20000 }, () => Math.floor(random() * 5));
    const b = Array.from({ length: 20000 }, () => Math.floor(random() * 5));
    expect(Math.abs(adjustedRandIndex(a, b))).toBeLessThan(0.01);
  });
});
