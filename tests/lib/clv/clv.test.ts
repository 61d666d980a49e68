import { describe, expect, it } from "vitest";
import { conditionalExpectedPurchases } from "../../../src/lib/clv/bgnbd.js";
import { discountSchedule, discountedPurchases } from "../../../src/lib/clv/clv.js";

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
