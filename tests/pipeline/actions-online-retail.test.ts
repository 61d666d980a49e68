// The actions on the shared real export (541,909 lines): every recommendation each segment lists is
// recomputed exactly by an independent SQL query (window counts over one join, no CTE chain shared
// with the module), the lists are the top of everything that passes the floors, co-purchase rules
// are recounted from the baskets, and both engines return identical results. Segments: the RFM
// segments of the feature table and a k-means segmentation (k = 4) of it.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../pipeline/duckdb.js";
import { parquetToArrowStream, readColumns } from "../../pipeline/parquet.js";
import { runPipeline } from "../../pipeline/run.js";
import { transactionsReport } from "../../src/lib/report/mode.js";
import { buildReport, type BuiltReport } from "../../pipeline/report/build.js";
import { audienceTableSql } from "../../src/lib/actions/audienceTable.js";
import { assignmentsIpc } from "../../src/lib/segments/assignments.js";
import { tableColumnsSql, type ColumnInfo } from "../../src/lib/actions/audienceRule.js";
import { assertAudiences, audienceMembershipSql, audienceOverlapSql, audienceSummarySql, type AudienceTable } from "../../src/lib/actions/audiences.js";
import { pairRulesSql, PAIR_DEFAULTS } from "../../src/lib/actions/copurchase.js";
import { kpiSql } from "../../src/lib/actions/kpis.js";
import { nextBestSql } from "../../src/lib/actions/nextBest.js";
import { RECOMMENDATION_DEFAULTS, recommendationsSql } from "../../src/lib/actions/recommendations.js";
import { SCORECARD_DEFAULTS, scorecard, type SegmentFacts } from "../../src/lib/actions/scorecard.js";
import { segmentSeparation } from "../../src/lib/actions/separation.js";
import { seedStability } from "../../src/lib/actions/segmentStability.js";
import { kmeans } from "../../src/lib/cluster/kmeans.js";
import { silhouette } from "../../src/lib/cluster/metrics.js";
import { DEFAULT_CONFIG, parseConfig } from "../../src/lib/config/config.js";
import { quoteLiteral } from "../../src/lib/io/sql.js";
import { runSegmentation } from "../../src/lib/segments/segmentation.js";
import { nativeEngine, wasmEngine, type BoundEngine, type Row } from "../lib/actions/engines.js";

const DATASET = resolve("../shared/datasets/online-retail/online_retail_2010_2011.csv.gz");
const present = existsSync(DATASET);
if (!present) console.warn(`skipping the Online Retail actions tests: ${DATASET} is absent`);

const LABELLINGS = ["rfm", "kmeans"] as const;
let native: BoundEngine;
let wasm: Awaited<ReturnType<typeof wasmEngine>>;
let asOf: string;
let segmentation: ReturnType<typeof runSegmentation>;
let featureColumns: Record<string, unknown[]>;
/** The published report over the export, with audiences in its config. */
let report: BuiltReport;
const CONFIG_AUDIENCES = [
  { name: "Lapsing big spenders", rule: { all: [{ column: "recency_days", op: ">", value: 90 }, { column: "monetary", op: ">=", value: 1000 }] }, play: { action: "Win-back call", kpi: "Orders within 60 days" } },
  { name: "Champions or loyal", rule: { column: "rfm_segment", op: "in", value: ["Champions", "Loyal Customers"] } },
  { name: "Largest segment or big baskets", rule: { any: [{ column: "segment", op: "=", value: 0 }, { column: "avg_order_value", op: ">", value: 500 }] } },
  { name: "First bought in 2011", rule: { column: "first_purchase", op: ">=", value: "2011-01-01" } },
];

