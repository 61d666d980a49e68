import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/lib/config/config.js";
import { assignToModel, assignWithGroups, GONE_LABEL, migrationCounts, NEW_LABEL, sankeyLayout, segmentFlows, shownMigration } from "../../../src/lib/segments/migration.js";
import { seededRandom } from "../../../src/lib/stats/random.js";
import { runSegmentation } from "../../../src/lib/segments/segmentation.js";

/** A small shop: three behavioural groups with noise. */
function shop(n: number, seed: number) {
  const random = seededRandom(seed);
  const customer_id: string[] = [];
  const recency_days: number[] = [];
  const frequency: number[] = [];
  const monetary: number[] = [];
  const tenure_days: number[] = [];
  for (let i = 0; i < n; i++) {
    const group = i % 3;
    customer_id.push(`C${String(i).padStart(4, "0")}`);
    recency_days.push(Math.round([20, 200, 400][group] + random() * 60));
    frequency.push(Math.round([15, 4, 1][group] + random() * 3));
    monetary.push(Math.round([2000, 300, 40][group] * (0.7 + random() * 0.6)));
    tenure_days.push(Math.round(500 + random() * 200));
  }
  return { customer_id, recency_days, frequency, monetary, tenure_days };
}

describe("assignWithGroups", () => {
  it("puts the earlier date's net returners in their group (code k) whatever the centroids, and everyone else in the nearest segment", () => {
    const config = { ...DEFAULT_CONFIG.segmentation, k: 3 };
    const result = runSegmentation(shop(300, 7), config);
    // Like customer 0 (high spend) then, but with returns exceeding purchases; then like customer 2; then a zero balance.
    const earlier = { recency_days: [25, 25, 420, 30], frequency: [16, 16, 1, 2], monetary: [2100, -40, 35, 0] };
    const labels = assignWithGroups(result.model, result.centroids, earlier);
    expect(Array.from(labels)).toEqual([result.labels[0], 3, result.labels[2], 3]);
    expect(Array.from(assignToModel(result.model, result.centroids, { recency_days: [25, 420], frequency: [16, 1], monetary: [2100, 35] }))).toEqual([labels[0], labels[2]]);
  });
});

describe("assignToModel", () => {
  const config = { ...DEFAULT_CONFIG.segmentation, k: 3 };
  const columns = shop(300, 7);
  const result = runSegmentation(columns, config);

  it("gives the current customers their current segments (same transforms, same nearest-centroid rule)", () => {
    const { recency_days, frequency, monetary } = columns;
    const labels = assignToModel(result.model, result.centroids, { recency_days, frequency, monetary });
    expect(Array.from(labels)).toEqual(Array.from(result.labels));
  });

  it("assigns earlier features to the segment whose centroid they are nearest, in the current model's units", () => {
    // A customer who looked like the high spenders: same segment as customer 0 (group 0).
    const earlier = { recency_days: [25, 420], frequency: [16, 1], monetary: [2100, 35] };
    const labels = assignToModel(result.model, result.centroids, earlier);
    expect(labels[0]).toBe(result.labels[0]);
    expect(labels[1]).toBe(result.labels[2]);
  });

  it("returns no labels for an empty earlier base (an earlier date before every purchase)", () => {
    expect(assignToModel(result.model, result.centroids, { recency_days: [], frequency: [], monetary: [] })).toHaveLength(0);
  });
});

describe("migrationCounts", () => {
  const current = { ids: ["a", "b", "c", "d", "e"], labels: [0, 1, 1, 0, 1] };
  const previous = { ids: ["a", "b", "c"], labels: [0, 0, 1] };

  it("counts moves by customer id; customers with no earlier purchase are new", () => {
    const m = migrationCounts(current, previous, 2);
    expect(m.matrix).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 1, 0],
    ]);
    expect(m).toMatchObject({ newCustomers: 2, notInCurrent: 0, stayed: 2, moved: 1 });
  });

  it("counts an earlier customer missing now in the last column instead of dropping them", () => {
    const m = migrationCounts({ ids: ["a"], labels: [0] }, { ids: ["a", "z"], labels: [0, 1] }, 2);
    expect(m.notInCurrent).toBe(1);
    expect(m.matrix[1][2]).toBe(1);
  });

  it("row sums are the segments then (plus new), column sums the segments now", () => {
    const m = migrationCounts(current, previous, 2);
    expect(m.matrix.map((row) => row.reduce((s, x) => s + x, 0))).toEqual([2, 1, 2]);
    expect([0, 1].map((c) => m.matrix.reduce((s, row) => s + row[c], 0))).toEqual([2, 3]);
  });
});

