import { describe, expect, it } from "vitest";
import { categoryRows, driftRows, OTHER_REVENUE_LABEL, revenueRecords, sizeRecords } from "../../../src/lib/report/historyPage.js";
import type { History, HistorySnapshot } from "../../../src/lib/report/types.js";

const snapshot = (asOf: string, periodStart: string, sizes: number[], fields: Partial<HistorySnapshot> = {}): HistorySnapshot => ({
  asOf,
  periodStart,
  customers: sizes.reduce((s, x) => s + x, 0),
  sizes,
  revenue: sizes.map((x) => x * 10),
  periodRevenue: sizes.reduce((s, x) => s + x * 10, 0),
  otherRevenue: { customers: 0, revenue: 0 },
  newCustomers: 0,
  added: sizes.map(() => 1),
  dropped: sizes.map(() => 0),
  stayed: 0,
  moved: 0,
  matrix: [],
  drift: { ari: 1, moved: 0, centroidShift: [0, 0, 0], maxCentroidShift: 0, refitSizes: sizes },
  ...fields,
});

const history: History = {
  every: "month",
  count: 3,
  reviewBelowAri: 0.8,
  categories: [
    { label: "A", segment: 0 },
    { label: "B", segment: 1 },
    { label: "Net returners", segment: null },
  ],
  snapshots: [
    snapshot("2024-02-01", "2024-01-01", [0, 0, 0], { drift: { skipped: "0 customers, fewer than segmentation.k (2): no refit" } }),
    snapshot("2024-03-01", "2024-02-01", [3, 1, 0], { otherRevenue: { customers: 1, revenue: -5 }, drift: { ari: 0.5, moved: 0.25, centroidShift: [0.5, 0.1], maxCentroidShift: 0.5, refitSizes: [2, 2] } }),
    snapshot("2024-04-01", "2024-03-01", [4, 2, 1], { drift: { ari: 0.3, moved: 0, centroidShift: [0, 0], maxCentroidShift: 0, refitSizes: [4, 2] } }),
  ],
  review: null,
};

describe("history page records", () => {
  it("sizes: every category at every snapshot, with its share of the snapshot's customers", () => {
    const records = sizeRecords(history);
    expect(records).toHaveLength(9);
    expect(records.slice(3, 6)).toEqual([
      { asOf: "2024-03-01", category: 0, label: "A", segment: 0, customers: 3, share: 0.75 },
      { asOf: "2024-03-01", category: 1, label: "B", segment: 1, customers: 1, share: 0.25 },
      { asOf: "2024-03-01", category: 2, label: "Net returners", segment: null, customers: 0, share: 0 },
    ]);
    // A snapshot with no customers has no shares to take.
    expect(records.slice(0, 3).map((r) => r.share)).toEqual([0, 0, 0]);
  });

  it("revenue: every category per period, and customers with no purchase yet only where there are some", () => {
    const records = revenueRecords(history);
    expect(records.filter((r) => r.category === null)).toEqual([{ periodStart: "2024-02-01", asOf: "2024-03-01", category: null, label: OTHER_REVENUE_LABEL, segment: null, revenue: -5 }]);
    expect(records).toHaveLength(10);
    expect(records.filter((r) => r.asOf === "2024-04-01").map((r) => r.revenue)).toEqual([40, 20, 10]);
  });

  it("flows: one row per snapshot and category", () => {
    expect(categoryRows(history).filter((r) => r.asOf === "2024-04-01")).toEqual([
      { periodStart: "2024-03-01", asOf: "2024-04-01", label: "A", segment: 0, customers: 4, added: 1, dropped: 0, revenue: 40 },
      { periodStart: "2024-03-01", asOf: "2024-04-01", label: "B", segment: 1, customers: 2, added: 1, dropped: 0, revenue: 20 },
      { periodStart: "2024-03-01", asOf: "2024-04-01", label: "Net returners", segment: null, customers: 1, added: 1, dropped: 0, revenue: 10 },
    ]);
  });

  it("drift: skipped refits have no figures; the as-of date is today's model, never below the threshold", () => {
    expect(driftRows(history)).toEqual([
      { asOf: "2024-02-01", customers: 0, ari: null, moved: null, maxCentroidShift: null, below: false, status: "0 customers, fewer than segmentation.k (2): no refit" },
      { asOf: "2024-03-01", customers: 4, ari: 0.5, moved: 0.25, maxCentroidShift: 0.5, below: true, status: "below 0.8" },
      { asOf: "2024-04-01", customers: 7, ari: 0.3, moved: 0, maxCentroidShift: 0, below: false, status: "today's model" },
    ]);
  });
});
