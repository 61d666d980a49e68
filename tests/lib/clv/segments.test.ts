import { describe, expect, it } from "vitest";
import { holdoutByGroup, predictionsByGroup } from "../../../src/lib/clv/segments.js";

describe("predictionsByGroup", () => {
  // Six customers in two segments; customer 5 has no prediction.
  const labels = Int32Array.of(0, 0, 1, 1, 1, 0);
  const columns = {
    monetary: [100, 500, 40, 900, 300, 50],
    pAlive: [0.9, 0.2, 0.6, 0.1, 1.0, null],
    expectedPurchases: [2, 0.5, 1, 0.25, 3, null],
    clv: [40, 10, 20, 5, 100, null],
  };
  const { groups, everyone } = predictionsByGroup(labels, 2, columns, { baseMedianMonetary: 200, maxPAlive: 0.5 });

  it("sums and averages over the customers with a prediction, counting the others", () => {
    expect(groups[0]).toMatchObject({ customers: 3, predicted: 2, expectedPurchases: 2.5, expectedPurchasesPerCustomer: 1.25, clv: 50, clvPerCustomer: 25 });
    expect(groups[0].meanPAlive).toBeCloseTo(0.55, 12);
    expect(groups[1]).toMatchObject({ customers: 3, predicted: 3, expectedPurchases: 4.25, clv: 125 });
    expect(groups[1].meanPAlive).toBeCloseTo(1.7 / 3, 12);
    expect(groups[0].clvShare).toBeCloseTo(50 / 175, 12);
    expect(groups[1].clvShare).toBeCloseTo(125 / 175, 12);
    expect(everyone).toMatchObject({ customers: 6, predicted: 5, clv: 175, clvShare: 1 });
  });

  it("counts the at-risk customers: past revenue at or above the base median, P(alive) below the limit", () => {
    // Segment 0: customer 1 (500, 0.2). Segment 1: customer 3 (900, 0.1); customer 4 (300, 1.0) is alive, 2 (40) is small.
    expect(groups[0].atRisk).toEqual({ customers: 1, share: 1 / 3, pastRevenue: 500, clv: 10 });
    expect(groups[1].atRisk).toEqual({ customers: 1, share: 1 / 3, pastRevenue: 900, clv: 5 });
    expect(everyone.atRisk.customers).toBe(2);
  });

  it("gives null means for a group without predictions, and stops on a label outside 0..k-1", () => {
    const none = predictionsByGroup(Int32Array.of(0, 1), 3, { monetary: [1, 2], pAlive: [0.5, 0.5], expectedPurchases: [1, 1], clv: [1, 1] }, { baseMedianMonetary: 1, maxPAlive: 0.5 });
    expect(none.groups[2]).toMatchObject({ customers: 0, predicted: 0, meanPAlive: null, clvPerCustomer: null, clvShare: 0 });
    expect(() => predictionsByGroup(Int32Array.of(3), 2, { monetary: [1], pAlive: [1], expectedPurchases: [1], clv: [1] }, { baseMedianMonetary: 1, maxPAlive: 0.5 })).toThrow(/label 3, outside 0..1/);
  });
});

describe("holdoutByGroup", () => {
  it("sums each group's cohort in group order, with zeros for a group without one", () => {
    const out = holdoutByGroup(Int32Array.of(2, 0, 2), 3, { actualPurchases: [1, 2, 3], predictedPurchases: [0.5, 1.5, 2.5], actualRevenue: [10, 20, 30], predictedRevenue: [5, 15, 25] });
    expect(out).toEqual([
      { group: 0, customers: 1, actualPurchases: 2, predictedPurchases: 1.5, actualRevenue: 20, predictedRevenue: 15 },
      { group: 1, customers: 0, actualPurchases: 0, predictedPurchases: 0, actualRevenue: 0, predictedRevenue: 0 },
      { group: 2, customers: 2, actualPurchases: 4, predictedPurchases: 3, actualRevenue: 40, predictedRevenue: 30 },
    ]);
  });
});
