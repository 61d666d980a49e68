import { describe, expect, it } from "vitest";
import { categoryEffect, categoryPhrase, distinctNames, nameAttributeSegments, numericPhrase, segmentTraits, type SegmentTraitsInput } from "../../../src/lib/segments/naming.js";
import { ARCHETYPE_THRESHOLDS, archetypeOf, nameSegments } from "../../../src/lib/segments/playbook.js";
import type { SegmentSummary } from "../../../src/lib/segments/summary.js";

const num = (name: string, standardized: number, mean = 0) => ({ name, mean, overallMean: 0, standardized });
const cat = (name: string, mode: string, modeShare: number, overallShare: number) => ({ name, mode, modeShare, overallShare });
const seg = (numeric: SegmentTraitsInput["numeric"], categorical: SegmentTraitsInput["categorical"] = [], size = 100) => ({ numeric, categorical, size });

describe("attribute segments are named by what sets them apart, in plain words", () => {
  it("'Young, high spending score' and 'Retail channel, high grocery spend'", () => {
    const names = nameAttributeSegments([
      seg([num("age", -1.4), num("spending_score", 1.2), num("annual_income", 0.3)]),
      seg([num("grocery_spend", 1.1), num("fresh_spend", -0.2)], [cat("channel", "Retail", 0.95, 0.4)]),
    ]);
    expect(names).toEqual(["Young, high spending score", "Retail channel, high grocery spend"]);
  });

  it("weak differences are not named: 'Close to average'", () => {
    expect(nameAttributeSegments([seg([num("age", 0.2), num("income", -0.3)])])).toEqual(["Close to average"]);
  });

  it("a category describes a segment only when it covers half of it; under 75 % it is 'mostly'", () => {
    expect(segmentTraits(seg([], [cat("channel", "Online", 0.45, 0.1)]))).toEqual([]);
    expect(segmentTraits(seg([], [cat("channel", "Online", 0.6, 0.1)]))[0].phrase).toBe("mostly Online channel");
    expect(segmentTraits(seg([], [cat("channel", "Online", 0.9, 0.9)]))).toEqual([]); // everyone is online: nothing sets it apart
    expect(categoryEffect(0.9, 0.4)).toBeCloseTo(0.5 / Math.sqrt(0.24), 12);
  });

  it("words for common attributes", () => {
    expect(numericPhrase("age", false)).toBe("young");
    expect(numericPhrase("age", true)).toBe("older");
    expect(numericPhrase("tenure_days", true)).toBe("long-standing");
    expect(numericPhrase("annual_income", true)).toBe("high annual income");
    expect(numericPhrase("x", true, { labels: { x: "basket size" } })).toBe("high basket size");
    expect(categoryPhrase("gender", "F")).toBe("women");
    expect(categoryPhrase("country", "Spain")).toBe("Spain");
    expect(categoryPhrase("employee_band", "250-999")).toBe("250-999 employees");
    expect(categoryPhrase("industry", "Hospitality")).toBe("Hospitality");
    expect(categoryPhrase("income_missing", "1")).toBe("income missing");
    expect(categoryPhrase("income_missing", "0")).toBe("income given");
    expect(categoryPhrase("annual_income_missing", "1", { labels: { annual_income: "yearly income" } })).toBe("yearly income missing");
    expect(categoryPhrase("lifestyle", "family")).toBe("family lifestyle");
  });

  it("a missing indicator and its feature are one trait: 'Low x', not 'Low x, x given'; 'X missing', not 'X missing, high x'", () => {
    // Mostly given: the feature's own trait says more than "x given".
    const given = seg([num("x", -1.5)], [cat("x_missing", "0", 1, 0.7)]);
    expect(segmentTraits(given).map((t) => t.phrase)).toEqual(["low x"]);
    // Mostly missing: x there is mostly the fill value, so "high x" would describe the median.
    const missing = seg([num("x", 0.7), num("age", -0.9)], [cat("x_missing", "1", 0.8, 0.3)]);
    expect(segmentTraits(missing).map((t) => t.phrase)).toEqual(["x missing", "young"]);
    expect(nameAttributeSegments([given, missing])).toEqual(["Low x", "X missing, young"]);
    // Alone (x itself sets nothing apart), the indicator is a trait like any category.
    expect(segmentTraits(seg([num("x", 0)], [cat("x_missing", "0", 1, 0.7)])).map((t) => t.phrase)).toEqual(["x given"]);
  });

  it("never two segments with the same name: each gets the strongest trait the other lacks", () => {
    const names = nameAttributeSegments([
      seg([num("age", -1.4), num("spending_score", 1.2), num("annual_income", 0.9)]),
      seg([num("age", -1.3), num("spending_score", 1.0), num("annual_income", -0.8)]),
    ]);
    expect(names).toEqual(["Young, high spending score, high annual income", "Young, high spending score, low annual income"]);
  });

  it("down to weaker traits ('slightly'), then a comparison where they differ most, never a number", () => {
    const weak = nameAttributeSegments([
      seg([num("age", -1.4), num("spending_score", 1.2), num("income", 0.3)]),
      seg([num("age", -1.3), num("spending_score", 1.0), num("income", 0.02)]),
    ]);
    expect(weak).toEqual(["Young, high spending score, slightly high income", "Young, high spending score"]);
    const compared = nameAttributeSegments([
      seg([num("age", -1.4, 24), num("spending_score", 1.2, 80), num("income", 0.05, 31_000)]),
      seg([num("age", -1.3, 25), num("spending_score", 1.0, 78), num("income", 0.04, 29_000)]),
    ]);
    // Age and spending score are already in the names: income is where they differ most (31,000 against 29,000).
    expect(compared).toEqual(["Young, high spending score, higher income", "Young, high spending score, lower income"]);
    for (const name of [...weak, ...compared]) expect(name).not.toMatch(/\d/);
  });

  it("an automatic name equal to a config name is told apart; config names stay as given", () => {
    const names = distinctNames(
      [
        { base: null, traits: segmentTraits(seg([num("age", -1.4), num("income", 0.8)])), lead: 1, values: {}, size: 1 },
        { base: null, traits: segmentTraits(seg([num("age", 1)])), lead: 1, values: {}, size: 1 },
      ],
      [undefined, "Young"],
    );
    expect(names).toEqual(["Young, high income", "Young"]);
  });
});

