/**
 * Customer lifetime value over a horizon, discounted: the expected value of a customer's purchases in
 * (T, T + H], each month's share discounted to today. With the BG/NBD's expected purchases
 * E[Y(t) | x, t_x, T] and the Gamma-Gamma expected value per purchase E[M]:
 *
 *   CLV = E[M] · Σₖ₌₁..K (E[Y(tₖ)] − E[Y(tₖ₋₁)]) / (1 + d)^(tₖ / 365.25 days)
 *   tₖ = min(k · 365.25/12, H) days (months; the last may be short), K = ⌈H / (365.25/12)⌉, t₀ = 0
 *
 * with d the yearly discount rate. This is lifetimes' customer_lifetime_value (monthly steps, each
 * month's expected purchases discounted at its end) with the rate stated per year; with d = 0 it is
 * E[M] · E[Y(H)].
 */
import { conditionalExpectedPurchases, type BgNbdParams } from "./bgnbd.js";

/** Days in one discounting period (a twelfth of a year). */
export const CLV_PERIOD_DAYS = 365.25 / 12;

/** Ends of the discounting periods in days, and their discount factors. */
export function discountSchedule(horizonDays: number, discountRate: number): { endDays: Float64Array; factors: Float64Array } {
  if (!(horizonDays > 0)) throw new RangeError(`CLV horizon must be a positive number of days, got ${horizonDays}`);
  if (!(discountRate >= 0)) throw new RangeError(`CLV discount rate must be ≥ 0, got ${discountRate}`);
  const periods = Math.ceil(horizonDays / CLV_PERIOD_DAYS - 1e-9);
  const endDays = new Float64Array(periods);
  const factors = new Float64Array(periods);
  for (let k = 0; k < periods; k++) {
    endDays[k] = Math.min((k + 1) * CLV_PERIOD_DAYS, horizonDays);
    factors[k] = Math.pow(1 + discountRate, -endDays[k] / 365.25);
  }
  return { endDays, factors };
}

/**
 * Discounted expected purchases over the horizon for one customer (multiply by E[M] for the CLV),
 * and the undiscounted expected purchases E[Y(H)].
 */
export function discountedPurchases(
  params: BgNbdParams,
  x: number,
  tx: number,
  T: number,
  schedule: { endDays: Float64Array; factors: Float64Array },
  unitDays: number,
): { discounted: number; purchases: number } {
  let previous = 0;
  let discounted = 0;
  for (let k = 0; k < schedule.endDays.length; k++) {
    const cumulative = conditionalExpectedPurchases(params, schedule.endDays[k] / unitDays, x, tx, T);
    discounted += (cumulative - previous) * schedule.factors[k];
    previous = cumulative;
  }
  return { discounted, purchases: previous };
}
