import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/lib/config/config.js";
import { composeHistory, noHistory, reviewOf, transitions, type HistoryInput, type SnapshotAssignment } from "../../../src/lib/report/history.js";
import { seededRandom } from "../../../src/lib/stats/random.js";

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

/** Random snapshots: a growing base (customers are never lost), each customer in one of `categories` at each date. */
function snapshots(count: number, categories: number, seed: number): SnapshotAssignment[] {
  const random = seededRandom(seed);
  const out: SnapshotAssignment[] = [];
  let base: string[] = [];
  for (let i = 0; i <= count; i++) {
    base = [...base, ...Array.from({ length: 5 + Math.floor(random() * 20) }, (_, j) => `c${i}-${j}`)];
    // Shuffled, so ids are not in the same order at two dates.
    const ids = [...base].sort(() => random() - 0.5);
    out.push({ asOf: `2024-0${i + 1}-01`, ids, labels: ids.map(() => Math.floor(random() * categories)) });
  }
  return out;
}

describe("transitions between consecutive snapshots", () => {
  it("counts added, dropped and new customers as the two assignments say, customer by customer", () => {
    const all = snapshots(6, 4, 3);
    for (let i = 1; i < all.length; i++) {
      const [before, now] = [all[i - 1], all[i]];
      const t = transitions(before, now, 4);
      const then = new Map(Array.from(before.ids, (id, j) => [id, before.labels[j]]));
      for (let c = 0; c < 4; c++) {
        const inNow = Array.from(now.ids).filter((_, j) => now.labels[j] === c);
        const inThen = Array.from(before.ids).filter((_, j) => before.labels[j] === c);
        const nowSet = new Set(inNow);
        expect(t.sizes[c]).toBe(inNow.length);
        expect(t.added[c]).toBe(inNow.filter((id) => then.get(id) !== c).length);
        expect(t.dropped[c]).toBe(inThen.filter((id) => !nowSet.has(id)).length);
        // A category's size changes by what it gained less what it lost.
        expect(t.sizes[c] - inThen.length).toBe(t.added[c] - t.dropped[c]);
      }
      expect(t.newCustomers).toBe(Array.from(now.ids).filter((id) => !then.has(id)).length);
      expect(sum(t.sizes)).toBe(now.ids.length);
      expect(t.stayed + t.moved).toBe(before.ids.length);
      // Rows: categories then (+ new); columns: categories now (+ not in the base).
      expect(t.matrix.map((row) => sum(row))).toEqual([...[0, 1, 2, 3].map((c) => Array.from(before.labels).filter((l) => l === c).length), t.newCustomers]);
      expect([0, 1, 2, 3].map((c) => sum(t.matrix.map((row) => row[c])))).toEqual(t.sizes);
      expect(t.matrix.map((row) => row[4])).toEqual([0, 0, 0, 0, 0]);
    }
  });

  it("counts a customer who left the base as dropped (and in the last column), though features never lose one", () => {
    const t = transitions({ asOf: "a", ids: ["x", "y"], labels: [0, 1] }, { asOf: "b", ids: ["y", "z"], labels: [0, 0] }, 2);
    expect(t).toMatchObject({ sizes: [2, 0], added: [2, 0], dropped: [1, 1], newCustomers: 1, stayed: 0, moved: 1 });
    expect(t.matrix).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [1, 0, 0],
    ]);
  });

  it("stops on a category number out of range", () => {
    expect(() => transitions({ asOf: "a", ids: [], labels: [] }, { asOf: "2024-01-01", ids: ["x"], labels: [3] }, 2)).toThrow(
      "snapshot 2024-01-01: customer x has category 3; there are 2",
    );
  });
});

describe("the review note", () => {
  const drift = (ari: number) => ({ ari, moved: 0, centroidShift: [], maxCentroidShift: 0, refitSizes: [] });
  const snaps = [
    { asOf: "2024-01-01", drift: drift(0.6) },
    { asOf: "2024-02-01", drift: { skipped: "3 customers, fewer than segmentation.k (5): no refit" } },
    { asOf: "2024-03-01", drift: drift(0.79) },
    { asOf: "2024-04-01", drift: drift(0.9) },
    // The as-of date: today's model against itself, never compared.
    { asOf: "2024-05-01", drift: drift(0.1) },
  ];

  it("appears when an earlier snapshot's refit agrees below the threshold, naming the latest one", () => {
    const review = reviewOf(snaps, 0.8)!;
    expect(review).toMatchObject({ asOf: "2024-03-01", ari: 0.79, below: 2, compared: 3 });
    expect(review.note).toContain("2024-03-01");
    expect(review.note).toContain("report.history.reviewBelowAri (0.8)");
    expect(review.note).not.toContain("\n");
    expect(reviewOf(snaps, 0.95)).toMatchObject({ asOf: "2024-04-01", below: 3, compared: 3 });
  });

  it("does not appear at or under the lowest compared ARI", () => {
    expect(reviewOf(snaps, 0.6)).toBeNull();
    expect(reviewOf(snaps, 0)).toBeNull();
    expect(reviewOf(snaps, 0.61)).toMatchObject({ asOf: "2024-01-01", below: 1 });
  });
});

