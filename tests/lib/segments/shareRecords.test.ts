import { describe, expect, it } from "vitest";
import { shareRecords } from "../../../src/lib/segments/shareRecords.js";

describe("shareRecords", () => {
  it("gives two records per segment, in the segments' order, customers first", () => {
    const rows = shareRecords([
      { name: "Zed", customerShare: 0.7, revenueShare: 0.2 },
      { name: "Alpha", customerShare: 0.3, revenueShare: 0.8 },
    ]);
    expect(rows).toEqual([
      { name: "Zed", measure: "Share of customers", value: 0.7 },
      { name: "Zed", measure: "Share of revenue", value: 0.2 },
      { name: "Alpha", measure: "Share of customers", value: 0.3 },
      { name: "Alpha", measure: "Share of revenue", value: 0.8 },
    ]);
    expect(shareRecords([])).toEqual([]);
  });
});
