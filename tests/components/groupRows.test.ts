// A group kept out of the clustering with no customers is no row of zeros in the report's tables and
// their CSV files (the overview and the transition matrix); one with customers is (pure parts, no DOM).
import { describe, expect, it } from "vitest";
import { migrationCsv } from "../../src/components/migrationViews.js";
import { overviewCsv, type OverviewGroup, type OverviewSegment } from "../../src/components/reportTable.js";
import { parseCsv } from "../support/csv.js";

const segment = (i: number, customers: number): OverviewSegment => ({
  segment: i, name: `Segment ${i}`, path: `segments/${i}`, customers, customerShare: customers / 10, revenue: customers * 100, revenueShare: customers / 10,
  avgOrderValue: 50, medianRecencyDays: 3, medianFrequency: 2, revenuePerCustomer: 100, change: null,
});
const group = (code: number, label: string, customers: number): OverviewGroup => ({
  id: label, label, reason: "why", code, customers, customerShare: customers / 10, revenue: -customers, revenueShare: 0,
  avgOrderValue: 0, medianRecencyDays: null, medianFrequency: null, revenuePerCustomer: 0, change: null,
});

describe("groups with no customers", () => {
  it("are left out of the overview's CSV; a group with customers is listed", () => {
    const rows = parseCsv(overviewCsv([segment(0, 6), segment(1, 4)], [group(2, "Net returners", 0), group(3, "Not segmented (missing age)", 2)]));
    expect(rows.map((r) => r[1])).toEqual(["name", "Segment 0", "Segment 1", "Not segmented (missing age)"]);
    expect(parseCsv(overviewCsv([segment(0, 6)], [group(1, "Net returners", 3)])).map((r) => r[1])).toEqual(["name", "Segment 0", "Net returners"]);
  });

  it("are left out of the transition matrix's CSV when nobody is in them at either date", () => {
    const names = ["Segment 0", "Segment 1", "Net returners"];
    const matrix = [[5, 1, 0, 0], [2, 4, 0, 1], [0, 0, 0, 0], [3, 0, 0, 0]];
    const rows = parseCsv(migrationCsv(matrix, names, { then: "2024-01-01", now: "2024-04-01" })).slice(1);
    expect(rows.some((r) => r.includes("Net returners"))).toBe(false);
    expect(rows).toHaveLength(3 * 3);
    expect(rows.reduce((s, r) => s + Number(r[2]), 0)).toBe(16);
    matrix[2][0] = 2;
    const withGroup = parseCsv(migrationCsv(matrix, names, { then: "2024-01-01", now: "2024-04-01" })).slice(1);
    expect(withGroup).toHaveLength(4 * 4);
    expect(withGroup.find((r) => r[0] === "Net returners" && r[1] === "Segment 0")?.[2]).toBe("2");
  });
});
