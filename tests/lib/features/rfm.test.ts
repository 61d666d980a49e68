import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type RfmConfig } from "../../../src/lib/config/config.js";
import {
  formatRange,
  RFM_SUMMARY_COLUMNS,
  rfmGrid,
  rfmScores,
  rfmScoreSql,
  rfmSegment,
  rfmSegmentNames,
  rfmSegmentSql,
  summariseRfm,
  unreachableRules,
} from "../../../src/lib/features/rfm.js";

const classic = DEFAULT_CONFIG.rfm;

describe("rfmScores: 1 + floor(5 × customers strictly worse / n)", () => {
  it("splits distinct values into equal quintiles when n is a multiple of 5 (like NTILE(5))", () => {
    expect(Array.from(rfmScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], true))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(Array.from(rfmScores([50, 40, 30, 20, 10], true))).toEqual([5, 4, 3, 2, 1]);
  });

  it("puts each quintile boundary where 5 × worse / n reaches a whole number", () => {
    // n = 6: worse 0..5 → 0, 0.83, 1.67, 2.5, 3.33, 4.17
    expect(Array.from(rfmScores([1, 2, 3, 4, 5, 6], true))).toEqual([1, 1, 2, 3, 4, 5]);
    // n = 7: worse 0..6 → 0, 0.71, 1.43, 2.14, 2.86, 3.57, 4.29
    expect(Array.from(rfmScores([1, 2, 3, 4, 5, 6, 7], true))).toEqual([1, 1, 2, 3, 3, 4, 5]);
    expect(Array.from(rfmScores([42], true))).toEqual([1]);
    expect(Array.from(rfmScores([], true))).toEqual([]);
  });

  it("scores recency the other way round: fewer days is better", () => {
    expect(Array.from(rfmScores([0, 10, 20, 30, 40], false))).toEqual([5, 4, 3, 2, 1]);
    expect(Array.from(rfmScores([3, 3, 100], false))).toEqual([2, 2, 1]);
  });

  it("gives equal values equal scores: a tie takes the score of its first member, and later scores may be empty", () => {
    // Half the customers have one order: all F = 1, nobody gets 2.
    expect(Array.from(rfmScores([1, 1, 1, 1, 1, 2, 3, 4, 5, 6], true))).toEqual([1, 1, 1, 1, 1, 3, 4, 4, 5, 5]);
    // A tie at the top spanning a boundary: the three 9s have 7 worse → 1 + floor(3.5) = 4; nobody gets 5.
    expect(Array.from(rfmScores([1, 2, 3, 4, 5, 6, 7, 9, 9, 9], true))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 4, 4]);
    expect(Array.from(rfmScores([7, 7, 7, 7], true))).toEqual([1, 1, 1, 1]);
    expect(Array.from(rfmScores([-5, 0, 0, 12.5], true))).toEqual([1, 2, 2, 4]);
  });

  it("depends only on the values, not on row order or ids", () => {
    const values = [5, 3, 3, 8, 1, 3, 9, 9, 2, 5, 5, 7];
    const scores = rfmScores(values, true);
    const order = values.map((_, i) => i).sort((a, b) => ((a * 7) % 12) - ((b * 7) % 12));
    const shuffled = rfmScores(order.map((i) => values[i]), true);
    expect(order.map((i) => scores[i])).toEqual(Array.from(shuffled));
    for (let i = 0; i < values.length; i++) for (let j = 0; j < values.length; j++) {
      if (values[i] === values[j]) expect(scores[i]).toBe(scores[j]);
      if (values[i] < values[j]) expect(scores[i]).toBeLessThanOrEqual(scores[j]);
    }
  });

  it("is written in SQL with RANK (ties equal), worst first, and integer division", () => {
    expect(rfmScoreSql("r")).toBe("CAST(1 + (5 * (rank() OVER (ORDER BY recency_days DESC) - 1)) // count(*) OVER () AS INTEGER)");
    expect(rfmScoreSql("m", "s.monetary")).toContain("ORDER BY s.monetary ASC");
  });
});

