/**
 * Holdout validation of a fitted BG/NBD (and Gamma-Gamma) model, as plain data for the report and the
 * pages to chart: the charts of Fader, Hardie & Lee (2005) and lifetimes' plotting module.
 *
 * - Tracking: repeat purchases of the calibration cohort per period, actual against the model's
 *   E[X(t)] summed over the cohort by acquisition day, over calibration and holdout (weekly and cumulative).
 * - Conditional expectation: customers grouped by calibration repeat purchases (0, 1, …, "7+"); mean
 *   actual holdout purchases against mean E[Y(holdout) | x, t_x, T].
 * - Per group (any labelling: segments, RFM segments, …): predicted against actual holdout revenue.
 * - P(alive) over a frequency × recency grid, at a fixed age T.
 */
import { expectedPurchases, probabilityAlive, type BgNbdParams } from "./bgnbd.js";

export interface TrackingPeriod {
  /** 0-based period number; period k covers days [k·length, (k+1)·length) after the first purchase in the data. */
  period: number;
  /** First and last day index of the period (days after the first purchase in the data; the last may be cut at the end). */
  firstDay: number;
  lastDay: number;
  /** Whether the period lies after the calibration end (a period that straddles it counts as calibration). */
  holdout: boolean;
  actual: number;
  predicted: number;
  cumulativeActual: number;
  cumulativePredicted: number;
}

export interface TrackingInput {
  params: BgNbdParams;
  /** Each cohort customer's first purchase as a day index. */
  firstDayIndex: ArrayLike<number>;
  /** Actual repeat purchases per day index (days without any may be left out). */
  dailyRepeats: readonly { dayIndex: number; repeatPurchases: number }[];
  /** Day index of the calibration end and of the observation end (both included). */
  calibrationEndIndex: number;
  observationEndIndex: number;
  /** Days in the model's unit, and in one period of the chart (7 for weekly). */
  unitDays: number;
  periodDays: number;
}

/**
 * Actual and expected repeat purchases per period. The expectation at the end of day L is
 * Σ over acquisition days c ≤ L of (customers acquired on c) · E[X((L − c) / unit)]: each customer
 * can buy again from the day after their first purchase, as in the summaries.
 */
export function trackingSeries(input: TrackingInput): TrackingPeriod[] {
  const { params, firstDayIndex, dailyRepeats, calibrationEndIndex, observationEndIndex, unitDays, periodDays } = input;
  if (!(periodDays >= 1 && Number.isInteger(periodDays))) throw new RangeError(`tracking period must be a whole number of days, got ${periodDays}`);
  const days = observationEndIndex + 1;
  const cohort = new Float64Array(days);
  for (let i = 0; i < firstDayIndex.length; i++) {
    const c = firstDayIndex[i];
    if (c < 0 || c > calibrationEndIndex) throw new RangeError(`tracking: first purchase day ${c} is outside the calibration period`);
    cohort[c]++;
  }
  // E[X(τ days)] once per age τ: the sum over the cohort is then a convolution.
  const expected = new Float64Array(days);
  for (let tau = 1; tau < days; tau++) expected[tau] = expectedPurchases(params, tau / unitDays);
  const actualByDay = new Float64Array(days);
  for (const { dayIndex, repeatPurchases } of dailyRepeats) if (dayIndex >= 0 && dayIndex < days) actualByDay[dayIndex] += repeatPurchases;
  const cumulativeExpectedAt = (L: number): number => {
    let sum = 0;
    for (let c = 0; c <= Math.min(L, calibrationEndIndex); c++) if (cohort[c]) sum += cohort[c] * expected[L - c];
    return sum;
  };
  const periods: TrackingPeriod[] = [];
  let cumulativeActual = 0;
  let previousExpected = 0;
  for (let k = 0; k * periodDays < days; k++) {
    const firstDay = k * periodDays;
    const lastDay = Math.min(firstDay + periodDays - 1, days - 1);
    let actual = 0;
    for (let d = firstDay; d <= lastDay; d++) actual += actualByDay[d];
    cumulativeActual += actual;
    const cumulativePredicted = cumulativeExpectedAt(lastDay);
    periods.push({
      period: k,
      firstDay,
      lastDay,
      holdout: firstDay > calibrationEndIndex,
      actual,
      predicted: cumulativePredicted - previousExpected,
      cumulativeActual,
      cumulativePredicted,
    });
    previousExpected = cumulativePredicted;
  }
  return periods;
}

export interface FrequencyBucket {
  /** Calibration repeat purchases: "0", "1", …, and the last bucket as "7+". */
  frequency: string;
  customers: number;
  actual: number;
  predicted: number;
}

