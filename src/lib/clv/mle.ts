/**
 * Maximum likelihood for models with positive parameters: BFGS (numeric.js's `uncmin`, with the
 * model's analytic gradient) on the log of each parameter, so every step stays positive, as lifetimes
 * does; then standard errors from the inverse of the observed information (minus the Hessian of the
 * log-likelihood at the optimum, by central differences of the analytic gradient).
 *
 * Why numeric.js: of the optimizers on npm that install offline and run in Node and the browser, it is
 * the one that works as published (no dependencies, one file). fmin 0.0.4 exports nothing to Node's
 * ES modules and its Nelder–Mead shrink step throws; nlopt-js aborts when its wasm memory grows and
 * takes over the process's error handlers; optimization-js installs browserify, jsdoc and travis as
 * runtime dependencies. None has had a release in years, so the result is checked here rather than
 * trusted: a fit whose gradient is not near zero is reported as not converged.
 */
import numeric from "numeric";

export interface MleOptions {
  /**
   * BFGS stops once the largest |∂/∂ log θ| of the mean log-likelihood is below this. Default 1e-7:
   * about where a mean over a million rows stops resolving improvements.
   */
  stopTolerance?: number;
  /**
   * Largest |∂/∂ log θ| of the mean log-likelihood accepted as converged, when BFGS ends for another
   * reason (its line search can no longer improve a sum of a million rounded terms). Default 1e-5:
   * estimates are then within about 1e-5 relative of the optimum, far inside their standard errors.
   */
  gradientTolerance?: number;
  /** BFGS iterations per run (line-search halvings count too, as numeric.js counts them). Default 1000. */
  maxIterations?: number;
  /** Fresh BFGS runs from the last point when a run stops short of the tolerance. Default 3. */
  restarts?: number;
  /**
   * BFGS's first inverse Hessian (of the mean negative log-likelihood over log θ), e.g. from a fit to a
   * subsample: a warm start then needs only a few steps on the full data. Default the identity.
   */
  inverseHessian?: number[][];
}

export interface MleResult {
  /** Estimates in the order of the parameter names given. */
  estimates: number[];
  logLikelihood: number;
  /** Standard errors from the observed information; null when it is not positive definite at the optimum. */
  standardErrors: number[] | null;
  /** The covariance matrix (row-major) behind the standard errors, or null. */
  covariance: number[][] | null;
  /** BFGS iterations over all runs, and log-likelihood evaluations (with gradient). */
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** Largest |∂/∂ log θ| of the mean log-likelihood at the estimates. */
  gradientNorm: number;
  /** numeric.js's reason for stopping the last run. */
  message: string;
  /** BFGS's inverse Hessian at the end of the last run (mean negative log-likelihood over log θ). */
  inverseHessian: number[][];
}

/** A log-likelihood over positive parameters; writes ∂ ln L / ∂θ into `gradient` when given. */
export type LogLikelihood = (params: Float64Array, gradient?: Float64Array) => number;

export function maximizeLikelihood(logLikelihood: LogLikelihood, start: readonly number[], count: number, options: MleOptions = {}): MleResult {
  const d = start.length;
  const tolerance = options.gradientTolerance ?? 1e-5;
  const stopTolerance = options.stopTolerance ?? 1e-7;
  // Stop as soon as the gradient is flat: otherwise numeric.js halves its last step ~40 times before
  // giving up, each a full pass over the data.
  const flat = (_it: number, _x: number[], _f: number, g: number[]) => g.every((v) => Math.abs(v) <= stopTolerance);
  const maxIterations = options.maxIterations ?? 1000;
  const params = new Float64Array(d);
  const gradient = new Float64Array(d);
  let evaluations = 0;
  // Minimise the mean negative log-likelihood over log θ: the scale stays the same for 1,000 or
  // 1,000,000 customers, so one tolerance fits all.
  const objective = (theta: number[], out?: number[]): number => {
    for (let j = 0; j < d; j++) params[j] = Math.exp(theta[j]);
    evaluations++;
    const value = logLikelihood(params, out ? gradient : undefined);
    if (out) for (let j = 0; j < d; j++) out[j] = (-gradient[j] * params[j]) / count;
    return Number.isFinite(value) ? -value / count : NaN;
  };
  const gradientAt = (theta: number[]): number[] => {
    const out = new Array<number>(d);
    objective(theta, out);
    return out;
  };
  let theta = start.map((s) => {
    if (!(s > 0)) throw new RangeError(`maximum likelihood: start value ${s} is not positive`);
    return Math.log(s);
  });
  if (!Number.isFinite(objective(theta))) throw new RangeError(`maximum likelihood: the log-likelihood is not finite at the start (${start.join(", ")})`);
  let iterations = 0;
  let message = "";
  let gradientNorm = Infinity;
  let inverseHessian = options.inverseHessian;
  let lastInverseHessian: number[][] = [];
  for (let run = 0; run <= (options.restarts ?? 3); run++) {
    const result = numeric.uncmin((x: number[]) => objective(x), theta, 1e-12, gradientAt, maxIterations, flat, inverseHessian ? { Hinv: inverseHessian } : undefined);
    iterations += result.iterations;
    message = result.message;
    // A restart begins again from the identity: the last run's estimate is what stalled it.
    inverseHessian = undefined;
    lastInverseHessian = result.invHessian;
    if (result.solution.every(Number.isFinite)) theta = result.solution;
    gradientNorm = Math.max(...gradientAt(theta).map(Math.abs));
    if (gradientNorm <= stopTolerance || (gradientNorm <= tolerance && result.message !== "maxit reached during line search" && result.iterations < maxIterations)) break;
  }
  const estimates = theta.map(Math.exp);
  const logLik = -objective(theta) * count;
  const covariance = inverseInformation(logLikelihood, estimates);
  const standardErrors = covariance ? covariance.map((row, j) => Math.sqrt(row[j])) : null;
  return {
    estimates,
    logLikelihood: logLik,
    standardErrors,
    covariance,
    iterations,
    evaluations,
    converged: Number.isFinite(logLik) && gradientNorm <= tolerance,
    gradientNorm,
    message,
    inverseHessian: lastInverseHessian,
  };
}

