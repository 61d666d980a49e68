import { describe, expect, it } from "vitest";
import { applyMissing, assertNoBlanks, fitMissing, handleMissing, isMissing, missingReason, notSegmentedLabel, type FeatureSpec } from "../../../src/lib/cluster/missing.js";

// Ten customers as a loader hands them over: null from Parquet, "" or "  " from CSV text, NaN from typed arrays.
const ids = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10"];
const columns = {
  age: [25, null, 40, 31, NaN, 52, 25, 60, 38, 44],
  income: ["30000", "52000", "", 41000, 75000, null, 38000, "  ", 90000, 52000],
  region: ["North", "South", "North", null, "East", "South", "", "North", "South", "North"],
};
const features: FeatureSpec[] = [
  { name: "age", kind: "numeric" },
  { name: "income", kind: "numeric" },
  { name: "region", kind: "categorical" },
];

describe("what counts as blank", () => {
  it("null, undefined, NaN and empty or blank text; not 0, not text", () => {
    expect([null, undefined, NaN, "", "   "].map(isMissing)).toEqual([true, true, true, true, true]);
    expect([0, "0", "n/a", false, Infinity].map(isMissing)).toEqual([false, false, false, false, false]);
  });
});

describe("exclude (the default)", () => {
  const result = handleMissing(columns, features, "exclude", { ids });

  it("leaves out every customer with a blank, counts each per reason, and accounts for every row", () => {
    expect(Array.from(result.rows)).toEqual([0, 8, 9]);
    expect(result.missingByFeature).toEqual({ age: 2, income: 3, region: 2 });
    expect(result.countsByReason).toEqual({ "missing age": 2, "missing income": 3, "missing region": 2 });
    const accounted = result.rows.length + Object.values(result.countsByReason).reduce((s, c) => s + c, 0);
    expect(accounted).toBe(columns.age.length);
    expect(result.imputedByFeature).toEqual({ age: 0, income: 0, region: 0 });
  });

  it("groups them as 'Not segmented (missing …)', largest first, with their rows", () => {
    expect(result.excluded.map((g) => [g.label, g.count, Array.from(g.rows)])).toEqual([
      ["Not segmented (missing income)", 3, [2, 5, 7]],
      ["Not segmented (missing age)", 2, [1, 4]],
      ["Not segmented (missing region)", 2, [3, 6]],
    ]);
  });

  it("keeps the clustered rows' values as numbers and text, never 0 for a blank", () => {
    expect(Array.from(result.numeric.age)).toEqual([25, 38, 44]);
    expect(Array.from(result.numeric.income)).toEqual([30000, 90000, 52000]);
    expect(result.categorical.region).toEqual(["North", "South", "North"]);
  });

  it("names a customer missing several features once, under all of them", () => {
    const both = handleMissing({ a: [1, null, 3], b: [null, null, 2] }, [{ name: "a", kind: "numeric" }, { name: "b", kind: "numeric" }], "exclude");
    expect(both.countsByReason).toEqual({ "missing b": 1, "missing a and b": 1 });
    expect(missingReason(["age", "annual_income", "score"])).toBe("missing age, annual income and score");
    expect(notSegmentedLabel(missingReason(["annual_income"]))).toBe("Not segmented (missing annual income)");
  });
});

