/**
 * The CLV report's figures as the records its charts draw and its CSV downloads hold (one row per
 * mark, long format): tracking (weekly or cumulative, actual against predicted), conditional
 * expectation, per-segment holdout revenue, per-segment value shares, and the P(alive) grid as cells.
 * Pure: the pages' components (src/components/clvViews.ts) only draw them.
 */
import { daysBefore } from "../io/dates.js";
import type { AliveGrid, FrequencyBucket, HoldoutTotals, TrackingPeriod } from "./validation.js";

export const ACTUAL = "Actual";
export const PREDICTED = "Predicted";

export type TrackingRecord = {
  /** First day of the week (YYYY-MM-DD). */
  week: string;
  series: typeof ACTUAL | typeof PREDICTED;
  /** Repeat purchases of the calibration cohort in the week, or up to its end (cumulative). */
  purchases: number;
  holdout: boolean;
};

/** Two records per period: actual and predicted repeat purchases, weekly or cumulative. `firstDay` is the data's first purchase day (day index 0). */
export function trackingRecords(tracking: readonly TrackingPeriod[], firstDay: string, { cumulative }: { cumulative: boolean }): TrackingRecord[] {
  return tracking.flatMap((t) => {
    const week = daysBefore(firstDay, -t.firstDay);
    return [
      { week, series: ACTUAL, purchases: cumulative ? t.cumulativeActual : t.actual, holdout: t.holdout },
      { week, series: PREDICTED, purchases: cumulative ? t.cumulativePredicted : t.predicted, holdout: t.holdout },
    ];
  });
}

export type FrequencyRecord = {
  /** Repeat purchases in calibration ("0", "1", … "7+"). */
  frequency: string;
  customers: number;
  series: typeof ACTUAL | typeof PREDICTED;
  /** Mean holdout purchases per customer. */
  purchases: number;
};

export function conditionalRecords(buckets: readonly FrequencyBucket[]): FrequencyRecord[] {
  return buckets.flatMap((b) => [
    { frequency: b.frequency, customers: b.customers, series: ACTUAL, purchases: b.actual },
    { frequency: b.frequency, customers: b.customers, series: PREDICTED, purchases: b.predicted },
  ]);
}

export type SegmentRevenueRecord = {
  segment: number;
  name: string;
  customers: number;
  series: typeof ACTUAL | typeof PREDICTED;
  revenue: number;
  purchases: number;
};

/** Actual and predicted holdout revenue (and purchases) per segment's calibration cohort. */
export function holdoutRecords(
  segments: readonly { segment: number; name: string; customers: number; actualRevenue: number; predictedRevenue: number; actualPurchases: number; predictedPurchases: number }[],
): SegmentRevenueRecord[] {
  return segments.flatMap((s) => [
    { segment: s.segment, name: s.name, customers: s.customers, series: ACTUAL, revenue: s.actualRevenue, purchases: s.actualPurchases },
    { segment: s.segment, name: s.name, customers: s.customers, series: PREDICTED, revenue: s.predictedRevenue, purchases: s.predictedPurchases },
  ]);
}

export const PAST_SHARE = "Share of past revenue";
export const PREDICTED_SHARE = "Share of predicted value";

export type ValueShareRecord = {
  name: string;
  measure: typeof PAST_SHARE | typeof PREDICTED_SHARE;
  value: number;
};

/** Each segment's share of past net revenue against its share of the predicted value (segments without predictions left out). */
export function valueShareRecords(segments: readonly { name: string; revenueShare: number | null; predicted: { clvShare: number } | null }[]): ValueShareRecord[] {
  // Predictions need purchases, so a predicted segment has a revenue share (null only in a customers-only report).
  return segments.flatMap((s) =>
    s.predicted && s.revenueShare !== null
      ? [
          { name: s.name, measure: PAST_SHARE, value: s.revenueShare },
          { name: s.name, measure: PREDICTED_SHARE, value: s.predicted.clvShare },
        ]
      : [],
  );
}

export type AliveCell = {
  /** Repeat purchases. */
  frequency: number;
  /** Time of the last repeat purchase, in the model's unit after the first purchase. */
  recency: number;
  pAlive: number;
};

/** Every cell of the grid; the x = 0 row has one cell (t_x = 0: no repeat purchase yet). */
export function aliveCells(grid: AliveGrid): AliveCell[] {
  return grid.frequency.flatMap((x, i) =>
    x === 0 ? [{ frequency: 0, recency: 0, pAlive: grid.pAlive[i][0] }] : grid.recency.map((tx, j) => ({ frequency: x, recency: tx, pAlive: grid.pAlive[i][j] })),
  );
}

/**
 * The holdout in one sentence's figures: predicted over actual purchases and revenue (1 = exact), and
 * the relative error (predicted − actual) / actual; null ratios when nothing happened in the holdout.
 */
export function holdoutAccuracy(totals: HoldoutTotals): { purchasesRatio: number | null; revenueRatio: number | null; purchasesError: number | null; revenueError: number | null } {
  const ratio = (p: number, a: number) => (a > 0 ? p / a : null);
  const purchasesRatio = ratio(totals.predictedPurchases, totals.actualPurchases);
  const revenueRatio = ratio(totals.predictedRevenue, totals.actualRevenue);
  return {
    purchasesRatio,
    revenueRatio,
    purchasesError: purchasesRatio === null ? null : purchasesRatio - 1,
    revenueError: revenueRatio === null ? null : revenueRatio - 1,
  };
}
