/**
 * The per-customer summary (rows of clvSummarySql) as typed arrays, and the model inputs made from it:
 * BG/NBD rows (identical customers merged into one weighted row) and Gamma-Gamma rows (repeat buyers
 * with a positive mean value; the others are counted, not silently dropped).
 */
import type { RepeatData } from "./bgnbd.js";
import type { SpendData } from "./gammaGamma.js";

export interface CustomerSummary {
  customerIds: string[];
  firstPurchase: string[];
  /** Days from the first purchase in the data to the customer's first purchase. */
  firstDayIndex: Int32Array;
  x: Float64Array;
  txDays: Int32Array;
  TDays: Int32Array;
  tx: Float64Array;
  T: Float64Array;
  /** Mean repeat-purchase value; NaN when x = 0. */
  m: Float64Array;
  calibrationValue: Float64Array;
  holdoutX: Float64Array;
  holdoutValue: Float64Array;
}

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

/** Rows as clvSummarySql returns them (any engine: numbers or bigints) → columns. */
export function summaryFromRows(rows: readonly Record<string, unknown>[]): CustomerSummary {
  const n = rows.length;
  const s: CustomerSummary = {
    customerIds: new Array(n),
    firstPurchase: new Array(n),
    firstDayIndex: new Int32Array(n),
    x: new Float64Array(n),
    txDays: new Int32Array(n),
    TDays: new Int32Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    m: new Float64Array(n),
    calibrationValue: new Float64Array(n),
    holdoutX: new Float64Array(n),
    holdoutValue: new Float64Array(n),
  };
  rows.forEach((row, i) => {
    s.customerIds[i] = String(row.customer_id);
    s.firstPurchase[i] = String(row.first_purchase);
    s.firstDayIndex[i] = num(row.first_day_index);
    s.x[i] = num(row.x);
    s.txDays[i] = num(row.t_x_days);
    s.TDays[i] = num(row.T_days);
    s.tx[i] = num(row.t_x);
    s.T[i] = num(row.T);
    s.m[i] = num(row.m);
    s.calibrationValue[i] = num(row.calibration_value);
    s.holdoutX[i] = num(row.holdout_x);
    s.holdoutValue[i] = num(row.holdout_value);
  });
  return s;
}

/**
 * BG/NBD input with customers that share (x, t_x, T) merged into one row of that weight: in whole
 * days many do (everyone without a repeat purchase who started on the same day), and the likelihood
 * then runs over distinct rows only. Same total likelihood, same estimates. `rowOf[i]` is customer i's row.
 */
export function repeatData(summary: CustomerSummary, unitDays: number): RepeatData & { rows: number; rowOf: Int32Array } {
  const n = summary.x.length;
  const index = new Map<number, number>();
  const rowOf = new Int32Array(n);
  const x: number[] = [];
  const txDays: number[] = [];
  const TDays: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < n; i++) {
    // Days stay below 2^16 (179 years) and x below 2^21, so the key is exact in a double.
    if (!(summary.TDays[i] >= 0 && summary.TDays[i] < 65536)) throw new Error(`customer ${summary.customerIds[i]}: T of ${summary.TDays[i]} days is out of range`);
    const key = (summary.x[i] * 65536 + summary.txDays[i]) * 65536 + summary.TDays[i];
    const k = index.get(key);
    rowOf[i] = k ?? x.length;
    if (k === undefined) {
      index.set(key, x.length);
      x.push(summary.x[i]);
      txDays.push(summary.txDays[i]);
      TDays.push(summary.TDays[i]);
      weight.push(1);
    } else {
      weight[k]++;
    }
  }
  return {
    x: Float64Array.from(x),
    tx: Float64Array.from(txDays, (d) => d / unitDays),
    T: Float64Array.from(TDays, (d) => d / unitDays),
    weight: Float64Array.from(weight),
    rows: x.length,
    rowOf,
  };
}

/** Gamma-Gamma input: customers with x ≥ 1 and m > 0, and how many repeat buyers had m ≤ 0 (left out). */
export function spendData(summary: CustomerSummary): SpendData & { notPositive: number } {
  const x: number[] = [];
  const m: number[] = [];
  let notPositive = 0;
  for (let i = 0; i < summary.x.length; i++) {
    if (summary.x[i] < 1) continue;
    if (summary.m[i] > 0) {
      x.push(summary.x[i]);
      m.push(summary.m[i]);
    } else {
      notPositive++;
    }
  }
  return { x: Float64Array.from(x), m: Float64Array.from(m), notPositive };
}
