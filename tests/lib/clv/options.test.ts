import { describe, expect, it } from "vitest";
import { DEFAULT_CLV_OPTIONS, parseClvOptions } from "../../../src/lib/clv/options.js";
import { dataSufficiency } from "../../../src/lib/clv/sufficiency.js";
import { discountSchedule, discountedPurchases } from "../../../src/lib/clv/clv.js";
import { conditionalExpectedPurchases } from "../../../src/lib/clv/bgnbd.js";

describe("clv options", () => {
  it("default to weeks, a year's horizon, 10 % a year, 100 repeat buyers, 90 days", () => {
    expect(parseClvOptions(undefined)).toEqual(DEFAULT_CLV_OPTIONS);
    expect(parseClvOptions({ unit: "day", horizonDays: 180, $comment: "x" })).toEqual({ ...DEFAULT_CLV_OPTIONS, unit: "day", horizonDays: 180 });
  });

  it("name the key and what is expected", () => {
    expect(() => parseClvOptions({ unit: "year" }, "c.json")).toThrow('c.json: clv.unit: expected one of day, week, month, got "year"');
    expect(() => parseClvOptions({ horizonDays: 0 })).toThrow(/clv.horizonDays: expected a whole number from 1 to 3650/);
    expect(() => parseClvOptions({ discountRate: 1.5 })).toThrow(/clv.discountRate: expected a yearly rate/);
    expect(() => parseClvOptions({ minRepeatCustomers: 2.5 })).toThrow(/clv.minRepeatCustomers/);
    expect(() => parseClvOptions({ horizon: 10 })).toThrow(/clv.horizon: unknown key/);
    expect(() => parseClvOptions([1])).toThrow(/expected an object/);
  });
});

describe("data sufficiency", () => {
  const options = { minRepeatCustomers: 100, minCalibrationDays: 90 };
  it("passes enough data", () => {
    expect(dataSufficiency({ customers: 500, repeatCustomers: 120, spendCustomers: 118, calibrationDays: 200 }, options)).toEqual([]);
  });
  it("refuses too few repeat buyers and too little history, each with the figure, the key and what to do", () => {
    const reasons = dataSufficiency({ customers: 300, repeatCustomers: 40, spendCustomers: 40, calibrationDays: 30 }, options);
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toMatch(/^calibration covers 30 days of history, fewer than clv.minCalibrationDays \(90\).*later calibration end/);
    expect(reasons[1]).toMatch(/^40 of 300 customers bought again in calibration, fewer than clv.minRepeatCustomers \(100\)/);
    expect(dataSufficiency({ customers: 300, repeatCustomers: 120, spendCustomers: 60, calibrationDays: 300 }, options)[0]).toMatch(/60 repeat customers have a positive mean/);
  });
});

describe("CLV discounting", () => {
  const params = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };
  it("cuts the horizon into months, the last one short", () => {
    const { endDays, factors } = discountSchedule(365, 0.1);
    expect(endDays).toHaveLength(12);
    expect(endDays[0]).toBeCloseTo(30.4375, 12);
    expect(endDays[11]).toBe(365);
    expect(factors[11]).toBeCloseTo(Math.pow(1.1, -365 / 365.25), 14);
    expect(discountSchedule(40, 0).endDays).toEqual(Float64Array.of(30.4375, 40));
  });
  it("without discounting is the expected purchases over the horizon; discounting lowers it", () => {
    const plain = discountedPurchases(params, 2, 30.43, 38.86, discountSchedule(273, 0), 7);
    expect(plain.discounted).toBeCloseTo(conditionalExpectedPurchases(params, 39, 2, 30.43, 38.86), 12);
    expect(plain.purchases).toBeCloseTo(1.226, 3);
    const discounted = discountedPurchases(params, 2, 30.43, 38.86, discountSchedule(273, 0.1), 7);
    expect(discounted.discounted).toBeLessThan(plain.discounted);
    expect(discounted.discounted).toBeGreaterThan(plain.discounted * Math.pow(1.1, -273 / 365.25));
  });
});