describe("segmentFlows", () => {
  const matrix = [
    [5, 3, 0],
    [1, 8, 0],
    [4, 0, 0],
  ];
  const names = ["Champions", "Lost"];

  it("lists where a segment's customers came from (shares of today's) and went (shares of then), largest first", () => {
    const { cameFrom, wentTo } = segmentFlows(matrix, names, 0);
    expect(cameFrom).toEqual([
      { segment: 0, label: "Champions", customers: 5, share: 0.5 },
      { segment: null, label: NEW_LABEL, customers: 4, share: 0.4 },
      { segment: 1, label: "Lost", customers: 1, share: 0.1 },
    ]);
    expect(wentTo).toEqual([
      { segment: 0, label: "Champions", customers: 5, share: 0.625 },
      { segment: 1, label: "Lost", customers: 3, share: 0.375 },
    ]);
    expect(GONE_LABEL).toMatch(/not in the current base/i);
  });
});

describe("sankeyLayout", () => {
  const matrix = [
    [50, 10, 0],
    [0, 30, 0],
    [10, 0, 0],
  ];
  const { nodes, links } = sankeyLayout(matrix, ["A", "B", "New"], ["A", "B", "Gone"], { height: 200, gap: 10 });

  it("leaves out empty nodes and sizes nodes in proportion to customers", () => {
    expect(nodes.map((n) => `${n.side}:${n.label}:${n.value}`)).toEqual(["from:A:60", "from:B:30", "from:New:10", "to:A:60", "to:B:40"]);
    const from = nodes.filter((n) => n.side === "from");
    const scale = (from[0].y1 - from[0].y0) / 60;
    for (const n of nodes) expect(n.y1 - n.y0).toBeCloseTo(n.value * scale, 9);
    expect(from[0].y0).toBeCloseTo(0, 9);
    expect(from[2].y1).toBeCloseTo(200, 9);
    for (let i = 1; i < from.length; i++) expect(from[i].y0 - from[i - 1].y1).toBeCloseTo(10, 9);
  });

  it("stacks links without overlap inside each node, filling it exactly", () => {
    expect(links.map((l) => [l.from, l.to, l.value])).toEqual([[0, 0, 50], [0, 1, 10], [1, 1, 30], [2, 0, 10]]);
    for (const node of nodes) {
      const bands = links
        .filter((l) => (node.side === "from" ? l.from : l.to) === node.index)
        .map((l) => (node.side === "from" ? [l.sy0, l.sy1] : [l.ty0, l.ty1]))
        .sort((a, b) => a[0] - b[0]);
      expect(bands[0][0]).toBeCloseTo(node.y0, 9);
      expect(bands[bands.length - 1][1]).toBeCloseTo(node.y1, 9);
      for (let i = 1; i < bands.length; i++) expect(bands[i][0]).toBeCloseTo(bands[i - 1][1], 9);
    }
  });

  it("draws nothing for an empty matrix", () => {
    expect(sankeyLayout([[0, 0], [0, 0]], ["A", "New"], ["A", "Gone"], { height: 100 })).toEqual({ nodes: [], links: [] });
  });
});

describe("shownMigration", () => {
  // Two segments, then "Net returners" (empty at both dates), then "new" / "not in the current base".
  const matrix = [
    [5, 1, 0, 0],
    [2, 4, 0, 1],
    [0, 0, 0, 0],
    [3, 0, 0, 0],
  ];

  it("leaves out a group with nobody then or now, keeps one with customers at either date", () => {
    expect(shownMigration(matrix, 3)).toEqual({ rows: [0, 1, 3], cols: [0, 1, 3] });
    // Net returners then, in a segment now: the group stays (its row says where they went).
    const left = matrix.map((row) => [...row]);
    left[2][0] = 2;
    expect(shownMigration(left, 3)).toEqual({ rows: [0, 1, 2, 3], cols: [0, 1, 2, 3] });
    // Nobody new and nobody gone: neither extra row nor column.
    expect(shownMigration([[1, 0, 0], [0, 1, 0], [0, 0, 0]], 2)).toEqual({ rows: [0, 1], cols: [0, 1] });
  });
});
