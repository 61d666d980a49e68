/**
 * The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting your customers the easy
 * way", Marketing Science 24(2)). While alive, a customer buys at a Poisson rate λ; after each repeat
 * purchase they drop out with probability p. Across customers λ ~ Gamma(r, α) and p ~ Beta(a, b).
 * A customer is summarised by x (repeat purchases), t_x (time of the last one, 0 when x = 0) and T
 * (time from the first purchase to the end of calibration), all in one time unit (see options.ts).
 *
 * Everything here is plain arithmetic on typed arrays, the same in Node and in the browser; fitting
 * lives in fit.ts. Formulas (numbers are the paper's equations):
 *   log-likelihood (6):  ln L = ln[Γ(r+x) αʳ / Γ(r)] + ln[B(a, b+x) / B(a, b)]
 *                              + ln[(α+T)^−(r+x) + δ(x>0) a/(b+x−1) (α+t_x)^−(r+x)]
 *   E[X(t)] (9):         (a+b−1)/(a−1) · [1 − (α/(α+t))ʳ ₂F₁(r, b; a+b−1; t/(α+t))]
 *   P(alive) (footnote): 1 / [1 + δ(x>0) a/(b+x−1) ((α+T)/(α+t_x))^(r+x)]
 *   E[Y(t) | x, t_x, T] (10) = P(alive) · E[X(t)] with (r, α, b) updated to (r+x, α+T, b+x).
 */
import { digamma, hyp2f1, lgamma } from "./special.js";

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** The parameter names in the order fitting and standard errors use. */
export const BGNBD_PARAMS = ["r", "alpha", "a", "b"] as const;

/** Customers in the model's time unit. `weight` (default 1 each) lets identical rows be counted once. */
export interface RepeatData {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight?: Float64Array;
}

/** Distinct values of x with the total weight of each and every row's index into them. */
interface Groups {
  values: Float64Array;
  weights: Float64Array;
  index: Int32Array;
}

function groupBy(x: Float64Array, weight: Float64Array | undefined): Groups {
  const position = new Map<number, number>();
  const index = new Int32Array(x.length);
  const values: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < x.length; i++) {
    let k = position.get(x[i]);
    if (k === undefined) {
      k = values.length;
      position.set(x[i], k);
      values.push(x[i]);
      weights.push(0);
    }
    index[i] = k;
    weights[k] += weight ? weight[i] : 1;
  }
  return { values: Float64Array.from(values), weights: Float64Array.from(weights), index };
}

/** Checks the arrays agree in length and hold what the model can read. Throws with the first bad row. */
export function checkRepeatData(data: RepeatData): void {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n || (data.weight && data.weight.length !== n)) {
    throw new Error(`BG/NBD data: x, t_x, T${data.weight ? " and weight" : ""} differ in length`);
  }
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    const tx = data.tx[i];
    const T = data.T[i];
    if (!(Number.isInteger(x) && x >= 0) || !(tx >= 0) || !(T >= tx) || (x === 0 && tx !== 0) || !Number.isFinite(T)) {
      throw new Error(`BG/NBD data row ${i}: x = ${x}, t_x = ${tx}, T = ${T}; expected a whole x ≥ 0 and 0 ≤ t_x ≤ T (t_x = 0 when x = 0)`);
    }
    if (data.weight && !(data.weight[i] > 0)) throw new Error(`BG/NBD data row ${i}: weight ${data.weight[i]} is not positive`);
  }
}

/**
 * The log-likelihood of a data set as a function of the parameters, with its gradient. Terms that
 * depend only on x (the gamma and beta functions and their derivatives) are computed once per
 * distinct x per call. Rows with x = 0 and x > 0 are kept apart (so the loop over each has no
 * data-dependent branch): a row with x = 0 costs one logarithm, a row with x > 0 three and an exponential.
 */
export interface BgNbdObjective {
  /** Rows (or total weight) in the data. */
  readonly count: number;
  /** Σ weight · ln L. With `gradient`, also writes ∂/∂(r, α, a, b) into it. */
  logLikelihood(params: BgNbdParams, gradient?: Float64Array): number;
}

