// The report's history (report.history) end to end on native DuckDB: a hand-made export whose
// every period figure is recomputed here from the CSV lines, in plain code, for the customers each
// snapshot assigns; the drift of a refit at each snapshot recomputed from the snapshot's features;
// and the review note on both sides of its threshold, on the bundled sample.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../../pipeline/duckdb.js";
import { readColumns } from "../../../pipeline/parquet.js";
import { buildReport, type BuiltReport } from "../../../pipeline/report/build.js";
import { featuresAt, runPipeline } from "../../../pipeline/run.js";
import { adjustedRandIndex } from "../../../src/lib/cluster/metrics.js";
import { loadConfig, PROJECT_ROOT } from "../../../pipeline/config.js";
import { historyDates } from "../../../src/lib/report/historyDates.js";
import type { HistoryDrift } from "../../../src/lib/report/types.js";
import { assignToModel, assignWithGroups } from "../../../src/lib/segments/migration.js";
import { runSegmentation, type SegmentationInput, type SegmentationResult } from "../../../src/lib/segments/segmentation.js";
import { writeSample } from "../../../tools/sample.js";

const FIXTURE = join(PROJECT_ROOT, "tests", "fixtures", "history", "transactions.csv");
let dir: string;
const cacheDirs: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "history-"));
});

