import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../src/lib/config/config.js";
import { problemOf } from "../problem.js";

describe("recommendations", () => {
  it("has floors for lift lists and co-purchase pairs, and next best products for the CRM export", () => {
    expect(parseConfig({}).recommendations).toEqual({
      minSupport: 0.05,
      minCustomers: 10,
      minLift: 1.2,
      top: 10,
      nextBest: 3,
      pairs: { minSupport: 0.01, minOrders: 10, minConfidence: 0.1, minLift: 1.5, top: 10 },
    });
    const config = parseConfig({ recommendations: { minSupport: 0, minCustomers: 1, minLift: 0, top: 100, nextBest: 0, pairs: { $comment: "bundles", minOrders: 3, minConfidence: 1 } } });
    expect(config.recommendations).toEqual({ minSupport: 0, minCustomers: 1, minLift: 0, top: 100, nextBest: 0, pairs: { minSupport: 0.01, minOrders: 3, minConfidence: 1, minLift: 1.5, top: 10 } });
  });

  it.each([
    [{ recommendations: { minSupport: 1.5 } }, "my.json: recommendations.minSupport: expected a share from 0 to 1, got 1.5"],
    [{ recommendations: { minSupport: "0.1" } }, 'my.json: recommendations.minSupport: expected a share from 0 to 1, got "0.1"'],
    [{ recommendations: { minCustomers: 0 } }, "my.json: recommendations.minCustomers: expected a whole number ≥ 1, got 0"],
    [{ recommendations: { minLift: -1 } }, "my.json: recommendations.minLift: expected a number ≥ 0 (1 = as often as the base), got -1"],
    [{ recommendations: { top: 0 } }, "my.json: recommendations.top: expected a whole number from 1 to 100, got 0"],
    [{ recommendations: { nextBest: 11 } }, "my.json: recommendations.nextBest: expected a whole number from 0 to 10, got 11"],
    [{ recommendations: { pairs: { minOrder: 2 } } }, "my.json: recommendations.pairs.minOrder: unknown key; did you mean recommendations.pairs.minOrders?"],
    [{ recommendations: { pairs: { minConfidence: 2 } } }, "my.json: recommendations.pairs.minConfidence: expected a share from 0 to 1, got 2"],
    [{ recommendations: { minsupport: 0.1 } }, "my.json: recommendations.minsupport: unknown key; did you mean recommendations.minSupport?"],
    [{ recommendation: {} }, "my.json: recommendation: unknown key; did you mean recommendations?"],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });
});
