import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/lib/config/config.js";
import { adjustedRandIndex } from "../../../src/lib/cluster/metrics.js";
import { prepare } from "../../../src/lib/cluster/prepare.js";
import { compareWithRefit, matchCentroids, toModelSpace } from "../../../src/lib/report/historyDrift.js";
import { assignToModel } from "../../../src/lib/segments/migration.js";
import { runSegmentation } from "../../../src/lib/segments/segmentation.js";
import { seededRandom } from "../../../src/lib/stats/random.js";

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

const cost = (a: number[][], b: number[][], match: number[]) => a.reduce((s, p, i) => s + p.reduce((t, x, j) => t + (x - b[match[i]][j]) ** 2, 0), 0);

/** Three groups of customers, as the features describe them. */
function shop(n: number, seed: number, drift = 0) {
  const random = seededRandom(seed);
  const columns = { customer_id: [] as string[], recency_days: [] as number[], frequency: [] as number[], monetary: [] as number[], tenure_days: [] as number[] };
  for (let i = 0; i < n; i++) {
    const g = i % 3;
    columns.customer_id.push(`C${i}`);
    columns.recency_days.push(Math.round([20, 200, 400][g] * (1 + drift) + random() * 60));
    columns.frequency.push(Math.round([15, 4, 1][g] + random() * 3));
    columns.monetary.push(Math.round([2000, 300, 40][g] * (0.7 + random() * 0.6)));
    columns.tenure_days.push(Math.round(500 + random() * 200));
  }
  return columns;
}

describe("matchCentroids", () => {
  it("finds the cheapest one-to-one matching, as trying every permutation does", () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 30; trial++) {
      const k = 2 + (trial % 5);
      const point = () => [random() * 4, random() * 4];
      const a = Array.from({ length: k }, point);
      const b = Array.from({ length: k }, point);
      const match = matchCentroids(a, b);
      expect([...match].sort()).toEqual([...Array(k).keys()]);
      const best = Math.min(...permutations(k).map((p) => cost(a, b, p)));
      expect(cost(a, b, match)).toBeCloseTo(best, 12);
    }
  });

  it("undoes a renumbering, even where greedy nearest-first matching would not", () => {
    expect(matchCentroids([[0], [10], [20]], [[20], [0], [10]])).toEqual([1, 2, 0]);
    // Greedy takes a[0] ↔ b[0] (distance 1), leaving a[1] ↔ b[1] (distance 10): total 1 + 100. Best: 4 + 4.
    expect(matchCentroids([[0], [3]], [[1], [-2]])).toEqual([1, 0]);
    expect(() => matchCentroids([[0]], [[0], [1]])).toThrow("cannot match 1 centroids to 2");
  });
});

describe("compareWithRefit", () => {
  const config = { ...DEFAULT_CONFIG.segmentation, k: 3 };
  const columns = shop(300, 5);
  const today = runSegmentation(columns, config);
  const fitted = { model: today.model, centroids: today.centroids, labels: today.labels };

  it("today's model against itself: the same partition, nobody moved, no shift", () => {
    expect(compareWithRefit(fitted, fitted)).toEqual({ ari: 1, moved: 0, centroidShift: [0, 0, 0], maxCentroidShift: 0, refitSizes: today.segments.map((s) => s.customers) });
  });

  it("a refit that only numbers the segments differently has not moved anyone", () => {
    const order = [2, 0, 1];
    const renumbered = { ...fitted, centroids: order.map((c) => today.centroids[c]), labels: today.labels.map((c) => order.indexOf(c)) };
    const drift = compareWithRefit(fitted, renumbered);
    expect(drift).toMatchObject({ ari: 1, moved: 0, maxCentroidShift: 0 });
    expect(drift.refitSizes).toEqual(today.segments.map((s) => s.customers));
  });

  it("measures a moved centroid in today's prepared space, through the refit's own transforms", () => {
    // The refit is fitted on its own scaling; one centroid's prepared recency is 0.5 higher in today's units.
    const refit = prepare({ recency_days: columns.recency_days, frequency: columns.frequency, monetary: columns.monetary }, config.features, { log: ["monetary"], scaling: "robust" });
    const shifted = today.centroids.map((c, s) => (s === 1 ? [c[0] + 0.5, c[1], c[2]] : [...c]));
    const inRefit = shifted.map((c) => toModelSpace(today.model, refit.model, c));
    const drift = compareWithRefit(fitted, { model: refit.model, centroids: inRefit, labels: today.labels });
    expect(drift.centroidShift[0]).toBeCloseTo(0, 9);
    expect(drift.centroidShift[1]).toBeCloseTo(0.5, 9);
    expect(drift.centroidShift[2]).toBeCloseTo(0, 9);
    expect(drift.maxCentroidShift).toBe(0.5);
  });

  it("counts the customers a refit puts elsewhere, and the adjusted Rand index of the two assignments", () => {
    const labels = Int32Array.from(today.labels);
    // 30 customers of segment 0 go to segment 2's match in the refit.
    let moved = 0;
    for (let i = 0; i < labels.length && moved < 30; i++) if (labels[i] === 0) (labels[i] = 2), moved++;
    const drift = compareWithRefit(fitted, { ...fitted, labels });
    expect(drift.moved).toBe(0.1);
    expect(drift.ari).toBeLessThan(1);
    expect(drift.ari).toBeGreaterThan(0.5);
    expect(drift.refitSizes[2]).toBe(today.segments[2].customers + 30);
  });

  it("a real refit on customers whose recency drifted: its recency centroids moved, in today's units", () => {
    const later = shop(300, 5, 0.6);
    const assigned = assignToModel(today.model, today.centroids, { recency_days: later.recency_days, frequency: later.frequency, monetary: later.monetary });
    const refit = runSegmentation(later, config);
    const drift = compareWithRefit({ ...fitted, labels: assigned }, { model: refit.model, centroids: refit.centroids, labels: refit.labels });
    expect(drift.ari).toBe(Math.round(adjustedRandIndex(assigned, refit.labels) * 10000) / 10000);
    // Recency grew by 60 %: 12 to 240 days for the three groups, a large shift in today's z-scores.
    expect(drift.maxCentroidShift).toBeGreaterThan(0.3);
    expect(drift.refitSizes.reduce((s, x) => s + x, 0)).toBe(300);
  });

  it("refuses a refit of another shape", () => {
    expect(() => compareWithRefit(fitted, { ...fitted, labels: today.labels.slice(1) })).toThrow("drift: 300 customers assigned by today's model, 299 by the refit");
    expect(() => compareWithRefit(fitted, { ...fitted, centroids: today.centroids.slice(1) })).toThrow("drift: today's model has 3 segments, the refit 2");
  });
});