describe("composeHistory", () => {
  const categories = [
    { label: "A", segment: 0 },
    { label: "B", segment: 1 },
  ];
  const a: SnapshotAssignment = { asOf: "2024-01-01", ids: ["x", "y"], labels: [0, 1] };
  const b: SnapshotAssignment = { asOf: "2024-02-01", ids: ["x", "y", "z"], labels: [1, 1, 0] };
  const input: HistoryInput = {
    config: { every: "month", count: 1, reviewBelowAri: 0.8 },
    categories,
    dates: ["2024-01-01", "2024-02-01"],
    transitions: [transitions(a, b, 2)],
    drift: [{ ari: 1, moved: 0, centroidShift: [0, 0], maxCentroidShift: 0, refitSizes: [1, 2] }],
    figures: [
      { snapshot: 1, category: 0, customers: 1, revenue: 10, active: 1, returning: 0, orders: 2, gross: 12.5 },
      { snapshot: 1, category: 1, customers: 2, revenue: -3.456, active: 1, returning: 1, orders: 1, gross: 4 },
    ],
    retention: [
      { snapshot: 1, category: 0, members: 1, retained: 0 },
      { snapshot: 1, category: 1, members: 1, retained: 1 },
    ],
    totals: [{ snapshot: 1, revenue: 8.544, otherCustomers: 1, otherRevenue: 2 }],
  };

  it("gives each snapshot its sizes and revenue and each segment its KPIs per period", () => {
    const { history, segments } = composeHistory(input);
    expect(history!.snapshots).toHaveLength(1);
    expect(history!.snapshots[0]).toMatchObject({
      asOf: "2024-02-01",
      periodStart: "2024-01-01",
      customers: 3,
      sizes: [1, 2],
      revenue: [10, -3.46],
      periodRevenue: 8.54,
      otherRevenue: { customers: 1, revenue: 2 },
      newCustomers: 1,
      added: [1, 1],
      dropped: [1, 0],
    });
    expect(segments[0].trend).toEqual([
      { asOf: "2024-02-01", periodStart: "2024-01-01", customers: 1, added: 1, dropped: 1, active: 1, orders: 2, repeatRate: 0, previousCustomers: 1, retention: 0, revenue: 10, avgOrderValue: 6.25 },
    ]);
    expect(segments[1].trend![0]).toMatchObject({ repeatRate: 1, retention: 1, avgOrderValue: 4, revenue: -3.46 });
    expect(history!.review).toBeNull();
  });

  it("has no rate without customers to take it of", () => {
    const empty = composeHistory({
      ...input,
      figures: [{ ...input.figures[0], active: 0, returning: 0, orders: 0, gross: 0 }, input.figures[1]],
    });
    expect(empty.segments[0].trend![0]).toMatchObject({ active: 0, repeatRate: null, avgOrderValue: null });
  });

  it("stops when the period figures count other members than the assignments", () => {
    expect(() => composeHistory({ ...input, figures: [{ ...input.figures[0], customers: 2 }, input.figures[1]] })).toThrow(
      "history at 2024-02-01: A has 1 customers but the period's figures count 2",
    );
    expect(() => composeHistory({ ...input, retention: [input.retention[1]] })).toThrow("history at 2024-02-01: A had 1 customers at 2024-01-01 but the retention figures count 0");
    expect(() => composeHistory({ ...input, drift: [] })).toThrow("history: 1 snapshots but 1 transitions and 0 drift measurements");
  });

  it("without a history: null, and no trend on any segment", () => {
    expect(noHistory(DEFAULT_CONFIG.segmentation.k)).toEqual({ history: null, historyNote: null, segments: [{ trend: null }, { trend: null }, { trend: null }, { trend: null }, { trend: null }] });
  });
});
