// The shared real export, end to end: ingest → features → segmentation on 541,909 lines.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../pipeline/report/build.js";
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
});
