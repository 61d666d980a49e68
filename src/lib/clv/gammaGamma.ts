/**
 * The Gamma-Gamma model of spend per purchase (Fader & Hardie 2013, "The Gamma-Gamma model of monetary
 * value", brucehardie.com/notes/025; Colombo & Jiang 1999). Each purchase's value is Gamma(p, ν); across
 * customers ν ~ Gamma(q, γ). A customer is summarised by x ≥ 1 repeat purchases and m, their mean value
 * (the first purchase left out, as in the note and lifetimes). The model assumes spend is independent of
 * purchase frequency: check it with spendFrequencyCorrelation before trusting the values.
 *
 *   log-likelihood:  ln f(m | x) = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ + m x)
 *   E[M | x, m]:     p (γ + m x) / (p x + q − 1)   (for x = 0: the population mean p γ / (q − 1))
 * Both means need q > 1.
 */
import { digamma, lgamma } from "./special.js";
import { pearson } from "../stats/correlation.js";

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** The parameter names in the order fitting and standard errors use. */
export const GAMMA_GAMMA_PARAMS = ["p", "q", "gamma"] as const;

/** Repeat customers: x ≥ 1 repeat purchases with mean value m > 0; `weight` (default 1) counts identical rows. */
export interface SpendData {
  x: Float64Array;
  m: Float64Array;
  weight?: Float64Array;
}

export function checkSpendData(data: SpendData): void {
  const n = data.x.length;
  if (data.m.length !== n || (data.weight && data.weight.length !== n)) throw new Error("Gamma-Gamma data: x, m and weight differ in length");
  for (let i = 0; i < n; i++) {
    if (!(Number.isInteger(data.x[i]) && data.x[i] >= 1) || !(data.m[i] > 0) || !Number.isFinite(data.m[i])) {
      throw new Error(`Gamma-Gamma data row ${i}: x = ${data.x[i]}, m = ${data.m[i]}; expected a whole x ≥ 1 and a mean value m > 0`);
    }
    if (data.weight && !(data.weight[i] > 0)) throw new Error(`Gamma-Gamma data row ${i}: weight ${data.weight[i]} is not positive`);
  }
}

export interface GammaGammaObjective {
  readonly count: number;
  /** Σ weight · ln f(m | x). With `gradient`, also writes ∂/∂(p, q, γ) into it. */
  logLikelihood(params: GammaGammaParams, gradient?: Float64Array): number;
}

/**
 * The log-likelihood as a function of the parameters, with its gradient. The terms in ln m and ln x do
 * not depend on the parameters and are summed once; the gamma functions are computed once per distinct
 * x; each row then costs one logarithm per call.
 */
export function gammaGammaObjective(data: SpendData): GammaGammaObjective {
  checkSpendData(data);
  const { x, m, weight } = data;
  const n = x.length;
  const byX = new Map<number, number>();
  let count = 0;
  let sumXLogMX = 0; // Σ w x (ln m + ln x)
  let sumLogM = 0; // Σ w ln m
  for (let i = 0; i < n; i++) {
    const w = weight ? weight[i] : 1;
    count += w;
    sumXLogMX += w * x[i] * (Math.log(m[i]) + Math.log(x[i]));
    sumLogM += w * Math.log(m[i]);
    byX.set(x[i], (byX.get(x[i]) ?? 0) + w);
  }
  const values = Float64Array.from(byX.keys());
  const weights = Float64Array.from(byX.values());
  const mx = new Float64Array(n);
  for (let i = 0; i < n; i++) mx[i] = m[i] * x[i];
  return {
    count,
    logLikelihood({ p, q, gamma }, gradient) {
      if (!(p > 0 && q > 0 && gamma > 0)) return NaN;
      const lgq = lgamma(q);
      const logGamma = Math.log(gamma);
      let total = p * sumXLogMX - sumLogM + count * (q * logGamma - lgq);
      let gp = sumXLogMX;
      let gq = count * (logGamma - (gradient ? digamma(q) : 0));
      let gg = (count * q) / gamma;
      for (let k = 0; k < values.length; k++) {
        const px = p * values[k];
        total += weights[k] * (lgamma(px + q) - lgamma(px));
        if (gradient) {
          const psi = digamma(px + q);
          gp += weights[k] * values[k] * (psi - digamma(px));
          gq += weights[k] * psi;
        }
      }
      for (let i = 0; i < n; i++) {
        const w = weight ? weight[i] : 1;
        const denominator = gamma + mx[i];
        const log = Math.log(denominator);
        total -= w * (p * x[i] + q) * log;
        if (gradient) {
          gp -= w * x[i] * log;
          gq -= w * log;
          gg -= (w * (p * x[i] + q)) / denominator;
        }
      }
      if (gradient) {
        gradient[0] = gp;
        gradient[1] = gq;
        gradient[2] = gg;
      }
      return total;
    },
  };
}

export function gammaGammaLogLikelihood(params: GammaGammaParams, data: SpendData): number {
  return gammaGammaObjective(data).logLikelihood(params);
}

/** E[M | x, m]: a customer's expected value per purchase; the population mean when x = 0. NaN unless q > 1. */
export function expectedAverageValue({ p, q, gamma }: GammaGammaParams, x: number, m: number): number {
  if (!(q > 1)) return NaN;
  if (x === 0) return (p * gamma) / (q - 1);
  return (p * (gamma + m * x)) / (p * x + q - 1);
}

/** The population mean value per purchase, p γ / (q − 1) (NaN unless q > 1). */
export function populationMeanValue(params: GammaGammaParams): number {
  return expectedAverageValue(params, 0, 0);
}

/**
 * Pearson's r between repeat purchases x and mean value m over repeat customers (each row counted
 * `weight` times): the Gamma-Gamma model assumes it is near 0 (Fader & Hardie 2013 report 0.11 on
 * CDNOW). Null with fewer than 2 customers or no variation in either.
 */
export function spendFrequencyCorrelation(data: SpendData): number | null {
  const { x, m, weight } = data;
  if (!weight) return pearson(x, m);
  let n = 0;
  let mx = 0;
  let mm = 0;
  for (let i = 0; i < x.length; i++) {
    n += weight[i];
    mx += weight[i] * x[i];
    mm += weight[i] * m[i];
  }
  if (n < 2) return null;
  mx /= n;
  mm /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i] - mx;
    const dy = m[i] - mm;
    sxy += weight[i] * dx * dy;
    sxx += weight[i] * dx * dx;
    syy += weight[i] * dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
