/**
 * Options of the CLV models, as the models take them: one typed object and its defaults, without the
 * validation library (the browser loads these modules). The config's `clv` section
 * (src/lib/config/sections/clv.ts) is where they are validated, with its error messages, and where the
 * pipeline-only keys (enabled, calibrationEnd, holdoutDays) are; its defaults are these.
 */

/** Time units the models count in, with their length in days (a month is a twelfth of 365.25 days). */
export const CLV_UNITS = { day: 1, week: 7, month: 365.25 / 12 } as const;
export type ClvUnit = keyof typeof CLV_UNITS;

export interface ClvOptions {
  /** Unit of x, t_x and T and of the model's rates (weeks as in Fader, Hardie & Lee 2005). */
  unit: ClvUnit;
  /** How far ahead expected purchases and CLV look, in days. */
  horizonDays: number;
  /** Yearly discount rate applied to each month's expected value in the CLV (see clv.ts). */
  discountRate: number;
  /**
   * Fewer customers with a repeat purchase than this and no prediction is published. The dropout
   * (a, b) and spend (p, q, γ) parameters are learnt from repeat buyers only; with a few dozen, a
   * handful of customers moves them and their standard errors are as large as the estimates.
   */
  minRepeatCustomers: number;
  /**
   * Fewer days than this from the first purchase in the data to the end of calibration and no
   * prediction is published. Over a shorter span most customers have had no time to buy again,
   * so a slow buyer cannot be told from one who has left: 90 days covers several purchase cycles
   * of a typical retail customer who buys every month or so.
   */
  minCalibrationDays: number;
  /**
   * Gamma-Gamma assumes spend per purchase is independent of purchase frequency. Above this absolute
   * Pearson correlation between x and m (over repeat buyers) the fit carries a warning; Fader &
   * Hardie's CDNOW example has 0.11.
   */
  maxSpendFrequencyCorrelation: number;
}

export const DEFAULT_CLV_OPTIONS: Readonly<ClvOptions> = Object.freeze({
  unit: "week",
  horizonDays: 365,
  discountRate: 0.1,
  minRepeatCustomers: 100,
  minCalibrationDays: 90,
  maxSpendFrequencyCorrelation: 0.3,
});

/**
 * Days held out at the end of the data to check the models when the config names no calibration end:
 * a quarter, long enough for a customer who buys every month or so to buy again, short enough to leave
 * most of the history for fitting.
 */
export const DEFAULT_HOLDOUT_DAYS = 90;
