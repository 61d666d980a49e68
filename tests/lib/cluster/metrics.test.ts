import { describe, expect, it } from "vitest";
import {
  adjustedRandIndex,
  calinskiHarabasz,
  daviesBouldin,
  evaluate,
  sampleRows,
  silhouette,
  silhouetteRows,
  silhouetteRowValues,
  silhouettes,
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

  it("sampleRows draws a small sample of many rows as the full shuffle does", () => {
    // The pool shuffled in full, as sampleRows does for large samples: the reference for the sparse one.
    const reference = (n: number, size: number, seed: number) => {
      const random = seededRandom(seed);
      const pool = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < size; i++) {
        const j = i + Math.floor(random() * (n - i));
        [pool[i], pool[j]] = [pool[j], pool[i]];
      }
      return pool.slice(0, size).sort();
    };
    for (const [n, size, seed] of [[1_000_000, 5000, 1], [100_000, 10_000, 7], [50, 6, 3], [9, 1, 2]]) {
      expect(sampleRows(n, size, seed)).toEqual(reference(n, size, seed));
    }
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

describe("silhouettes of many labelings in one pass", () => {
  /** Labelings as a sweep makes them, and harder ones: empty clusters, singletons, every row alone, one cluster. */
  function labelingsOf(n: number, seed: number): { labels: Int32Array; k: number }[] {
    const random = seededRandom(seed);
    const out = [2, 3, 5, 10].map((k) => ({ k, labels: Int32Array.from({ length: n }, () => Math.floor(random() * k)) }));
    out.push({ k: 4, labels: Int32Array.from({ length: n }, (_, i) => (i % 2 ? 3 : 0)) }); // clusters 1 and 2 empty
    out.push({ k: 3, labels: Int32Array.from({ length: n }, (_, i) => (i === 7 ? 1 : i === 11 ? 2 : 0)) }); // two singletons
    out.push({ k: 2, labels: new Int32Array(n) }); // one cluster: NaN
    return out;
  }

  const cases = [
    { n: 400, d: 3, sampleSize: 10_000, note: "every row" },
    { n: 2500, d: 6, sampleSize: 900, note: "a sample" },
    { n: 300, d: 1, sampleSize: 10_000, note: "one feature, repeated values" },
    { n: 200, d: 40, sampleSize: 10_000, note: "40 features (the loops not unrolled)" },
  ];
  for (const { n, d, sampleSize, note } of cases) {
    it(`gives silhouette()'s numbers bit for bit: n = ${n}, d = ${d}, ${note}`, () => {
      const random = seededRandom(n + d);
      // Rounded values, so many distances tie and the order of additions matters.
      const data = Float64Array.from({ length: n * d }, () => Math.round(randomNormal(random, 0, 3) * 4) / 4 + random() * 1e-3);
      const labelings = labelingsOf(n, d);
      const one = labelings.map(({ labels, k }) => silhouette(data, n, d, labels, k, { sampleSize, seed: 4 }));
      const all = silhouettes(data, n, d, labelings, { sampleSize, seed: 4 });
      expect(all.length).toBe(labelings.length);
      all.forEach((s, l) => {
        expect(Object.is(s.score, one[l].score), `labeling ${l}: ${s.score} against ${one[l].score}`).toBe(true);
        expect(s.byCluster.map(String)).toEqual(one[l].byCluster.map(String));
        expect([s.rows, s.sampled]).toEqual([one[l].rows, one[l].sampled]);
      });
      expect(Number.isNaN(all.at(-1)!.score)).toBe(true);
    });
  }

  it("gives each row's values whatever runs of rows it is computed in", () => {
    const n = 600;
    const random = seededRandom(2);
    const data = Float64Array.from({ length: n * 2 }, () => random());
    const rows = silhouetteRows(data, n, 2, { sampleSize: 500, seed: 3 });
    const labelings = labelingsOf(rows.m, 5);
    const whole = silhouetteRowValues(rows, labelings);
    const pieces = [silhouetteRowValues(rows, labelings, 0, 123), silhouetteRowValues(rows, labelings, 123, 124), silhouetteRowValues(rows, labelings, 124, 500)];
    const joined = new Float64Array(whole.length);
    let at = 0;
    for (const p of pieces) (joined.set(p, at), (at += p.length));
    expect(joined).toEqual(whole);
    expect(() => silhouetteRowValues(rows, labelings, 10, 501)).toThrow("rows 10..501 of a silhouette of 500");
  });
});