describe("median, mode and indicator", () => {
  it("median: numeric blanks get the median of the known values, categorical ones the mode; all rows clustered", () => {
    const result = handleMissing(columns, features, "median");
    // Known ages 25, 25, 31, 38, 40, 44, 52, 60 → median 39; incomes 30000, 52000, 41000, 75000, 38000, 90000, 52000 → 52000.
    expect(result.plan.fill).toEqual({ age: 39, income: 52000, region: "North" });
    expect(result.rows).toHaveLength(10);
    expect(Array.from(result.numeric.age)).toEqual([25, 39, 40, 31, 39, 52, 25, 60, 38, 44]);
    expect(Array.from(result.numeric.income)).toEqual([30000, 52000, 52000, 41000, 75000, 52000, 38000, 52000, 90000, 52000]);
    expect(result.categorical.region).toEqual(["North", "South", "North", "North", "East", "South", "North", "North", "South", "North"]);
    expect(result.imputedByFeature).toEqual({ age: 2, income: 3, region: 2 });
    expect(result.countsByReason).toEqual({});
    expect(result.excluded).toEqual([]);
  });

  it("mode: numeric blanks get the most frequent value (a tie to the smallest)", () => {
    expect(fitMissing(columns, features, "mode").fill).toEqual({ age: 25, income: 52000, region: "North" });
    expect(fitMissing({ x: [3, 1, 3, 1, null] }, [{ name: "x", kind: "numeric" }], "mode").fill).toEqual({ x: 1 });
  });

  it("indicator: fills as median and adds a 0/1 <feature>_missing category for each feature that had blanks", () => {
    const complete = { ...columns, complete: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] };
    const result = handleMissing(complete, [...features, { name: "complete", kind: "numeric" }], "indicator", { ids });
    expect(result.plan.indicators).toEqual([
      { name: "age_missing", feature: "age" },
      { name: "income_missing", feature: "income" },
      { name: "region_missing", feature: "region" },
    ]);
    expect(result.indicators.income_missing).toEqual(["0", "0", "1", "0", "0", "1", "0", "1", "0", "0"]);
    expect(result.numeric.income[2]).toBe(52000);
    expect(result.rows).toHaveLength(10);
    expect(() => handleMissing({ a: [1, null], a_missing: [0, 1] }, [{ name: "a", kind: "numeric" }, { name: "a_missing", kind: "numeric" }], "indicator")).toThrow(
      'feature "a_missing" exists; the missing indicator of "a" needs that name',
    );
  });

  it("a plan fitted once fills another snapshot with the same values (not that snapshot's median)", () => {
    const plan = fitMissing(columns, features, "median");
    const later = applyMissing(plan, { age: [null, 90, 91], income: [1, null, 3], region: ["West", "", "West"] });
    expect(Array.from(later.numeric.age)).toEqual([39, 90, 91]);
    expect(Array.from(later.numeric.income)).toEqual([1, 52000, 3]);
    expect(later.categorical.region).toEqual(["West", "North", "West"]);
  });
});

describe("bad input stops with the feature, row and what to do", () => {
  it("text that is not a number in a numeric feature", () => {
    expect(() => handleMissing({ income: ["10", "n/a"] }, [{ name: "income", kind: "numeric" }], "median", { ids: ["a", "b"] })).toThrow(
      'feature "income" row 2 (customer "b"): "n/a" is not a finite number',
    );
    expect(() => handleMissing({ income: [1, Infinity] }, [{ name: "income", kind: "numeric" }], "exclude")).toThrow('feature "income" row 2: Infinity is not a finite number');
    expect(() => handleMissing({ flag: [true] }, [{ name: "flag", kind: "numeric" }], "exclude")).toThrow('feature "flag" row 1: true is not a finite number');
  });

  it("a feature with no value at all cannot be filled", () => {
    expect(() => fitMissing({ x: [null, ""] }, [{ name: "x", kind: "numeric" }], "median")).toThrow(
      'feature "x": all 2 values are blank, so segmentation.missing "median" has nothing to fill them from',
    );
    expect(handleMissing({ x: [null, ""] }, [{ name: "x", kind: "numeric" }], "exclude").rows).toHaveLength(0);
  });

  it("an unknown strategy, an unknown or repeated feature", () => {
    expect(() => fitMissing(columns, features, "zero" as never)).toThrow('segmentation.missing: expected one of exclude, median, mode, indicator, got "zero"');
    expect(() => fitMissing(columns, [{ name: "nope", kind: "numeric" }], "exclude")).toThrow('unknown feature "nope"');
    expect(() => fitMissing(columns, [features[0], features[0]], "exclude")).toThrow(/twice/);
  });

  it("assertNoBlanks names the feature, the count and the first customer", () => {
    expect(() => assertNoBlanks(columns, ["income"], { ids })).toThrow('feature "income": 3 of 10 customers have no value (first: row 3, customer "c3")');
    expect(() => assertNoBlanks({ a: [1, 2] }, ["a"])).not.toThrow();
  });
});
