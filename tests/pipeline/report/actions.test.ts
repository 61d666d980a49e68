// The report's action sections on the bundled sample (generated into a temp folder): recommendations
// whose lifts an independent query recomputes, KPIs that add up, audiences recounted by plain SQL,
// RFM segments with plays, the scorecard for every segment with verdicts that follow the evidence,
// the build-start check of audience rules, and the CRM export with next best products.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { listValue } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../pipeline/duckdb.js";
import { buildExport } from "../../../pipeline/report/export.js";
import { buildReport, type BuiltReport } from "../../../pipeline/report/build.js";
import { transactionsReport } from "../../../src/lib/report/mode.js";
import { runPipeline, type PipelineOutputs } from "../../../pipeline/run.js";
import { crmExportColumns } from "../../../src/lib/actions/crmExport.js";
import { recommendationsSql } from "../../../src/lib/actions/recommendations.js";
import { rfmPlays } from "../../../src/lib/actions/rfmPlays.js";
import { CRITERIA } from "../../../src/lib/actions/scorecard.js";
import { parseConfig } from "../../../src/lib/config/config.js";
import { quoteLiteral } from "../../../src/lib/io/sql.js";
import { segmentPageData } from "../../../src/lib/report/segmentPage.js";
import type { ReportRecommendation } from "../../../src/lib/report/types.js";
import { writeSample } from "../../../tools/sample.js";

const run = promisify(execFile);
const AUDIENCES = [
  { name: "Lapsing big spenders", rule: { all: [{ column: "recency_days", op: "between", value: [60, 180] }, { column: "monetary", op: ">=", value: 500 }] }, play: { action: "Win-back email", kpi: "Orders within 60 days" } },
  { name: "Best customers (RFM)", rule: { column: "rfm_segment", op: "in", value: ["Champions", "Loyal Customers"] }, play: "Referral programme" },
  { name: "Segment 0 or big baskets", rule: { any: [{ column: "segment", op: "=", value: 0 }, { column: "avg_order_value", op: ">=", value: 100 }] } },
];
let dir: string;
let configFile: string;
let inputs: { transactions: string; customers: string };
let built: BuiltReport;
let outputs: PipelineOutputs;
let db: Database;
const cacheDirs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "report-actions-"));
  await writeSample(join(dir, "sample"));
  inputs = { transactions: join(dir, "sample", "transactions.csv"), customers: join(dir, "sample", "customers.csv") };
  configFile = join(dir, "workbench.config.json");
  writeFileSync(configFile, JSON.stringify({ inputs, audiences: AUDIENCES, recommendations: { pairs: { minSupport: 0.001, minConfidence: 0.05 } } }));
  built = await buildReport(configFile);
  outputs = await runPipeline(configFile);
  cacheDirs.push(outputs.dir);
  db = await openDatabase();
  await db.run(`CREATE TABLE transactions AS SELECT * FROM read_parquet(${quoteLiteral(outputs.transactions!)})`);
  await db.run(`CREATE TABLE features AS SELECT * FROM read_parquet(${quoteLiteral(outputs.features)})`);
  await db.run(`CREATE TABLE segs AS SELECT unnest($1::VARCHAR[]) AS customer_id, unnest($2::INTEGER[]) AS segment`, [listValue(built.customerIds), listValue(Array.from(built.labels))]);
}, 300_000);

