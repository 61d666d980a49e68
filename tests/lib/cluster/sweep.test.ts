import { describe, expect, it } from "vitest";
import { randomNormal, seededRandom } from "../../../src/lib/stats/random.js";
import { kmeans } from "../../../src/lib/cluster/kmeans.js";
import { evaluate } from "../../../src/lib/cluster/metrics.js";
import { elbow, recommendK, sweep, sweepRow, type SweepRow } from "../../../src/lib/cluster/sweep.js";

function planted(k: number, perCluster: number, seed: number) {
  const random = seededRandom(seed);
  const n = k * perCluster;
  const data = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    for (let t = 0; t < 3; t++) data[i * 3 + t] = randomNormal(random, t === c % 3 ? 10 * (1 + Math.floor(c / 3)) : 0, 1);
  }
  return { data, n };
}

const row = (k: number, inertia: number, silhouette: number, calinskiHarabasz: number, daviesBouldin: number): SweepRow => ({
  k, inertia, silhouette, calinskiHarabasz, daviesBouldin, iterations: 1, sizes: [],
});

describe("choosing k", () => {
  it("recommends the planted number of clusters, with every measure per k", () => {
    const { data, n } = planted(4, 150, 3);
    const result = sweep(data, n, 3, { kMin: 2, kMax: 8, seed: 1, nInit: 2 });
    expect(result.rows.map((r) => r.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(result.k).toBe(4);
    expect(result.votes.silhouette).toBe(4);
    expect(result.reason).toMatch(/^k = 4: highest silhouette/);
    for (const r of result.rows) {
      expect(r.sizes.reduce((s, x) => s + x, 0)).toBe(n);
      expect(Number.isFinite(r.silhouette) && Number.isFinite(r.calinskiHarabasz) && Number.isFinite(r.daviesBouldin)).toBe(true);
    }
    // Inertia never rises with k here (nested starts are not guaranteed, but these clusters are clear).
    expect(result.rows[0].inertia).toBeGreaterThan(result.rows[2].inertia);
    expect(result).toMatchObject({ silhouetteRows: n, silhouetteSampled: false });
  });

  it("is deterministic for a seed and samples the silhouette above the sample size", () => {
    const { data, n } = planted(3, 400, 5);
    const a = sweep(data, n, 3, { kMin: 2, kMax: 4, seed: 9, silhouetteSample: 500 });
    const b = sweep(data, n, 3, { kMin: 2, kMax: 4, seed: 9, silhouetteSample: 500 });
    expect(a).toEqual(b);
    expect(a).toMatchObject({ silhouetteRows: 500, silhouetteSampled: true, k: 3 });
  });

  it("gives each k the row of its own k-means and measures (the silhouettes computed in one pass are silhouette()'s)", () => {
    const { data, n } = planted(5, 700, 8);
    for (const silhouetteSample of [10_000, 1200]) {
      const result = sweep(data, n, 3, { kMin: 2, kMax: 10, seed: 3, nInit: 2, silhouetteSample });
      const alone = result.rows.map((r) => {
        const fit = kmeans(data, n, 3, { k: r.k, seed: 3, nInit: 2 });
        const m = evaluate(data, n, 3, fit.labels, r.k, { sampleSize: silhouetteSample, seed: 3 });
        return { k: r.k, inertia: fit.inertia, silhouette: m.silhouette, calinskiHarabasz: m.calinskiHarabasz, daviesBouldin: m.daviesBouldin, iterations: fit.iterations, sizes: fit.sizes };
      });
      expect(result.rows).toEqual(alone);
      expect(sweepRow(data, n, 3, 6, { seed: 3, nInit: 2, silhouetteSample }).row).toEqual(alone[4]);
    }
  });

  it("reports progress per k and refuses bad ranges", () => {
    const { data, n } = planted(3, 50, 6);
    const done: number[] = [];
    sweep(data, n, 3, { kMin: 2, kMax: 5, seed: 1, onProgress: (d) => done.push(d) });
    expect(done).toEqual([1, 2, 3, 4]);
    expect(() => sweep(data, n, 3, { kMin: 1, kMax: 5, seed: 1 })).toThrow("2 ≤ kMin ≤ kMax");
    expect(() => sweep(data, 10, 3, { kMin: 2, kMax: 11, seed: 1 })).toThrow("cannot make 11 clusters from 10");
  });

  it("elbow: the k farthest below the chord of the (scaled) inertia curve", () => {
    expect(elbow([2, 3, 4, 5, 6].map((k, i) => ({ k, inertia: [100, 40, 10, 8, 6][i] })))).toBe(4);
    expect(elbow([{ k: 2, inertia: 10 }, { k: 3, inertia: 5 }])).toBeNull();
    // A straight line has no elbow.
    expect(elbow([2, 3, 4].map((k) => ({ k, inertia: 10 - k })))).toBeNull();
  });

  it("votes: most criteria win; a tie goes to the higher silhouette; the reason names the dissenters", () => {
    const rows = [row(2, 100, 0.5, 50, 0.9), row(3, 40, 0.6, 80, 0.7), row(4, 35, 0.55, 90, 0.6), row(5, 33, 0.4, 70, 0.8)];
    const r = recommendK(rows);
    // silhouette → 3, CH → 4, DB → 4, elbow → 3: 2 votes each; the silhouette prefers 3.
    expect(r.votes).toEqual({ silhouette: 3, calinskiHarabasz: 4, daviesBouldin: 4, elbow: 3 });
    expect(r.k).toBe(3);
    expect(r.reason).toBe(
      "k = 3: highest silhouette, elbow of the inertia curve (2 of 4 criteria; silhouette 0.600, Calinski–Harabasz 80.0, Davies–Bouldin 0.700); " +
        "highest Calinski–Harabasz at k = 4, lowest Davies–Bouldin at k = 4; tie with k = 4 broken by the silhouette",
    );
    const clear = recommendK([row(2, 100, 0.3, 50, 0.9), row(3, 20, 0.7, 90, 0.4), row(4, 18, 0.5, 70, 0.6)]);
    expect(clear.k).toBe(3);
    expect(clear.reason).toMatch(/^k = 3: highest silhouette, highest Calinski–Harabasz, lowest Davies–Bouldin, elbow of the inertia curve \(4 of 4 criteria/);
  });
});
