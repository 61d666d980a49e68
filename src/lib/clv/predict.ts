/**
 * Per-customer predictions from fitted BG/NBD and Gamma-Gamma parameters: P(alive), expected
 * purchases over the horizon, expected value per purchase and CLV (clv.ts), and, for a holdout,
 * expected purchases and value over it. Customers who share (x, t_x, T) share the purchase figures,
 * so they are computed once per distinct row.
 */
import { conditionalExpectedPurchases, probabilityAlive, type BgNbdParams } from "./bgnbd.js";
import { discountedPurchases, discountSchedule } from "./clv.js";
import { expectedAverageValue, type GammaGammaParams } from "./gammaGamma.js";
import type { RepeatData } from "./bgnbd.js";

export interface CustomerPredictions {
  pAlive: Float64Array;
  /** Expected repeat purchases in the horizon after the calibration end. */
  expectedPurchases: Float64Array;
  /** Expected value per purchase, E[M] (the population mean for customers without a repeat purchase). */
  expectedValue: Float64Array;
  /** Discounted expected value of the horizon's purchases. */
  clv: Float64Array;
}

/** Distinct (x, t_x, T) rows in the unit, and which row each customer is (repeatData gives both). */
export type DistinctRows = RepeatData & { rowOf: Int32Array };

export function predictCustomers(
  bgnbd: BgNbdParams,
  gammaGamma: GammaGammaParams,
  rows: DistinctRows,
  m: Float64Array,
  { horizonDays, discountRate, unitDays }: { horizonDays: number; discountRate: number; unitDays: number },
): CustomerPredictions {
  const { rowOf } = rows;
  const data = rows;
  const schedule = discountSchedule(horizonDays, discountRate);
  const distinct = data.x.length;
  const alive = new Float64Array(distinct);
  const purchases = new Float64Array(distinct);
  const discounted = new Float64Array(distinct);
  for (let k = 0; k < distinct; k++) {
    alive[k] = probabilityAlive(bgnbd, data.x[k], data.tx[k], data.T[k]);
    const p = discountedPurchases(bgnbd, data.x[k], data.tx[k], data.T[k], schedule, unitDays);
    purchases[k] = p.purchases;
    discounted[k] = p.discounted;
  }
  const n = rowOf.length;
  const out: CustomerPredictions = { pAlive: new Float64Array(n), expectedPurchases: new Float64Array(n), expectedValue: new Float64Array(n), clv: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const k = rowOf[i];
    const x = data.x[k];
    // A repeat buyer whose repeat purchases sum to ≤ 0 has no usable mean: they get the population mean, as x = 0 does.
    const value = x > 0 && m[i] > 0 ? expectedAverageValue(gammaGamma, x, m[i]) : expectedAverageValue(gammaGamma, 0, 0);
    out.pAlive[i] = alive[k];
    out.expectedPurchases[i] = purchases[k];
    out.expectedValue[i] = value;
    out.clv[i] = value * discounted[k];
  }
  return out;
}

/** Expected purchases over a period of `days` after the calibration end, per customer. */
export function expectedPurchasesOver(bgnbd: BgNbdParams, rows: DistinctRows, days: number, unitDays: number): Float64Array {
  const { rowOf } = rows;
  const data = rows;
  const perRow = new Float64Array(data.x.length);
  for (let k = 0; k < perRow.length; k++) perRow[k] = conditionalExpectedPurchases(bgnbd, days / unitDays, data.x[k], data.tx[k], data.T[k]);
  return Float64Array.from(rowOf, (k) => perRow[k]);
}