afterAll(() => {
  db?.close();
  for (const d of cacheDirs) rmSync(d, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

/** Per segment and item, the counts behind a lift, by window counts over one join (no code shared with the module). */
async function independentCounts(segmentSql: string, item: "product_id" | "category"): Promise<Map<string, { sb: number; bb: number; sc: number; bc: number }>> {
  const rows = await db.all<{ segment: string; item: string; sb: number; bb: number; sc: number; bc: number }>(`
    WITH s AS (${segmentSql}),
    b AS (
      SELECT DISTINCT t.customer_id, t.${item} AS item FROM transactions t
      WHERE t.is_product AND NOT t.is_return AND NOT t.is_cancellation AND t.${item} IS NOT NULL
        AND t.order_ts < DATE '${outputs.asOf}' AND t.customer_id IN (SELECT customer_id FROM features)
    )
    SELECT DISTINCT CAST(s.segment AS VARCHAR) AS segment, b.item,
      CAST(count(*) OVER (PARTITION BY s.segment, b.item) AS INTEGER) AS sb,
      CAST((SELECT count(*) FROM b b2 WHERE b2.item = b.item) AS INTEGER) AS bb,
      CAST((SELECT count(*) FROM s s2 WHERE s2.segment = s.segment) AS INTEGER) AS sc,
      CAST((SELECT count(*) FROM features) AS INTEGER) AS bc
    FROM b JOIN s ON s.customer_id = b.customer_id`);
  return new Map(rows.map((r) => [`${r.segment}|${r.item}`, r]));
}

function expectRecomputed(listed: readonly ReportRecommendation[], segment: string, counts: Map<string, { sb: number; bb: number; sc: number; bc: number }>): void {
  for (const row of listed) {
    const again = counts.get(`${segment}|${row.item}`)!;
    expect(again, `${segment} ${row.item}`).toBeDefined();
    expect([row.segment_buyers, row.base_buyers, row.segment_customers, row.base_customers]).toEqual([again.sb, again.bb, again.sc, again.bc]);
    expect(row.lift).toBe((again.sb * again.bc) / (again.sc * again.bb));
    expect(row.cross_sell).toBe(again.sc - again.sb);
  }
}

describe("recommendations in the report", () => {
  it("lists each segment's products and categories with lifts an independent query recomputes exactly", async () => {
    const report = transactionsReport(built.report);
    const { minLift, top } = report.recommendations.floors;
    const products = await independentCounts("SELECT customer_id, segment FROM segs", "product_id");
    const categories = await independentCounts("SELECT customer_id, segment FROM segs", "category");
    let listed = 0;
    for (const s of report.segments) {
      const r = s.recommendations;
      expect(r.products.length).toBeLessThanOrEqual(top);
      expect(r.products.map((x) => x.rank)).toEqual(r.products.map((_, i) => i + 1));
      for (const x of r.products) expect(x.lift).toBeGreaterThanOrEqual(minLift);
      expectRecomputed(r.products, String(s.segment), products);
      expectRecomputed(r.categories!, String(s.segment), categories);
      listed += r.products.length + r.categories!.length;
    }
    // The sample plants what its first two segments over-index on.
    expect(report.segments[0].recommendations.products).toHaveLength(top);
    expect(listed).toBeGreaterThan(20);
  });

  it("lists RFM segments' and audiences' recommendations, an audience measured against every customer", async () => {
    const report = transactionsReport(built.report);
    expect(report.recommendations.rfm.map((r) => r.name)).toEqual(rfmPlays(parseConfig({}).rfm).map((p) => p.name));
    const rfm = await independentCounts("SELECT customer_id, rfm_segment AS segment FROM features", "product_id");
    for (const r of report.recommendations.rfm) expectRecomputed(r.products, r.name, rfm);
    const best = report.recommendations.audiences.find((a) => a.name === "Best customers (RFM)")!;
    expect(best.products.length).toBeGreaterThan(0);
    const audience = await independentCounts(`SELECT customer_id, 'best' AS segment FROM features WHERE rfm_segment IN ('Champions', 'Loyal Customers')`, "product_id");
    expectRecomputed(best.products, "best", audience);
    // Co-purchase rules pass their floors.
    const pairs = report.segments.flatMap((s) => s.recommendations.pairs);
    expect(pairs.length).toBeGreaterThan(0);
    for (const p of pairs) {
      expect(p.both_orders).toBeGreaterThanOrEqual(report.recommendations.pairFloors.minOrders);
      expect(p.lift).toBeCloseTo((p.both_orders * p.segment_orders) / (p.antecedent_orders * p.consequent_orders), 12);
    }
  });
});

describe("KPIs in the report", () => {
  it("give every segment its KPIs, adding up to the whole base's", () => {
    const report = transactionsReport(built.report);
    const everyone = report.kpis.everyone;
    expect(everyone.customers).toBe(report.totals.customers);
    for (const s of report.segments) {
      expect(s.kpis!.customers).toBe(s.customers);
      expect(s.kpis!.net_revenue).toBeCloseTo(s.revenue, 1);
      expect(s.kpis!.repeat_rate).toBe(s.kpis!.repeat_customers / s.kpis!.customers);
    }
    // The segments and the groups kept out of the clustering (net returners) add up to everyone.
    expect(report.kpis.outside.map((g) => [g.name, g.kpis?.customers ?? 0])).toEqual(report.outside.map((g) => [g.label, g.customers]));
    const groups = report.kpis.outside.map((g) => g.kpis!);
    expect(sum([...report.segments.map((s) => s.kpis!), ...groups].map((k) => k.orders))).toBe(everyone.orders);
    expect(sum([...report.segments.map((s) => s.kpis!), ...groups].map((k) => k.repeat_customers))).toBe(everyone.repeat_customers);
    expect(everyone.avg_order_value).toBe(everyone.gross_revenue / everyone.orders);
    // RFM segments without customers have no KPIs, not zeros.
    for (const r of report.kpis.rfm) {
      const size = report.rfmSegments.find((x) => x.name === r.name)!.customers;
      expect(r.kpis === null).toBe(size === 0);
    }
    expect(report.kpis.audiences.map((a) => a.kpis?.customers)).toEqual(report.audiences.list.map((a) => a.customers));
  });
});

describe("audiences in the report", () => {
  it("give each config audience its size and value, recounted by plain SQL, and the overlap matrix", async () => {
    const { list, overlap, baseCustomers, valueColumn } = transactionsReport(built.report).audiences;
    expect(valueColumn).toBe("monetary");
    expect(baseCustomers).toBe(built.report.totals.customers);
    expect(list.map((a) => a.name)).toEqual(AUDIENCES.map((a) => a.name));
    const counts = await db.all<{ a: number; va: number; b: number; c: number }>(`
      SELECT CAST(count(*) FILTER (WHERE recency_days BETWEEN 60 AND 180 AND monetary >= 500) AS INTEGER) AS a,
        round(sum(monetary) FILTER (WHERE recency_days BETWEEN 60 AND 180 AND monetary >= 500), 2) AS va,
        CAST(count(*) FILTER (WHERE rfm_segment IN ('Champions', 'Loyal Customers')) AS INTEGER) AS b,
        CAST(count(*) FILTER (WHERE segment = 0 OR avg_order_value >= 100) AS INTEGER) AS c
      FROM features JOIN segs USING (customer_id)`);
    expect(list.map((a) => a.customers)).toEqual([counts[0].a, counts[0].b, counts[0].c]);
    expect(list[0].value).toBeCloseTo(counts[0].va, 2);
    for (const a of list) expect(a.customers).toBeGreaterThan(0);
    expect(list[1]).toMatchObject({ rule: AUDIENCES[1].rule, play: { action: "Referral programme" } });
    expect(list[2].play).toBeNull();
    expect(overlap).toHaveLength(9);
    for (const cell of overlap.filter((c) => c.a === c.b)) expect(cell.customers).toBe(list[cell.a].customers);
  });
});

describe("RFM segments in the report", () => {
  it("hold every customer once, with plays from the playbook by name; rfm.other has none", () => {
    const { rfmSegments, totals, scorecard } = transactionsReport(built.report);
    expect(sum(rfmSegments.map((r) => r.customers))).toBe(totals.customers);
    expect(sum(rfmSegments.map((r) => r.revenue))).toBeCloseTo(totals.revenue, 0);
    const promising = rfmSegments.find((r) => r.name === "Promising")!;
    expect(promising).toMatchObject({ archetype: "New Customers", archetypeFrom: "name", ranges: { r: [3, 4], f: [1, 1], m: [1, 1] } });
    const others = rfmSegments.at(-1)!;
    expect(others).toMatchObject({ name: "Others", rule: null, ranges: null, play: null });
    const actionable = (name: string) => scorecard.rfm.find((s) => s.name === name)!.criteria.find((c) => c.criterion === "actionable")!;
    expect(actionable("Others")).toEqual({ criterion: "actionable", verdict: "fail", reason: "no play: give it an action and a KPI" });
    expect(actionable("Promising").verdict).toBe("pass");
  });
});

describe("the scorecard in the report", () => {
  it("scores every segment, RFM segment and audience on six criteria, each verdict following its evidence", () => {
    const report = transactionsReport(built.report);
    const { thresholds, previousAsOf, seeds } = report.scorecard;
    expect(previousAsOf).toBe(report.migration.previousAsOf);
    expect(seeds).toEqual([43, 44, 45]);
    // The sample's customers export has no consent or contact channel column.
    expect(report.scorecard.contactColumns).toEqual([]);
    expect(report.scorecard.completeColumns).toEqual(expect.arrayContaining(["recency_days", "frequency", "monetary", "gender", "age_band"]));
    const all = [...report.segments.map((s) => s.scorecard), ...report.scorecard.rfm, ...report.scorecard.audiences];
    expect(all).toHaveLength(5 + 11 + 3);
    for (const score of all) {
      expect(score.criteria.map((c) => c.criterion)).toEqual([...CRITERIA]);
      for (const c of score.criteria) expect(c.reason.length, `${score.name} ${c.criterion}`).toBeGreaterThan(10);
      const verdict = (criterion: string) => score.criteria.find((c) => c.criterion === criterion)!.verdict;
      expect(verdict("accessible")).toBe("unknown");
      expect(score.verdict).toBe(score.criteria.some((c) => c.verdict === "fail") ? "fail" : "unknown");
    }
    for (const s of report.segments) {
      const verdict = (criterion: string) => s.scorecard.criteria.find((c) => c.criterion === criterion)!;
      const substantial = s.customers >= thresholds.minCustomers && (s.customerShare >= thresholds.minCustomerShare || s.revenueShare >= thresholds.minRevenueShare);
      expect(verdict("substantial").verdict).toBe(substantial ? "pass" : "fail");
      expect(verdict("distinct").reason).toMatch(/^silhouette -?\d\.\d\d \([≥<] 0\.25\)/);
      expect(verdict("stable").reason).toMatch(new RegExp(`Jaccard \\d\\.\\d\\d across seeds .*; Jaccard \\d\\.\\d\\d against the same segment on ${previousAsOf}`));
      expect(verdict("actionable").reason).toBe(`a play with a KPI: “${s.play.kpi}”`);
    }
    // An audience's distinct evidence is its overlap with the others.
    expect(report.scorecard.audiences[0].criteria[2].reason).toMatch(/of its customers are also in “/);
    // Each segment page carries its scorecard and recommendations, and the thresholds.
    const page = segmentPageData(report, 1);
    expect(page.segment.scorecard).toEqual(report.segments[1].scorecard);
    expect(page.segment.recommendations).toEqual(report.segments[1].recommendations);
    expect(page.scorecard!.thresholds).toEqual(thresholds);
    expect(page.kpisEveryone).toEqual(report.kpis.everyone);
  });
});

describe("the build-start check", () => {
  const config = (extra: object, name: string) => {
    const file = join(dir, `${name}.config.json`);
    writeFileSync(file, JSON.stringify({ inputs, ...extra }));
    return file;
  };
  it("stops the report with one line naming the key of a bad audience rule or contact column", async () => {
    const cases: [object, string][] = [
      [{ audiences: [{ name: "A", rule: { column: "recencydays", op: ">", value: 9 } }] }, 'audiences[0].rule.column: unknown column "recencydays"; did you mean recency_days?'],
      [{ audiences: [AUDIENCES[0], { name: "B", rule: { all: [{ column: "city", op: ">", value: 3 }] } }] }, 'audiences[1].rule.all[0].op: expected one of "=", "!=", "in", "not in", "contains", "is null", "is not null" ("city" is a text column), got ">"'],
      [{ audiences: [{ name: "C", rule: { column: "monetary", op: ">=", value: "500" } }] }, 'audiences[0].rule.value: expected a number ("monetary" is a number column), got "500"'],
      [{ scorecard: { contactColumns: ["email_optin"] } }, 'scorecard.contactColumns[0]: unknown column "email_optin" in the customer table; the columns are customer_id, recency_days'],
    ];
    for (const [i, [extra, problem]] of cases.entries()) {
      const file = config(extra, `bad-${i}`);
      cacheDirs.push((await runPipeline(file)).dir);
      const error = await buildReport(file).then(() => null, (e: Error) => e);
      expect(error, problem).not.toBeNull();
      expect(error!.message.split("\n")).toHaveLength(1);
      expect(error!.message.startsWith(`${relative(process.cwd(), file)}: ${problem}`), error!.message).toBe(true);
    }
  });
});

describe("the CRM export", () => {
  it("gives every customer their segment and next best products: ones they have not bought, that their segment over-indexes on", async () => {
    const { csv, columns, customers, rows } = await buildExport(configFile);
    expect(columns).toEqual(crmExportColumns(3));
    expect([customers, rows]).toEqual([built.report.totals.customers, built.report.totals.customers]);
    const lines = csv.trimEnd().split("\n");
    expect(lines[0]).toBe(columns.join(","));
    // Every item that passes the floors, per segment, with its lift.
    const { floors } = transactionsReport(built.report).recommendations;
    const bound = recommendationsSql({ transactions: "transactions", assignments: "segs", level: "product", asOf: outputs.asOf!, ...floors, top: 100 });
    const passing = await db.all<{ segment: number; item: string; lift: number }>(bound.sql, bound.params);
    const lift = new Map(passing.map((r) => [`${r.segment}|${r.item}`, r.lift]));
    const bought = new Set((await db.all<{ k: string }>(`SELECT DISTINCT customer_id || '|' || product_id AS k FROM transactions WHERE is_product AND NOT is_return AND NOT is_cancellation AND order_ts < DATE '${outputs.asOf}'`)).map((r) => r.k));
    const segmentOf = new Map(built.customerIds.map((id, i) => [id, built.labels[i]]));
    let filled = 0;
    for (const line of lines.slice(1, 800)) {
      const [id, , p1, , p2] = line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
      const segment = segmentOf.get(id)!;
      for (const p of [p1, p2].filter(Boolean)) {
        expect(bought.has(`${id}|${p}`), `${id} already bought ${p}`).toBe(false);
        expect(lift.has(`${segment}|${p}`), `${p} is not over-indexed in segment ${segment}`).toBe(true);
        filled++;
      }
      if (p1 && p2) expect(lift.get(`${segment}|${p1}`)!).toBeGreaterThanOrEqual(lift.get(`${segment}|${p2}`)!);
    }
    expect(filled).toBeGreaterThan(100);
  });

  it("exports an audience's members through the CLI; an unknown audience stops with one line", async () => {
    const out = join(dir, "out", "audience.csv");
    const { stderr } = await run(process.execPath, ["--import", "tsx", "pipeline/cli.ts", "export", "--config", configFile, "--audience", "Best customers (RFM)", "--out", out]);
    const size = transactionsReport(built.report).audiences.list[1].customers;
    expect(stderr).toContain(`export: ${size} customers, ${size} memberships of "Best customers (RFM)"`);
    const lines = readFileSync(out, "utf-8").trimEnd().split("\n");
    expect(lines[0]).toBe(crmExportColumns(3, "audience").join(","));
    expect(lines).toHaveLength(size + 1);
    expect(lines.slice(1).every((l) => l.split(",")[1] === "Best customers (RFM)")).toBe(true);
    const both = await buildExport(configFile, { audiences: ["Best customers (RFM)", "Lapsing big spenders"] });
    expect(both.rows).toBe(size + transactionsReport(built.report).audiences.list[0].customers);
    const failed = await run(process.execPath, ["--import", "tsx", "pipeline/cli.ts", "export", "--config", configFile, "--audience", "Best customer", "--out", out]).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toBe('workbench: --audience "Best customer": no such audience in the config; did you mean "Best customers (RFM)"?\n');
  });
});
