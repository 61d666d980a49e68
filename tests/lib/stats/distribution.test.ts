import { describe, expect, it } from "vitest";
import { finiteSorted, histogram, percentileRank, summarise } from "../../../src/lib/stats/distribution.js";

describe("summarise", () => {
  it("counts missing values apart and summarises the rest", () => {
    const s = summarise([0, 1, 2, 3, 4, NaN, 0]);
    expect(s).toMatchObject({ count: 6, missing: 1, min: 0, max: 4, zeros: 2, median: 1.5 });
    expect(s.mean).toBeCloseTo(10 / 6, 12);
  });

  it("an empty column", () => {
    expect(summarise([NaN])).toMatchObject({ count: 0, missing: 1 });
    expect(summarise([]).min).toBeNaN();
  });
});

describe("histogram", () => {
  const total = (bins: { count: number }[]) => bins.reduce((s, b) => s + b.count, 0);

  it("one bin per value for small whole numbers", () => {
    const bins = histogram([1, 1, 2, 4, NaN]);
    expect(bins).toEqual([
      { x0: 0.5, x1: 1.5, count: 2 },
      { x0: 1.5, x1: 2.5, count: 1 },
      { x0: 2.5, x1: 3.5, count: 0 },
      { x0: 3.5, x1: 4.5, count: 1 },
    ]);
  });

  it("equal-width bins that hold every finite value once", () => {
    const values = Array.from({ length: 1000 }, (_, i) => i / 7);
    const bins = histogram(values, { bins: 10 });
    expect(bins).toHaveLength(10);
    expect(total(bins)).toBe(1000);
    expect(bins[0].x0).toBe(0);
    expect(bins[9].x1).toBe(999 / 7);
    expect(bins[1].x1 - bins[1].x0).toBeCloseTo(bins[5].x1 - bins[5].x0, 9);
  });

  it("log bins are equal in log1p space, with zeros and negative values placed", () => {
    const values = [-50, 0, 0, 1, 10, 100, 1000, 10000];
    const bins = histogram(values, { bins: 8, log: true });
    expect(total(bins)).toBe(values.length);
    expect(bins[0].x0).toBe(-50);
    expect(bins[7].x1).toBe(10000);
    const w = (b: { x0: number; x1: number }) => Math.sign(b.x1) * Math.log1p(Math.abs(b.x1)) - Math.sign(b.x0) * Math.log1p(Math.abs(b.x0));
    expect(w(bins[2])).toBeCloseTo(w(bins[6]), 9);
  });

  it("a constant column is one bin; an empty one none", () => {
    expect(histogram([3, 3, 3])).toEqual([{ x0: 2.5, x1: 3.5, count: 3 }]);
    expect(histogram([NaN])).toEqual([]);
  });

  it("gives the same from values sorted once", () => {
    const values = [5, NaN, 1, 300, 2, 2, -4];
    const sorted = finiteSorted(values);
    expect([...sorted]).toEqual([-4, 1, 2, 2, 5, 300]);
    expect(histogram(sorted, { bins: 7, log: true, sorted: true })).toEqual(histogram(values, { bins: 7, log: true }));
    expect(summarise(values, { sorted })).toEqual(summarise(values));
  });
});

describe("percentileRank", () => {
  it("counts lower values and half the ties among finite values", () => {
    const values = [1, 2, 2, 3, NaN];
    expect(percentileRank(values, 2)).toBe((1 + 1) / 4);
    expect(percentileRank(values, 1)).toBe(0.5 / 4);
    expect(percentileRank(values, 3)).toBe(3.5 / 4);
    expect(percentileRank(values, NaN)).toBeNull();
    expect(percentileRank([NaN], 1)).toBeNull();
  });
});
