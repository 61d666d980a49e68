// Groups kept out of the clustering: who is in them (first matching rule wins), every customer in one
// segment or one group, sizes and revenue that add up, and k-means run on the others exactly as if
// the group's customers were not there.
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/lib/config/config.js";
import { runCluster, runSweep } from "../../../src/lib/cluster/jobs.js";
import { clusteredColumns, describeGroups, labelsWithGroups, listedGroups, NET_RETURNERS, splitOutside, summariseOutside, type OutsideRule } from "../../../src/lib/segments/outside.js";
import { runSegmentation, type SegmentationInput } from "../../../src/lib/segments/segmentation.js";
import { config, customers } from "../../fixtures/cluster/customers.js";

const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, x) => s + x, 0);

describe("splitOutside", () => {
  it("puts customers with net revenue of zero or less in the net returners, everyone else is clustered", () => {
    const split = splitOutside({ monetary: [10, 0, -5, 3, -0.01] }, 5);
    expect(Array.from(split.group)).toEqual([-1, 0, 0, -1, 0]);
    expect(Array.from(split.clustered)).toEqual([0, 3]);
    expect(split.counts).toEqual([3]);
  });

  it("gives a customer matching two rules to the first; a project without net revenue has no net returners", () => {
    const big: OutsideRule = { id: "big", label: "Big", reason: "test", members: (c, n) => Array.from({ length: n }, (_, i) => Number(c.monetary[i]) > 100 || Number(c.monetary[i]) < -100) };
    const split = splitOutside({ monetary: [500, -500, 5, 50] }, 4, [NET_RETURNERS, big]);
    expect(Array.from(split.group)).toEqual([1, 0, -1, -1]);
    expect(split.counts).toEqual([1, 1]);
    expect(splitOutside({ age: [30, 40] }, 2).counts).toEqual([0]);
    const short: OutsideRule = { ...big, label: "Short", members: () => [true, false] };
    expect(() => splitOutside({ monetary: [1, 2, 3] }, 3, [short])).toThrow('group "Short": 2 flags for 3 customers');
  });

  it("labels groups k + g after the segments, and keeps only the clustered rows of each column", () => {
    const split = splitOutside({ monetary: [10, -1, 3, 0] }, 4);
    expect(clusteredColumns({ monetary: [10, -1, 3, 0], id: ["a", "b", "c", "d"] }, split)).toEqual({ monetary: [10, 3], id: ["a", "c"] });
    expect(Array.from(labelsWithGroups([1, 0], split, 2))).toEqual([1, 2, 0, 2]);
    expect(() => labelsWithGroups([1], split, 2)).toThrow("1 cluster labels for 2 clustered customers");
  });

  it("summarises each group over everyone: shares of all customers and of net revenue; an empty group has no medians", () => {
    const columns = { customer_id: ["a", "b", "c", "d"], recency_days: [5, 40, 60, 7], frequency: [2, 1, 3, 4], monetary: [100, -20, 0, 20] };
    const split = splitOutside(columns, 4);
    const [group] = summariseOutside(columns, split, 3);
    expect(group).toEqual({
      id: "net-returners",
      label: "Net returners",
      reason: NET_RETURNERS.reason,
      code: 3,
      customers: 2,
      customerShare: 0.5,
      revenue: -20,
      revenueShare: -0.2,
      revenuePerCustomer: -10,
      avgOrderValue: -5,
      medianRecencyDays: 50,
      medianFrequency: 2,
      medianMonetary: -10,
    });
    const none = summariseOutside({ ...columns, monetary: [1, 2, 3, 4] }, splitOutside({ monetary: [1, 2, 3, 4] }, 4), 3)[0];
    expect(none).toMatchObject({ customers: 0, revenue: 0, medianRecencyDays: null, medianFrequency: null, medianMonetary: null });
  });
});

/** The fixture's customers with `returners` of them turned into net returners (net revenue -50 … 0). */
function withReturners(n: number, returners: number): SegmentationInput {
  const c = customers(n, 11);
  const monetary = Float64Array.from(c.monetary);
  for (let r = 0; r < returners; r++) monetary[(r * 37) % n] = -50 + (r % 3) * 25; // -50, -25, 0
  return { customer_id: Array.from({ length: n }, (_, i) => `c${i}`), ...c, monetary } as unknown as SegmentationInput;
}