export function bgnbdObjective(data: RepeatData): BgNbdObjective {
  checkRepeatData(data);
  const { x, tx, T, weight } = data;
  const groups = groupBy(x, weight);
  const g = groups.values.length;
  // Split the rows: ages (and weights) of customers without repeat purchases; the rest with their group.
  let zeros = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === 0) zeros++;
  const zeroT = new Float64Array(zeros);
  const zeroW = new Float64Array(zeros);
  const repeats = x.length - zeros;
  const repX = new Float64Array(repeats);
  const repTx = new Float64Array(repeats);
  const repT = new Float64Array(repeats);
  const repW = new Float64Array(repeats);
  const repGroup = new Int32Array(repeats);
  for (let i = 0, z = 0, k = 0; i < x.length; i++) {
    const w = weight ? weight[i] : 1;
    if (x[i] === 0) {
      zeroT[z] = T[i];
      zeroW[z++] = w;
    } else {
      repX[k] = x[i];
      repTx[k] = tx[i];
      repT[k] = T[i];
      repW[k] = w;
      repGroup[k++] = groups.index[i];
    }
  }
  const logA4 = new Float64Array(g);
  const db4 = new Float64Array(g);
  let count = 0;
  for (let k = 0; k < g; k++) count += groups.weights[k];
  return {
    count,
    logLikelihood({ r, alpha, a, b }, gradient) {
      if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return NaN;
      const lgr = lgamma(r);
      const lgb = lgamma(b);
      const lgab = lgamma(a + b);
      const la = Math.log(a);
      const withGradient = gradient !== undefined;
      const psiR = withGradient ? digamma(r) : 0;
      const psiB = withGradient ? digamma(b) : 0;
      const psiAB = withGradient ? digamma(a + b) : 0;
      const logAlpha = Math.log(alpha);
      let total = 0;
      let gr = 0;
      let galpha = (count * r) / alpha;
      let ga = 0;
      let gb = 0;
      for (let k = 0; k < g; k++) {
        const xv = groups.values[k];
        const w = groups.weights[k];
        total += w * (lgamma(r + xv) - lgr + lgab + lgamma(b + xv) - lgb - lgamma(a + b + xv) + r * logAlpha);
        logA4[k] = xv > 0 ? la - Math.log(b + xv - 1) : 0;
        db4[k] = xv > 0 ? -1 / (b + xv - 1) : 0;
        if (withGradient) {
          const psiABX = digamma(a + b + xv);
          gr += w * (digamma(r + xv) - psiR + logAlpha);
          ga += w * (psiAB - psiABX);
          gb += w * (psiAB + digamma(b + xv) - psiB - psiABX);
        }
      }
      // x = 0: ln L adds −r ln(α + T).
      let sumZero = 0;
      let sumZeroInv = 0;
      for (let i = 0; i < zeros; i++) {
        sumZero += zeroW[i] * Math.log(alpha + zeroT[i]);
        if (withGradient) sumZeroInv += zeroW[i] / (alpha + zeroT[i]);
      }
      total -= r * sumZero;
      gr -= sumZero;
      galpha -= r * sumZeroInv;
      // x > 0: ln L adds ln(e^A3 + e^A4), A3 = −(r+x) ln(α+T), A4 = ln(a/(b+x−1)) − (r+x) ln(α+t_x).
      for (let i = 0; i < repeats; i++) {
        const w = repW[i];
        const k = repGroup[i];
        const rx = r + repX[i];
        const logT = Math.log(alpha + repT[i]);
        const logTx = Math.log(alpha + repTx[i]);
        const a3 = -rx * logT;
        const a4 = logA4[k] - rx * logTx;
        // log(e^a3 + e^a4) = max + log(1 + e^(min − max)); w4 is the share of e^a4. log(1 + e) instead
        // of log1p(e): faster, and its absolute error (< 1e-16) is far below what the sum can resolve.
        let w4: number;
        if (a3 >= a4) {
          const e = Math.exp(a4 - a3);
          total += w * (a3 + Math.log(1 + e));
          w4 = e / (1 + e);
        } else {
          const e = Math.exp(a3 - a4);
          total += w * (a4 + Math.log(1 + e));
          w4 = 1 / (1 + e);
        }
        if (withGradient) {
          const w3 = 1 - w4;
          gr -= w * (w3 * logT + w4 * logTx);
          galpha -= w * rx * (w3 / (alpha + repT[i]) + w4 / (alpha + repTx[i]));
          ga += (w * w4) / a;
          gb += w * w4 * db4[k];
        }
      }
      if (gradient) {
        gradient[0] = gr;
        gradient[1] = galpha;
        gradient[2] = ga;
        gradient[3] = gb;
      }
      return total;
    },
  };
}

/** Σ weight · ln L at the given parameters. */
export function bgnbdLogLikelihood(params: BgNbdParams, data: RepeatData): number {
  return bgnbdObjective(data).logLikelihood(params);
}

/**
 * E[X(t)]: expected repeat purchases in (0, t] of a customer just acquired (eq. 9). The product
 * (α/(α+t))ʳ ₂F₁(r, b; a+b−1; z) is evaluated as (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b−1; z) when Euler's
 * transformation shortens the series (r + 1 > a), which also keeps it from overflowing.
 */
export function expectedPurchases({ r, alpha, a, b }: BgNbdParams, t: number): number {
  if (!(t >= 0)) throw new RangeError(`expected purchases: t = ${t} is not a time ≥ 0`);
  if (t === 0) return 0;
  const z = t / (alpha + t);
  const log1mz = Math.log(alpha / (alpha + t));
  const c = a + b - 1;
  const scaled = r + 1 > a ? Math.exp((a - 1) * log1mz) * hyp2f1(c - r, a - 1, c, z) : Math.exp(r * log1mz) * hyp2f1(r, b, c, z);
  const value = (c / (a - 1)) * (1 - scaled);
  if (!Number.isFinite(value)) {
    throw new RangeError(`expected purchases at t = ${t} is not finite for r = ${r}, α = ${alpha}, a = ${a}, b = ${b}`);
  }
  return value;
}

/** P(alive | x, t_x, T): the probability that a customer with this history has not dropped out by T. */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/** E[Y(t) | x, t_x, T]: expected repeat purchases in (T, T + t] of a customer with this history (eq. 10). */
export function conditionalExpectedPurchases(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  return probabilityAlive(params, x, tx, T) * expectedPurchases({ r: r + x, alpha: alpha + T, a, b: b + x }, t);
}