describe("behavioural archetypes are absolute about lapse", () => {
  const summary = (over: Partial<SegmentSummary>): SegmentSummary => ({
    segment: 0, customers: 100, customerShare: 0.2, revenue: 1, revenueShare: 0.2, revenuePerCustomer: 1, avgOrderValue: 25,
    medianRecencyDays: 50, medianFrequency: 2, medianMonetary: 400, medianTenureDays: null, ...over,
  });

  it("documents its thresholds", () => {
    expect(ARCHETYPE_THRESHOLDS).toEqual({ lapsedDays: 365, dormantDays: 180, newDays: 90 });
  });

  it("a segment whose typical customer bought once, long ago, is Lost, whatever the other segments look like", () => {
    const lapsed = summary({ medianRecencyDays: 500, medianFrequency: 1, medianMonetary: 25 });
    // A base where everyone has lapsed too: compared with it, this segment is average (the old rule said "Need Attention").
    expect(archetypeOf(lapsed, { recency: 520, frequency: 1, monetary: 25, tenure: null })).toBe("Lost");
    expect(archetypeOf(lapsed, { recency: 30, frequency: 6, monetary: 900, tenure: null })).toBe("Lost");
    // Long ago, several orders, little spend: lost too; with spend as the base's: at risk (a win-back is worth it).
    expect(archetypeOf(summary({ medianRecencyDays: 400, medianFrequency: 2, medianMonetary: 50 }), { recency: 60, frequency: 5, monetary: 200, tenure: null })).toBe("Lost");
    expect(archetypeOf(summary({ medianRecencyDays: 471, medianFrequency: 6, medianMonetary: 273 }), { recency: 60, frequency: 5, monetary: 200, tenure: null })).toBe("At Risk");
  });

  it("a segment a little behind a very recent base has not lapsed", () => {
    // 45 days against a base median of 20 (2.25 ×): the old relative rule called this lapsed.
    expect(archetypeOf(summary({ medianRecencyDays: 45, medianFrequency: 2, medianMonetary: 400 }), { recency: 20, frequency: 2, monetary: 400, tenure: null })).toBe("Need Attention");
  });

  it("a single recent order is a new customer even without a tenure column", () => {
    expect(archetypeOf(summary({ medianRecencyDays: 30, medianFrequency: 1, medianMonetary: 60 }), { recency: 60, frequency: 3, monetary: 300, tenure: null })).toBe("New Customers");
  });

  it("two segments of one archetype are told apart by what distinguishes them, not by a number", () => {
    const base = { recency: 90, frequency: 4, monetary: 300, tenure: null };
    const named = nameSegments(
      [
        summary({ segment: 0, medianRecencyDays: 500, medianFrequency: 1, medianMonetary: 25, avgOrderValue: 25 }),
        summary({ segment: 1, medianRecencyDays: 420, medianFrequency: 1, medianMonetary: 140, avgOrderValue: 140 }),
        summary({ segment: 2, medianRecencyDays: 20, medianFrequency: 12, medianMonetary: 2000, avgOrderValue: 160 }),
      ],
      base,
    );
    expect(named.map((s) => s.archetype)).toEqual(["Lost", "Lost", "Champions"]);
    // Both lost segments spend less than the base; their baskets set them apart.
    expect(named.map((s) => s.name)).toEqual(["Lost, small baskets", "Lost, large baskets", "Champions"]);
  });
});
