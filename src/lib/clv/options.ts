/**
 * Options of the CLV models: one typed object with its defaults and validation. They are to become
 * the config's `clv` section (keys `clv.<name>`); until then the `clv` command reads them from the
 * `clv` object of its --config file with parseClvOptions. Validation rules, for the schema to mirror:
 *
 *   clv.unit                          "day" | "week" | "month"                    default "week"
 *   clv.horizonDays                   whole number, 1 ≤ n ≤ 3650                  default 365
 *   clv.discountRate                  number, 0 ≤ d < 1 (a yearly rate)           default 0.1
 *   clv.minRepeatCustomers            whole number, 10 ≤ n ≤ 1,000,000            default 100
 *   clv.minCalibrationDays            whole number, 1 ≤ n ≤ 36,500                default 90
 *   clv.maxSpendFrequencyCorrelation  number, 0 < c ≤ 1                           default 0.3
 *   unknown keys under clv            rejected (a typo must not fall back to a default silently)
 *   "$comment"                        allowed and ignored, as in the other sections
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

/** The option keys, as `clv.<key>` in the config. */
export const CLV_OPTION_KEYS = Object.keys(DEFAULT_CLV_OPTIONS) as (keyof ClvOptions)[];

export class ClvOptionError extends Error {
  constructor(source: string, key: string, message: string) {
    super(`${source}: clv.${key}: ${message}`);
    this.name = "ClvOptionError";
  }
}

function wholeIn(raw: Record<string, unknown>, key: keyof ClvOptions, low: number, high: number, source: string): number {
  const value = raw[key] ?? DEFAULT_CLV_OPTIONS[key];
  if (typeof value !== "number" || !Number.isInteger(value) || value < low || value > high) {
    throw new ClvOptionError(source, key, `expected a whole number from ${low} to ${high}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Validates a `clv` config object (or undefined: all defaults). Throws a ClvOptionError naming the key. */
export function parseClvOptions(raw: unknown, source = "workbench.config.json"): ClvOptions {
  if (raw === undefined || raw === null) return { ...DEFAULT_CLV_OPTIONS };
  if (typeof raw !== "object" || Array.isArray(raw)) throw new ClvOptionError(source, "(section)", `expected an object with any of ${CLV_OPTION_KEYS.join(", ")}`);
  const values = raw as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    if (key !== "$comment" && !(CLV_OPTION_KEYS as string[]).includes(key)) {
      throw new ClvOptionError(source, key, `unknown key; expected one of ${CLV_OPTION_KEYS.join(", ")}`);
    }
  }
  const unit = values.unit ?? DEFAULT_CLV_OPTIONS.unit;
  if (typeof unit !== "string" || !(unit in CLV_UNITS)) {
    throw new ClvOptionError(source, "unit", `expected one of ${Object.keys(CLV_UNITS).join(", ")}, got ${JSON.stringify(unit)}`);
  }
  const discountRate = values.discountRate ?? DEFAULT_CLV_OPTIONS.discountRate;
  if (typeof discountRate !== "number" || !Number.isFinite(discountRate) || discountRate < 0 || discountRate >= 1) {
    throw new ClvOptionError(source, "discountRate", `expected a yearly rate from 0 to below 1 (0.1 is 10 % a year), got ${JSON.stringify(discountRate)}`);
  }
  const maxCorrelation = values.maxSpendFrequencyCorrelation ?? DEFAULT_CLV_OPTIONS.maxSpendFrequencyCorrelation;
  if (typeof maxCorrelation !== "number" || !(maxCorrelation > 0 && maxCorrelation <= 1)) {
    throw new ClvOptionError(source, "maxSpendFrequencyCorrelation", `expected a number above 0 and at most 1, got ${JSON.stringify(maxCorrelation)}`);
  }
  return {
    unit: unit as ClvUnit,
    horizonDays: wholeIn(values, "horizonDays", 1, 3650, source),
    discountRate,
    minRepeatCustomers: wholeIn(values, "minRepeatCustomers", 10, 1_000_000, source),
    minCalibrationDays: wholeIn(values, "minCalibrationDays", 1, 36_500, source),
    maxSpendFrequencyCorrelation: maxCorrelation,
  };
}
