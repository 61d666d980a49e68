// The shared real export, end to end: ingest → features → segmentation on 541,909 lines.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../pipeline/duckdb.js";
import { buildReport } from "../../pipeline/report/build.js";
import { runPipeline } from "../../pipeline/run.js";
import { quoteLiteral } from "../../src/lib/io/sql.js";
import { transactionsReport } from "../../src/lib/report/mode.js";

const DATASET = resolve("../shared/datasets/online-retail/online_retail_2010_2011.csv.gz");
const present = existsSync(DATASET);
if (!present) console.warn(`skipping the Online Retail tests: ${DATASET} is absent`);

describe.skipIf(!present)("Online Retail export", () => {
  it("loads every line or rejects it with a reason, and segments the customers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "retail-"));
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ inputs: { transactions: DATASET, customers: null }, segmentation: { k: 4, seed: 1 } }));
    const report = transactionsReport((await buildReport(config)).report);
    const t = report.quality.transactions!;
    expect(t.rowsRead).toBe(541909);
    expect(t.rowsLoaded + t.rowsRejected).toBe(t.rowsRead);
    // Known traits of this export: ~135k lines without a customer id, ~5k exact duplicates among the rest.
    expect(t.rejectedByReason["missing customer id"]).toBe(135080);
    expect(t.rejectedByReason.duplicate).toBeGreaterThan(5000);
    expect(t.mapping).toMatchObject({ customer_id: "CustomerID", order_id: "InvoiceNo", timestamp: "InvoiceDate" });
    expect(t.firstTimestamp).toBe("2010-12-01 08:26:00");
    expect(report.asOf).toBe("2011-12-10");
    expect(t.customers).toBe(4372);
    // Real unit prices: not flagged as line totals (ρ within products is negative: bulk buys are cheaper per unit).
    expect(t.lineTotalCheck).toMatchObject({ unitPriceColumn: "UnitPrice", scope: "product", flagged: false, nameLikeLineTotal: false });
    expect(t.lineTotalCheck!.rho!).toBeLessThan(0);
    expect(t.duplicates).toEqual({ policy: "auto", dropped: true, lines: 5225 });
    expect(t.revenueFrom).toBe("quantity × unit_price");
    expect(t.warnings).toEqual([]);
    expect(report.segments).toHaveLength(4);
    const outside = report.outside.reduce((s, g) => s + g.customers, 0);
    expect(report.segments.reduce((s, x) => s + x.customers, 0) + outside).toBe(report.totals.customers);
    expect(report.segments.reduce((s, x) => s + x.customerShare, 0) + report.outside.reduce((s, g) => s + g.customerShare, 0)).toBeCloseTo(1, 3);
    expect(report.segments.every((s) => s.revenue > 0)).toBe(true);
  }, 120_000);

  // Before net returners were kept out, the default segmentation had a segment of 24 customers with
  // net revenue −2,811 named "Need Attention", and two segments called "Champions".
  it("with the default segmentation: no segment with negative revenue, no repeated name, the net returners counted apart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "retail-default-"));
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ inputs: { transactions: DATASET, customers: null } }));
    const built = await buildReport(config);
    const { labels } = built;
    const report = transactionsReport(built.report);
    expect(report.segments).toHaveLength(5);
    for (const s of report.segments) expect(s.revenue, s.name).toBeGreaterThan(0);
    const names = report.segments.map((s) => s.name);
    expect(new Set(names).size, names.join(", ")).toBe(names.length);
    // 22 customers returned as much as or more than they bought.
    const [returners] = report.outside;
    expect(returners).toMatchObject({ id: "net-returners", label: "Net returners", customers: 22, code: 5 });
    expect(returners.revenue).toBeLessThan(0);
    expect(Array.from(labels).filter((l) => l === 5)).toHaveLength(22);
    expect(report.segments.reduce((s, x) => s + x.customers, 0) + returners.customers).toBe(report.totals.customers);
    expect(report.segments.reduce((s, x) => s + x.revenue, 0) + returners.revenue).toBeCloseTo(report.totals.revenue, 0);
    expect(report.outliers.smallSegments).toEqual([]);
    // The log transform brought almost every extreme spender and frequent buyer back within the fences.
    const monetary = report.outliers.features.find((f) => f.feature === "monetary")!;
    expect(monetary.extreme).toBeGreaterThan(100);
    expect(monetary.remaining).toBeLessThan(10);
  }, 180_000);

  // The export's Country per line: each customer in the country of most of their lines.
  it("places every customer in a country from the Country column, the few who bought from several counted", async () => {
    const dir = mkdtempSync(join(tmpdir(), "retail-geography-"));
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ inputs: { transactions: DATASET, customers: null }, segmentation: { k: 4, seed: 1 } }));
    const outputs = await runPipeline(config);
    try {
      const { report, customerIds } = await buildReport(config);
      expect(report.quality.transactions!.mapping.country).toBe("Country");
      const g = report.geography;
      expect(g.country?.column).toBe("country");
      const p = g.country!.profile;
      const customers = Object.fromEntries(p.values.map((v, i) => [v, p.everyone[i].customers]));
      // The counts add up to the customers: none lost, none counted twice.
      expect(Object.values(customers).reduce((s, n) => s + n, 0)).toBe(customerIds.length);
      expect(customerIds.length).toBe(4339);
      expect(p.values.slice(0, 5)).toEqual(["United Kingdom", "Germany", "France", "Spain", "Belgium"]);
      expect(customers["United Kingdom"]).toBeGreaterThan(0.9 * customerIds.length);
      expect(customers["(missing)"]).toBeUndefined();
      // Counted straight from the lines: customers (of the report) whose lines name more than one country.
      const db = await openDatabase();
      try {
        const [{ n, countries }] = await db.all<{ n: number; countries: number }>(`
          WITH lines AS (SELECT customer_id, country FROM read_parquet(${quoteLiteral(outputs.transactions!)}) WHERE customer_id IN (SELECT unnest(${quoteLiteral(`[${customerIds.join(",")}]`)}::VARCHAR[]))),
               per AS (SELECT customer_id, count(DISTINCT country) AS k FROM lines GROUP BY 1)
          SELECT count(*) FILTER (WHERE k > 1)::INTEGER AS n, (SELECT count(DISTINCT country) FROM lines)::INTEGER AS countries FROM per`);
        expect(g.fromLines).toEqual({ column: "Country", multiCountry: n });
        expect(n).toBeGreaterThan(0);
        // Every country a customer is placed in is a row or named in "Other" (fewer than 5 customers each), with its customers.
        const other = Object.fromEntries(g.country!.other.map((o) => [o.value, o.customers]));
        expect(g.country!.other.reduce((s, o) => s + o.customers, 0)).toBe(customers.Other);
        expect(p.values.filter((v) => v !== "Other").length + g.country!.other.length).toBe(37);
        expect(countries).toBeGreaterThanOrEqual(37);
        expect(other).toMatchObject({ Unspecified: 4, "European Community": 1, EIRE: 3, USA: 4, RSA: 1, "Czech Republic": 1 });
        expect(customers["Channel Islands"]).toBe(9);
      } finally {
        db.close();
      }
    } finally {
      rmSync(outputs.dir, { recursive: true, force: true });
    }
  }, 180_000);
});
