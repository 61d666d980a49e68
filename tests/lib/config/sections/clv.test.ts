import { describe, expect, expectTypeOf, it } from "vitest";
import { DEFAULT_CLV_OPTIONS, DEFAULT_HOLDOUT_DAYS, type ClvOptions } from "../../../../src/lib/clv/options.js";
import { parseConfig, type WorkbenchConfig } from "../../../../src/lib/config/config.js";
import { clvOptionsOf, type ClvConfig } from "../../../../src/lib/config/sections/clv.js";
import { problemOf } from "../problem.js";

describe("clv", () => {
  it("is off by default, with the models' defaults and a 90-day holdout", () => {
    expect(parseConfig({}).clv).toEqual({ enabled: false, ...DEFAULT_CLV_OPTIONS, calibrationEnd: null, holdoutDays: 90 });
    expect(DEFAULT_HOLDOUT_DAYS).toBe(90);
    expect(clvOptionsOf(parseConfig({}).clv)).toEqual(DEFAULT_CLV_OPTIONS);
    expect(parseConfig({ clv: { $comment: "why", enabled: true, unit: "day", horizonDays: 180, discountRate: 0 } }).clv).toMatchObject({
      enabled: true,
      unit: "day",
      horizonDays: 180,
      discountRate: 0,
    });
  });

  it("ends calibration on clv.calibrationEnd, or clv.holdoutDays before the as-of date (0: no validation)", () => {
    expect(parseConfig({ clv: { calibrationEnd: "2011-09-08" } }).clv).toMatchObject({ calibrationEnd: "2011-09-08", holdoutDays: null });
    expect(parseConfig({ clv: { holdoutDays: 0 } }).clv).toMatchObject({ calibrationEnd: null, holdoutDays: 0 });
    expect(parseConfig({ clv: { calibrationEnd: null, holdoutDays: 120 } }).clv).toMatchObject({ calibrationEnd: null, holdoutDays: 120 });
  });

  it("has the model options' types", () => {
    expectTypeOf<WorkbenchConfig["clv"]>().toEqualTypeOf<ClvConfig>();
    expectTypeOf<Pick<ClvConfig, keyof ClvOptions>>().toEqualTypeOf<ClvOptions>();
    expectTypeOf<ClvConfig["holdoutDays"]>().toEqualTypeOf<number | null>();
    expectTypeOf<ClvConfig["calibrationEnd"]>().toEqualTypeOf<string | null>();
  });

  it.each([
    [{ clv: [] }, "my.json: clv: expected an object with any of enabled, unit, horizonDays, discountRate, calibrationEnd, holdoutDays, minRepeatCustomers, minCalibrationDays, maxSpendFrequencyCorrelation, got []"],
    [{ clv: { horizon: 30 } }, "my.json: clv.horizon: unknown key; did you mean clv.horizonDays?"],
    [{ clv: { enable: true } }, "my.json: clv.enable: unknown key; did you mean clv.enabled?"],
    [{ clv: { enabled: "true" } }, 'my.json: clv.enabled: expected true or false, got "true"'],
    [{ clv: { unit: "fortnight" } }, 'my.json: clv.unit: expected one of "day", "week", "month", got "fortnight"'],
    [{ clv: { horizonDays: 0 } }, "my.json: clv.horizonDays: expected a whole number of days from 1 to 3650, got 0"],
    [{ clv: { horizonDays: 3651 } }, "my.json: clv.horizonDays: expected a whole number of days from 1 to 3650, got 3651"],
    [{ clv: { horizonDays: 36.5 } }, "my.json: clv.horizonDays: expected a whole number of days from 1 to 3650, got 36.5"],
    [{ clv: { discountRate: 1 } }, "my.json: clv.discountRate: expected a yearly rate from 0 to below 1 (0.1 is 10 % a year), got 1"],
    [{ clv: { discountRate: -0.1 } }, "my.json: clv.discountRate: expected a yearly rate from 0 to below 1 (0.1 is 10 % a year), got -0.1"],
    [{ clv: { discountRate: "0.1" } }, 'my.json: clv.discountRate: expected a yearly rate from 0 to below 1 (0.1 is 10 % a year), got "0.1"'],
    [
      { clv: { calibrationEnd: "2011-02-30" } },
      'my.json: clv.calibrationEnd: expected a date YYYY-MM-DD before the as-of date (the last day of calibration), or null to hold out clv.holdoutDays, got "2011-02-30"',
    ],
    [
      { clv: { calibrationEnd: "2011-09-08", holdoutDays: 90 } },
      "my.json: clv.holdoutDays: expected no value when clv.calibrationEnd is set (the holdout then runs from the day after it to the day before the as-of date), got 90",
    ],
    [{ clv: { holdoutDays: -1 } }, "my.json: clv.holdoutDays: expected a whole number of days from 0 (no validation) to 3650, got -1"],
    [{ clv: { holdoutDays: null } }, "my.json: clv.holdoutDays: expected a whole number of days from 0 (no validation) to 3650, got null"],
    [{ clv: { minRepeatCustomers: 9 } }, "my.json: clv.minRepeatCustomers: expected a whole number from 10 to 1000000, got 9"],
    [{ clv: { minRepeatCustomers: 2.5 } }, "my.json: clv.minRepeatCustomers: expected a whole number from 10 to 1000000, got 2.5"],
    [{ clv: { minCalibrationDays: 0 } }, "my.json: clv.minCalibrationDays: expected a whole number of days from 1 to 36500, got 0"],
    [{ clv: { maxSpendFrequencyCorrelation: 0 } }, "my.json: clv.maxSpendFrequencyCorrelation: expected a number above 0 and at most 1, got 0"],
    [{ clv: { maxSpendFrequencyCorrelation: 1.5 } }, "my.json: clv.maxSpendFrequencyCorrelation: expected a number above 0 and at most 1, got 1.5"],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });
});
