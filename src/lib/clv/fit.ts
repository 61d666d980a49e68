/**
 * Fitting the BG/NBD and Gamma-Gamma models by maximum likelihood (mle.ts) from data-driven starting
 * values, with parameters, log-likelihood, standard errors and how the optimizer ended.
 */
import { BGNBD_PARAMS, bgnbdObjective, type BgNbdParams, type RepeatData } from "./bgnbd.js";
import { GAMMA_GAMMA_PARAMS, gammaGammaObjective, type GammaGammaParams, type SpendData } from "./gammaGamma.js";
import { logScaleInverseHessian, maximizeLikelihood, type MleOptions, type MleResult } from "./mle.js";

export interface ModelFit<P> {
  params: P;
  logLikelihood: number;
  /** Standard errors of the parameters; null when the information matrix is not positive definite. */
  standardErrors: P | null;
  /** Customers the fit used (total weight). */
  customers: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  gradientNorm: number;
  message: string;
}

function named<N extends string>(names: readonly N[], values: readonly number[]): Record<N, number> {
  return Object.fromEntries(names.map((n, j) => [n, values[j]])) as Record<N, number>;
}

function toFit<P>(names: readonly string[], result: MleResult, customers: number): ModelFit<P> {
  return {
    params: named(names, result.estimates) as P,
    logLikelihood: result.logLikelihood,
    standardErrors: result.standardErrors ? (named(names, result.standardErrors) as P) : null,
    customers,
    iterations: result.iterations,
    evaluations: result.evaluations,
    converged: result.converged,
    gradientNorm: result.gradientNorm,
    message: result.message,
  };
}

/**
 * Starting values: r = 1 and α = total age over total repeat purchases (so the mean purchase rate r/α
 * matches the data), a = b = 1 (a dropout probability of ½ on average).
 */
function bgnbdStart(data: RepeatData): number[] {
  let ageSum = 0;
  let purchases = 0;
  for (let i = 0; i < data.x.length; i++) {
    const w = data.weight ? data.weight[i] : 1;
    ageSum += w * data.T[i];
    purchases += w * data.x[i];
  }
  const alpha = purchases > 0 && ageSum > 0 ? ageSum / purchases : 1;
  return [1, alpha, 1, 1];
}

/** Above this many rows, a fit first runs on every k-th row (about WARM_START_ROWS of them) to start the full fit near the optimum. */
export const WARM_START_ROWS = 50_000;

/** Every k-th row of the arrays, about `rows` of them (deterministic: no random sample). */
function everyKth<T extends Record<string, Float64Array | undefined>>(data: T, length: number, rows: number): T {
  const k = Math.ceil(length / rows);
  const out: Record<string, Float64Array | undefined> = {};
  for (const [name, column] of Object.entries(data)) {
    if (!column) continue;
    const picked = new Float64Array(Math.ceil(length / k));
    for (let i = 0, j = 0; i < length; i += k, j++) picked[j] = column[i];
    out[name] = picked;
  }
  return out as T;
}

/**
 * Maximises a log-likelihood, warm-started for large data: BFGS runs first on a subsample, and its
 * estimates and inverse Hessian start the run on all rows, which then needs a few steps instead of
 * dozens. The estimates are those of the full data either way (the same gradient tolerance applies);
 * the subsample only saves time.
 */
function maximizeWarm(
  makeObjective: (data: RepeatData | SpendData) => { count: number; logLikelihood: (p: Float64Array, gradient?: Float64Array) => number },
  data: RepeatData | SpendData,
  length: number,
  start: (data: RepeatData | SpendData) => number[],
  options: MleOptions,
): { result: MleResult; count: number } {
  const full = makeObjective(data);
  if (length <= 2 * WARM_START_ROWS) return { result: maximizeLikelihood(full.logLikelihood, start(data), full.count, options), count: full.count };
  const sample = everyKth(data as unknown as Record<string, Float64Array | undefined>, length, WARM_START_ROWS) as unknown as RepeatData | SpendData;
  const small = makeObjective(sample);
  const warm = maximizeLikelihood(small.logLikelihood, start(sample), small.count, options);
  const usable = warm.estimates.every((v) => v > 0 && Number.isFinite(v));
  // The subsample's own Hessian (not BFGS's running estimate of it) makes the first full step a Newton step.
  const inverseHessian = usable ? logScaleInverseHessian(small.logLikelihood, warm.estimates, small.count) : null;
  const result = maximizeLikelihood(full.logLikelihood, usable ? warm.estimates : start(data), full.count, {
    ...options,
    ...(inverseHessian ? { inverseHessian } : {}),
  });
  return {
    result: { ...result, iterations: warm.iterations + result.iterations, evaluations: warm.evaluations + result.evaluations },
    count: full.count,
  };
}

function bgnbdLogLikelihoodOf(data: RepeatData | SpendData) {
  const objective = bgnbdObjective(data as RepeatData);
  return {
    count: objective.count,
    logLikelihood: (p: Float64Array, gradient?: Float64Array) => objective.logLikelihood({ r: p[0], alpha: p[1], a: p[2], b: p[3] }, gradient),
  };
}

export function fitBgNbd(data: RepeatData, options: MleOptions = {}): ModelFit<BgNbdParams> {
  if (data.x.length === 0) throw new Error("BG/NBD: no customers to fit");
  const { result, count } = maximizeWarm(bgnbdLogLikelihoodOf, data, data.x.length, (d) => bgnbdStart(d as RepeatData), options);
  return toFit<BgNbdParams>(BGNBD_PARAMS, result, count);
}

/** Starting values: p = 1, q = 2 and γ = the mean of m, so the model's mean p γ / (q − 1) matches it. */
function gammaGammaStart(data: SpendData): number[] {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < data.x.length; i++) {
    const w = data.weight ? data.weight[i] : 1;
    total += w;
    sum += w * data.m[i];
  }
  return [1, 2, total > 0 && sum > 0 ? sum / total : 1];
}

function gammaGammaLogLikelihoodOf(data: RepeatData | SpendData) {
  const objective = gammaGammaObjective(data as SpendData);
  return {
    count: objective.count,
    logLikelihood: (p: Float64Array, gradient?: Float64Array) => objective.logLikelihood({ p: p[0], q: p[1], gamma: p[2] }, gradient),
  };
}

export function fitGammaGamma(data: SpendData, options: MleOptions = {}): ModelFit<GammaGammaParams> {
  if (data.x.length === 0) throw new Error("Gamma-Gamma: no repeat customers to fit");
  const { result, count } = maximizeWarm(gammaGammaLogLikelihoodOf, data, data.x.length, (d) => gammaGammaStart(d as SpendData), options);
  return toFit<GammaGammaParams>(GAMMA_GAMMA_PARAMS, result, count);
}