/**
 * The observed information −H, H the Hessian of ln L in the natural parameters, from central
 * differences of the analytic gradient (steps of 10⁻⁵ relative), symmetrised.
 */
export function observedInformation(logLikelihood: LogLikelihood, estimates: readonly number[]): number[][] {
  const d = estimates.length;
  const up = new Float64Array(d);
  const down = new Float64Array(d);
  const point = new Float64Array(d);
  const information: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let j = 0; j < d; j++) {
    const h = 1e-5 * estimates[j];
    point.set(estimates);
    point[j] = estimates[j] + h;
    logLikelihood(point, up);
    point[j] = estimates[j] - h;
    logLikelihood(point, down);
    for (let i = 0; i < d; i++) information[i][j] = -(up[i] - down[i]) / (2 * h);
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) information[i][j] = information[j][i] = (information[i][j] + information[j][i]) / 2;
  }
  return information;
}

/** (−H)⁻¹: null when −H is not positive definite (a flat or saddle direction: no standard errors) or not finite. */
export function inverseInformation(logLikelihood: LogLikelihood, estimates: readonly number[]): number[][] | null {
  return inverseSymmetric(observedInformation(logLikelihood, estimates));
}

/**
 * The inverse Hessian of the mean negative log-likelihood over log θ at `estimates` (what BFGS
 * approximates), from the observed information: ∂²/∂log θᵢ∂log θⱼ = θᵢθⱼ Hᵢⱼ + δᵢⱼ θᵢ ∂ᵢ ln L. Null if
 * not positive definite.
 */
export function logScaleInverseHessian(logLikelihood: LogLikelihood, estimates: readonly number[], count: number): number[][] | null {
  const d = estimates.length;
  const information = observedInformation(logLikelihood, estimates);
  const gradient = new Float64Array(d);
  logLikelihood(Float64Array.from(estimates), gradient);
  const hessian = information.map((row, i) => row.map((v, j) => (estimates[i] * estimates[j] * v - (i === j ? estimates[i] * gradient[i] : 0)) / count));
  return inverseSymmetric(hessian);
}

/** The inverse of a symmetric positive definite matrix by Cholesky factorisation; null if it is not one. */
export function inverseSymmetric(matrix: readonly (readonly number[])[]): number[][] | null {
  const d = matrix.length;
  const L: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i][j];
      for (let k = 0; k < j; k++) sum -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return null;
        L[i][i] = Math.sqrt(sum);
      } else {
        L[i][j] = sum / L[j][j];
      }
    }
  }
  // Solve L Lᵀ X = I column by column.
  const inverse: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let c = 0; c < d; c++) {
    const y = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) {
      let sum = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) sum -= L[i][k] * y[k];
      y[i] = sum / L[i][i];
    }
    for (let i = d - 1; i >= 0; i--) {
      let sum = y[i];
      for (let k = i + 1; k < d; k++) sum -= L[k][i] * inverse[k][c];
      inverse[i][c] = sum / L[i][i];
    }
  }
  return inverse;
}
