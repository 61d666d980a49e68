/**
 * `clv`: predicted value. When enabled, the pipeline fits BG/NBD and Gamma-Gamma (src/lib/clv/) on all
 * purchases before the as-of date and adds each customer's predictions to the feature table, and fits
 * them again on a calibration period to check them on the days held out after it. The model options'
 * defaults are src/lib/clv/options.ts's (the models read them there, without this library); the reasons
 * for them are documented there and in the README's config table.
 */
import { z } from "zod";
import { CLV_UNITS, DEFAULT_CLV_OPTIONS, DEFAULT_HOLDOUT_DAYS, type ClvOptions } from "../../clv/options.js";
import { oneOf, strictObject } from "../fields.js";

const UNITS = Object.keys(CLV_UNITS) as [keyof typeof CLV_UNITS, ...(keyof typeof CLV_UNITS)[]];

export const clvSchema = strictObject({
  /** Off unless asked for: fitting takes time, and a shop with few repeat buyers gets a refusal, not numbers. */
  enabled: z.boolean({ error: "true or false" }).default(false),
  unit: oneOf(UNITS).default(DEFAULT_CLV_OPTIONS.unit),
  horizonDays: z.int({ error: "a whole number of days from 1 to 3650" }).min(1).max(3650).default(DEFAULT_CLV_OPTIONS.horizonDays),
  discountRate: z.number({ error: "a yearly rate from 0 to below 1 (0.1 is 10 % a year)" }).min(0).lt(1).default(DEFAULT_CLV_OPTIONS.discountRate),
  /** Last day of the validation fit's calibration; null: clv.holdoutDays before the as-of date. */
  calibrationEnd: z.iso
    .date({ error: "a date YYYY-MM-DD before the as-of date (the last day of calibration), or null to hold out clv.holdoutDays" })
    .nullable()
    .default(null),
  /** Days held out after the calibration end, up to the day before the as-of date; 0: no validation. Default below. */
  holdoutDays: z.int({ error: "a whole number of days from 0 (no validation) to 3650" }).min(0).max(3650).optional(),
  minRepeatCustomers: z.int({ error: "a whole number from 10 to 1000000" }).min(10).max(1_000_000).default(DEFAULT_CLV_OPTIONS.minRepeatCustomers),
  minCalibrationDays: z.int({ error: "a whole number of days from 1 to 36500" }).min(1).max(36_500).default(DEFAULT_CLV_OPTIONS.minCalibrationDays),
  maxSpendFrequencyCorrelation: z
    .number({ error: "a number above 0 and at most 1" })
    .gt(0)
    .max(1)
    .default(DEFAULT_CLV_OPTIONS.maxSpendFrequencyCorrelation),
})
  .superRefine((clv, ctx) => {
    // Two ways to say where calibration ends: a file that gives both would silently ignore one.
    if (clv.calibrationEnd !== null && clv.holdoutDays !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["holdoutDays"],
        input: clv.holdoutDays,
        message: "no value when clv.calibrationEnd is set (the holdout then runs from the day after it to the day before the as-of date)",
      });
    }
  })
  .transform(({ holdoutDays, ...clv }) => ({
    ...clv,
    /** null when clv.calibrationEnd says where calibration ends. */
    holdoutDays: clv.calibrationEnd === null ? (holdoutDays ?? DEFAULT_HOLDOUT_DAYS) : null,
  }));

export type ClvConfig = z.output<typeof clvSchema>;

/** The model options of a `clv` section, as src/lib/clv/ takes them. */
export function clvOptionsOf(clv: ClvConfig): ClvOptions {
  const { unit, horizonDays, discountRate, minRepeatCustomers, minCalibrationDays, maxSpendFrequencyCorrelation } = clv;
  return { unit, horizonDays, discountRate, minRepeatCustomers, minCalibrationDays, maxSpendFrequencyCorrelation };
}
