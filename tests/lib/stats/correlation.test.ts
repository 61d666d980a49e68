import { describe, expect, it } from "vitest";
import { correlationCells, correlationMatrix, pearson, ranks, spearman, strongestPairs } from "../../../src/lib/stats/correlation.js";

describe("pearson", () => {
  it("is 1, -1 and a hand-computed value", () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // x = 1..4, y = 1,3,2,4: r = 0.8
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
  });

  it("leaves out rows with a missing value on either side", () => {
    expect(pearson([1, 2, NaN, 3, 4], [1, 3, 100, 2, 4])).toBeCloseTo(0.8, 12);
    expect(pearson([1, 2, 3, 4, 9], [1, 3, 2, 4, NaN])).toBeCloseTo(0.8, 12);
  });

  it("is null for a constant column or fewer than two rows", () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1], [2])).toBeNull();
    expect(pearson([NaN, 1], [1, NaN])).toBeNull();
  });
});

describe("spearman", () => {
  it("ranks with ties averaged", () => {
    expect([...ranks([10, 20, 20, 5, NaN])]).toEqual([2, 3.5, 3.5, 1, NaN]);
  });

  it("is 1 for any increasing relation", () => {
    expect(spearman([1, 2, 3, 4, 5], [1, 8, 27, 64, 1000])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4, 5], [1, 8, 27, 64, 1000])!).toBeLessThan(0.9);
  });

  it("ranks each pair on the rows both have", () => {
    expect(spearman([1, 2, 3, NaN], [10, 20, 30, 0])).toBeCloseTo(1, 12);
  });
});

describe("correlationMatrix", () => {
  const columns = { a: [1, 2, 3, 4], b: [2, 4, 6, 8], c: [4, 3, 2, 1], flat: [5, 5, 5, 5], gap: [1, NaN, 3, 4] };

  it("is symmetric with 1 on the diagonal and null for a constant column", () => {
    const m = correlationMatrix(columns, ["a", "b", "c", "flat", "gap"]);
    expect(m.matrix[0][1]).toBeCloseTo(1, 12);
    expect(m.matrix[0][2]).toBeCloseTo(-1, 12);
    expect(m.matrix[2][0]).toBe(m.matrix[0][2]);
    expect(m.matrix[3]).toEqual([null, null, null, null, null]);
    expect(m.matrix[4][4]).toBe(1);
    expect(m.matrix[0][4]).toBeCloseTo(1, 12);
  });

  it("Spearman gives the same as pairwise spearman()", () => {
    const m = correlationMatrix(columns, ["a", "c", "gap"], "spearman");
    expect(m.matrix[0][1]).toBeCloseTo(spearman(columns.a, columns.c)!, 12);
    expect(m.matrix[1][2]).toBeCloseTo(spearman(columns.c, columns.gap)!, 12);
  });

  it("cells for a heatmap and the strongest pairs", () => {
    const m = correlationMatrix(columns, ["a", "b", "c"]);
    expect(correlationCells(m)).toHaveLength(9);
    expect(correlationCells(m)[1]).toMatchObject({ y: "a", x: "b" });
    const top = strongestPairs(m, 2);
    expect(top.map((p) => [p.a, p.b])).toEqual([
      ["a", "b"],
      ["a", "c"],
    ]);
  });

  it("names an unknown column", () => {
    expect(() => correlationMatrix(columns, ["a", "nope"])).toThrow(/unknown column "nope"/);
  });
});
