import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../src/lib/config/config.js";
import { problemOf } from "../problem.js";

describe("features", () => {
  it("defaults to the day after the last transaction and 5 top categories", () => {
    expect(parseConfig({}).features).toEqual({ asOf: null, topCategories: 5 });
    expect(parseConfig({ features: { asOf: "2011-12-01", topCategories: 0 } }).features).toEqual({ asOf: "2011-12-01", topCategories: 0 });
    expect(parseConfig({ features: { asOf: "2012-02-29", topCategories: 20 } }).features).toEqual({ asOf: "2012-02-29", topCategories: 20 });
  });

  const asOf = "expected a date YYYY-MM-DD, or null for the day after the last transaction";
  it.each([
    [{ features: { asOf: "12/01/2011" } }, `my.json: features.asOf: ${asOf}, got "12/01/2011"`],
    [{ features: { asOf: "2011-02-29" } }, `my.json: features.asOf: ${asOf}, got "2011-02-29"`],
    [{ features: { asOf: "2011-12-01T00:00" } }, `my.json: features.asOf: ${asOf}, got "2011-12-01T00:00"`],
    [{ features: { asOf: 20111201 } }, `my.json: features.asOf: ${asOf}, got 20111201`],
    [{ features: { topCategories: -1 } }, "my.json: features.topCategories: expected a whole number from 0 to 20, got -1"],
    [{ features: { topCategories: 21 } }, "my.json: features.topCategories: expected a whole number from 0 to 20, got 21"],
    [{ features: { topCategories: 2.5 } }, "my.json: features.topCategories: expected a whole number from 0 to 20, got 2.5"],
    [{ features: { topCategories: "5" } }, 'my.json: features.topCategories: expected a whole number from 0 to 20, got "5"'],
    [{ features: { topCategory: 5 } }, "my.json: features.topCategory: unknown key; did you mean features.topCategories?"],
    [{ features: { asof: null } }, "my.json: features.asof: unknown key; did you mean features.asOf?"],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });
});
