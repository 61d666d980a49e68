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
import { pairRulesSql, PAIR_DEFAULTS } from "../../src/lib/actions/copurchase.js";
import { nextBestSql } from "../../src/lib/actions/nextBest.js";
import { RECOMMENDATION_DEFAULTS, recommendationsSql } from "../../src/lib/actions/recommendations.js";
import { DEFAULT_CONFIG } from "../../src/lib/config/config.js";
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

beforeAll(async () => {
  if (!present) return;
  const dir = mkdtempSync(join(tmpdir(), "actions-retail-"));
  const config = join(dir, "config.json");
  writeFileSync(config, JSON.stringify({ inputs: { transactions: DATASET, customers: null } }));
  const outputs = await runPipeline(config);
  asOf = outputs.asOf;
  // k-means on the default features, as the report segments them.
  const db = await openDatabase();
  const columns = await readColumns(db, outputs.features);
  db.close();
  const segmentation = runSegmentation(columns as never, { ...DEFAULT_CONFIG.segmentation, k: 4, seed: 1 });
  native = await nativeEngine();
  await native.run(`CREATE TABLE transactions AS SELECT * FROM read_parquet(${quoteLiteral(outputs.transactions)})`);
  await native.run(`CREATE TABLE rfm AS SELECT customer_id, rfm_segment AS segment FROM read_parquet(${quoteLiteral(outputs.features)})`);
  await native.loadRows("kmeans", { customer_id: "VARCHAR", segment: "INTEGER" }, (columns.customer_id as string[]).map((id, i) => [id, segmentation.labels[i]]));
  wasm = await wasmEngine();
  await wasm.loadArrow("transactions", await parquetToArrowStream(outputs.transactions));
  for (const table of LABELLINGS) {
    const file = join(dir, `${table}.parquet`);
    await native.run(`COPY (SELECT * FROM ${table} ORDER BY customer_id) TO ${quoteLiteral(file)} (FORMAT parquet)`);
    await wasm.loadArrow(table, await parquetToArrowStream(file));
  }
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
});
