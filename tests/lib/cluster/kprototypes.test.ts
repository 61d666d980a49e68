import { describe, expect, it } from "vitest";
import { assignPrototypes, kprototypes, refinePrototypes, type MixedData } from "../../../src/lib/cluster/kprototypes.js";

/** A MixedData from rows of numbers and category codes. */
function data(numeric: number[][], categorical: number[][], levels: number[]): MixedData {
  const n = Math.max(numeric.length, categorical.length);
  const p = numeric[0]?.length ?? 0;
  const q = categorical[0]?.length ?? 0;
  return { n, numeric: Float64Array.from(numeric.flat()), p, categorical: Int32Array.from(categorical.flat()), q, levels };
}

describe("k-prototypes dissimilarity and assignment", () => {
  it("adds γ per categorical mismatch to the squared numeric distance, and γ decides between numeric and categorical closeness", () => {
    // Row x = 1, colour b. Prototype A = (0, a): 1 + γ. Prototype B = (3, b): 4.
    const rows = data([[1]], [[1]], [2]);
    const prototypes = { centroids: [[0], [3]], modes: [[0], [1]] };
    expect(assignPrototypes(rows, prototypes, 2.9)).toMatchObject({ cost: 3.9, numericCost: 1, mismatches: 1 });
    expect(Array.from(assignPrototypes(rows, prototypes, 2.9).labels)).toEqual([0]);
    expect(Array.from(assignPrototypes(rows, prototypes, 3.1).labels)).toEqual([1]);
    expect(assignPrototypes(rows, prototypes, 3.1)).toMatchObject({ cost: 4, numericCost: 4, mismatches: 0 });
    // A tie goes to the lower cluster.
    expect(Array.from(assignPrototypes(rows, prototypes, 3).labels)).toEqual([0]);
  });

  it("a category the model never saw (code −1) mismatches every mode", () => {
    const rows = data([[0]], [[-1]], [2]);
    const { cost, mismatches } = assignPrototypes(rows, { centroids: [[0], [0]], modes: [[0], [1]] }, 0.5);
    expect(mismatches).toBe(1);
    expect(cost).toBe(0.5);
  });
});

describe("k-prototypes on hand-made data", () => {
  // Two groups: small x and colour a/b, large x and colour c. The 4-row group is cluster 0 (by size).
  const rows = data(
    [[0], [0.2], [0.4], [0.2], [5], [5.4]],
    [[0, 1], [0, 1], [1, 1], [0, 0], [2, 0], [2, 0]],
    [3, 2],
  );

  it("gives the exact assignment, means and modes, and the cost they imply", () => {
    const fit = kprototypes(rows, { k: 2, seed: 1, gamma: 0.5, nInit: 3 });
    expect(Array.from(fit.labels)).toEqual([0, 0, 0, 0, 1, 1]);
    expect(fit.sizes).toEqual([4, 2]);
    expect(fit.centroids[0][0]).toBeCloseTo(0.2, 12);
    expect(fit.centroids[1][0]).toBeCloseTo(5.2, 12);
    // Colour: a, a, b, a → a (0); size: 1, 1, 1, 0 → 1. Second cluster: c (2), 0.
    expect(fit.modes).toEqual([[0, 1], [2, 0]]);
    // Numeric: 0.04 + 0 + 0.04 + 0 + 0.04 + 0.04; mismatches: row 3 colour, row 4 size.
    expect(fit.numericCost).toBeCloseTo(0.16, 12);
    expect(fit.mismatches).toBe(2);
    expect(fit.cost).toBeCloseTo(0.16 + 0.5 * 2, 12);
    expect(fit.converged).toBe(true);
  });

  it("with categorical features only it is k-modes; with numeric only it is k-means", () => {
    const modesOnly = data([], [[0, 0, 0], [0, 0, 1], [0, 0, 0], [1, 1, 1], [1, 1, 0]], [2, 2, 2]);
    const kmodes = kprototypes(modesOnly, { k: 2, seed: 3, gamma: 1, nInit: 2 });
    expect(Array.from(kmodes.labels)).toEqual([0, 0, 0, 1, 1]);
    // The second cluster's third feature is a tie (1, 0): the lower code.
    expect(kmodes.modes).toEqual([[0, 0, 0], [1, 1, 0]]);
    expect(kmodes.cost).toBe(2);
    const meansOnly = data([[0], [1], [2], [10], [11]], [], []);
    const kmeans = kprototypes(meansOnly, { k: 2, seed: 3, gamma: 0.5 });
    expect(Array.from(kmeans.labels)).toEqual([0, 0, 0, 1, 1]);
    expect(kmeans.centroids).toEqual([[1], [10.5]]);
    expect(kmeans.cost).toBe(2.5);
  });

  it("a mode tie goes to the lower code", () => {
    const tie = data([[0], [0]], [[1], [0]], [2]);
    const fit = refinePrototypes(tie, { centroids: [[0]], modes: [[1]] }, 1);
    expect(fit.prototypes.modes).toEqual([[0]]);
  });

  it("refills an empty cluster with the row farthest from its prototype", () => {
    // Both starts sit on the first group; the second cluster would stay empty.
    const fit = refinePrototypes(rows, { centroids: [[0], [0.1]], modes: [[0, 1], [0, 1]] }, 0.5);
    const labels = Array.from(fit.labels);
    expect(new Set(labels).size).toBe(2);
    expect(fit.converged).toBe(true);
  });

  it("is deterministic: the same seed gives the same result; restarts keep the lowest cost", () => {
    const a = kprototypes(rows, { k: 3, seed: 42, gamma: 0.5, nInit: 4 });
    const b = kprototypes(rows, { k: 3, seed: 42, gamma: 0.5, nInit: 4 });
    expect(b).toEqual(a);
    const singles = [0, 1, 2, 3].map((s) => kprototypes(rows, { k: 3, seed: 100 + s, gamma: 0.5 }).cost);
    const best = kprototypes(rows, { k: 3, seed: 100, gamma: 0.5, nInit: 8 });
    expect(best.cost).toBeLessThanOrEqual(Math.min(...singles) + 1e-12);
  });

  it("refuses impossible settings with a clear message", () => {
    expect(() => kprototypes(rows, { k: 7, seed: 1, gamma: 0.5 })).toThrow("cannot make 7 clusters from 6 customers");
    expect(() => kprototypes(rows, { k: 0, seed: 1, gamma: 0.5 })).toThrow(/k must be/);
    expect(() => kprototypes(rows, { k: 2, seed: 1, gamma: -1 })).toThrow(/gamma/);
    expect(() => kprototypes({ ...rows, levels: [3] }, { k: 2, seed: 1, gamma: 0.5 })).toThrow(/category counts/);
  });
});