describe("runSegmentation with net returners", () => {
  const segConfig = { ...DEFAULT_CONFIG.segmentation, k: 4, nInit: 2 };

  it("keeps them out of k-means: the segments are the clustering of the other customers alone", () => {
    const columns = withReturners(1200, 30);
    const result = runSegmentation(columns, segConfig);
    const monetary = columns.monetary as ArrayLike<number>;
    const keep = Array.from({ length: 1200 }, (_, i) => i).filter((i) => monetary[i] > 0);
    expect(keep).toHaveLength(1200 - 30);
    const pick = (values: ArrayLike<unknown>) => keep.map((i) => values[i]);
    const alone = runSegmentation(Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, pick(v as ArrayLike<unknown>)])) as unknown as SegmentationInput, segConfig);
    expect(Array.from(result.clusterLabels)).toEqual(Array.from(alone.labels));
    expect(result.inertia).toBe(alone.inertia);
    expect(keep.map((i) => result.labels[i])).toEqual(Array.from(alone.labels));
    // Every net returner has the group's code, k.
    for (let i = 0; i < 1200; i++) if (monetary[i] <= 0) expect(result.labels[i]).toBe(4);
  });

  it("counts them: segments + groups = every customer and all revenue; no segment has negative revenue", () => {
    const columns = withReturners(1200, 30);
    const result = runSegmentation(columns, segConfig);
    const [returners] = result.groups;
    expect(returners).toMatchObject({ id: "net-returners", code: 4, customers: 30, revenue: -750 });
    expect(sum(result.segments.map((s) => s.customers)) + returners.customers).toBe(1200);
    expect(sum(result.segments.map((s) => s.revenue)) + returners.revenue).toBeCloseTo(sum(columns.monetary as ArrayLike<number>), 1);
    expect(sum(result.segments.map((s) => s.customerShare)) + returners.customerShare).toBeCloseTo(1, 3);
    expect(result.segments.every((s) => s.revenue > 0)).toBe(true);
    expect(new Set(result.segments.map((s) => s.name)).size).toBe(4);
    expect(result.prepared.n).toBe(1170);
  });

  it("stops naming segmentation.k when too few customers are left to cluster", () => {
    const columns = withReturners(5, 3);
    expect(() => runSegmentation(columns, segConfig)).toThrow("segmentation.k is 4: cannot make 4 clusters from 2 customers (5 in all, 3 net returners kept out of the clustering): lower segmentation.k");
  });

  it("the workbench's job gives the same labels and groups, its measures over the clustered customers only", async () => {
    const columns = withReturners(900, 20);
    const { customer_id: _, ...jobColumns } = columns as unknown as Record<string, Float64Array>;
    const job = await runCluster(jobColumns, { ...config, stabilityRuns: 1 });
    const report = runSegmentation(columns, { ...segConfig, k: config.k, nInit: config.nInit });
    expect(Array.from(job.labels)).toEqual(Array.from(report.labels));
    // The report's groups carry more (the blank features, tenure): the same groups.
    expect(job.groups).toMatchObject(report.groups);
    expect(job.n).toBe(900);
    expect(job.clustered).toBe(880);
    expect(job.metrics.silhouetteRows).toBe(880);
    expect(sum(job.sizes)).toBe(880);
    expect(job.description.n).toBe(880);
    const monetary = columns.monetary as ArrayLike<number>;
    for (let i = 0; i < 900; i++) expect(Number.isNaN(job.projection.x[i])).toBe(monetary[i] <= 0);
    // The sweep runs on the same customers.
    const sweep = await runSweep(jobColumns, { ...config, kMin: 2, kMax: 3 });
    expect(sweep.n).toBe(880);
    expect(sum(sweep.rows.find((r) => r.k === 4 - 1)!.sizes)).toBe(880);
  });
});

describe("describeGroups", () => {
  it("names each group with its size, reason and revenue, or says every customer is in a segment", () => {
    const returners = { label: "Net returners", reason: NET_RETURNERS.reason, customers: 22, revenue: -2817.9 };
    expect(describeGroups([returners])).toBe(
      "22 net returners (net revenue of zero or less: returns and cancellations equal or exceed purchases; net revenue \u22122,818): kept out of the clustering, so no segment is made of them, and counted apart in the totals.",
    );
    expect(describeGroups([{ ...returners, customers: 0, revenue: 0 }])).toBe("There are no net returners: every customer is in a segment.");
    expect(describeGroups([])).toBe("Every customer is in a segment.");
  });
});

describe("listedGroups", () => {
  it("lists a group as a table row only when it has customers; the sentence names the empty one", () => {
    const returners = { label: "Net returners", reason: NET_RETURNERS.reason, customers: 0, revenue: 0 };
    const missing = { label: "Not segmented (missing age)", reason: "missing age", customers: 3, revenue: 12 };
    expect(listedGroups([returners, missing])).toEqual([missing]);
    expect(listedGroups([returners])).toEqual([]);
    expect(listedGroups([{ ...returners, customers: 1 }])).toEqual([{ ...returners, customers: 1 }]);
    expect(describeGroups([returners])).toBe("There are no net returners: every customer is in a segment.");
  });
});
