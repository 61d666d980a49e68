// Money shown with its currency: the column sets and figures the pages build (pure parts, no DOM).
import { describe, expect, it } from "vitest";
import { segmentFigures } from "../../src/components/reportFigures.js";
import { OVERVIEW_COLUMNS, overviewColumns, type OverviewSegment } from "../../src/components/reportTable.js";
import { rfmSummaryColumns, RFM_SUMMARY_COLUMNS } from "../../src/lib/features/rfm.js";
import type { SegmentPageData } from "../../src/lib/report/types.js";

const segment: OverviewSegment = {
  segment: 0, name: "Loyal", path: "segments/0", customers: 10, customerShare: 0.5, revenue: 1234.5, revenueShare: 0.6,
  avgOrderValue: 45.2, medianRecencyDays: 3, medianFrequency: 2, revenuePerCustomer: 123.45, change: { customers: 1, customerShare: 0.01, revenueShare: 0.02 },
};
const text = (columns: ReturnType<typeof overviewColumns>, key: string) => {
  const column = columns.find((c) => c.key === key)!;
  return column.text(column.value(segment) as number);
};

describe("money with its currency", () => {
  it("in the overview table: the currency's sign when known, plain numbers when not", () => {
    expect(text(overviewColumns("GBP"), "revenue")).toBe("£1,235");
    expect(text(overviewColumns("USD"), "revenuePerCustomer")).toBe("US$123");
    expect(text(OVERVIEW_COLUMNS, "revenue")).toBe("1,235");
    expect(text(overviewColumns("GBP"), "customers")).toBe("10");
  });

  it("in a segment page's figures, from the page data's currency", () => {
    const summary = { ...segment, previous: { customers: 9, customerShare: 0.45, revenueShare: 0.55 } };
    const data = { currency: "EUR", previousAsOf: "2024-01-01", segment: summary, everyone: summary, totals: { customers: 20, revenue: 2000 } } as unknown as SegmentPageData;
    const figures = Object.fromEntries(segmentFigures(data).map((f) => [f.key, f]));
    expect(figures.revenue).toMatchObject({ text: "€1,235", note: "of €2,000 net revenue", value: 1234.5 });
    expect(figures.avgOrderValue.text).toBe("€45");
    expect(segmentFigures({ ...data, currency: null }).find((f) => f.key === "revenue")!.text).toBe("1,235");
  });

  it("in the RFM segment table", () => {
    const row = { name: "Champions", rule: null, customers: 3, customerShare: 0.3, revenue: 99.5, revenueShare: 0.4, avgOrderValue: 33.2, medianRecencyDays: 2, medianFrequency: 3, medianMonetary: 30 };
    const revenue = (columns: typeof RFM_SUMMARY_COLUMNS) => columns.find((c) => c.label === "Revenue")!.value(row as never);
    expect(revenue(rfmSummaryColumns("GBP"))).toBe("£100");
    expect(revenue(RFM_SUMMARY_COLUMNS)).toBe("100");
  });
});
