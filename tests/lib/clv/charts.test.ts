import { describe, expect, it } from "vitest";
import { aliveCells, conditionalRecords, holdoutAccuracy, holdoutRecords, trackingRecords, valueShareRecords } from "../../../src/lib/clv/charts.js";
import { aliveGrid } from "../../../src/lib/clv/validation.js";

describe("the CLV charts' records", () => {
  it("tracking: two per week, dated from the first purchase day, weekly or cumulative", () => {
    const tracking = [
      { period: 0, firstDay: 0, lastDay: 6, holdout: false, actual: 3, predicted: 2.5, cumulativeActual: 3, cumulativePredicted: 2.5 },
      { period: 1, firstDay: 7, lastDay: 13, holdout: true, actual: 4, predicted: 5, cumulativeActual: 7, cumulativePredicted: 7.5 },
    ];
    expect(trackingRecords(tracking, "2024-02-26", { cumulative: false })).toEqual([
      { week: "2024-02-26", series: "Actual", purchases: 3, holdout: false },
      { week: "2024-02-26", series: "Predicted", purchases: 2.5, holdout: false },
      { week: "2024-03-04", series: "Actual", purchases: 4, holdout: true },
      { week: "2024-03-04", series: "Predicted", purchases: 5, holdout: true },
    ]);
    expect(trackingRecords(tracking, "2024-02-26", { cumulative: true }).map((r) => r.purchases)).toEqual([3, 2.5, 7, 7.5]);
  });

  it("conditional expectation and per-segment holdout in long form", () => {
    expect(conditionalRecords([{ frequency: "7+", customers: 4, actual: 2, predicted: 1.5 }])).toEqual([
      { frequency: "7+", customers: 4, series: "Actual", purchases: 2 },
      { frequency: "7+", customers: 4, series: "Predicted", purchases: 1.5 },
    ]);
    const records = holdoutRecords([{ segment: 1, name: "A", customers: 3, actualRevenue: 30, predictedRevenue: 20, actualPurchases: 2, predictedPurchases: 1 }]);
    expect(records.map((r) => [r.series, r.revenue, r.purchases])).toEqual([["Actual", 30, 2], ["Predicted", 20, 1]]);
  });

  it("value shares leave out segments without predictions", () => {
    const records = valueShareRecords([
      { name: "A", revenueShare: 0.6, predicted: { clvShare: 0.3 } },
      { name: "B", revenueShare: 0.4, predicted: null },
    ]);
    expect(records).toEqual([
      { name: "A", measure: "Share of past revenue", value: 0.6 },
      { name: "A", measure: "Share of predicted value", value: 0.3 },
    ]);
  });

  it("P(alive) cells: one for no repeat purchase, every recency for the others", () => {
    const grid = aliveGrid({ r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, 2, 30, 3);
    const cells = aliveCells(grid);
    expect(cells).toHaveLength(1 + 2 * 4);
    expect(cells[0]).toEqual({ frequency: 0, recency: 0, pAlive: 1 });
    expect(cells.find((c) => c.frequency === 2 && c.recency === 30)!.pAlive).toBe(grid.pAlive[2][3]);
  });

  it("holdout accuracy: predicted over actual, and the relative error", () => {
    const totals = { customers: 10, holdoutDays: 90, actualPurchases: 200, predictedPurchases: 150, actualRevenue: 1000, predictedRevenue: 1100, meanAbsoluteError: 1, correlation: 0.5 };
    expect(holdoutAccuracy(totals)).toEqual({ purchasesRatio: 0.75, revenueRatio: 1.1, purchasesError: -0.25, revenueError: expect.closeTo(0.1, 12) });
    expect(holdoutAccuracy({ ...totals, actualPurchases: 0, actualRevenue: 0 })).toEqual({ purchasesRatio: null, revenueRatio: null, purchasesError: null, revenueError: null });
  });
});
