// The headline findings from a hand-made report: which segment each sentence names, the figures it
// cites (the same numbers as the report's), and the sentence filled in.
import { describe, expect, it } from "vitest";
import { AT_RISK_DAYS, customerFigures, headlines, predictedAtRisk, type HeadlineReport } from "../../../src/lib/report/headlines.js";
import type { ClvReport } from "../../../src/lib/report/types.js";

const share = (customers: number, customerShare: number) => ({ customers, customerShare, revenue: 0, revenueShare: 0 });

function report(overrides: Partial<HeadlineReport> = {}): HeadlineReport {
  return {
    asOf: "2025-01-01",
    totals: { customers: 100, revenue: 10000 },
    segments: [
      { segment: 0, name: "New Customers", customers: 50, customerShare: 0.5, revenue: 1000, revenueShare: 0.1, previous: share(30, 0.4), change: share(20, 0.1) },
      { segment: 1, name: "Champions", customers: 30, customerShare: 0.3, revenue: 8000, revenueShare: 0.8, previous: share(30, 0.4), change: share(0, -0.1) },
      { segment: 2, name: "Lost", customers: 18, customerShare: 0.18, revenue: 1020, revenueShare: 0.102, previous: share(15, 0.2), change: share(3, -0.02) },
    ],
    outside: [{ customers: 2 }],
    migration: { previousAsOf: "2024-10-03" },
    ...overrides,
  };
}

describe("customerFigures", () => {
  it("takes the top fifth of customers by net revenue, and the segmented customers 90 days or more since their last order", () => {
    // Ten customers: the top two (a fifth) bring 600 of 1,000.
    const monetary = [400, 200, 100, 100, 50, 50, 50, 30, 20, 0];
    const recency = [10, 95, 90, 89, 200, 5, 5, 5, 5, 300];
    const segmented = [true, true, true, true, true, true, true, true, true, false];
    const figures = customerFigures(monetary, recency, segmented);
    expect(figures.concentration).toEqual({ share: 0.2, customers: 2, revenue: 600, revenueShare: 0.6 });
    // 200 + 100 + 50 (recency 95, 90, 200); the net returner at 300 days is not counted.
    expect(figures.atRisk).toEqual({ days: AT_RISK_DAYS, customers: 3, revenue: 350, revenueShare: 0.35 });
    // Eleven customers: the top fifth is 3 (rounded up).
    expect(customerFigures([...monetary, 1], [...recency, 1], [...segmented, true]).concentration.customers).toBe(3);
  });
});

describe("headlines", () => {
  // Everyone segmented: the customer 300 days since their last order (net revenue 0) counts as at risk too.
  const customers = customerFigures([400, 200, 100, 100, 50, 50, 50, 30, 20, 0], [10, 95, 90, 89, 200, 5, 5, 5, 5, 300], new Array(10).fill(true));

  it("gives concentration, the segment with most revenue, the largest, the fastest change and revenue at risk, each with its figures", () => {
    const list = headlines(report(), customers);
    expect(list.map((h) => h.key)).toEqual(["concentration", "top-segment", "largest", "change", "at-risk"]);
    expect(list.map((h) => h.text)).toEqual([
      "The top 20% of customers (2 of 100) bring 60% of net revenue.",
      "Champions holds the most revenue: 8,000, 80% of net revenue, from 30% of customers.",
      "The largest segment is New Customers: 50 customers, 50% of the base, with 10% of net revenue.",
      // New Customers +0.1 and Champions −0.1 move as much: the first (larger) segment is named.
      "New Customers changed most since 2024-10-03: it grew from 40% to 50% of customers (30 then, 50 now).",
      "Customers whose last order was 90 days or more ago hold 350 of net revenue, 35% of the total (4 customers).",
    ]);
    expect(list[1].figures).toEqual([
      { key: "revenue", label: "Champions: revenue", value: 8000, format: "money" },
      { key: "revenueShare", label: "Champions: share of revenue", value: 0.8, format: "share" },
      { key: "customerShare", label: "Champions: share of customers", value: 0.3, format: "share" },
    ]);
    expect(list[1].template).toBe("Champions holds the most revenue: {revenue}, {revenueShare} of net revenue, from {customerShare} of customers.");
    for (const h of list) for (const f of h.figures) expect(h.template, `${h.key}: ${f.key}`).toContain(`{${f.key}}`);
  });

  it("makes one sentence when the largest segment also holds the most revenue, and says which way the change went", () => {
    const r = report();
    const segments = [{ ...r.segments[1], customers: 60, customerShare: 0.6, change: share(-12, -0.2) }, r.segments[0], r.segments[2]];
    const list = headlines({ ...r, segments }, customers);
    expect(list.map((h) => h.key)).toEqual(["concentration", "top-segment", "change", "at-risk"]);
    expect(list[1].text).toBe("Champions is the largest segment, with 60 customers (60%), and holds the most revenue: 8,000, 80% of net revenue.");
    expect(list[2].text).toBe("Champions changed most since 2024-10-03: it shrank from 40% to 60% of customers (30 then, 60 now).");
  });

  it("says so when no segment changed, keeps braces in names out of the template, and adds predicted value at risk", () => {
    const r = report();
    const still = r.segments.map((s) => ({ ...s, change: share(0, 0) }));
    still[1] = { ...still[1], name: "{revenue} club" };
    const list = headlines({ ...r, segments: still }, customers, { predicted: { customers: 12, value: 3456.5, valueShare: 0.25, horizonDays: 365, rule: "P(alive) under 50%" } });
    expect(list.find((h) => h.key === "change")!.text).toBe("No segment's share of customers changed since 2024-10-03.");
    expect(list.find((h) => h.key === "top-segment")!.text).toBe("revenue club holds the most revenue: 8,000, 80% of net revenue, from 30% of customers.");
    expect(list.at(-1)).toMatchObject({
      key: "predicted-at-risk",
      text: "Customers at risk (P(alive) under 50%) hold 3,457 of predicted value over the next 365 days, 25% of everyone's (12 customers).",
    });
    // Money with its currency when the report knows it.
    expect(headlines(r, customers, { currency: "GBP" })[1].text).toBe("Champions holds the most revenue: £8,000, 80% of net revenue, from 30% of customers.");
  });
});

describe("predictedAtRisk", () => {
  const options = { unit: "week", horizonDays: 365, discountRate: 0.1 } as unknown as ClvReport["options"];
  const everyone = { customers: 100, predicted: 90, clv: 2000, atRisk: { customers: 7, share: 0.07, pastRevenue: 900, clv: 500 } } as ClvReport["everyone"];
  const atRiskRule = { maxPAlive: 0.3, segmentShare: 0.2, baseMedianMonetary: 250 } as ClvReport["atRiskRule"];

  it("reads everyone's at-risk customers and their predicted value from a published clv part", () => {
    expect(predictedAtRisk({ status: "published", options, everyone, atRiskRule })).toEqual({
      customers: 7,
      value: 500,
      valueShare: 0.25,
      horizonDays: 365,
      rule: "past revenue at or above the median customer's and P(alive) under 30%",
    });
  });

  it("gives nothing when predictions are off or refused, so no sentence is made up", () => {
    expect(predictedAtRisk({ status: "off", options, everyone: null, atRiskRule: null })).toBeNull();
    expect(predictedAtRisk({ status: "refused", options, everyone, atRiskRule })).toBeNull();
  });
});