/** Mean actual and predicted holdout purchases by calibration repeat purchases, the last bucket open ("maxFrequency+"). */
export function conditionalExpectation(
  x: ArrayLike<number>,
  actualHoldout: ArrayLike<number>,
  predictedHoldout: ArrayLike<number>,
  maxFrequency = 7,
): FrequencyBucket[] {
  const customers = new Float64Array(maxFrequency + 1);
  const actual = new Float64Array(maxFrequency + 1);
  const predicted = new Float64Array(maxFrequency + 1);
  for (let i = 0; i < x.length; i++) {
    const b = Math.min(x[i], maxFrequency);
    customers[b]++;
    actual[b] += actualHoldout[i];
    predicted[b] += predictedHoldout[i];
  }
  const buckets: FrequencyBucket[] = [];
  for (let b = 0; b <= maxFrequency; b++) {
    if (!customers[b]) continue;
    buckets.push({ frequency: b === maxFrequency ? `${b}+` : String(b), customers: customers[b], actual: actual[b] / customers[b], predicted: predicted[b] / customers[b] });
  }
  return buckets;
}

export interface GroupHoldout {
  group: string;
  customers: number;
  actualPurchases: number;
  predictedPurchases: number;
  actualRevenue: number;
  predictedRevenue: number;
}

/** Sums of actual and predicted holdout purchases and revenue per group label, in order of first appearance of each label. */
export function groupHoldout(
  labels: ArrayLike<string>,
  values: { actualPurchases: ArrayLike<number>; predictedPurchases: ArrayLike<number>; actualRevenue: ArrayLike<number>; predictedRevenue: ArrayLike<number> },
): GroupHoldout[] {
  const groups = new Map<string, GroupHoldout>();
  for (let i = 0; i < labels.length; i++) {
    let g = groups.get(labels[i]);
    if (!g) {
      g = { group: labels[i], customers: 0, actualPurchases: 0, predictedPurchases: 0, actualRevenue: 0, predictedRevenue: 0 };
      groups.set(labels[i], g);
    }
    g.customers++;
    g.actualPurchases += values.actualPurchases[i];
    g.predictedPurchases += values.predictedPurchases[i];
    g.actualRevenue += values.actualRevenue[i];
    g.predictedRevenue += values.predictedRevenue[i];
  }
  return [...groups.values()];
}

export interface AliveGrid {
  /** Repeat purchases, one row each. */
  frequency: number[];
  /** Time of the last repeat purchase (t_x, in the unit), one column each. */
  recency: number[];
  /** The age T every cell assumes (in the unit). */
  T: number;
  /** pAlive[row][column]. */
  pAlive: number[][];
}

/** P(alive | x, t_x, T) for x = 0..maxFrequency and t_x at `columns` even steps from 0 to T (lifetimes' probability_alive_matrix). */
export function aliveGrid(params: BgNbdParams, maxFrequency: number, T: number, columns = 20): AliveGrid {
  const frequency = Array.from({ length: maxFrequency + 1 }, (_, i) => i);
  const recency = Array.from({ length: columns + 1 }, (_, j) => (T * j) / columns);
  // x = 0 has t_x = 0 only; its row is 1 throughout (alive for sure: no repeat purchase, no chance yet to drop out).
  const pAlive = frequency.map((x) => recency.map((tx) => probabilityAlive(params, x, x === 0 ? 0 : tx, T)));
  return { frequency, recency, T, pAlive };
}

export interface HoldoutTotals {
  customers: number;
  holdoutDays: number;
  actualPurchases: number;
  predictedPurchases: number;
  actualRevenue: number;
  predictedRevenue: number;
  /** Per-customer mean absolute error of purchases, and Pearson's r between predicted and actual purchases. */
  meanAbsoluteError: number;
  correlation: number | null;
}

export function holdoutTotals(
  holdoutDays: number,
  actualPurchases: ArrayLike<number>,
  predictedPurchases: ArrayLike<number>,
  actualRevenue: ArrayLike<number>,
  predictedRevenue: ArrayLike<number>,
): HoldoutTotals {
  const n = actualPurchases.length;
  let ap = 0;
  let pp = 0;
  let ar = 0;
  let pr = 0;
  let abs = 0;
  for (let i = 0; i < n; i++) {
    ap += actualPurchases[i];
    pp += predictedPurchases[i];
    ar += actualRevenue[i];
    pr += predictedRevenue[i];
    abs += Math.abs(actualPurchases[i] - predictedPurchases[i]);
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = predictedPurchases[i] - pp / n;
    const dy = actualPurchases[i] - ap / n;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return {
    customers: n,
    holdoutDays,
    actualPurchases: ap,
    predictedPurchases: pp,
    actualRevenue: ar,
    predictedRevenue: pr,
    meanAbsoluteError: n ? abs / n : NaN,
    correlation: sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null,
  };
}
