import { describe, expect, it } from "vitest";
import { dataSufficiency } from "../../../src/lib/clv/sufficiency.js";

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