beforeAll(async () => {
  if (!present) return;
  const dir = mkdtempSync(join(tmpdir(), "actions-retail-"));
  const config = join(dir, "config.json");
  writeFileSync(config, JSON.stringify({ inputs: { transactions: DATASET, customers: null } }));
  const outputs = await runPipeline(config);
  const reportConfig = join(dir, "report.config.json");
  writeFileSync(reportConfig, JSON.stringify({ inputs: { transactions: DATASET, customers: null }, audiences: CONFIG_AUDIENCES }));
  const started = performance.now();
  report = await buildReport(reportConfig);
  console.log(`the report over the export: ${((performance.now() - started) / 1000).toFixed(1)} s (ingest and features included)`);
  asOf = outputs.asOf!;
  // k-means on the default features, as the report segments them.
  const db = await openDatabase();
  const columns = await readColumns(db, outputs.features);
  featureColumns = columns;
  db.close();
  segmentation = runSegmentation(columns as never, { ...DEFAULT_CONFIG.segmentation, k: 4, seed: 1 });
  native = await nativeEngine();
  await native.run(`CREATE TABLE transactions AS SELECT * FROM read_parquet(${quoteLiteral(outputs.transactions!)})`);
  await native.run(`CREATE TABLE rfm AS SELECT customer_id, rfm_segment AS segment FROM read_parquet(${quoteLiteral(outputs.features)})`);
  await native.loadRows("kmeans", { customer_id: "VARCHAR", segment: "INTEGER" }, (columns.customer_id as string[]).map((id, i) => [id, segmentation.labels[i]]));
  wasm = await wasmEngine();
  await wasm.loadArrow("transactions", await parquetToArrowStream(outputs.transactions!));
  for (const table of LABELLINGS) {
    const file = join(dir, `${table}.parquet`);
    await native.run(`COPY (SELECT * FROM ${table} ORDER BY customer_id) TO ${quoteLiteral(file)} (FORMAT parquet)`);
    await wasm.loadArrow(table, await parquetToArrowStream(file));
  }
  // The customer table audiences run over: features with the published segment, on each engine as the pages would build it.
  await native.run(`CREATE TABLE features AS SELECT * FROM read_parquet(${quoteLiteral(outputs.features)})`);
  await wasm.loadArrow("features", await parquetToArrowStream(outputs.features));
  for (const engine of [native, wasm]) await engine.run(`CREATE VIEW audience_base AS SELECT f.*, k.segment FROM features f LEFT JOIN kmeans k USING (customer_id)`);
}, 300_000);
afterAll(() => {
  native?.close();
  wasm?.close();
});

/** Lift by an independent query: per customer and product one row, window counts for the segment, the product and both. */
async function independentLifts(engine: BoundEngine, table: string): Promise<Map<string, Row>> {
  const rows = await engine.query(`
    SELECT DISTINCT segment, product_id,
      CAST(count(*) OVER (PARTITION BY segment, product_id) AS INTEGER) AS segment_buyers,
      CAST(count(*) OVER (PARTITION BY product_id) AS INTEGER) AS base_buyers,
      CAST((SELECT count(*) FROM ${table} z WHERE z.segment = b.segment) AS INTEGER) AS segment_customers,
      CAST((SELECT count(*) FROM ${table}) AS INTEGER) AS base_customers
    FROM (
      SELECT DISTINCT a.segment, t.customer_id, t.product_id
      FROM transactions t, ${table} a
      WHERE a.customer_id = t.customer_id AND t.is_product AND NOT t.is_return AND NOT t.is_cancellation
        AND t.product_id IS NOT NULL AND t.order_ts < DATE '${asOf}'
    ) b`);
  return new Map(rows.map((r) => [`${r.segment}|${r.product_id}`, r]));
}

const lift = (r: Row) => ((r.segment_buyers as number) * (r.base_customers as number)) / ((r.segment_customers as number) * (r.base_buyers as number));