describe("the classic segment rules", () => {
  it("reach every named segment: earlier rules never take all of a later rule's cells", () => {
    expect(unreachableRules(classic)).toEqual([]);
    expect(rfmSegmentNames(classic)).toEqual([
      "Champions", "Loyal Customers", "New Customers", "Promising", "Potential Loyalist",
      "Need Attention", "About To Sleep", "Can't Lose Them", "At Risk", "Lost", "Others",
    ]);
  });

  it("would lose three segments in the order the scheme is usually listed in", () => {
    const names = ["Champions", "Loyal Customers", "Potential Loyalist", "New Customers", "Promising", "Need Attention", "About To Sleep", "At Risk", "Can't Lose Them", "Lost"];
    const listed: RfmConfig = { segments: names.map((name) => classic.segments.find((s) => s.name === name)!), other: "Others" };
    expect(unreachableRules(listed)).toEqual(["New Customers", "Promising", "Can't Lose Them"]);
  });

  it.each([
    [5, 5, 5, "Champions"],
    [4, 4, 4, "Champions"],
    [3, 4, 4, "Loyal Customers"],
    [2, 3, 3, "Loyal Customers"],
    [5, 1, 1, "New Customers"],
    [4, 1, 1, "New Customers"],
    [3, 1, 1, "Promising"],
    [5, 2, 3, "Potential Loyalist"],
    [3, 3, 2, "Potential Loyalist"],
    [2, 2, 3, "Need Attention"],
    [2, 1, 2, "About To Sleep"],
    [1, 5, 4, "Can't Lose Them"],
    [1, 3, 5, "At Risk"],
    [2, 5, 5, "Loyal Customers"],
    [2, 2, 2, "Need Attention"],
    [1, 2, 2, "At Risk"],
    [1, 1, 2, "Lost"],
    [2, 1, 1, "About To Sleep"],
    [5, 1, 5, "Others"],
    [1, 1, 5, "Others"],
    [3, 5, 1, "Others"],
  ])("R%i F%i M%i → %s", (r, f, m, name) => {
    expect(rfmSegment(classic, r, f, m)).toBe(name);
  });

  it("writes the rules as one SQL CASE, first match first, names quoted", () => {
    const sql = rfmSegmentSql(classic);
    expect(sql.startsWith("CASE WHEN r_score BETWEEN 4 AND 5 AND f_score BETWEEN 4 AND 5 AND m_score BETWEEN 4 AND 5 THEN 'Champions'")).toBe(true);
    expect(sql).toContain("THEN 'Can''t Lose Them'");
    expect(sql.endsWith("ELSE 'Others' END")).toBe(true);
  });
});

describe("rfmGrid", () => {
  it("counts customers in all 25 R × F cells, R 5 to 1, F 1 to 5", () => {
    const grid = rfmGrid([5, 5, 1, 3], [1, 1, 5, 2]);
    expect(grid).toHaveLength(25);
    expect(grid[0]).toEqual({ r: 5, f: 1, customers: 2 });
    expect(grid[24]).toEqual({ r: 1, f: 5, customers: 1 });
    expect(grid.find((c) => c.r === 3 && c.f === 2)?.customers).toBe(1);
    expect(grid.reduce((s, c) => s + c.customers, 0)).toBe(4);
  });
});

describe("summariseRfm", () => {
  const config: RfmConfig = {
    segments: [
      { name: "Best", r: [4, 5], f: [4, 5], m: [4, 5] },
      { name: "Empty", r: [1, 1], f: [1, 1], m: [1, 1] },
    ],
    other: "Rest",
  };

  it("gives each segment's customers, revenue, shares, order value and medians, in rule order", () => {
    const summary = summariseRfm(
      {
        recency_days: [1, 3, 40, 100],
        frequency: [5, 3, 1, 1],
        monetary: [500, 100, 50, -50],
        rfm_segment: ["Best", "Best", "Rest", "Rest"],
      },
      config,
    );
    expect(summary.map((s) => s.name)).toEqual(["Best", "Empty", "Rest"]);
    expect(summary[0]).toEqual({
      name: "Best",
      rule: config.segments[0],
      customers: 2,
      customerShare: 0.5,
      revenue: 600,
      revenueShare: 1,
      avgOrderValue: 75,
      medianRecencyDays: 2,
      medianFrequency: 4,
      medianMonetary: 300,
    });
    expect(summary[1]).toMatchObject({ customers: 0, revenue: 0, customerShare: 0, medianRecencyDays: null, medianMonetary: null });
    expect(summary[2]).toMatchObject({ rule: null, customers: 2, revenue: 0, revenueShare: 0, avgOrderValue: 0, medianRecencyDays: 70 });
  });

  it("has table columns for rule ranges, size, value and medians, with a dash for an empty segment", () => {
    const summary = summariseRfm({ recency_days: [1, 3], frequency: [5, 3], monetary: [1500, 100], rfm_segment: ["Best", "Rest"] }, config);
    const text = summary.map((s) => RFM_SUMMARY_COLUMNS.map((c) => c.value(s)));
    expect(RFM_SUMMARY_COLUMNS.map((c) => c.label)).toEqual([
      "Segment", "R", "F", "M", "Customers", "Share of customers", "Revenue", "Share of revenue",
      "Avg order value", "Median recency (days)", "Median orders", "Median revenue",
    ]);
    const range = "4\u2060–\u20605";
    expect(text[0]).toEqual(["Best", range, range, range, "1", "50%", "1,500", "93.8%", "300", "1", "5", "1,500"]);
    expect(text[1]).toEqual(["Empty", "1", "1", "1", "0", "0%", "0", "0%", "–", "–", "–", "–"]);
    expect(text[2].slice(0, 4)).toEqual(["Rest", "none", "", ""]);
  });

  it("refuses a segment the config does not name (features built with other rules)", () => {
    expect(() => summariseRfm({ recency_days: [1], frequency: [1], monetary: [1], rfm_segment: ["Champions"] }, config)).toThrow(/"Champions", which is not in the rfm config/);
  });
});

describe("formatRange", () => {
  it("shows a score range compactly, on one line", () => {
    expect(formatRange([4, 5])).toBe("4\u2060–\u20605");
    expect(formatRange([1, 1])).toBe("1");
    expect(formatRange([1, 5])).toBe("any");
  });
});
