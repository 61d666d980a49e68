// The history on the shared real export: 12 monthly snapshots of the Online Retail customers, whose
// sizes must sum to the customers with a purchase before each date, counted here by a query of our
// own on the raw CSV (not through ingest or the feature SQL).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../pipeline/duckdb.js";
import { buildReport } from "../../pipeline/report/build.js";
import { runPipeline } from "../../pipeline/run.js";
import { quoteLiteral } from "../../src/lib/io/sql.js";
import type { HistoryDrift } from "../../src/lib/report/types.js";

const DATASET = resolve("../shared/datasets/online-retail/online_retail_2010_2011.csv.gz");
const present = existsSync(DATASET);
if (!present) console.warn(`skipping the Online Retail history test: ${DATASET} is absent`);

const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

/**
 * Customers with a purchase before `date`: a customer id, and an invoice before the date that is not
 * a cancellation (InvoiceNo C…) and has no line with a negative quantity among its lines before it.
 */
function buyersSql(date: string): string {
  return `WITH raw AS (
  SELECT CustomerID AS customer, InvoiceNo AS invoice, CAST(InvoiceDate AS TIMESTAMP) AS ts, CAST(Quantity AS DOUBLE) AS quantity
  FROM read_csv(${quoteLiteral(DATASET)}, header = true, all_varchar = true)
  WHERE CustomerID IS NOT NULL AND trim(CustomerID) <> ''
),
invoices AS (
  SELECT customer, invoice, bool_or(starts_with(invoice, 'C') OR quantity < 0) AS reversal
  FROM raw WHERE ts < TIMESTAMP ${quoteLiteral(date)} GROUP BY customer, invoice
)
SELECT CAST(count(DISTINCT customer) AS INTEGER) AS n FROM invoices WHERE NOT reversal`;
}

describe.skipIf(!present)("Online Retail history", () => {
  it("12 monthly snapshots whose sizes sum to the customers with a purchase before each date", async () => {
    const dir = mkdtempSync(join(tmpdir(), "retail-history-"));
    cleanup.push(dir);
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ inputs: { transactions: DATASET, customers: null }, report: { history: { every: "month", count: 12 } } }));
    const started = Date.now();
    const { report } = await buildReport(config);
    console.log(`Online Retail report with a 12-month history: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    cleanup.push((await runPipeline(config)).dir);
    const h = report.history!;
    expect(report.asOf).toBe("2011-12-10");
    expect(h.snapshots.map((s) => s.asOf)).toEqual([
      "2011-01-10", "2011-02-10", "2011-03-10", "2011-04-10", "2011-05-10", "2011-06-10",
      "2011-07-10", "2011-08-10", "2011-09-10", "2011-10-10", "2011-11-10", "2011-12-10",
    ]);
    expect(h.snapshots[0].periodStart).toBe("2010-12-10");
    const db = await openDatabase();
    try {
      for (const s of h.snapshots) {
        const [{ n }] = await db.all<{ n: number }>(buyersSql(s.asOf));
        expect(s.customers, s.asOf).toBe(n);
        expect(s.sizes.reduce((a, x) => a + x, 0), s.asOf).toBe(n);
      }
      // The first period's start: its customers are the first snapshot's less its new ones.
      const [{ n: before }] = await db.all<{ n: number }>(buyersSql(h.snapshots[0].periodStart));
      expect(h.snapshots[0].customers - h.snapshots[0].newCustomers).toBe(before);
    } finally {
      db.close();
    }
    expect(h.snapshots.at(-1)!.customers).toBe(report.totals.customers);
    for (const s of h.snapshots) {
      // The customers' revenue and that of customers with only returns so far make the period's.
      expect(s.revenue.reduce((a, x) => a + x, 0) + s.otherRevenue.revenue).toBeCloseTo(s.periodRevenue, 1);
      console.log(
        `${s.asOf}: ${s.customers} customers (${s.sizes.join(", ")}), ${s.newCustomers} new, revenue ${s.periodRevenue.toFixed(2)}` +
          ` (customers without a purchase yet: ${s.otherRevenue.customers}, ${s.otherRevenue.revenue.toFixed(2)}), ` +
          ("ari" in s.drift ? `refit ARI ${(s.drift as HistoryDrift).ari}, moved ${(s.drift as HistoryDrift).moved}, max centroid shift ${(s.drift as HistoryDrift).maxCentroidShift}` : s.drift.skipped),
      );
    }
  }, 600_000);
});
