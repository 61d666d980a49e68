import { describe, expect, it } from "vitest";
import { agreement, bestMatches, crossTab, crossTabCells, encodeLabels, labelingSizes } from "../../../src/lib/stats/crosstab.js";
import { adjustedRandIndex } from "../../../src/lib/cluster/metrics.js";

describe("encodeLabels", () => {
  it("puts listed names first in their order, drops empty ones, then others by first appearance", () => {
    const { codes, names } = encodeLabels(["b", "x", "a", "b", "y", "x"], ["a", "b", "c"]);
    expect(names).toEqual(["a", "b", "x", "y"]);
    expect([...codes]).toEqual([1, 2, 0, 1, 3, 2]);
  });

  it("keeps empty listed names when asked", () => {
    expect(encodeLabels(["b"], ["a", "b"], { keepEmpty: true }).names).toEqual(["a", "b"]);
  });
});

describe("crossTab", () => {
  const a = { codes: Int32Array.from([0, 0, 0, 1, 1, 2]), names: ["A0", "A1", "A2"] };
  const b = { codes: Int32Array.from([1, 1, 0, 0, 0, 0]), names: ["B0", "B1"] };

  it("counts customers per pair with totals that add up", () => {
    const t = crossTab(a, b);
    expect(t.counts).toEqual([
      [1, 2],
      [2, 0],
      [1, 0],
    ]);
    expect(t.rowTotals).toEqual([3, 2, 1]);
    expect(t.columnTotals).toEqual([4, 2]);
    expect(t.n).toBe(6);
  });

  it("gives shares of row, column and all in the cells", () => {
    const cells = crossTabCells(crossTab(a, b));
    expect(cells).toHaveLength(6);
    expect(cells[1]).toEqual({ a: "A0", b: "B1", customers: 2, shareOfA: 2 / 3, shareOfB: 1, shareOfAll: 2 / 6 });
    expect(cells.reduce((s, c) => s + c.shareOfAll, 0)).toBeCloseTo(1, 12);
  });

  it("agreement: the adjusted Rand index of metrics.ts and purity", () => {
    const g = agreement(a, b);
    expect(g.ari).toBe(adjustedRandIndex(a.codes, b.codes));
    expect(g.purity).toBeCloseTo((2 + 2 + 1) / 6, 12);
    expect(agreement(a, a).ari).toBe(1);
    expect(agreement(a, a).purity).toBe(1);
  });

  it("relabelled identical partitions agree perfectly", () => {
    const c = { codes: Int32Array.from([2, 2, 2, 0, 0, 1]), names: ["x", "y", "z"] };
    expect(agreement(a, c).ari).toBe(1);
  });

  it("best matches per segment of A", () => {
    expect(bestMatches(crossTab(a, b))).toEqual([
      { a: "A0", b: "B1", share: 2 / 3 },
      { a: "A1", b: "B0", share: 1 },
      { a: "A2", b: "B0", share: 1 },
    ]);
  });

  it("rejects segmentations of different customers and codes without names", () => {
    expect(() => crossTab(a, { codes: Int32Array.from([0]), names: ["x"] })).toThrow(/different customers/);
    expect(() => crossTab(a, { codes: Int32Array.from([0, 0, 0, 0, 0, 5]), names: ["x"] })).toThrow(/row 6: segment 5 of B/);
  });
});

describe("labelingSizes", () => {
  it("counts customers and sums revenue per segment", () => {
    const sizes = labelingSizes({ codes: Int32Array.from([0, 1, 1, 0]), names: ["x", "y"] }, [10, 20.005, 30, -10]);
    expect(sizes).toEqual([
      { name: "x", customers: 2, customerShare: 0.5, revenue: 0, revenueShare: 0 },
      { name: "y", customers: 2, customerShare: 0.5, revenue: 50.01, revenueShare: 1 },
    ]);
  });
});

describe("labelingSizes refuses what it cannot sum", () => {
  it("names the row of a revenue that is not a number", () => {
    const labeling = { codes: Int32Array.from([0, 1, 0]), names: ["x", "y"] };
    expect(() => labelingSizes(labeling, [1, NaN, 2])).toThrow("row 2: revenue NaN is not a number");
    expect(labelingSizes(labeling, [1, 2, 3]).map((s) => [s.name, s.customers, s.revenue])).toEqual([["x", 2, 4], ["y", 1, 2]]);
    expect(labelingSizes({ codes: new Int32Array(0), names: ["x"] }, [])).toEqual([{ name: "x", customers: 0, customerShare: 0, revenue: 0, revenueShare: 0 }]);
  });
});
