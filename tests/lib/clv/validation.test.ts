import { describe, expect, it } from "vitest";
import { expectedPurchases } from "../../../src/lib/clv/bgnbd.js";
import { aliveGrid, conditionalExpectation, groupHoldout, holdoutTotals, trackingSeries } from "../../../src/lib/clv/validation.js";
import { simulatePurchaseTimes } from "../../../src/lib/clv/simulate.js";
import { seededRandom } from "../../../src/lib/stats/random.js";

const P = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };

describe("tracking", () => {
  it("sums E[X(t)] over the cohort by acquisition day, period by period", () => {
    // Two customers on day 0, one on day 3; weekly periods in weeks; calibration to day 6, data to day 13.
    const periods = trackingSeries({
      params: P,
      firstDayIndex: [0, 0, 3],
      dailyRepeats: [{ dayIndex: 2, repeatPurchases: 1 }, { dayIndex: 10, repeatPurchases: 2 }],
      calibrationEndIndex: 6,
      observationEndIndex: 13,
      unitDays: 7,
      periodDays: 7,
    });
    expect(periods).toHaveLength(2);
    const e = (days: number) => expectedPurchases(P, days / 7);
    expect(periods[0].cumulativePredicted).toBeCloseTo(2 * e(6) + e(3), 12);
    expect(periods[1].cumulativePredicted).toBeCloseTo(2 * e(13) + e(10), 12);
    expect(periods[1].predicted).toBeCloseTo(periods[1].cumulativePredicted - periods[0].cumulativePredicted, 12);
    expect(periods.map((p) => [p.actual, p.cumulativeActual, p.holdout])).toEqual([[1, 1, false], [2, 3, true]]);
  });

  it("follows simulated customers: actual and expected cumulative purchases agree within a few per cent", () => {
    const random = seededRandom(21);
    const firstDayIndex: number[] = [];
    const byDay = new Map<number, number>();
    for (let i = 0; i < 5000; i++) {
      const first = Math.floor(random() * 84); // acquired over 12 weeks, followed to day 364
      firstDayIndex.push(first);
      for (const t of simulatePurchaseTimes(random, P, (364 - first) / 7)) {
        const day = first + Math.ceil(t * 7);
        if (day <= 364) byDay.set(day, (byDay.get(day) ?? 0) + 1);
      }
    }
    const dailyRepeats = [...byDay].map(([dayIndex, repeatPurchases]) => ({ dayIndex, repeatPurchases }));
    const periods = trackingSeries({ params: P, firstDayIndex, dailyRepeats, calibrationEndIndex: 364, observationEndIndex: 364, unitDays: 7, periodDays: 7 });
    const last = periods.at(-1)!;
    expect(last.cumulativePredicted / last.cumulativeActual).toBeGreaterThan(0.95);
    expect(last.cumulativePredicted / last.cumulativeActual).toBeLessThan(1.05);
  });
});

describe("holdout comparisons", () => {
  it("averages by calibration frequency with an open last bucket", () => {
    const buckets = conditionalExpectation([0, 0, 1, 3, 9], [0, 2, 1, 4, 6], [0.5, 0.5, 1, 3, 7], 3);
    expect(buckets).toEqual([
      { frequency: "0", customers: 2, actual: 1, predicted: 0.5 },
      { frequency: "1", customers: 1, actual: 1, predicted: 1 },
      { frequency: "3+", customers: 2, actual: 5, predicted: 5 },
    ]);
  });

  it("sums per group and in total", () => {
    const values = { actualPurchases: [1, 2, 3], predictedPurchases: [1.5, 1, 2], actualRevenue: [10, 20, 30], predictedRevenue: [12, 9, 25] };
    expect(groupHoldout(["B", "A", "B"], values)).toEqual([
      { group: "B", customers: 2, actualPurchases: 4, predictedPurchases: 3.5, actualRevenue: 40, predictedRevenue: 37 },
      { group: "A", customers: 1, actualPurchases: 2, predictedPurchases: 1, actualRevenue: 20, predictedRevenue: 9 },
    ]);
    const totals = holdoutTotals(92, values.actualPurchases, values.predictedPurchases, values.actualRevenue, values.predictedRevenue);
    expect(totals).toMatchObject({ customers: 3, holdoutDays: 92, actualPurchases: 6, predictedPurchases: 4.5, actualRevenue: 60, predictedRevenue: 46 });
    expect(totals.meanAbsoluteError).toBeCloseTo(2.5 / 3, 12);
  });

  it("P(alive) grid: 1 without repeat purchases, higher for recent buyers", () => {
    const grid = aliveGrid(P, 5, 40, 4);
    expect(grid.recency).toEqual([0, 10, 20, 30, 40]);
    expect(grid.pAlive[0]).toEqual([1, 1, 1, 1, 1]);
    for (const row of grid.pAlive.slice(1)) for (let j = 1; j < row.length; j++) expect(row[j]).toBeGreaterThan(row[j - 1]);
  });
});
