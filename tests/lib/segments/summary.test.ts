import { describe, expect, it } from "vitest";
import { archetypeOf, nameSegments, PLAYBOOK } from "../../../src/lib/segments/playbook.js";
import { median, summariseSegments, type SegmentSummary } from "../../../src/lib/segments/summary.js";

describe("summariseSegments", () => {
  it("computes sizes, shares and medians per segment by hand", () => {
    const columns = {
      customer_id: ["a", "b", "c", "d"],
      recency_days: [10, 20, 300, 400],
      frequency: [5, 3, 1, 1],
      monetary: [500, 300, 150, 50],
    };
    const [s0, s1] = summariseSegments(columns, [0, 0, 1, 1], 2);
    expect(s0).toMatchObject({ customers: 2, customerShare: 0.5, revenue: 800, revenueShare: 0.8, revenuePerCustomer: 400, avgOrderValue: 100, medianRecencyDays: 15, medianFrequency: 4, medianMonetary: 400 });
    expect(s1).toMatchObject({ customers: 2, revenue: 200, revenueShare: 0.2, avgOrderValue: 100, medianRecencyDays: 350 });
  });

  it("median of even and odd lengths", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe("archetypes and playbook", () => {
  const base = { recency: 50, frequency: 2, monetary: 400, tenure: 300 };
  const seg = (over: Partial<SegmentSummary>): SegmentSummary => ({
    segment: 0, customers: 1, customerShare: 0.1, revenue: 1, revenueShare: 0.1, revenuePerCustomer: 1, avgOrderValue: 1,
    medianRecencyDays: 50, medianFrequency: 2, medianMonetary: 400, medianTenureDays: 300, ...over,
  });

  it.each([
    [{ medianRecencyDays: 10, medianFrequency: 8, medianMonetary: 3000 }, "Champions"],
    [{ medianRecencyDays: 200, medianFrequency: 1, medianMonetary: 100 }, "Lost"],
    [{ medianRecencyDays: 200, medianFrequency: 6, medianMonetary: 2000 }, "Can't Lose Them"],
    [{ medianRecencyDays: 200, medianFrequency: 2, medianMonetary: 500 }, "At Risk"],
    [{ medianRecencyDays: 20, medianFrequency: 1, medianTenureDays: 30 }, "New Customers"],
    [{ medianRecencyDays: 30, medianFrequency: 6, medianMonetary: 600 }, "Bargain Hunters"],
    [{ medianRecencyDays: 40, medianFrequency: 3, medianMonetary: 700 }, "Loyal Customers"],
    [{}, "Need Attention"],
  ] as const)("%j → %s", (over, expected) => {
    expect(archetypeOf(seg(over), base)).toBe(expected);
  });

  it("gives distinct names (a repeated archetype told apart by its own trait, not a number), the archetype's action, and applies config overrides", () => {
    const named = nameSegments(
      [seg({ segment: 0 }), seg({ segment: 1, medianMonetary: 800 }), seg({ segment: 2, medianRecencyDays: 300, medianFrequency: 1, medianMonetary: 10 })],
      base,
      { names: { "2": "Sleepers" }, actions: { "1": "Call them" } },
    );
    expect(named.map((s) => s.name)).toEqual(["Need Attention", "Need Attention, high spend", "Sleepers"]);
    expect(named.map((s) => s.archetype)).toEqual(["Need Attention", "Need Attention", "Lost"]);
    expect(named[0].action).toBe(PLAYBOOK["Need Attention"].action);
    expect(named[1].action).toBe("Call them");
    expect(named[2].archetype).toBe("Lost");
  });
});
