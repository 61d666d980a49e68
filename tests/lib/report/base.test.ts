import { describe, expect, it } from "vitest";
import { summariseBase, totalsOf } from "../../../src/lib/report/base.js";
import { summariseSegments } from "../../../src/lib/segments/summary.js";

const columns = {
  customer_id: ["a", "b", "c", "d"],
  recency_days: [10, 20, 300, 400],
  frequency: [5, 3, 1, 1],
  monetary: [500, 300, 150, 50.005],
};

describe("the whole base", () => {
  it("is summarised like one segment numbered -1", () => {
    expect(summariseBase(columns)).toMatchObject({ segment: -1, customers: 4, customerShare: 1, revenue: 1000.01, revenueShare: 1, medianRecencyDays: 160, medianFrequency: 2, avgOrderValue: 100 });
  });

  it("totals the segments: customers, and revenue as the rounded sum of their rounded revenues", () => {
    const segments = summariseSegments(columns, [0, 0, 1, 2], 3);
    expect(segments.map((s) => s.revenue)).toEqual([800, 150, 50.01]);
    expect(totalsOf(segments)).toEqual({ customers: 4, revenue: 1000.01 });
    // 0.1 + 0.2 is 0.30000000000000004 in floating point: totals are rounded for stable JSON.
    expect(totalsOf([{ customers: 1, revenue: 0.1 }, { customers: 2, revenue: 0.2 }])).toEqual({ customers: 3, revenue: 0.3 });
    expect(totalsOf([])).toEqual({ customers: 0, revenue: 0 });
  });
});