describe.skipIf(!present)("actions on the Online Retail export", () => {
  it.each(LABELLINGS)("every listed product lift of the %s segments is recomputed exactly, and the list is the top of all that pass the floors", async (table) => {
    const started = performance.now();
    const listed = await native.all(recommendationsSql({ assignments: table, level: "product", asOf }));
    const ms = performance.now() - started;
    const independent = await independentLifts(native, table);
    const segments = new Set((await native.query(`SELECT DISTINCT segment FROM ${table}`)).map((r) => r.segment));
    console.log(`${table}: ${segments.size} segments, ${listed.length} recommendations in ${ms.toFixed(0)} ms; ${independent.size} segment × product pairs recounted`);
    expect(listed.length).toBeGreaterThan(0);
    const floors = RECOMMENDATION_DEFAULTS;
    for (const row of listed) {
      const again = independent.get(`${row.segment}|${row.item}`)!;
      expect(again, `${row.segment} ${row.item}`).toBeDefined();
      for (const key of ["segment_buyers", "base_buyers", "segment_customers", "base_customers"]) expect(row[key], `${row.segment} ${row.item} ${key}`).toBe(again[key]);
      expect(row.lift, `${row.segment} ${row.item}`).toBe(lift(again));
      expect(row.support).toBe((again.segment_buyers as number) / (again.segment_customers as number));
      expect(row.cross_sell).toBe((again.segment_customers as number) - (again.segment_buyers as number));
    }
    // Per segment, the list is exactly the first `top` of every product that passes the floors,
    // ordered by lift, then buyers, then product id.
    for (const segment of segments) {
      const passing = [...independent.values()]
        .filter((r) => r.segment === segment)
        .filter((r) => (r.segment_buyers as number) >= floors.minCustomers && (r.segment_buyers as number) / (r.segment_customers as number) >= floors.minSupport && lift(r) >= floors.minLift)
        .sort((a, b) => lift(b) - lift(a) || (b.segment_buyers as number) - (a.segment_buyers as number) || (String(a.product_id) < String(b.product_id) ? -1 : 1))
        .slice(0, floors.top)
        .map((r) => r.product_id);
      expect(listed.filter((r) => r.segment === segment).map((r) => r.item), String(segment)).toEqual(passing);
    }
  });

  it("the report lists each segment's recommendations, each lift recomputed exactly, the list the top of all that pass the floors", async () => {
    const { customerIds, labels } = report;
    await native.loadRows("report_kmeans", { customer_id: "VARCHAR", segment: "INTEGER" }, customerIds.map((id, i) => [id, labels[i]]));
    const independent = await independentLifts(native, "report_kmeans");
    const { minCustomers, minSupport, minLift, top } = transactionsReport(report.report).recommendations.floors;
    const counts: string[] = [];
    let listing = 0;
    for (const s of transactionsReport(report.report).segments) {
      const products = s.recommendations.products;
      for (const row of products) {
        const again = independent.get(`${s.segment}|${row.item}`)!;
        expect(again, `${s.name} ${row.item}`).toBeDefined();
        for (const key of ["segment_buyers", "base_buyers", "segment_customers", "base_customers"] as const) expect(row[key], `${s.name} ${row.item} ${key}`).toBe(again[key]);
        expect(row.lift, `${s.name} ${row.item}`).toBe(lift(again));
      }
      // Everything that passes the buyer and support floors, by lift: the list is its top above minLift.
      const candidates = [...independent.values()]
        .filter((r) => r.segment === s.segment && (r.segment_buyers as number) >= minCustomers && (r.segment_buyers as number) / (r.segment_customers as number) >= minSupport)
        .sort((a, b) => lift(b) - lift(a) || (b.segment_buyers as number) - (a.segment_buyers as number) || (String(a.product_id) < String(b.product_id) ? -1 : 1));
      expect(products.map((r) => r.item), s.name).toEqual(candidates.filter((r) => lift(r) >= minLift).slice(0, top).map((r) => r.product_id));
      const best = s.recommendations.bestUnderLiftFloor.products;
      if (products.length) {
        listing++;
        expect(best).toBeNull();
      } else if (candidates.length) {
        // Nothing over-indexes: the page shows how close the best came.
        expect(best?.item).toBe(candidates[0].product_id);
        expect(best!.lift).toBe(lift(candidates[0]));
        expect(best!.lift).toBeLessThan(minLift);
      }
      counts.push(`${s.name} (${s.customers}): ${products.length} products${products.length ? "" : best ? ` (best lift ${best.lift.toFixed(2)})` : " (none passes the buyer floors)"}, ${s.recommendations.pairs.length} pairs`);
    }
    console.log(counts.join("; "));
    expect(listing).toBeGreaterThanOrEqual(2);
    // No category column in this export: no category recommendations, rather than empty lists.
    expect(transactionsReport(report.report).segments.every((s) => s.recommendations.categories === null)).toBe(true);
  });

  it("an audience of the report's config has the same members on DuckDB-WASM, over the table the audience page builds", async () => {
    const { customerIds, labels } = report;
    // Names by label code: the segments', then the groups kept out of the clustering (net returners: no segment number).
    const k = report.report.segments.length;
    const names = [...report.report.segments.map((s) => s.name), ...report.report.outside.map((g) => g.label)];
    // The page's tables: the feature table's Arrow stream and the assignments it makes with flechette.
    await wasm.loadArrow("page_assignments", assignmentsIpc(customerIds, { labels, names, segments: k }, featureColumns.rfm_segment as string[], null));
    await wasm.run(audienceTableSql("page_audience_base", "features", "page_assignments"));
    await native.loadRows("report_assignment_codes", { customer_id: "VARCHAR", code: "INTEGER", segment_name: "VARCHAR" }, customerIds.map((id, i) => [id, labels[i], names[labels[i]]]));
    await native.run(`CREATE OR REPLACE TABLE report_assignments_copy AS SELECT customer_id, CASE WHEN code < ${k} THEN code END AS segment, segment_name FROM report_assignment_codes`);
    await native.run(audienceTableSql("report_audience_copy", "features", "report_assignments_copy"));
    const columns = (await wasm.query(tableColumnsSql("page_audience_base"))) as unknown as ColumnInfo[];
    expect(await native.query(tableColumnsSql("report_audience_copy"))).toEqual(columns);
    const definitions = parseConfig({ audiences: CONFIG_AUDIENCES }).audiences;
    const page = await wasm.all(audienceMembershipSql(definitions, { table: "page_audience_base", columns }));
    const pipeline = await native.all(audienceMembershipSql(definitions, { table: "report_audience_copy", columns }));
    expect(page).toEqual(pipeline);
    const sizes = definitions.map((a) => page.filter((m) => m.audience === a.name).length);
    expect(transactionsReport(report.report).audiences.list.map((a) => a.customers)).toEqual(sizes);
    console.log(definitions.map((a, i) => `${a.name}: ${sizes[i]}`).join("; "));
    for (const size of sizes) expect(size).toBeGreaterThan(0);
    // The report scores each of them.
    expect(transactionsReport(report.report).scorecard.audiences.map((s) => s.name)).toEqual(definitions.map((a) => a.name));
  });

  it.each(LABELLINGS)("DuckDB-WASM lists the same recommendations, co-purchase rules and next best products for the %s segments", async (table) => {
    const queries = {
      products: recommendationsSql({ assignments: table, level: "product", asOf }),
      pairs: pairRulesSql({ assignments: table, level: "product", asOf }),
      nextBest: nextBestSql({ assignments: table, asOf }),
    };
    for (const [name, bound] of Object.entries(queries)) {
      const t0 = performance.now();
      const a = await native.all(bound);
      const t1 = performance.now();
      const b = await wasm.all(bound);
      const t2 = performance.now();
      console.log(`${table} ${name}: ${a.length} rows; native ${(t1 - t0).toFixed(0)} ms, wasm ${(t2 - t1).toFixed(0)} ms`);
      expect(b, name).toEqual(a);
    }
  });

  it.each(LABELLINGS)("each co-purchase rule of the %s segments is recounted from the baskets", async (table) => {
    const rules = await native.all(pairRulesSql({ assignments: table, level: "product", asOf }));
    expect(rules.length).toBeGreaterThan(0);
    // Baskets with both items, with the antecedent, and all baskets, counted separately per rule.
    for (const rule of rules.slice(0, 30)) {
      const [counts] = await native.query(
        `WITH baskets AS (
           SELECT t.customer_id, t.order_id, list(DISTINCT t.product_id) AS items
           FROM transactions t, ${table} a
           WHERE a.customer_id = t.customer_id AND a.segment = $1 AND t.is_product AND NOT t.is_return AND NOT t.is_cancellation
             AND t.product_id IS NOT NULL AND t.order_ts < DATE '${asOf}'
           GROUP BY t.customer_id, t.order_id)
         SELECT CAST(count(*) AS INTEGER) AS n,
           CAST(count(*) FILTER (WHERE list_contains(items, $2)) AS INTEGER) AS a,
           CAST(count(*) FILTER (WHERE list_contains(items, $3)) AS INTEGER) AS b,
           CAST(count(*) FILTER (WHERE list_contains(items, $2) AND list_contains(items, $3)) AS INTEGER) AS ab
         FROM baskets`,
        [rule.segment as string | number, rule.antecedent as string, rule.consequent as string],
      );
      expect([rule.segment_orders, rule.antecedent_orders, rule.consequent_orders, rule.both_orders]).toEqual([counts.n, counts.a, counts.b, counts.ab]);
      expect(rule.lift).toBe(((counts.ab as number) * (counts.n as number)) / ((counts.a as number) * (counts.b as number)));
      expect(rule.confidence).toBe((counts.ab as number) / (counts.a as number));
      expect(rule.both_orders as number).toBeGreaterThanOrEqual(PAIR_DEFAULTS.minOrders);
      expect(rule.lift as number).toBeGreaterThanOrEqual(PAIR_DEFAULTS.minLift);
    }
  });

  it("an audience defined in the config has the same members, sizes, value and overlaps on both engines", async () => {
    const config = parseConfig({
      audiences: [
        { name: "Lapsing big spenders", rule: { all: [{ column: "recency_days", op: ">", value: 90 }, { column: "monetary", op: ">=", value: 1000 }] }, play: { action: "Win-back call", kpi: "Orders within 60 days" } },
        { name: "Champions or loyal", rule: { column: "rfm_segment", op: "in", value: ["Champions", "Loyal Customers"] } },
        { name: "New this month", rule: { all: [{ column: "frequency", op: "=", value: 1 }, { column: "recency_days", op: "<=", value: 30 }] } },
        { name: "Big baskets, frequent or segment 0", rule: { any: [{ column: "avg_order_value", op: ">", value: 500 }, { column: "frequency", op: ">=", value: 10 }, { column: "segment", op: "=", value: 0 }] } },
        { name: "First bought in 2011", rule: { column: "first_purchase", op: "between", value: ["2011-01-01", "2011-12-31"] } },
      ],
    });
    const nativeColumns = (await native.query(tableColumnsSql("audience_base"))) as unknown as ColumnInfo[];
    // The pages check rules against their own table: both engines must describe it alike.
    expect(await wasm.query(tableColumnsSql("audience_base"))).toEqual(nativeColumns);
    const table: AudienceTable = { table: "audience_base", columns: nativeColumns };
    assertAudiences(config.audiences, table);
    for (const [name, bound] of Object.entries({
      membership: audienceMembershipSql(config.audiences, table),
      summary: audienceSummarySql(config.audiences, table),
      overlap: audienceOverlapSql(config.audiences, table),
    })) {
      const a = await native.all(bound);
      const b = await wasm.all(bound);
      expect(b, name).toEqual(a);
      if (name === "summary") {
        console.log(a.map((r) => `${r.name}: ${r.customers} customers, value ${r.value}`).join("; "));
        // Recounted by a plain query for the first audience.
        const [again] = await native.query(`SELECT CAST(count(*) AS INTEGER) AS n FROM features WHERE recency_days > 90 AND monetary >= 1000`);
        expect(a[0].customers).toBe(again.n);
        for (const row of a) expect(row.customers as number, String(row.name)).toBeGreaterThan(0);
      }
    }
  });

  it.each(LABELLINGS)("KPIs of the %s segments are identical on both engines and add up to the base", async (table) => {
    const bound = kpiSql({ assignments: table, asOf });
    const a = await native.all(bound);
    expect(await wasm.all(bound)).toEqual(a);
    const base = a.find((r) => r.base)!;
    const segments = a.filter((r) => !r.base);
    expect(segments.reduce((s, r) => s + (r.customers as number), 0)).toBe(base.customers);
    expect(segments.reduce((s, r) => s + (r.orders as number), 0)).toBe(base.orders);
    // Net revenue per segment equals the features' monetary summed over its customers.
    const [{ net }] = await native.query(`SELECT round(sum(monetary), 2) AS net FROM features`);
    expect(base.net_revenue).toBeCloseTo(net as number, 2);
  });

  it("scores the k-means segments against every criterion from real measures", () => {
    // Measures of the clustered customers (clusterLabels go with prepared; the net returners are not clustered).
    const { prepared, clusterLabels, labels, segments } = segmentation;
    const k = segments.length;
    const sil = silhouette(prepared.data, prepared.n, prepared.d, clusterLabels, k);
    const separation = segmentSeparation(prepared.data, prepared.n, prepared.d, clusterLabels, k);
    const runs = [2, 3, 4].map((seed) => kmeans(prepared.data, prepared.n, prepared.d, { k, seed, nInit: 1 }).labels);
    const stable = seedStability(clusterLabels, runs, k);
    const monetary = featureColumns.monetary as number[];
    const revenue = Array.from({ length: k }, (_, c) => monetary.reduce((s, x, i) => (labels[i] === c ? s + x : s), 0));
    const facts: SegmentFacts[] = segments.map((s, c) => ({
      segment: c,
      name: s.name,
      customers: s.customers,
      revenue: revenue[c],
      completeCustomers: s.customers,
      silhouette: sil.byCluster[c],
      separation: { nearest: segments[separation[c].nearest!].name, ratio: separation[c].separation, fContribution: separation[c].fContribution },
      stability: { measure: "Jaccard", seeds: stable[c].mean },
      reach: null,
      play: s.play,
    }));
    const totals = { customers: labels.length, revenue: monetary.reduce((a, b) => a + b, 0) };
    const scores = scorecard(facts, totals);
    for (const score of scores) console.log(`${score.name}: ${score.summary}\n  ${score.criteria.map((c) => `${c.criterion} ${c.verdict}: ${c.reason}`).join("\n  ")}`);
    scores.forEach((score, c) => {
      const verdict = Object.fromEntries(score.criteria.map((x) => [x.criterion, x.verdict]));
      expect(verdict.distinct, score.name).toBe(sil.byCluster[c] >= SCORECARD_DEFAULTS.minSilhouette ? "pass" : "fail");
      expect(verdict.stable, score.name).toBe(stable[c].mean >= SCORECARD_DEFAULTS.minStability ? "pass" : "fail");
      // No customers export: nobody's reachability is known, and the scorecard says so.
      expect(verdict.accessible).toBe("unknown");
      expect(verdict.actionable).toBe("pass");
      expect(verdict.measurable).toBe("pass");
    });
  });
});
