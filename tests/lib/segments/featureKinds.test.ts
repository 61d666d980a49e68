import { describe, expect, it } from "vitest";
import { columnKind, featureKinds, NUMERIC_MAJORITY } from "../../../src/lib/segments/featureKinds.js";

// Twelve customers as a CSV reader hands them over (text), one stray word in the income.
const ids = ["c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09", "c10", "c11", "c12"];
const income = ["52000", "48000", "", "61000", "39000", "—", "58000", "44000", " 50500 ", "47000", "53000", "49000"];
const region = ["North", "South", "North", "3", "South", "", "North", "South", "North", "South", "North", "South"];

describe("a feature's kind: numbers, categories, or stray text in numbers that stops", () => {
  it("numbers (also as text, blanks aside) are numeric; text is categorical; a declared feature is categorical whatever its values", () => {
    expect(columnKind("income", ["52000", " 3.5 ", "", null, 7, NaN])).toEqual({ kind: "numeric" });
    expect(columnKind("region", region)).toEqual({ kind: "categorical" }); // one number among text: a category
    expect(columnKind("income", income, { categorical: true })).toEqual({ kind: "categorical" });
    expect(columnKind("empty", ["", null])).toEqual({ kind: "numeric" });
  });

  it("numbers in at least half the filled values and some text: stray text, with the first row and value, the counts and the values", () => {
    const decided = columnKind("income", [...income.slice(0, 9), "12,5 k", "—", "n/a"]);
    expect(decided).toEqual({
      kind: "stray text",
      stray: { feature: "income", filled: 11, numbers: 7, texts: 4, first: { row: 5, value: "—" }, examples: [{ value: "—", count: 2 }, { value: "12,5 k", count: 1 }, { value: "n/a", count: 1 }], distinct: 3 },
    });
    // The rule's edge: half numbers stops, fewer is text.
    expect(NUMERIC_MAJORITY).toBe(0.5);
    expect(columnKind("x", ["1", "2", "a", "b"]).kind).toBe("stray text");
    expect(columnKind("x", ["1", "a", "b"]).kind).toBe("categorical");
  });

  it("a column typed as numbers with ±Infinity, and a feature that must be numeric, stop on any text whatever the share", () => {
    expect(columnKind("x", [1, Infinity, Infinity]).kind).toBe("stray text");
    expect(columnKind("x", ["1", "a", "b"], { numeric: true }).kind).toBe("stray text");
  });
});

describe("featureKinds, the config path's decision", () => {
  it("stops on one stray word among numbers with one line: key, feature, source, row, customer, value, count and what to do", () => {
    const message = (() => {
      try {
        featureKinds({ income, region }, ["income", "region"], [], { ids, sources: { income: "data/customers.csv (inputs.customers)" } });
      } catch (error) {
        return (error as Error).message;
      }
      return "no error";
    })();
    expect(message).toBe(
      'segmentation.features: "income", a column of data/customers.csv (inputs.customers): 10 of 11 filled values are numbers but 1 is not (first: row 6 (customer "c06"), value "—"): ' +
        'fix it or blank it (blanks are handled by segmentation.missing), or list "income" in segmentation.categorical to cluster its values as categories',
    );
    expect(message).not.toContain("\n");
  });

  it("lists the most frequent stray values when there are several, and names the row alone without ids", () => {
    const many = [...income, "n/a", "n/a", "?", "12,5 k", "x", "y", "z", ...Array(20).fill("1")];
    expect(() => featureKinds({ income: many }, ["income"])).toThrow(
      '"income": 30 of 38 filled values are numbers but 8 are not (first: row 6, value "—"; values "n/a" ×2, "—" ×1, "?" ×1, "12,5 k" ×1, "x" ×1, and 2 more): fix them or blank them',
    );
  });

  it("keeps text columns categorical, declared ones too, and the stray column once it is declared", () => {
    expect(featureKinds({ income, region }, ["income", "region"], ["income"])).toEqual([
      { name: "income", kind: "categorical" },
      { name: "region", kind: "categorical" },
    ]);
    expect(featureKinds({ income: income.map((v) => (v === "—" ? "" : v)), region }, ["income", "region"])).toEqual([
      { name: "income", kind: "numeric" },
      { name: "region", kind: "categorical" },
    ]);
  });
});
