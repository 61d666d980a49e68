// Audience rules in words and the rule editor's typed values (src/lib/actions/ruleText.ts): values are
// typed by the column, never guessed into another type, and the rule check reports what is wrong.
import { describe, expect, it } from "vitest";
import { ruleProblems, type ColumnInfo, type Rule } from "../../../src/lib/actions/audienceRule.js";
import { ruleText, valueFromText, valueToText } from "../../../src/lib/actions/ruleText.js";

const COLUMNS: ColumnInfo[] = [
  { name: "recency_days", type: "INTEGER" },
  { name: "monetary", type: "DOUBLE" },
  { name: "region", type: "VARCHAR" },
  { name: "opted_in", type: "BOOLEAN" },
  { name: "first_purchase", type: "DATE" },
];
const column = (name: string) => COLUMNS.find((c) => c.name === name);

describe("ruleText", () => {
  it("reads a rule as words, with nested groups in brackets", () => {
    const rule: Rule = {
      all: [
        { column: "recency_days", op: "between", value: [60, 180] },
        { column: "monetary", op: ">=", value: 500 },
        { any: [{ column: "region", op: "in", value: ["North", "Scotland"] }, { column: "opted_in", op: "=", value: true }, { column: "region", op: "is null" }] },
      ],
    };
    expect(ruleText(rule)).toBe("recency_days between 60 and 180 and monetary ≥ 500 and (region is one of “North”, “Scotland” or opted_in = true or region is blank)");
    expect(ruleText({ column: "region", op: "!=", value: "=HYPERLINK()" })).toBe("region ≠ “=HYPERLINK()”");
    expect(ruleText({ any: [{ column: "region", op: "contains", value: "north" }] })).toBe("region contains “north”");
  });
});

describe("valueFromText", () => {
  it("types what was typed by the column: numbers, true/false, dates and text", () => {
    expect(valueFromText(" 90 ", ">", column("recency_days"))).toBe(90);
    expect(valueFromText("1e3", ">=", column("monetary"))).toBe(1000);
    expect(valueFromText("true", "=", column("opted_in"))).toBe(true);
    expect(valueFromText("2011-01-01", ">=", column("first_purchase"))).toBe("2011-01-01");
    expect(valueFromText(" North ", "=", column("region"))).toBe(" North ");
    expect(valueFromText("anything", "is null", column("region"))).toBeUndefined();
  });

  it("splits lists at commas for in, not in and between", () => {
    expect(valueFromText("North, Scotland", "in", column("region"))).toEqual(["North", "Scotland"]);
    expect(valueFromText("60, 180", "between", column("recency_days"))).toEqual([60, 180]);
    expect(valueFromText("1, 2,", "not in", column("recency_days"))).toEqual([1, 2]);
    expect(valueToText(["North", "Scotland"])).toBe("North, Scotland");
    expect(valueToText(5)).toBe("5");
    expect(valueToText(undefined)).toBe("");
  });

  it("leaves text that is not a number as text, for the rule check to name", () => {
    const value = valueFromText("ninety", ">", column("recency_days"));
    expect(value).toBe("ninety");
    expect(ruleProblems({ column: "recency_days", op: ">", value: value! }, COLUMNS, "rule")).toEqual([
      { key: "rule.value", problem: 'expected a number ("recency_days" is a number column), got "ninety"' },
    ]);
    expect(ruleProblems({ column: "opted_in", op: "=", value: valueFromText("yes", "=", column("opted_in"))! }, COLUMNS, "rule")[0].key).toBe("rule.value");
  });
});
