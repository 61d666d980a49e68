import { describe, expect, it } from "vitest";
import { changeOf, changeSince } from "../../../src/lib/report/change.js";
import { summariseSegments } from "../../../src/lib/segments/summary.js";

describe("changeOf", () => {
  it("is now minus then, shares rounded to 4 places and revenue to 2", () => {
    const now = { customers: 30, customerShare: 0.3, revenue: 100.1, revenueShare: 0.7 };
    const then = { customers: 10, customerShare: 0.1, revenue: 0.2, revenueShare: 0.4 };
    // Unrounded: 0.19999999999999998, 99.89999999999999, 0.29999999999999993.
    expect(changeOf(now, then)).toEqual({ customers: 20, customerShare: 0.2, revenue: 99.9, revenueShare: 0.3 });
  });
});

describe("changeSince", () => {
  // Now: a, b in segment 0; c, d in segment 1. Then: a in 0, b in 1, c in 1; d is new.
  const nowColumns = { customer_id: ["a", "b", "c", "d"], recency_days: [1, 2, 3, 4], frequency: [4, 3, 2, 1], monetary: [40, 30, 20, 10] };
  const thenColumns = { customer_id: ["a", "b", "c"], recency_days: [1, 2, 3], frequency: [2, 2, 1], monetary: [20, 20, 10] };
  const now = { asOf: "2025-01-01", ids: nowColumns.customer_id, labels: [0, 0, 1, 1], summaries: summariseSegments(nowColumns, [0, 0, 1, 1], 2) };
  const then = { asOf: "2024-10-03", ids: thenColumns.customer_id, labels: [0, 1, 1], summaries: summariseSegments(thenColumns, [0, 1, 1], 2) };

  it("counts the migration between the two dates and the totals then", () => {
    const { migration } = changeSince(now, then, ["Loyal", "Lost"], 90);
    expect(migration).toEqual({
      asOf: "2025-01-01",
      previousAsOf: "2024-10-03",
      days: 90,
      names: ["Loyal", "Lost"],
      matrix: [
        [1, 0, 0],
        [1, 1, 0],
        [0, 1, 0],
      ],
      newCustomers: 1,
      notInCurrent: 0,
      stayed: 2,
      moved: 1,
      previousTotals: { customers: 3, revenue: 50 },
      groups: [],
    });
  });

  it("gives each segment its size and value then, the change and its flows", () => {
    const { segments } = changeSince(now, then, ["Loyal", "Lost"], 90);
    expect(segments[0].previous).toEqual({ customers: 1, customerShare: 0.3333, revenue: 20, revenueShare: 0.4 });
    expect(segments[0].change).toEqual({ customers: 1, customerShare: 0.1667, revenue: 50, revenueShare: 0.3 });
    expect(segments[0].flows!.cameFrom).toEqual([
      { segment: 0, label: "Loyal", customers: 1, share: 0.5 },
      { segment: 1, label: "Lost", customers: 1, share: 0.5 },
    ]);
    expect(segments[1].flows!.cameFrom).toEqual([
      { segment: 1, label: "Lost", customers: 1, share: 0.5 },
      { segment: null, label: "Not yet a customer", customers: 1, share: 0.5 },
    ]);
    expect(segments[1].flows!.wentTo).toEqual([
      { segment: 0, label: "Loyal", customers: 1, share: 0.5 },
      { segment: 1, label: "Lost", customers: 1, share: 0.5 },
    ]);
  });

  it("lists the groups kept out of the clustering after the segments: rows and columns of the matrix, their size then and their change", () => {
    // Now: a, b in segment 0; c in segment 1; d a net returner (code 2). Then: a in 0, b a net returner, c in 1; d new.
    const withGroup = { ...now, labels: [0, 0, 1, 2], summaries: summariseSegments(nowColumns, [0, 0, 1, 2], 3) };
    const before = { ...then, labels: [0, 2, 1], summaries: summariseSegments(thenColumns, [0, 2, 1], 3) };
    const { migration: changed, segments } = changeSince(withGroup, before, ["Loyal", "Lost", "Net returners"], 90, 2);
    const migration = changed!;
    expect(segments).toHaveLength(2);
    expect(migration.names).toEqual(["Loyal", "Lost", "Net returners"]);
    expect(migration.matrix).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 1, 0],
    ]);
    expect(migration.groups).toEqual([
      { previous: { customers: 1, customerShare: 0.3333, revenue: 20, revenueShare: 0.4 }, change: { customers: 0, customerShare: -0.0833, revenue: -10, revenueShare: -0.3 } },
    ]);
    expect(migration.previousTotals).toEqual({ customers: 3, revenue: 50 });
    // Segment 0 got b from the net returners.
    expect(segments[0].flows!.cameFrom).toEqual([
      { segment: 0, label: "Loyal", customers: 1, share: 0.5 },
      { segment: 2, label: "Net returners", customers: 1, share: 0.5 },
    ]);
  });

  it("stops when the names do not match the segments", () => {
    expect(() => changeSince(now, then, ["Loyal"], 90)).toThrow(/1 segment and group names but 2 segments and groups now and 2 then/);
  });
});
