/**
 * When predictions must not be published: before fitting, too few repeat buyers or too little history
 * (thresholds in options.ts, with the reasons for their defaults); after fitting, a fit that did not
 * converge or whose parameters make the predictions meaningless. Each reason is one sentence that
 * names the figure, the threshold and what to do.
 */
import type { BgNbdParams } from "./bgnbd.js";
import type { ModelFit } from "./fit.js";
import type { GammaGammaParams } from "./gammaGamma.js";
import type { ClvOptions } from "./options.js";

export interface DataFigures {
  /** Customers whose first purchase is in calibration. */
  customers: number;
  /** Of them, customers with at least one repeat purchase in calibration. */
  repeatCustomers: number;
  /** Repeat customers whose repeat purchases have a positive mean value (the Gamma-Gamma sample). */
  spendCustomers: number;
  /** Days from the first purchase in the data to the calibration end (that day counted). */
  calibrationDays: number;
}

/** Reasons to refuse before fitting; empty when the data suffice. */
export function dataSufficiency(figures: DataFigures, options: Pick<ClvOptions, "minRepeatCustomers" | "minCalibrationDays">): string[] {
  const reasons: string[] = [];
  if (figures.calibrationDays < options.minCalibrationDays) {
    reasons.push(
      `calibration covers ${figures.calibrationDays} days of history, fewer than clv.minCalibrationDays (${options.minCalibrationDays}): ` +
        "customers have had no time to buy again; use a later calibration end or more history",
    );
  }
  if (figures.repeatCustomers < options.minRepeatCustomers) {
    reasons.push(
      `${figures.repeatCustomers} of ${figures.customers} customers bought again in calibration, fewer than clv.minRepeatCustomers (${options.minRepeatCustomers}): ` +
        "dropout and spend cannot be estimated; use a later calibration end or more history",
    );
  } else if (figures.spendCustomers < options.minRepeatCustomers) {
    reasons.push(
      `${figures.spendCustomers} repeat customers have a positive mean repeat-purchase value, fewer than clv.minRepeatCustomers (${options.minRepeatCustomers}): spend cannot be estimated`,
    );
  }
  return reasons;
}

/** Reasons to refuse after fitting; empty when both fits can be published. */
export function fitProblems(bgnbd: ModelFit<BgNbdParams>, gammaGamma: ModelFit<GammaGammaParams>): string[] {
  const reasons: string[] = [];
  for (const [name, fit] of [["BG/NBD", bgnbd], ["Gamma-Gamma", gammaGamma]] as const) {
    if (!Number.isFinite(fit.logLikelihood)) reasons.push(`the ${name} log-likelihood is not finite at the estimates`);
    else if (!fit.converged) reasons.push(`the ${name} fit did not converge (largest gradient ${fit.gradientNorm.toExponential(2)}; ${fit.message})`);
  }
  if (!(gammaGamma.params.q > 1)) {
    reasons.push(`the Gamma-Gamma estimate q = ${gammaGamma.params.q.toPrecision(4)} is not above 1, so the expected spend per purchase is infinite`);
  }
  if (Math.abs(bgnbd.params.a - 1) < 1e-6) {
    reasons.push(`the BG/NBD estimate a = ${bgnbd.params.a} is 1, where the expected-purchases formula is undefined`);
  }
  return reasons;
}