afterAll(() => {
  for (const d of cacheDirs) rmSync(d, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const cents = (x: number) => Math.round(x * 100) / 100;

interface Line {
  order: string;
  customer: string;
  ts: string;
  amount: number;
  reversal: boolean;
}

/** The fixture's lines as an analyst would read them: amount = quantity × price in cents; C… orders and negative quantities are reversals. */
function lines(file: string): Line[] {
  return readFileSync(file, "utf-8")
    .trimEnd()
    .split("\n")
    .slice(1)
    .map((row) => {
      const [order, customer, ts, , quantity, price] = row.split(",");
      return { order, customer, ts: ts.replace(" ", "T"), amount: cents(Number(quantity) * Number(price)), reversal: order.startsWith("C") || Number(quantity) < 0 };
    });
}

/** Orders: a customer's lines with one order id, at its first line's time; a reversal if any line is. */
function orders(all: Line[]) {
  const byOrder = new Map<string, { customer: string; ts: string; amount: number; reversal: boolean }>();
  for (const l of all) {
    const key = `${l.customer}|${l.order}`;
    const o = byOrder.get(key);
    if (!o) byOrder.set(key, { customer: l.customer, ts: l.ts, amount: l.amount, reversal: l.reversal });
    else byOrder.set(key, { customer: o.customer, ts: l.ts < o.ts ? l.ts : o.ts, amount: o.amount + l.amount, reversal: o.reversal || l.reversal });
  }
  return [...byOrder.values()];
}

/** Each snapshot's customers → category, as the report assigns them: today's model over the features at each date. */
async function assignments(built: BuiltReport, configFile: string, dates: string[]): Promise<{ byDate: Map<string, number>[]; today: SegmentationResult }> {
  const outputs = await runPipeline(configFile);
  const db = await openDatabase();
  try {
    const { config } = loadConfig(configFile);
    const current = await readColumns(db, outputs.features, ["customer_id", "recency_days", "frequency", "monetary", "tenure_days"]);
    const today = runSegmentation(current as unknown as SegmentationInput, config.segmentation);
    expect(Array.from(today.labels)).toEqual(Array.from(built.labels));
    const byDate: Map<string, number>[] = [];
    for (const date of dates.slice(0, -1)) {
      const then = await readColumns(db, await featuresAt(db, outputs, date), [...new Set(["customer_id", "monetary", ...config.segmentation.features])]);
      // The groups kept out of the clustering (net returners) by the same rules then, the rest to the nearest centroid.
      const labels = assignWithGroups(today.model, today.centroids, then as unknown as Record<string, number[]>);
      byDate.push(new Map((then.customer_id as string[]).map((id, i) => [id, labels[i]])));
    }
    byDate.push(new Map(built.customerIds.map((id, i) => [id, built.labels[i]])));
    return { byDate, today };
  } finally {
    db.close();
  }
}

describe("history on a hand-made export", () => {
  let built: BuiltReport;
  let configFile: string;
  const dates = historyDates("2024-05-01", "month", 4);

  beforeAll(async () => {
    configFile = join(dir, "fixture.config.json");
    writeFileSync(
      configFile,
      JSON.stringify({
        inputs: { transactions: FIXTURE, customers: null },
        features: { asOf: "2024-05-01" },
        segmentation: { k: 2, features: ["recency_days", "frequency", "monetary"], log: ["frequency", "monetary"] },
        report: { previousAsOfDays: 30, history: { every: "month", count: 4 } },
      }),
    );
    built = await buildReport(configFile);
    cacheDirs.push((await runPipeline(configFile)).dir);
  });

  it("has the 4 monthly snapshots back from the as-of date, each period starting at the previous one", () => {
    const h = built.report.history!;
    expect(dates).toEqual(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01"]);
    expect(h.snapshots.map((s) => [s.periodStart, s.asOf])).toEqual(dates.slice(1).map((d, i) => [dates[i], d]));
    // Today's segments, then the groups kept out of the clustering (segment null), each listed even when empty.
    expect(h.categories).toEqual([...built.report.segments.map((s) => ({ label: s.name, segment: s.segment })), ...built.report.outside.map((g) => ({ label: g.label, segment: null }))]);
    // The last snapshot is today's segmentation.
    expect(h.snapshots.at(-1)!.sizes).toEqual([...built.report.segments.map((s) => s.customers), ...built.report.outside.map((g) => g.customers)]);
  });

  it("sizes sum to the customers with a purchase before each date, counted from the CSV", () => {
    const all = orders(lines(FIXTURE));
    for (const s of built.report.history!.snapshots) {
      const buyers = new Set(all.filter((o) => !o.reversal && o.ts < s.asOf).map((o) => o.customer));
      expect(s.customers, s.asOf).toBe(buyers.size);
      expect(sum(s.sizes), s.asOf).toBe(buyers.size);
    }
    // D has only a cancellation; F bought and cancelled: F is a customer (one purchase), D never is.
    expect(built.customerIds).toContain("F");
    expect(built.customerIds).not.toContain("D");
  });

  it("added, dropped and new customers follow the consecutive assignments", async () => {
    const { byDate } = await assignments(built, configFile, dates);
    const h = built.report.history!;
    h.snapshots.forEach((s, i) => {
      const [then, now] = [byDate[i], byDate[i + 1]];
      expect(s.newCustomers).toBe([...now.keys()].filter((id) => !then.has(id)).length);
      h.categories.forEach((_, c) => {
        expect(s.sizes[c]).toBe([...now.values()].filter((x) => x === c).length);
        expect(s.added[c], `${s.asOf} added to ${c}`).toBe([...now].filter(([id, x]) => x === c && then.get(id) !== c).length);
        expect(s.dropped[c], `${s.asOf} dropped from ${c}`).toBe([...then].filter(([id, x]) => x === c && now.get(id) !== c).length);
      });
      expect(s.stayed).toBe([...then].filter(([id, x]) => now.get(id) === x).length);
      expect(s.moved).toBe([...then].filter(([id, x]) => now.get(id) !== x).length);
    });
    // Nobody bought before 2024-01-01: the first snapshot's customers are all new.
    expect(h.snapshots[0].newCustomers).toBe(h.snapshots[0].customers);
  });

  it("revenue and every segment's KPIs per period equal a recomputation from the lines", async () => {
    const { byDate } = await assignments(built, configFile, dates);
    const all = lines(FIXTURE);
    const allOrders = orders(all);
    const h = built.report.history!;
    h.snapshots.forEach((s, i) => {
      const [start, end] = [dates[i], dates[i + 1]];
      const [then, now] = [byDate[i], byDate[i + 1]];
      const inPeriod = (ts: string) => ts >= start && ts < end;
      const net = new Map<string, number>();
      for (const l of all.filter((l) => inPeriod(l.ts))) net.set(l.customer, (net.get(l.customer) ?? 0) + l.amount);
      const bought = allOrders.filter((o) => !o.reversal && inPeriod(o.ts));
      expect(s.periodRevenue, `${end} all revenue`).toBeCloseTo(sum([...net.values()]), 6);
      const others = [...net.keys()].filter((id) => !now.has(id));
      expect(s.otherRevenue).toEqual({ customers: others.length, revenue: cents(sum(others.map((id) => net.get(id)!))) });
      expect(cents(sum(s.revenue) + s.otherRevenue.revenue)).toBeCloseTo(s.periodRevenue, 6);
      for (const segment of built.report.segments) {
        const c = segment.segment;
        const members = [...now].filter(([, x]) => x === c).map(([id]) => id);
        const previous = [...then].filter(([, x]) => x === c).map(([id]) => id);
        const theirOrders = bought.filter((o) => members.includes(o.customer));
        const active = members.filter((id) => bought.some((o) => o.customer === id));
        const returning = active.filter((id) => then.has(id));
        const retained = previous.filter((id) => bought.some((o) => o.customer === id));
        const kpis = segment.trend![i];
        expect(kpis, `${segment.name} at ${end}`).toEqual({
          asOf: end,
          periodStart: start,
          customers: members.length,
          added: s.added[c],
          dropped: s.dropped[c],
          active: active.length,
          orders: theirOrders.length,
          repeatRate: active.length ? Math.round((returning.length / active.length) * 1e4) / 1e4 : null,
          previousCustomers: previous.length,
          retention: previous.length ? Math.round((retained.length / previous.length) * 1e4) / 1e4 : null,
          revenue: cents(sum(members.map((id) => net.get(id) ?? 0))),
          avgOrderValue: theirOrders.length ? cents(sum(theirOrders.map((o) => o.amount)) / theirOrders.length) : null,
        });
        expect(s.revenue[c]).toBe(kpis.revenue);
      }
    });
    // The cases the fixture plants: D's cancellation in February is revenue of nobody in the base;
    // G's order at 2024-05-01 00:00 is after the as-of date; H's at 2024-03-01 00:00 opens March.
    expect(h.snapshots[1].otherRevenue).toEqual({ customers: 1, revenue: -25 });
    expect(h.snapshots[3].periodRevenue).toBe(cents(99.99 + 40 + 40 - 40 + 12.5 + 200 + 12.5));
    expect(h.snapshots[2].newCustomers).toBe(2); // C and H
  });

  it("refits at each earlier snapshot with the committed settings and compares with today's model", async () => {
    const { byDate, today } = await assignments(built, configFile, dates);
    const outputs = await runPipeline(configFile);
    const { config } = loadConfig(configFile);
    const db = await openDatabase();
    try {
      const h = built.report.history!;
      // No customer before 2024-01-01; the first snapshot refits on six.
      for (const [i, s] of h.snapshots.entries()) {
        if (i === h.snapshots.length - 1) {
          expect(s.drift).toEqual({ ari: 1, moved: 0, centroidShift: [0, 0], maxCentroidShift: 0, refitSizes: today.segments.map((x) => x.customers) });
          continue;
        }
        const then = await readColumns(db, await featuresAt(db, outputs, s.asOf), ["customer_id", "recency_days", "frequency", "monetary", "tenure_days"]);
        const refit = runSegmentation(then as unknown as SegmentationInput, config.segmentation);
        const assigned = (then.customer_id as string[]).map((id) => byDate[i + 1].get(id)!);
        const drift = s.drift as HistoryDrift;
        expect(drift.ari, s.asOf).toBe(Math.round(adjustedRandIndex(assigned, refit.labels) * 1e4) / 1e4);
        // The refit's segments hold the clustered customers; the groups kept out (net returners) are in none.
        expect(sum(drift.refitSizes)).toBe(sum(s.sizes.slice(0, today.segments.length)));
        expect(sum(drift.refitSizes)).toBe(refit.clusterLabels.length);
        expect(drift.centroidShift).toHaveLength(2);
        expect(drift.maxCentroidShift).toBe(Math.max(...drift.centroidShift));
      }
    } finally {
      db.close();
    }
  });

  it("stops naming the snapshot and report.history when a feature is blank at a history date only", async () => {
    // Both have two orders by the as-of date and the migration's date (10 days before), but A had one at every earlier snapshot; the oldest is named.
    const csv = join(dir, "two-orders.csv");
    writeFileSync(
      csv,
      ["order_id,customer_id,order_timestamp,product_id,quantity,unit_price", "O1,A,2024-01-05,P1,1,10", "O2,A,2024-04-10,P1,1,10", "O3,B,2024-01-10,P1,2,10", "O4,B,2024-01-20,P1,1,10"].join("\n") + "\n",
    );
    const file = join(dir, "blank.config.json");
    writeFileSync(
      file,
      JSON.stringify({
        inputs: { transactions: csv, customers: null },
        features: { asOf: "2024-05-01" },
        segmentation: { k: 2, features: ["recency_days", "mean_days_between_orders"], log: [] },
        report: { previousAsOfDays: 10, history: { every: "month", count: 4 } },
      }),
    );
    cacheDirs.push((await runPipeline(file)).dir);
    await expect(buildReport(file)).rejects.toThrow(
      /^at the history's snapshot 2024-02-01 \(report\.history\): 1 of 2 customers in "Not segmented \(missing mean days between orders\)", a group today's segmentation does not have, so the history cannot count them beside today's segments: choose segmentation\.missing "median" or "mode", another feature, or report\.history null$/,
    );
  });
});

describe("the review note on the bundled sample", () => {
  const reports: Record<string, BuiltReport["report"]> = {};

  async function withThreshold(reviewBelowAri: number) {
    const file = join(dir, `review-${reviewBelowAri}.config.json`);
    const inputs = { transactions: join(dir, "sample", "transactions.csv"), customers: join(dir, "sample", "customers.csv") };
    writeFileSync(file, JSON.stringify({ inputs, report: { history: { every: "month", count: 4, reviewBelowAri } } }));
    const { report } = await buildReport(file);
    cacheDirs.push((await runPipeline(file)).dir);
    return report;
  }

  beforeAll(async () => {
    await writeSample(join(dir, "sample"));
    reports.none = await withThreshold(0);
  });

  it("appears when an earlier snapshot's ARI is below report.history.reviewBelowAri, and not at it", async () => {
    const h = reports.none.history!;
    expect(h.review).toBeNull();
    const earlier = h.snapshots.slice(0, -1).map((s) => ({ asOf: s.asOf, ari: (s.drift as HistoryDrift).ari }));
    expect(earlier).toHaveLength(3);
    // The sample's segments drift: four months back a refit is not today's model.
    for (const s of earlier) expect(s.ari).toBeLessThan(1);
    const lowest = earlier.reduce((a, b) => (b.ari < a.ari ? b : a));
    const at = await withThreshold(lowest.ari);
    expect(at.history!.review).toBeNull();
    const threshold = Math.round((lowest.ari + 0.0001) * 1e4) / 1e4;
    const above = await withThreshold(threshold);
    expect(above.history!.review).toMatchObject({ asOf: lowest.asOf, ari: lowest.ari, below: 1, compared: 3 });
    expect(above.history!.review!.note).toMatch(new RegExp(`^Review the segmentation: refitted on the customers of ${lowest.asOf}, .* below report\\.history\\.reviewBelowAri \\(${threshold}\\); 1 of 3 earlier snapshots`));
    // Everything else is the same report.
    expect({ ...above, history: { ...above.history, reviewBelowAri: 0, review: null } }).toEqual({ ...reports.none, history: { ...reports.none.history, reviewBelowAri: 0 } });
  });
});
